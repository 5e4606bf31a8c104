//! The Whisper model: where it is, what it is called, and running it on one window.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::features::{FRAMES, Features, HOP, N_MELS};
use super::plugin::{LoadConfig, Whisper};
use super::vocabulary::{self, Vocabulary};
use super::windows::WINDOW;
use super::words::{self, Piece, Word};
use crate::audio::recognition::ModelSource;

/// The variable that names the model folder when no `--model-dir` is given.
pub(crate) const MODEL_DIR_VAR: &str = "DG_EMULATOR_MODEL_DIR";

/// What a model folder must hold: CTranslate2's model, its settings and its tokens. (The
/// features are computed here, to Whisper's fixed recipe: `preprocessor_config.json`, which
/// `scripts/fetch-model.sh` writes for other tools, is not read.)
const NEEDED: &[&str] = &["model.bin", "config.json", "vocabulary.txt"];

/// Beam search as in Whisper's and faster-whisper's defaults. Greedy decoding (1) is no
/// faster here (measured: 1.7-1.8 s against 1.66 s for the 19-second preamble; the time goes
/// into int8 matrix products whose cost hardly depends on the beam) and mishears the short
/// FLAC/MP3/Ogg test sentence.
const BEAM_SIZE: usize = 5;

/// Transcribed without timestamp tokens: word times come from the alignment instead.
const NO_TIMESTAMPS: &str = "<|notimestamps|>";

/// A window is taken for silence or noise, as Whisper's transcribe loop does, when the model
/// gives "no speech" at least this probability (Whisper's is 0.6, for 30-second windows; a
/// live phrase of a second or two is less sure either way: the two seconds of music that end
/// Bueller, alone, gave "Thank you." at 0.46 and a mean log-probability of -1.31, while its
/// real phrases scored at most 0.13 and above -0.5)...
const NO_SPEECH_PROB: f32 = 0.4;
/// ...and its text a mean log-probability under this.
const NO_SPEECH_SCORE: f32 = -1.0;

/// Smoothing of the cross-attention before the alignment (Whisper's value).
const MEDIAN_FILTER: i64 = 7;

/// The encoder's frames are 20 ms apart.
const ENCODER_FRAMES_PER_SECOND: f64 = 50.0;

/// How Whisper's byte-level BPE writes the space before a word.
const SPACE: char = 'Ġ';

/// A model folder with everything in it.
#[derive(Clone, Debug)]
pub(crate) struct Located {
    pub(crate) dir: PathBuf,
    pub(crate) found_by: ModelSource,
    pub(crate) name: String,
    pub(crate) version: String,
}

/// Where to look for the model, and how that place was chosen: `configured` (`--model-dir`),
/// then `DG_EMULATOR_MODEL_DIR`, then the default cache folder.
pub(crate) fn candidate(configured: Option<&Path>) -> Option<(PathBuf, ModelSource)> {
    if let Some(dir) = configured {
        return Some((dir.to_owned(), ModelSource::Config));
    }
    if let Some(dir) = std::env::var_os(MODEL_DIR_VAR).filter(|dir| !dir.is_empty()) {
        return Some((PathBuf::from(dir), ModelSource::Environment));
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")))?;
    let dir = cache.join("dg").join("models").join("whisper-tiny.en");
    Some((dir, ModelSource::Cache))
}

/// The model in `dir`, or what is missing there.
pub(crate) fn check(dir: &Path, found_by: ModelSource) -> Result<Located, String> {
    let missing: Vec<&str> = NEEDED
        .iter()
        .copied()
        .filter(|file| !dir.join(file).is_file())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "no Whisper model in {} (found by {found_by}): {} missing; \
             run scripts/fetch-model.sh to fetch it",
            dir.display(),
            missing.join(", ")
        ));
    }
    let stamp = fs::read(dir.join("dg-model.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Stamp>(&bytes).ok());
    let (name, version) = match stamp {
        Some(stamp) => (stamp.name, stamp.version),
        None => (
            dir.file_name()
                .map_or("whisper".into(), |name| name.to_string_lossy().into_owned()),
            "local".into(),
        ),
    };
    Ok(Located {
        dir: dir.to_owned(),
        found_by,
        name,
        version,
    })
}

/// `dg-model.json`, written by `scripts/fetch-model.sh`.
#[derive(Deserialize)]
struct Stamp {
    name: String,
    version: String,
}

/// How the model runs windows: up to `replicas` at a time (each on its own copy of the model,
/// about 40 MB for tiny.en), each on `threads` threads. [`Model::words`] may be called from that
/// many threads at once; more calls wait for a free replica.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Pool {
    pub(crate) replicas: usize,
    pub(crate) threads: usize,
}

/// A loaded model.
pub(crate) struct Model {
    whisper: Whisper,
    features: Features,
    /// What the decoder is given before the text: for an English-only model, only
    /// `<|startoftranscript|>` (its training never saw language or task tokens).
    start: Vec<String>,
    start_ids: Vec<usize>,
    /// Token ids from here up are special (`<|endoftext|>`, timestamps, …), not text.
    first_special: usize,
}

