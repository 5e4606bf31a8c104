//! What the calls take: the client's settings, the transcription options and a new key.
//!
//! [`TranscribeOptions`] mirrors [`dg_core::ListenOptions`] field by field (same snake_case
//! names) and is handed to the core through serde, so the core's deserializer and validation
//! stay the only definition of what each option accepts.

use std::collections::HashMap;
use std::time::Duration;

use dg_core::{ClientConfig, CreateKeyRequest, ListenOptions};

use crate::error::DeepgramError;

/// How a [`crate::DeepgramClient`] connects. Credentials are constructor arguments, not fields
/// here, so they never show in this record's generated `toString`.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct ClientOptions {
    /// The API's base URL (default `https://api.deepgram.com`; plain http only to loopback).
    #[uniffi(default)]
    pub base_url: Option<String>,
    /// The overall timeout of one request, in milliseconds.
    #[uniffi(default)]
    pub timeout_ms: Option<u64>,
    /// The connect timeout, in milliseconds.
    #[uniffi(default)]
    pub connect_timeout_ms: Option<u64>,
    /// Retries after the first attempt (0 disables retrying).
    #[uniffi(default)]
    pub max_retries: Option<u32>,
}

impl ClientOptions {
    /// The core configuration for these options and credentials; an access token wins over an
    /// API key, as `DEEPGRAM_ACCESS_TOKEN` wins over `DEEPGRAM_API_KEY`, and with neither the
    /// core reads the environment.
    pub fn config(
        self,
        api_key: Option<String>,
        access_token: Option<String>,
    ) -> Result<ClientConfig, DeepgramError> {
        let mut builder = ClientConfig::builder().user_agent_suffix("uniffi");
        if let Some(key) = api_key {
            builder = builder.api_key(key);
        }
        if let Some(token) = access_token {
            builder = builder.access_token(token);
        }
        if let Some(url) = self.base_url {
            builder = builder.base_url(url);
        }
        if let Some(ms) = self.timeout_ms {
            builder = builder.timeout(Duration::from_millis(ms));
        }
        if let Some(ms) = self.connect_timeout_ms {
            builder = builder.connect_timeout(Duration::from_millis(ms));
        }
        if let Some(retries) = self.max_retries {
            builder = builder.max_retries(retries);
        }
        Ok(builder.build()?)
    }
}

/// The options of a transcription (`POST /v1/listen` query), named as the API names them.
/// Unset fields are not sent. Enum-like values are strings (`model = "nova-3"`,
/// `redact = listOf("pci")`) checked by the core before anything is sent. See Deepgram's docs
/// for each option.
#[derive(Debug, Clone, Default, serde::Serialize, uniffi::Record)]
#[allow(missing_docs)] // Each field is the API option of the same name.
pub struct TranscribeOptions {
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// `detect_language=true|false`.
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detect_language: Option<bool>,
    /// `detect_language=en&detect_language=es`: detect among these languages (sent instead
    /// of `detect_language` when not empty).
    #[uniffi(default)]
    #[serde(skip)]
    pub detect_language_among: Vec<String>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub punctuate: Option<bool>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smart_format: Option<bool>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diarize: Option<bool>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diarize_model: Option<String>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dictation: Option<bool>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filler_words: Option<bool>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measurements: Option<bool>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multichannel: Option<bool>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerals: Option<bool>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraphs: Option<bool>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profanity_filter: Option<bool>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utterances: Option<bool>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utt_split: Option<f64>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<bool>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topics: Option<bool>,
    #[uniffi(default)]
    pub custom_topic: Vec<String>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_topic_mode: Option<String>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intents: Option<bool>,
    #[uniffi(default)]
    pub custom_intent: Vec<String>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_intent_mode: Option<String>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detect_entities: Option<bool>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summarize: Option<String>,
    #[uniffi(default)]
    pub redact: Vec<String>,
    #[uniffi(default)]
    pub keyterm: Vec<String>,
    #[uniffi(default)]
    pub keywords: Vec<String>,
    #[uniffi(default)]
    pub search: Vec<String>,
    #[uniffi(default)]
    pub replace: Vec<String>,
    #[uniffi(default)]
    pub tag: Vec<String>,
    #[uniffi(default)]
    pub extra: Vec<String>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback: Option<String>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_method: Option<String>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample_rate: Option<u32>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channels: Option<u32>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternatives: Option<u32>,
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mip_opt_out: Option<bool>,
    /// Query parameters dg has no field for yet, sent as given.
    #[uniffi(default)]
    pub extra_query: HashMap<String, String>,
}

