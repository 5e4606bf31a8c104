//! Real transcription of audio that has no recorded answer (the `recognizer` feature), with a
//! local Whisper model run by CTranslate2, through a plugin opened at start-up ([`plugin`]):
//! without the model or the plugin, recognition is off and says why.
//!
//! An upload is copied to a temporary file while it streams in ([`Capture`]). When no
//! recording matches its hash, the file is decoded packet by packet, mixed down (or kept
//! per channel with `multichannel=true`), resampled to 16 kHz and cut into windows of up to
//! 30 seconds where the audio is quietest, which are recognized independently, two at a time
//! when there are several ([`file`]); a few windows of samples are held at a time, whatever
//! the length of the file.
//! Recognition runs on tokio's blocking threads, one request at a time: the model already
//! uses every core, and queued requests wait without holding any audio in memory.
//!
//! A live stream's audio is resampled the same way and pushed into a [`track::Track`] as it
//! arrives, recognized a phrase at a time, at the pauses that end them ([`endpoint`]), or in
//! shorter windows ([`live`], [`windows`]); compressed audio is spooled to a temporary file as
//! it arrives and decoded from there by the same decoder ([`compressed`]).

mod compressed;
mod cuts;
mod decode;
mod endpoint;
mod features;
mod file;
mod growing;
mod live;
mod loudness;
mod model;
mod ordered;
mod pcm;
mod plugin;
mod resample;
mod response;
mod source;
mod spool;
mod track;
mod vocabulary;
mod windows;
mod words;

use std::fs::File;
use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::sync::Semaphore;

use self::decode::{DecodeError, Decoder};
use self::file::Windows;
use self::model::{Located, Model, Pool};
use self::resample::ResampleError;
use self::response::Transcription;
use self::words::Word;
use crate::audio::fallback;
use crate::audio::identify::{AudioInfo, Container, Digested};
use crate::audio::listen_options::ListenOptions;
use crate::audio::recognition::{ModelSource, Recognition};
use crate::config::EmulatorConfig;
use crate::errors::{ApiError, DocumentedError};
use crate::http::query::Query;

pub(crate) use self::live::{Listener, Live};
pub(crate) use self::spool::Capture;

/// How the model runs a lone window (a short file, a live stream's phrase): on every core.
/// Its threads keep in step on each matrix product, which loses some time but finishes one
/// window soonest.
fn solo() -> Pool {
    Pool {
        replicas: 1,
        threads: cores(),
    }
}

/// How the model runs the windows of a file that has several: two at once, on replicas of
/// the model sharing the cores, whose threads then wait for each other less (measured on
/// `bench/recognizer.sh`'s 10-minute file, idle: 19.8 s, against 26.4 s one window at a time
/// on every core). Not more than two: each window in flight takes 50-100 MB while it runs
/// (encoding and aligning attend over its 1500 encoder frames), so a long file's memory is
/// that of a two-window one whatever the number of cores.
fn shared() -> Option<Pool> {
    let cores = cores();
    (cores >= 2).then_some(Pool {
        replicas: 2,
        threads: cores / 2,
    })
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Why a transcription failed.
#[derive(Debug, thiserror::Error)]
enum RecognizeError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error(transparent)]
    Resample(#[from] ResampleError),
    #[error("{0}")]
    Model(String),
    #[error("the request was abandoned")]
    Abandoned,
}

