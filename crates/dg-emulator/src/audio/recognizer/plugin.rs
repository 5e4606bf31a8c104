//! The CTranslate2 plugin (`dg-recognizer-ct2`): where it is, opening it, and its calls made
//! safe.
//!
//! The emulator does not link CTranslate2: it opens the plugin, which does, with `dlopen` when
//! it starts. When the plugin, or the CTranslate2 library it links, cannot be loaded,
//! recognition is off with the loader's reason, as for a missing model, instead of the
//! dynamic loader refusing the whole binary.
//!
//! The plugin is looked for, in order:
//! 1. in `$DG_EMULATOR_RECOGNIZER`, which names the file itself;
//! 2. beside the running executable (symbolic links resolved), as
//!    `libdg_recognizer_ct2.so`: cargo puts a workspace cdylib beside the binaries of the
//!    same build (`target/<triple>/release/`, and `deps/` for test binaries).
//!
//! It is opened once per process and never closed: CTranslate2 keeps threads and global state.

use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::ptr::NonNull;
use std::sync::OnceLock;

use dg_recognizer_abi as abi;
use libloading::Library;

/// The variable that names the plugin file.
pub(crate) const PLUGIN_VAR: &str = "DG_EMULATOR_RECOGNIZER";

/// What turns recognition on when the plugin is missing or cannot load.
const FIX: &str = "build it with `cargo build --release -p dg-recognizer-ct2` after \
                   scripts/fetch-ctranslate2.sh, beside the binary or named by DG_EMULATOR_RECOGNIZER";

/// How the plugin file was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FoundBy {
    Environment,
    Executable,
}

impl fmt::Display for FoundBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FoundBy::Environment => "named by DG_EMULATOR_RECOGNIZER",
            FoundBy::Executable => "looked for beside the executable",
        })
    }
}

/// The plugin's file name on this platform.
fn file_name() -> String {
    format!("{DLL_PREFIX}dg_recognizer_ct2{DLL_SUFFIX}")
}

/// Where to look: `named` (the variable's value), else beside `executable`.
fn candidate(
    named: Option<OsString>,
    executable: std::io::Result<PathBuf>,
) -> Result<(PathBuf, FoundBy), String> {
    if let Some(file) = named.filter(|file| !file.is_empty()) {
        return Ok((PathBuf::from(file), FoundBy::Environment));
    }
    let executable = executable.map_err(|e| {
        format!("no recognizer plugin: the running executable is unknown ({e}); {FIX}")
    })?;
    let dir = executable.parent().unwrap_or(Path::new("."));
    Ok((dir.join(file_name()), FoundBy::Executable))
}

/// An opened plugin, kept for the life of the process.
struct Plugin {
    api: &'static abi::Api,
    file: PathBuf,
    _library: Library,
}

static PLUGIN: OnceLock<Result<Plugin, String>> = OnceLock::new();

/// The plugin, opened on first use, or why there is none.
fn plugin() -> Result<&'static Plugin, String> {
    let opened = PLUGIN.get_or_init(|| {
        let (file, found_by) = candidate(std::env::var_os(PLUGIN_VAR), std::env::current_exe())?;
        open(file, found_by)
    });
    opened.as_ref().map_err(Clone::clone)
}

/// The plugin's calls, or why there are none.
pub(crate) fn api() -> Result<&'static abi::Api, String> {
    plugin().map(|plugin| plugin.api)
}

/// The plugin file that was opened, or why none was.
pub(crate) fn file() -> Result<&'static Path, String> {
    plugin().map(|plugin| plugin.file.as_path())
}

fn open(file: PathBuf, found_by: FoundBy) -> Result<Plugin, String> {
    if !file.is_file() {
        return Err(format!(
            "no recognizer plugin at {} ({found_by}): {FIX}",
            file.display()
        ));
    }
    // SAFETY: loading runs the plugin's initializers (and CTranslate2's): it is dg's own,
    // built from this workspace. One built from other sources lacks the entry looked up below.
    let library = unsafe { Library::new(&file) }.map_err(|e| {
        format!(
            "cannot load the recognizer plugin {} ({found_by}): {e}; \
             run scripts/fetch-ctranslate2.sh to fetch the CTranslate2 library it links",
            file.display()
        )
    })?;
    // SAFETY: the symbol has the type dg-recognizer-abi gives it on both sides; its name
    // carries the ABI's version.
    let api =
        unsafe {
            let entry = library.get::<abi::Entry>(abi::ENTRY.as_bytes()).map_err(|e| {
            format!(
                "{} is not a recognizer plugin of this version of dg ({e}): rebuild it with \
                 `cargo build --release -p dg-recognizer-ct2`",
                file.display()
            )
        })?;
            entry()
        };
    Ok(Plugin {
        api,
        file,
        _library: library,
    })
}

