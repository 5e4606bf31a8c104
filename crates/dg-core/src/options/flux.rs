//! The checks and query of [`FluxOptions`]: what Deepgram documents for `/v2/listen`, caught
//! before the socket is opened.

use std::borrow::Cow;

use super::validate::{extra_query_keys, invalid, positive};
use super::{FLUX_OPTION_NAMES, FluxModel, FluxOptions, OptionSet};
use crate::error::Error;

/// Deepgram's `eot_threshold` when the query sets none.
const DEFAULT_EOT_THRESHOLD: f64 = 0.7;

impl FluxOptions {
    /// Checks the options against what the API documents, naming the option at fault:
    ///
    /// - `model` is required (`flux-general-en` or `flux-general-multi`).
    /// - `eot_threshold` is 0.5 to 0.9; `eager_eot_threshold` is 0.3 to 0.9 and not above
    ///   `eot_threshold` (or its default, 0.7); `eot_timeout_ms` is 500 to 10000.
    /// - `language_hint` needs `flux-general-multi`.
    /// - `encoding` needs `sample_rate`; `sample_rate` is at least 1.
    /// - No empty value or list entry; no `extra_query` key that an option above covers.
    pub fn validate(&self) -> Result<(), Error> {
        self.check_blanks()?;
        let Some(model) = &self.model else {
            return invalid(
                "model",
                "a Flux stream needs `model`: \"flux-general-en\" or \"flux-general-multi\"",
            );
        };
        Thresholds {
            eot: self.eot_threshold,
            eager: self.eager_eot_threshold,
            timeout_ms: self.eot_timeout_ms,
        }
        .check(Some(DEFAULT_EOT_THRESHOLD))?;
        if !self.language_hint.is_empty() && *model == FluxModel::FluxGeneralEn {
            return invalid(
                "language_hint",
                "`language_hint` needs the multilingual model \"flux-general-multi\"",
            );
        }
        positive("sample_rate", self.sample_rate)?;
        if let (Some(encoding), None) = (&self.encoding, self.sample_rate) {
            return invalid(
                "encoding",
                format!(
                    "`encoding` {:?} needs `sample_rate` (leave both unset for audio in a \
                     container such as WAV or Ogg)",
                    encoding.as_str()
                ),
            );
        }
        extra_query_keys(&self.extra_query, FLUX_OPTION_NAMES)
    }

    /// The options as query pairs, validated first ([`FluxOptions::validate`]), in the order
    /// of [`FLUX_OPTION_NAMES`]; values are percent-encoded by the URL builder.
    pub fn query_pairs(&self) -> Result<Vec<(Cow<'static, str>, String)>, Error> {
        self.validate()?;
        Ok(self.write_query())
    }
}

/// A Flux `Configure` message: new end-of-turn settings, key terms or language hints for a
/// stream under way ([`LiveSession::configure`](crate::LiveSession::configure)). What is left
/// unset keeps its current value. Deserializable, so a binding passes its keyword arguments
/// or object straight in.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FluxConfigure {
    /// `eot_threshold` (0.5 to 0.9).
    pub eot_threshold: Option<f64>,
    /// `eager_eot_threshold` (0.3 to 0.9, at most `eot_threshold` when both are given).
    pub eager_eot_threshold: Option<f64>,
    /// `eot_timeout_ms` (500 to 10000).
    pub eot_timeout_ms: Option<u32>,
    /// The key terms from now on (replacing the current ones).
    pub keyterms: Option<Vec<String>>,
    /// The language hints from now on (`flux-general-multi`).
    pub language_hints: Option<Vec<String>>,
}

/// The field names of [`FluxConfigure`]: what bindings accept as its keys.
pub const FLUX_CONFIGURE_FIELDS: &[&str] = &[
    "eot_threshold",
    "eager_eot_threshold",
    "eot_timeout_ms",
    "keyterms",
    "language_hints",
];

impl FluxConfigure {
    /// The message's settings read from a binding's object of them, named in `spelling` (an
    /// unknown name or a wrong type is an [`Error::InvalidOptions`] naming it).
    pub fn from_value(value: serde_json::Value, spelling: super::Spelling) -> Result<Self, Error> {
        super::schema::read_spelled(
            value,
            FLUX_CONFIGURE_FIELDS,
            spelling,
            super::schema::Fields::Request,
        )
    }

    /// Checks the values as [`FluxOptions::validate`] checks the same settings, and that no
    /// key term or hint is empty.
    pub fn validate(&self) -> Result<(), Error> {
        Thresholds {
            eot: self.eot_threshold,
            eager: self.eager_eot_threshold,
            timeout_ms: self.eot_timeout_ms,
        }
        .check(None)?;
        for (name, list) in [
            ("keyterms", &self.keyterms),
            ("language_hints", &self.language_hints),
        ] {
            if let Some(i) = list.iter().flatten().position(|v| v.trim().is_empty()) {
                return invalid(name, format!("`{name}` entry {i} is empty"));
            }
        }
        Ok(())
    }

    /// The message as sent, validated first.
    pub(crate) fn to_message(&self) -> Result<String, Error> {
        self.validate()?;
        let mut thresholds = serde_json::Map::new();
        let mut put = |name: &str, value: Option<serde_json::Value>| {
            if let Some(value) = value {
                thresholds.insert(name.to_owned(), value);
            }
        };
        put("eot_threshold", self.eot_threshold.map(Into::into));
        put(
            "eager_eot_threshold",
            self.eager_eot_threshold.map(Into::into),
        );
        put("eot_timeout_ms", self.eot_timeout_ms.map(Into::into));
        let mut message = serde_json::json!({ "type": "Configure" });
        if !thresholds.is_empty() {
            message["thresholds"] = thresholds.into();
        }
        if let Some(keyterms) = &self.keyterms {
            message["keyterms"] = keyterms.clone().into();
        }
        if let Some(hints) = &self.language_hints {
            message["language_hints"] = hints.clone().into();
        }
        Ok(message.to_string())
    }
}