impl Model {
    /// Loads the model with 8-bit weights, run as `pool` says.
    pub(crate) fn load(dir: &Path, pool: Pool) -> Result<Model, String> {
        let cannot = |e: &dyn std::fmt::Display| {
            format!("cannot load the Whisper model in {}: {e}", dir.display())
        };
        let config = LoadConfig {
            compute_type: "int8",
            threads_per_replica: pool.threads.max(1),
            replicas: pool.replicas.max(1),
        };
        let whisper = Whisper::load(dir, &config).map_err(|e| cannot(&e))?;
        let facts = whisper.facts();
        if facts.mels != N_MELS {
            return Err(cannot(&format!(
                "it reads {} mel bands, and the recognizer computes {N_MELS}",
                facts.mels
            )));
        }
        let vocabulary = Vocabulary::read(dir).map_err(|e| cannot(&e))?;
        let id = |token: &str| {
            vocabulary
                .id(token)
                .ok_or_else(|| cannot(&format!("its vocabulary has no {token}")))
        };
        let mut start = vec!["<|startoftranscript|>".to_owned()];
        if facts.multilingual {
            start.extend(["<|en|>".to_owned(), "<|transcribe|>".to_owned()]);
        }
        let start_ids = start
            .iter()
            .map(|token| id(token))
            .collect::<Result<_, _>>()?;
        let first_special = id("<|endoftext|>")?;
        id(NO_TIMESTAMPS)?;
        Ok(Model {
            whisper,
            features: Features::new(),
            start,
            start_ids,
            first_special,
        })
    }

    /// The words in one window of at most 30 seconds of 16 kHz audio, timed from its start.
    /// Calls from several threads run at once, as many as the pool has replicas.
    pub(crate) fn words(&self, samples: &[f32]) -> Result<Vec<Word>, String> {
        let failed = |e: &dyn std::fmt::Display| format!("the Whisper model failed: {e}");
        let mel = self.features.log_mel(samples);
        let encoded = self
            .whisper
            .encode(&mel, N_MELS, FRAMES)
            .map_err(|e| failed(&e))?;

        let mut prompt = self.start.clone();
        prompt.push(NO_TIMESTAMPS.to_owned());
        let generated = encoded
            .generate(&prompt, BEAM_SIZE)
            .map_err(|e| failed(&e))?;
        if generated.no_speech_prob > NO_SPEECH_PROB && generated.score < NO_SPEECH_SCORE {
            return Ok(Vec::new());
        }
        let text: Vec<(&String, usize)> = generated
            .tokens
            .iter()
            .zip(generated.ids.iter().copied())
            .filter(|&(_, id)| id < self.first_special)
            .collect();
        // The encoder halves the frame rate: alignment needs two frames of real audio.
        let frames = samples.len().min(WINDOW) / HOP;
        if text.is_empty() || frames < 2 {
            return Ok(Vec::new());
        }
        let text_ids: Vec<usize> = text.iter().map(|&(_, id)| id).collect();
        let aligned = encoded
            .align(&self.start_ids, &text_ids, frames, MEDIAN_FILTER)
            .map_err(|e| failed(&e))?;

        // When each token (and, last, the end of the text) starts: where the alignment path
        // first reaches its row.
        let mut starts: Vec<Option<f64>> = vec![None; text.len() + 1];
        for step in &aligned.steps {
            if let Some(slot @ None) = usize::try_from(step.token)
                .ok()
                .and_then(|token| starts.get_mut(token))
            {
                *slot = Some(step.frame as f64 / ENCODER_FRAMES_PER_SECOND);
            }
        }
        let mut previous = 0.0;
        let starts: Vec<f64> = starts
            .into_iter()
            .map(|start| {
                previous = start.unwrap_or(previous).max(previous);
                previous
            })
            .collect();

        // A piece is a token that starts with a space and the tokens that follow it without one.
        let mut pieces = Vec::new();
        let mut first = 0;
        for end in 1..=text.len() {
            if end < text.len() && !text[end].0.starts_with(SPACE) {
                continue;
            }
            let probabilities = &aligned.probabilities[first..end.min(aligned.probabilities.len())];
            pieces.push(Piece {
                text: vocabulary::decode(text[first..end].iter().map(|(t, _)| t.as_str()))
                    .trim()
                    .to_owned(),
                start: starts[first],
                end: starts[end],
                probability: mean(probabilities),
            });
            first = end;
        }
        let mut words = words::words(pieces);
        words::drop_untimed_runs(&mut words);
        words::tighten(&mut words);
        Ok(words)
    }
}

fn mean(values: &[f32]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_the_model_says_what_is_missing_and_how_to_fetch_it() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("model.bin"), b"").unwrap();
        let reason = check(dir.path(), ModelSource::Config).unwrap_err();
        assert!(
            reason.contains("config.json, vocabulary.txt missing"),
            "{reason}"
        );
        assert!(reason.contains("scripts/fetch-model.sh"), "{reason}");
    }

    #[test]
    fn the_name_comes_from_the_stamp_or_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("whisper-base.en");
        fs::create_dir(&model).unwrap();
        for file in NEEDED {
            fs::write(model.join(file), b"").unwrap();
        }
        let found = check(&model, ModelSource::Environment).unwrap();
        assert_eq!(
            (found.name.as_str(), found.version.as_str()),
            ("whisper-base.en", "local")
        );
        fs::write(
            model.join("dg-model.json"),
            br#"{"name": "whisper-tiny.en", "version": "pkg-0.1.0", "sha256": "ab"}"#,
        )
        .unwrap();
        let found = check(&model, ModelSource::Environment).unwrap();
        assert_eq!(
            (found.name.as_str(), found.version.as_str()),
            ("whisper-tiny.en", "pkg-0.1.0")
        );
    }
}