/// Runs a plugin call that reports failure through an error sink: its result, or the reason.
fn call<T>(run: impl FnOnce(abi::Sink<'_, abi::Str>) -> Option<T>) -> Result<T, String> {
    let mut reason = None;
    // SAFETY (of `get`): the text lives while the plugin calls the sink.
    let mut receive = |text: &abi::Str| reason = Some(unsafe { text.get() }.to_owned());
    let result = run(abi::Sink::new(&mut receive));
    result.ok_or_else(|| reason.unwrap_or_else(|| "the recognizer plugin failed".into()))
}

/// How to load a model.
pub(crate) struct LoadConfig {
    /// CTranslate2's name of the computation type (`"int8"`, …).
    pub(crate) compute_type: &'static str,
    /// Threads each replica computes on.
    pub(crate) threads_per_replica: usize,
    /// Copies of the model that run windows at the same time.
    pub(crate) replicas: usize,
}

/// A Whisper model loaded by the plugin.
pub(crate) struct Whisper {
    api: &'static abi::Api,
    model: NonNull<abi::Model>,
}

// SAFETY: a CTranslate2 model takes calls from any thread, several at once (its replicas
// queue them; ct2rs marks its Whisper Send and Sync), and is freed once, by `drop`.
unsafe impl Send for Whisper {}
unsafe impl Sync for Whisper {}

impl Whisper {
    /// Loads the CTranslate2 Whisper model in `dir` on the CPU.
    pub(crate) fn load(dir: &Path, config: &LoadConfig) -> Result<Whisper, String> {
        let api = api()?;
        let dir = dir.to_str().ok_or("CTranslate2 reads UTF-8 paths only")?;
        let config = abi::Config {
            compute_type: abi::Str::new(config.compute_type),
            threads_per_replica: config.threads_per_replica,
            replicas: config.replicas,
        };
        // SAFETY: the arguments live for the call; a non-null result is a model handle.
        let model =
            call(|error| NonNull::new(unsafe { (api.load)(abi::Str::new(dir), config, error) }))?;
        Ok(Whisper { api, model })
    }

    /// What the model reads.
    pub(crate) fn facts(&self) -> abi::Facts {
        // SAFETY: a live handle.
        unsafe { (self.api.facts)(self.model.as_ptr()) }
    }

    /// Runs the encoder on one window's log-mel features (`mels` × `frames`).
    pub(crate) fn encode(
        &self,
        features: &[f32],
        mels: usize,
        frames: usize,
    ) -> Result<Encoded<'_>, String> {
        // SAFETY: a live handle and arguments that live for the call.
        let encoded = call(|error| {
            NonNull::new(unsafe {
                (self.api.encode)(
                    self.model.as_ptr(),
                    abi::Slice::new(features),
                    mels,
                    frames,
                    error,
                )
            })
        })?;
        Ok(Encoded {
            whisper: self,
            encoded,
        })
    }
}

impl Drop for Whisper {
    fn drop(&mut self) {
        // SAFETY: the handle is live and never used again.
        unsafe { (self.api.free_model)(self.model.as_ptr()) }
    }
}

/// One window after the encoder: what the decoder and the alignment read.
pub(crate) struct Encoded<'w> {
    whisper: &'w Whisper,
    encoded: NonNull<abi::Encoded>,
}

/// The best sequence for a window.
pub(crate) struct Generation {
    /// Its tokens, as the vocabulary writes them.
    pub(crate) tokens: Vec<String>,
    /// Their ids.
    pub(crate) ids: Vec<usize>,
    /// The mean log-probability of its tokens.
    pub(crate) score: f32,
    /// The probability of "no speech" at the start.
    pub(crate) no_speech_prob: f32,
}

/// Where a window's text tokens are heard.
pub(crate) struct Alignment {
    /// The path through (token, encoder frame), in order.
    pub(crate) steps: Vec<abi::Step>,
    /// The probability of each text token.
    pub(crate) probabilities: Vec<f32>,
}