impl From<RecognizeError> for ApiError {
    fn from(error: RecognizeError) -> ApiError {
        match error {
            RecognizeError::Decode(_) | RecognizeError::Resample(ResampleError::Rate(_)) => {
                DocumentedError::CorruptAudio.into()
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

/// The words of one window of 16 kHz samples, timed from its start: the model at work.
type Recognize<'a> = &'a mut dyn FnMut(&[f32]) -> Result<Vec<Word>, RecognizeError>;

/// The emulator's recognizer: the model it found, loaded on first use, or why there is none.
pub(crate) struct Speech {
    engine: Result<Arc<Engine>, String>,
}

struct Engine {
    located: Located,
    /// The plugin file that runs the model.
    plugin: PathBuf,
    /// Loaded by the first transcription, so starting an emulator stays instant.
    solo: Slot,
    shared: Option<Slot>,
    /// One transcription at a time.
    turn: Arc<Semaphore>,
}

impl Speech {
    /// Finds the model, then opens the plugin that runs it. A folder named explicitly
    /// (`--model-dir`, `DG_EMULATOR_MODEL_DIR`) must hold a model; without a name, a missing
    /// model only turns recognition off, and so does a plugin (or CTranslate2 library) that
    /// cannot be loaded.
    pub(crate) fn new(config: &EmulatorConfig) -> io::Result<Speech> {
        let Some((dir, found_by)) = model::candidate(config.model_dir.as_deref()) else {
            return Ok(Speech {
                engine: Err(
                    "no model folder: neither DG_EMULATOR_MODEL_DIR nor HOME is set".into(),
                ),
            });
        };
        let located = match model::check(&dir, found_by) {
            Ok(located) => located,
            Err(reason) if found_by == ModelSource::Cache => {
                return Ok(Speech {
                    engine: Err(reason),
                });
            }
            Err(reason) => return Err(io::Error::new(io::ErrorKind::NotFound, reason)),
        };
        let plugin = match plugin::file() {
            Ok(file) => file.to_owned(),
            Err(reason) => {
                return Ok(Speech {
                    engine: Err(reason),
                });
            }
        };
        Ok(Speech {
            engine: Ok(Arc::new(Engine {
                located,
                plugin,
                solo: Slot::new(solo()),
                shared: shared().map(Slot::new),
                turn: Arc::new(Semaphore::new(1)),
            })),
        })
    }

    pub(crate) fn status(&self) -> Recognition {
        match &self.engine {
            Ok(engine) => Recognition::On {
                model_dir: engine.located.dir.clone(),
                found_by: engine.located.found_by,
                plugin: engine.plugin.clone(),
            },
            Err(reason) => Recognition::Off {
                reason: reason.clone(),
            },
        }
    }

    /// What recognizes live streams of unknown audio: nothing without a model.
    pub(crate) fn live(&self) -> Live {
        Live(self.engine.as_ref().ok().cloned())
    }

    /// Where the upload is copied while it streams in: nowhere without a model.
    pub(crate) fn capture(&self) -> Result<Capture, ApiError> {
        match self.engine {
            Err(_) => Ok(Capture::none()),
            Ok(_) => Capture::to_temp_file().map_err(|e| {
                ApiError::Internal(format!("cannot create a temporary file for the audio: {e}"))
            }),
        }
    }

    /// The answer for audio without a recorded one: its transcript, or the empty fallback
    /// when there is no model or the recognizer cannot read the format.
    pub(crate) async fn answer(
        &self,
        audio: &Digested,
        info: &AudioInfo,
        capture: Capture,
        query: &Query,
        options: &ListenOptions,
    ) -> Result<Value, ApiError> {
        let fallback = |why: String| {
            Ok(fallback::response(
                &audio.sha256,
                info,
                options.multichannel,
                &why,
            ))
        };
        let engine = match &self.engine {
            Ok(engine) => engine,
            Err(reason) => {
                return fallback(format!(
                    "The dg emulator's recognition is off ({reason}): the transcript of \
                     this {} audio is empty.",
                    info.format
                ));
            }
        };
        let Some(container) = Container::sniff(&audio.head).filter(|c| Decoder::reads(*c)) else {
            return fallback(format!(
                "The dg emulator's recognizer reads WAV, FLAC, MP3 and Ogg files, not {}: \
                 the transcript is empty.",
                info.format
            ));
        };
        let file = capture
            .into_file()
            .map_err(|e| ApiError::Internal(format!("cannot read back the audio: {e}")))?
            .ok_or_else(|| ApiError::Internal("the audio was not kept".into()))?;
        let transcription = engine
            .transcribe(file, container, options.multichannel)
            .await?;
        Ok(response::response(
            &audio.sha256,
            &transcription,
            &engine.located,
            query,
        ))
    }
}

impl Engine {
    /// Transcribes on a blocking thread once it is this request's turn.
    async fn transcribe(
        self: &Arc<Self>,
        file: File,
        container: Container,
        per_channel: bool,
    ) -> Result<Transcription, RecognizeError> {
        self.blocking(move |engine, abandoned| engine.run(file, container, per_channel, abandoned))
            .await
    }

    /// Runs `work` on a blocking thread once no other recognition runs: the model already
    /// uses every core. Waiting holds no audio. A caller that goes away (its future dropped)
    /// sets the flag `work` gets.
    async fn blocking<R: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&Engine, &AtomicBool) -> Result<R, RecognizeError> + Send + 'static,
    ) -> Result<R, RecognizeError> {
        let turn = Arc::clone(&self.turn)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let abandoned = Arc::new(AtomicBool::new(false));
        let _abandon_on_drop = AbandonOnDrop(Arc::clone(&abandoned));
        let engine = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            work(&engine, &abandoned)
        })
        .await
        .map_err(|e| RecognizeError::Model(format!("the recognizer stopped: {e}")))?
    }