/// Flux's end-of-turn settings, as the query and a `Configure` message give them: one check
/// for both.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Thresholds {
    eot: Option<f64>,
    eager: Option<f64>,
    timeout_ms: Option<u32>,
}

impl Thresholds {
    /// `assumed_eot`: the `eot_threshold` that applies when none is given (the query's default;
    /// a `Configure` cannot know the current one, so it compares only what it gives).
    fn check(&self, assumed_eot: Option<f64>) -> Result<(), Error> {
        in_range("eot_threshold", self.eot, 0.5, 0.9)?;
        in_range("eager_eot_threshold", self.eager, 0.3, 0.9)?;
        let eot = self.eot.or(assumed_eot);
        if let (Some(eager), Some(eot)) = (self.eager, eot) {
            if eager > eot {
                return invalid(
                    "eager_eot_threshold",
                    format!("`eager_eot_threshold` {eager} is above `eot_threshold` {eot}"),
                );
            }
        }
        in_range(
            "eot_timeout_ms",
            self.timeout_ms.map(f64::from),
            500.0,
            10_000.0,
        )
    }
}

fn in_range(option: &str, value: Option<f64>, low: f64, high: f64) -> Result<(), Error> {
    match value {
        Some(v) if !(v >= low && v <= high) => invalid(
            option,
            format!("`{option}` must be between {low} and {high}, not {v}"),
        ),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::{FluxEncoding, FluxRedact};

    fn refusal(options: &FluxOptions) -> (Option<String>, String) {
        let err = options.query_pairs().unwrap_err();
        (err.record().option, err.to_string())
    }

    fn english() -> FluxOptions {
        FluxOptions {
            model: Some(FluxModel::FluxGeneralEn),
            ..FluxOptions::default()
        }
    }

    #[test]
    fn flux_options_become_query_pairs_in_order() {
        let options = FluxOptions {
            encoding: Some(FluxEncoding::Linear16),
            sample_rate: Some(16_000),
            eot_threshold: Some(0.8),
            eager_eot_threshold: Some(0.5),
            keyterm: vec!["Deepgram".into(), "Flux".into()],
            redact: vec![FluxRedact::AggressiveNumbers],
            extra_query: vec![("future".into(), "1".into())],
            ..english()
        };
        let pairs: Vec<(String, String)> = options
            .query_pairs()
            .unwrap()
            .into_iter()
            .map(|(k, v)| (k.into_owned(), v))
            .collect();
        let expected = [
            ("model", "flux-general-en"),
            ("encoding", "linear16"),
            ("sample_rate", "16000"),
            ("eot_threshold", "0.8"),
            ("eager_eot_threshold", "0.5"),
            ("keyterm", "Deepgram"),
            ("keyterm", "Flux"),
            ("redact", "aggressive_numbers"),
            ("future", "1"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn bad_flux_options_are_refused_naming_the_option() {
        let no_model = refusal(&FluxOptions::default());
        assert_eq!(no_model.0.as_deref(), Some("model"));
        assert!(no_model.1.contains("flux-general-en"), "{}", no_model.1);
        let cases: [(FluxOptions, &str); 6] = [
            (
                FluxOptions {
                    eot_threshold: Some(0.95),
                    ..english()
                },
                "eot_threshold",
            ),
            (
                FluxOptions {
                    eot_threshold: Some(f64::NAN),
                    ..english()
                },
                "eot_threshold",
            ),
            (
                FluxOptions {
                    eager_eot_threshold: Some(0.8),
                    ..english()
                },
                "eager_eot_threshold",
            ),
            (
                FluxOptions {
                    eot_timeout_ms: Some(100),
                    ..english()
                },
                "eot_timeout_ms",
            ),
            (
                FluxOptions {
                    language_hint: vec!["de".into()],
                    ..english()
                },
                "language_hint",
            ),
            (
                FluxOptions {
                    encoding: Some(FluxEncoding::Mulaw),
                    ..english()
                },
                "encoding",
            ),
        ];
        for (options, option) in cases {
            assert_eq!(refusal(&options).0.as_deref(), Some(option), "{options:?}");
        }
        let multi = FluxOptions {
            model: Some(FluxModel::FluxGeneralMulti),
            language_hint: vec!["de".into(), "en".into()],
            eager_eot_threshold: Some(0.7),
            ..FluxOptions::default()
        };
        assert!(multi.query_pairs().is_ok());
    }

    #[test]
    fn flux_options_read_from_text_and_refuse_listen_only_names() {
        let options = FluxOptions::from_text_pairs([
            ("model", "flux-general-en"),
            ("eot-timeout-ms", "3000"),
            ("tag", "a"),
        ])
        .unwrap();
        assert_eq!(options.eot_timeout_ms, Some(3000));
        let err =
            FluxOptions::from_text_pairs([("model", "flux-general-en"), ("punctuate", "true")])
                .unwrap_err();
        assert_eq!(err.record().option.as_deref(), Some("punctuate"));
        let err =
            FluxOptions::from_text_pairs([("model", "flux-general-en"), ("eot_treshold", "0.6")])
                .unwrap_err();
        assert!(err.to_string().contains("eot_threshold"), "{err}");
    }
}