impl Encoded<'_> {
    /// Beam search of `beam_size` from `prompt`: the best sequence.
    pub(crate) fn generate(
        &self,
        prompt: &[String],
        beam_size: usize,
    ) -> Result<Generation, String> {
        let prompt: Vec<abi::Str> = prompt.iter().map(|token| abi::Str::new(token)).collect();
        let mut generation = None;
        // SAFETY (of `get`): the values live while the plugin calls the sink.
        let mut receive = |result: &abi::Generation| {
            let (tokens, ids) = unsafe { (result.tokens.get(), result.ids.get()) };
            generation = Some(Generation {
                tokens: tokens
                    .iter()
                    .map(|token| unsafe { token.get() }.to_owned())
                    .collect(),
                ids: ids.to_vec(),
                score: result.score,
                no_speech_prob: result.no_speech_prob,
            });
        };
        let api = self.whisper.api;
        // SAFETY: live handles and arguments that live for the call.
        call(|error| {
            unsafe {
                (api.generate)(
                    self.whisper.model.as_ptr(),
                    self.encoded.as_ptr(),
                    abi::Slice::new(&prompt),
                    beam_size,
                    abi::Sink::new(&mut receive),
                    error,
                )
            }
            .then_some(())
        })?;
        generation.ok_or_else(|| "the recognizer plugin gave no sequence".into())
    }

    /// The alignment of the text tokens `text`, after the prompt `start`, with the first
    /// `frames` feature frames, the attention smoothed over `median_filter` frames.
    pub(crate) fn align(
        &self,
        start: &[usize],
        text: &[usize],
        frames: usize,
        median_filter: i64,
    ) -> Result<Alignment, String> {
        let mut alignment = None;
        // SAFETY (of `get`): the values live while the plugin calls the sink.
        let mut receive = |result: &abi::Alignment| {
            let (steps, probabilities) =
                unsafe { (result.steps.get(), result.probabilities.get()) };
            alignment = Some(Alignment {
                steps: steps.to_vec(),
                probabilities: probabilities.to_vec(),
            });
        };
        let api = self.whisper.api;
        // SAFETY: live handles and arguments that live for the call.
        call(|error| {
            unsafe {
                (api.align)(
                    self.whisper.model.as_ptr(),
                    self.encoded.as_ptr(),
                    abi::Slice::new(start),
                    abi::Slice::new(text),
                    frames,
                    median_filter,
                    abi::Sink::new(&mut receive),
                    error,
                )
            }
            .then_some(())
        })?;
        alignment.ok_or_else(|| "the recognizer plugin gave no alignment".into())
    }
}

impl Drop for Encoded<'_> {
    fn drop(&mut self) {
        // SAFETY: the handle is live and never used again.
        unsafe { (self.whisper.api.free_encoded)(self.encoded.as_ptr()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variable_wins_then_the_executables_folder() {
        let exe = || Ok(PathBuf::from("/opt/dg/bin/dg"));
        assert_eq!(
            candidate(Some("/lib/plugin.so".into()), exe()),
            Ok((PathBuf::from("/lib/plugin.so"), FoundBy::Environment))
        );
        let beside = (
            PathBuf::from("/opt/dg/bin").join(file_name()),
            FoundBy::Executable,
        );
        assert_eq!(candidate(Some("".into()), exe()), Ok(beside.clone()));
        assert_eq!(candidate(None, exe()), Ok(beside));
        let unknown = candidate(None, Err(std::io::Error::other("gone"))).unwrap_err();
        assert!(
            unknown.contains("gone") && unknown.contains("cargo build"),
            "{unknown}"
        );
    }

    #[test]
    fn a_missing_plugin_says_where_it_looked_and_how_to_build_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(file_name());
        let reason = open(file.clone(), FoundBy::Executable).err().unwrap();
        assert!(reason.contains(&file.display().to_string()), "{reason}");
        assert!(
            reason.contains("looked for beside the executable"),
            "{reason}"
        );
        assert!(
            reason.contains("cargo build --release -p dg-recognizer-ct2"),
            "{reason}"
        );
    }

    #[test]
    fn a_plugin_the_loader_refuses_gives_the_loaders_reason_and_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(file_name());
        std::fs::write(&file, b"not a shared library").unwrap();
        let reason = open(file.clone(), FoundBy::Environment).err().unwrap();
        assert!(
            reason.starts_with("cannot load the recognizer plugin"),
            "{reason}"
        );
        assert!(
            reason.contains("named by DG_EMULATOR_RECOGNIZER"),
            "{reason}"
        );
        // The loader's own words (glibc: "invalid ELF header", or "file too short").
        assert!(reason.contains(&format!("{}:", file.display())), "{reason}");
        assert!(reason.contains("scripts/fetch-ctranslate2.sh"), "{reason}");
    }
}
