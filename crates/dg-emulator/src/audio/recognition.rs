//! Whether audio without a recorded answer is transcribed for real, and the one seam
//! `/v1/listen` goes through for it: [`Speech`] is the recognizer when the `recognizer`
//! feature is built in, and the empty-transcript fallback otherwise. Live streams go through
//! [`Live`], whose [`Listener`] recognizes a stream's audio as it arrives; without the
//! feature there is none, and unknown live audio gets empty results.

use std::fmt;
use std::path::PathBuf;

use serde_json::{Value, json};

#[cfg(feature = "recognizer")]
pub(crate) use crate::audio::recognizer::{Capture, Listener, Live, Speech};
#[cfg(not(feature = "recognizer"))]
pub(crate) use without::{Capture, Listener, Live, Speech};

/// What a live stream's recognizer made of the audio it was given.
#[derive(Debug, Default)]
pub(crate) struct Heard {
    /// Words after every word so far, written as recorded answers write them.
    pub(crate) words: Vec<Value>,
    /// Where phrases ended, in seconds from the start of the stream and in order: each
    /// phrase's words are known up to its end, and its final result is owed at once.
    pub(crate) phrase_ends: Vec<f64>,
}

/// Whether audio without a recorded Deepgram answer gets a real transcript, as the emulator
/// announces at start-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recognition {
    /// A local Whisper model transcribes it.
    On {
        /// The folder holding the model.
        model_dir: PathBuf,
        /// How that folder was chosen.
        found_by: ModelSource,
        /// The plugin file that runs the model (`libdg_recognizer_ct2.so`).
        plugin: PathBuf,
    },
    /// It gets a well-formed answer with an empty transcript and a warning.
    Off {
        /// Why, and what would turn recognition on.
        reason: String,
    },
}

/// How the model folder was chosen, in the order the emulator looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelSource {
    /// `EmulatorConfig::model_dir` (`--model-dir`).
    Config,
    /// The `DG_EMULATOR_MODEL_DIR` environment variable.
    Environment,
    /// The cache folder `scripts/fetch-model.sh` fills by default:
    /// `$XDG_CACHE_HOME/dg/models/whisper-tiny.en` (`~/.cache/…` without `XDG_CACHE_HOME`).
    Cache,
}

impl fmt::Display for ModelSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ModelSource::Config => "--model-dir",
            ModelSource::Environment => "DG_EMULATOR_MODEL_DIR",
            ModelSource::Cache => "the default cache folder",
        })
    }
}

impl fmt::Display for Recognition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Recognition::On {
                model_dir,
                found_by,
                plugin,
            } => write!(
                f,
                "on (Whisper model in {}, found by {found_by}; run by {})",
                model_dir.display(),
                plugin.display()
            ),
            Recognition::Off { reason } => write!(f, "off ({reason})"),
        }
    }
}

impl Recognition {
    /// The `recognition` member of the `--json` start-up line.
    pub(crate) fn to_json(&self) -> Value {
        match self {
            Recognition::On {
                model_dir,
                found_by,
                plugin,
            } => json!({
                "enabled": true,
                "model_dir": model_dir.display().to_string(),
                "found_by": found_by.to_string(),
                "plugin": plugin.display().to_string(),
            }),
            Recognition::Off { reason } => json!({"enabled": false, "reason": reason}),
        }
    }
}

#[cfg(not(feature = "recognizer"))]
mod without {
    use serde_json::Value;

    use super::{Heard, Recognition};
    use crate::audio::fallback;
    use crate::audio::identify::{AudioInfo, Digested, RawFormat};
    use crate::audio::listen_options::ListenOptions;
    use crate::config::EmulatorConfig;
    use crate::errors::ApiError;
    use crate::http::query::Query;

    /// Nothing recognizes live audio.
    #[derive(Clone)]
    pub(crate) struct Live;

    /// A live stream's recognizer: there is none.
    pub(crate) enum Listener {}

    impl Live {
        #[cfg(test)]
        pub(crate) fn none() -> Live {
            Live
        }

        pub(crate) fn listen(
            &self,
            _head: &[u8],
            _raw: Option<&RawFormat>,
            _query: &Query,
        ) -> Option<Listener> {
            None
        }
    }

    impl Listener {
        pub(crate) fn answer(&self) -> Value {
            match *self {}
        }

        pub(crate) fn known_until(&self) -> f64 {
            match *self {}
        }

        pub(crate) fn decoded(&self) -> Option<f64> {
            match *self {}
        }

        pub(crate) async fn hear(&mut self, _bytes: &[u8]) -> Result<Heard, String> {
            match *self {}
        }

        pub(crate) async fn catch_up(&mut self, _end: bool) -> Result<Heard, String> {
            match *self {}
        }
    }

    /// Without a recognizer every unknown audio gets the fallback answer.
    pub(crate) struct Speech;

    /// Nothing of the upload needs keeping.
    pub(crate) struct Capture;

    impl Speech {
        pub(crate) fn new(_config: &EmulatorConfig) -> std::io::Result<Speech> {
            Ok(Speech)
        }

        pub(crate) fn status(&self) -> Recognition {
            Recognition::Off {
                reason: "dg-emulator was built without its `recognizer` feature".into(),
            }
        }

        pub(crate) fn capture(&self) -> Result<Capture, ApiError> {
            Ok(Capture)
        }

        pub(crate) fn live(&self) -> Live {
            Live
        }

        pub(crate) async fn answer(
            &self,
            audio: &Digested,
            info: &AudioInfo,
            _capture: Capture,
            _query: &Query,
            options: &ListenOptions,
        ) -> Result<Value, ApiError> {
            Ok(fallback::response(
                &audio.sha256,
                info,
                options.multichannel,
                &fallback::no_recognizer(&info.format),
            ))
        }
    }

    impl Capture {
        pub(crate) fn update(&mut self, _chunk: &[u8]) {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_status_says_whether_and_where() {
        let on = Recognition::On {
            model_dir: PathBuf::from("/models/tiny"),
            found_by: ModelSource::Environment,
            plugin: PathBuf::from("/bin/libdg_recognizer_ct2.so"),
        };
        assert_eq!(
            on.to_json(),
            json!({
                "enabled": true,
                "model_dir": "/models/tiny",
                "found_by": "DG_EMULATOR_MODEL_DIR",
                "plugin": "/bin/libdg_recognizer_ct2.so",
            })
        );
        assert_eq!(
            on.to_string(),
            "on (Whisper model in /models/tiny, found by DG_EMULATOR_MODEL_DIR; \
             run by /bin/libdg_recognizer_ct2.so)"
        );
        let off = Recognition::Off {
            reason: "no model".into(),
        };
        assert_eq!(
            off.to_json(),
            json!({"enabled": false, "reason": "no model"})
        );
        assert_eq!(off.to_string(), "off (no model)");
    }
}
