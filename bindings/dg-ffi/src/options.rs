//! What the calls take: the client's settings and the transcription options (what the
//! management calls take is generated with them from the core's call table, `generated/calls.rs`).
//!
//! Each record mirrors its core type field by field (same snake_case names) and is handed to
//! the core whole: [`ClientSettings`] becomes a [`dg_core::Settings`], [`TranscribeOptions`]
//! goes as JSON to [`ListenOptions::from_value`], [`FluxOptions`] to
//! [`dg_core::FluxOptions::from_value`] and [`FluxConfigure`] to the core's reader of
//! [`FLUX_CONFIGURE_FIELDS`], so the core's readers and validation stay the only definition of
//! what each field accepts, and no option is mapped by hand.

use std::sync::Arc;

use dg_core::options::schema::{Fields, read_spelled};
use dg_core::options::{FLUX_CONFIGURE_FIELDS, Spelling};
use dg_core::{Error, ListenOptions};
use serde::Serialize;

use crate::error::DeepgramError;
use crate::secret::Secret;

/// How a [`crate::DeepgramClient`] connects: the core's settings (`tests/schema/settings.json`),
/// all optional. Give `api_key` (`Authorization: Token`) or `access_token` (`Bearer`), not
/// both; with neither, `DEEPGRAM_ACCESS_TOKEN` or else `DEEPGRAM_API_KEY` is read. The
/// credentials are [`Secret`] objects, so this record's `toString` never shows them.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct ClientSettings {
    /// A long-lived API key.
    #[uniffi(default)]
    pub api_key: Option<Arc<Secret>>,
    /// A temporary token from `grantToken`.
    #[uniffi(default)]
    pub access_token: Option<Arc<Secret>>,
    /// The API's base URL (default `https://api.deepgram.com`; plain http only to loopback).
    #[uniffi(default)]
    pub base_url: Option<String>,
    /// The overall time of one attempt of a request, in milliseconds (default 600 000).
    #[uniffi(default)]
    pub timeout_ms: Option<u64>,
    /// The connect timeout, in milliseconds (default 10 000).
    #[uniffi(default)]
    pub connect_timeout_ms: Option<u64>,
    /// Retries after the first attempt of a retryable failure (default 2, at most 10).
    #[uniffi(default)]
    pub retries: Option<u32>,
}

impl From<ClientSettings> for dg_core::Settings {
    fn from(s: ClientSettings) -> Self {
        dg_core::Settings {
            api_key: s.api_key.map(|k| k.core().clone()),
            access_token: s.access_token.map(|t| t.core().clone()),
            base_url: s.base_url,
            timeout_ms: s.timeout_ms,
            connect_timeout_ms: s.connect_timeout_ms,
            retries: s.retries,
        }
    }
}