impl TryFrom<TranscribeOptions> for ListenOptions {
    type Error = DeepgramError;

    fn try_from(options: TranscribeOptions) -> Result<Self, DeepgramError> {
        let mut value = serde_json::to_value(&options)?;
        if !options.detect_language_among.is_empty() {
            value["detect_language"] = options.detect_language_among.into();
        }
        let parsed: ListenOptions = serde_json::from_value(value)?;
        // Validated here too so a bad value fails at the call, not first inside the request.
        parsed.validate()?;
        Ok(parsed)
    }
}

/// A new API key (`POST /v1/projects/{id}/keys`). With neither `expiration_date` nor
/// `time_to_live_in_seconds` the key never expires.
#[derive(Debug, Clone, uniffi::Record)]
pub struct CreateKeyOptions {
    /// What the key is for.
    pub comment: String,
    /// Scopes or roles it grants (at least one), e.g. `member`.
    pub scopes: Vec<String>,
    /// Labels.
    #[uniffi(default)]
    pub tags: Vec<String>,
    /// When it expires, RFC 3339 (`2030-01-01T00:00:00Z`).
    #[uniffi(default)]
    pub expiration_date: Option<String>,
    /// How long it lives, in seconds (instead of `expiration_date`).
    #[uniffi(default)]
    pub time_to_live_in_seconds: Option<u64>,
}

impl From<CreateKeyOptions> for CreateKeyRequest {
    fn from(o: CreateKeyOptions) -> Self {
        CreateKeyRequest {
            comment: o.comment,
            scopes: o.scopes,
            tags: o.tags,
            expiration_date: o.expiration_date,
            time_to_live_in_seconds: o.time_to_live_in_seconds,
        }
    }
}

/// The `status` filter of the key list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum KeyStatus {
    /// Keys that have not expired.
    Active,
    /// Keys past their expiration date.
    Expired,
}

impl From<KeyStatus> for dg_core::KeyStatus {
    fn from(s: KeyStatus) -> Self {
        match s {
            KeyStatus::Active => dg_core::KeyStatus::Active,
            KeyStatus::Expired => dg_core::KeyStatus::Expired,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_reaches_the_core_under_its_own_name() {
        let o = TranscribeOptions {
            model: Some("nova-3".into()),
            smart_format: Some(true),
            redact: vec!["pci".into(), "pii".into()],
            keyterm: vec!["dg".into()],
            detect_language_among: vec!["en".into(), "es".into()],
            extra_query: HashMap::from([("future_flag".into(), "1".into())]),
            ..Default::default()
        };
        let core = ListenOptions::try_from(o).unwrap();
        let pairs: Vec<(String, String)> = core
            .query_pairs()
            .unwrap()
            .into_iter()
            .map(|(k, v)| (k.into_owned(), v))
            .collect();
        let has = |k: &str, v: &str| pairs.contains(&(k.to_owned(), v.to_owned()));
        assert!(has("model", "nova-3") && has("smart_format", "true"));
        assert!(has("redact", "pci") && has("redact", "pii") && has("keyterm", "dg"));
        assert!(has("detect_language", "en") && has("detect_language", "es"));
        assert!(has("future_flag", "1"));
    }

    #[test]
    fn the_core_rejects_bad_values() {
        let bad = TranscribeOptions {
            encoding: Some("linear16".into()),
            ..Default::default()
        };
        assert!(matches!(
            ListenOptions::try_from(bad),
            Err(DeepgramError::InvalidOptions { .. })
        ));
        let bad = TranscribeOptions {
            keyterm: vec!["dg".into()],
            ..Default::default()
        };
        assert!(matches!(
            ListenOptions::try_from(bad),
            Err(DeepgramError::InvalidOptions { .. })
        ));
    }
}