    /// The model for a file of `windows` (or a live phrase: one), and how many windows it
    /// runs at once. The first call loads it both ways it runs, so no later request waits for
    /// a load (the replicas take about a second), whichever kind of audio comes first.
    fn model(&self, windows: Windows) -> Result<(Arc<Model>, usize), RecognizeError> {
        let solo = self.solo.get(&self.located)?;
        let Some(shared) = &self.shared else {
            return Ok((solo, 1));
        };
        let replicas = shared.get(&self.located)?;
        Ok(match windows {
            Windows::One => (solo, 1),
            Windows::Several => (replicas, shared.pool.replicas),
        })
    }

    /// Runs `work` with the word recognizer of a lone window, loading the model on first use.
    fn with_model<R>(&self, work: impl FnOnce(Recognize<'_>) -> R) -> Result<R, RecognizeError> {
        let (model, _) = self.model(Windows::One)?;
        Ok(work(&mut words_of(model)))
    }

    fn run(
        &self,
        file: File,
        container: Container,
        per_channel: bool,
        abandoned: &AtomicBool,
    ) -> Result<Transcription, RecognizeError> {
        // Bytes that are no audio are refused before the model is loaded.
        let decoder = Decoder::open(file, container)?;
        file::transcribe(decoder, per_channel, abandoned, |windows| {
            let (model, workers) = self.model(windows)?;
            Ok((workers, words_of(model)))
        })
    }
}

/// The words of a window, timed from its start, as `model` hears them.
fn words_of(model: Arc<Model>) -> impl Fn(&[f32]) -> Result<Vec<Word>, RecognizeError> + Sync {
    move |samples| model.words(samples).map_err(RecognizeError::Model)
}

/// A model run one way, loaded on first use.
struct Slot {
    pool: Pool,
    model: Mutex<Option<Arc<Model>>>,
}

impl Slot {
    fn new(pool: Pool) -> Slot {
        Slot {
            pool,
            model: Mutex::new(None),
        }
    }

    fn get(&self, located: &Located) -> Result<Arc<Model>, RecognizeError> {
        let mut loaded = self
            .model
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if loaded.is_none() {
            let model = Model::load(&located.dir, self.pool).map_err(RecognizeError::Model)?;
            *loaded = Some(Arc::new(model));
        }
        Ok(Arc::clone(loaded.as_ref().expect("loaded just above")))
    }
}

/// The mean of the channels, so no channel's speech is lost and the level stays in range.
pub(crate) fn mix_down(planes: &[Vec<f32>], mix: &mut Vec<f32>) {
    let frames = planes.first().map_or(0, Vec::len);
    mix.clear();
    mix.resize(frames, 0.0);
    for plane in planes {
        for (sum, sample) in mix.iter_mut().zip(plane) {
            *sum += sample;
        }
    }
    let scale = 1.0 / planes.len().max(1) as f32;
    for sample in mix.iter_mut() {
        *sample *= scale;
    }
}

/// Flags the transcription as abandoned when the request's future is dropped.
struct AbandonOnDrop(Arc<AtomicBool>);

impl Drop for AbandonOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_are_mixed_to_their_mean() {
        let mut mix = Vec::new();
        mix_down(&[vec![1.0, 0.5], vec![0.0, -0.5]], &mut mix);
        assert_eq!(mix, [0.5, 0.0]);
        mix_down(&[vec![0.25; 3]], &mut mix);
        assert_eq!(mix, [0.25; 3]);
    }
}