/// Declares [`TranscribeOptions`]: every field optional (`#[uniffi(default)]`) and serialized
/// under its own name. The field list is generated from the core's option schema by `dg-gen`
/// (`generated/transcribe_options.rs`), so an option added to the core reaches Kotlin and Swift
/// without an edit here.
macro_rules! transcribe_options {
    ($( $(#[doc = $doc:literal])* $name:ident : $ty:ty, )+) => {
        /// The options of a transcription (`POST /v1/listen` query): the core's listen options
        /// (`tests/schema/listen-options.json`), named as the API names them. Unset fields are
        /// not sent. Enum-like values are strings (`model = "nova-3"`,
        /// `redact = listOf("pci")`) checked by the core before anything is sent.
        #[derive(Debug, Clone, Default, Serialize, uniffi::Record)]
        pub struct TranscribeOptions {
            $( $(#[doc = $doc])* #[uniffi(default)] pub $name: $ty, )+
        }

        #[cfg(test)]
        const FIELDS: &[&str] = &[$(stringify!($name)),+];
    };
}

include!("generated/transcribe_options.rs");

/// Declares [`FluxOptions`] as [`TranscribeOptions`] is declared, from the core's Flux options
/// (`generated/flux_options.rs`).
macro_rules! flux_options {
    ($( $(#[doc = $doc:literal])* $name:ident : $ty:ty, )+) => {
        /// The options of a Flux stream (`/v2/listen`, turn-based): the core's Flux options
        /// (`tests/schema/listen-options.json`, its `flux` list), named as the API names them.
        /// `model` is required (`flux-general-en` or `flux-general-multi`); unset fields are
        /// not sent. Checked by the core before the socket is opened.
        #[derive(Debug, Clone, Default, Serialize, uniffi::Record)]
        pub struct FluxOptions {
            $( $(#[doc = $doc])* #[uniffi(default)] pub $name: $ty, )+
        }

        #[cfg(test)]
        const FLUX_FIELDS: &[&str] = &[$(stringify!($name)),+];
    };
}

include!("generated/flux_options.rs");

impl TryFrom<&FluxOptions> for dg_core::FluxOptions {
    type Error = DeepgramError;

    /// Through the core's reader, which names the option at fault.
    fn try_from(options: &FluxOptions) -> Result<Self, DeepgramError> {
        let json = serde_json::to_value(options).map_err(|e| Error::invalid(e.to_string()))?;
        Ok(dg_core::FluxOptions::from_value(json, Spelling::Snake)?)
    }
}

/// A Flux `Configure` message (`LiveSession.configure`): new end-of-turn settings, key terms
/// or language hints for the stream under way; what is left unset keeps its value. Checked by
/// the core before it is sent; the server answers with a `ConfigureSuccess` or
/// `ConfigureFailure` event.
#[derive(Debug, Clone, Default, Serialize, uniffi::Record)]
pub struct FluxConfigure {
    /// `eot_threshold` (0.5 to 0.9).
    #[uniffi(default)]
    pub eot_threshold: Option<f64>,
    /// `eager_eot_threshold` (0.3 to 0.9, at most `eot_threshold` when both are given).
    #[uniffi(default)]
    pub eager_eot_threshold: Option<f64>,
    /// `eot_timeout_ms` (500 to 10000).
    #[uniffi(default)]
    pub eot_timeout_ms: Option<u32>,
    /// The key terms from now on (replacing the current ones).
    #[uniffi(default)]
    pub keyterms: Option<Vec<String>>,
    /// The language hints from now on (`flux-general-multi`).
    #[uniffi(default)]
    pub language_hints: Option<Vec<String>>,
}

impl TryFrom<&FluxConfigure> for dg_core::FluxConfigure {
    type Error = DeepgramError;

    /// Through the core's reader of the message's fields (`null` is unset).
    fn try_from(configure: &FluxConfigure) -> Result<Self, DeepgramError> {
        let json = serde_json::to_value(configure).map_err(|e| Error::invalid(e.to_string()))?;
        Ok(read_spelled(
            json,
            FLUX_CONFIGURE_FIELDS,
            Spelling::Snake,
            Fields::Request,
        )?)
    }
}

/// `detect_language`: on or off, or detection among some languages
/// (`detect_language=en&detect_language=es`).
#[derive(Debug, Clone, Serialize, uniffi::Enum)]
#[serde(untagged)]
pub enum DetectLanguage {
    /// `detect_language=true|false`.
    Enabled(bool),
    /// Detect among these BCP-47 tags.
    Among(Vec<String>),
}

/// One query pair of `extra_query`: a parameter dg has no field for yet, sent as given, in
/// order, after all the others.
#[derive(Debug, Clone, uniffi::Record)]
pub struct QueryPair {
    #[allow(missing_docs)]
    pub key: String,
    #[allow(missing_docs)]
    pub value: String,
}

impl Serialize for QueryPair {
    /// As the `[key, value]` pair the core reads.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (&self.key, &self.value).serialize(s)
    }
}

impl TryFrom<&TranscribeOptions> for ListenOptions {
    type Error = DeepgramError;

    /// Through the core's reader of a language's options, which names the option at fault.
    fn try_from(options: &TranscribeOptions) -> Result<Self, DeepgramError> {
        let json = serde_json::to_value(options).map_err(|e| Error::invalid(e.to_string()))?;
        Ok(ListenOptions::from_value(json, Spelling::Snake)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fields_are_the_core_options_in_order() {
        assert_eq!(FIELDS, dg_core::options::OPTION_NAMES);
    }

    #[test]
    fn the_flux_fields_are_the_core_options_in_order() {
        assert_eq!(FLUX_FIELDS, dg_core::options::FLUX_OPTION_NAMES);
        let o = FluxOptions {
            model: Some("flux-general-en".into()),
            eot_threshold: Some(0.8),
            keyterm: vec!["dg".into()],
            ..Default::default()
        };
        let pairs = dg_core::FluxOptions::try_from(&o)
            .unwrap()
            .query_pairs()
            .unwrap();
        assert!(
            pairs
                .iter()
                .any(|(k, v)| k == "eot_threshold" && v == "0.8")
        );
        let bad = dg_core::FluxOptions::try_from(&FluxOptions::default()).unwrap();
        assert!(bad.validate().is_err(), "model is required");
    }

    #[test]
    fn configure_reaches_the_core_and_is_checked_there() {
        let c = FluxConfigure {
            eot_threshold: Some(0.8),
            keyterms: Some(vec!["Deepgram".into()]),
            ..Default::default()
        };
        let core = dg_core::FluxConfigure::try_from(&c).unwrap();
        assert_eq!(core.eot_threshold, Some(0.8));
        assert_eq!(core.keyterms.as_deref(), Some(&["Deepgram".to_owned()][..]));
        let bad = FluxConfigure {
            eot_timeout_ms: Some(50),
            ..Default::default()
        };
        assert!(
            dg_core::FluxConfigure::try_from(&bad)
                .unwrap()
                .validate()
                .is_err()
        );
    }

    #[test]
    fn every_option_reaches_the_core_under_its_own_name() {
        let pair = |k: &str, v: &str| QueryPair {
            key: k.into(),
            value: v.into(),
        };
        let o = TranscribeOptions {
            model: Some("nova-3".into()),
            smart_format: Some(true),
            redact: vec!["pci".into(), "pii".into()],
            keyterm: vec!["dg".into()],
            detect_language: Some(DetectLanguage::Among(vec!["en".into(), "es".into()])),
            extra_query: vec![pair("future_flag", "1"), pair("a_flag", "2")],
            ..Default::default()
        };
        let pairs: Vec<(String, String)> = ListenOptions::try_from(&o)
            .unwrap()
            .query_pairs()
            .unwrap()
            .into_iter()
            .map(|(k, v)| (k.into_owned(), v))
            .collect();
        let has = |k: &str, v: &str| pairs.contains(&(k.to_owned(), v.to_owned()));
        assert!(has("model", "nova-3") && has("smart_format", "true"));
        assert!(has("redact", "pci") && has("redact", "pii") && has("keyterm", "dg"));
        assert!(has("detect_language", "en") && has("detect_language", "es"));
        let n = pairs.len();
        assert_eq!(
            pairs[n - 2..],
            [
                ("future_flag".into(), "1".into()),
                ("a_flag".into(), "2".into())
            ]
        );
        let on = TranscribeOptions {
            detect_language: Some(DetectLanguage::Enabled(true)),
            ..Default::default()
        };
        let pairs = ListenOptions::try_from(&on).unwrap().query_pairs().unwrap();
        assert_eq!(pairs[0].1, "true");
    }

    #[test]
    fn the_core_rejects_bad_values_before_sending() {
        for bad in [
            TranscribeOptions {
                encoding: Some("linear16".into()),
                ..Default::default()
            },
            TranscribeOptions {
                keyterm: vec!["dg".into()],
                ..Default::default()
            },
        ] {
            // Read as given, then refused by the one check the core runs as it builds the
            // request, before anything is sent.
            let options = ListenOptions::try_from(&bad).expect("well-typed options read");
            assert!(matches!(
                options.query_pairs(),
                Err(dg_core::Error::InvalidOptions { .. })
            ));
        }
    }
}
