//! What a transcription returns: [`ListenResult`], the answer's generated records
//! ([`ListenMetadata`], [`ListenResults`], see [`crate::models`]) plus the whole answer as JSON
//! (`json`), as received.

use dg_core::ListenResponse;

use crate::error::DeepgramError;
use crate::models::{ListenMetadata, ListenResults};

/// The answer of a transcription.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ListenResult {
    /// The request id (also the only field of a `callback` request's answer).
    pub request_id: Option<String>,
    /// The first channel's best transcript.
    pub transcript: Option<String>,
    /// `metadata`: duration, models, the audio's SHA-256, ... (empty in a `callback` request's
    /// answer).
    pub metadata: ListenMetadata,
    /// `results`: the transcripts (`results.channels`) and the analyses asked for.
    pub results: ListenResults,
    /// The whole answer as JSON, every field included.
    pub json: String,
}

impl TryFrom<ListenResponse> for ListenResult {
    type Error = DeepgramError;

    fn try_from(r: ListenResponse) -> Result<Self, DeepgramError> {
        // The core's response types are lossless: written back, they are the JSON received.
        let json = serde_json::to_string(&r).map_err(|e| dg_core::Error::Decode {
            status: 200,
            message: e.to_string(),
            excerpt: String::new(),
        })?;
        Ok(ListenResult {
            request_id: r.request_id().map(str::to_owned),
            transcript: r.transcript().map(str::to_owned),
            metadata: (&r.metadata).into(),
            results: (&r.results).into(),
            json,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_answer_converts_and_keeps_its_json() {
        // A nova-3 answer recorded for a URL (smart_format), with every optional part.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/responses/c4e1c0031174878d8f0e3dbd87916ee16d56f1c610ac525af5712ea37226a455-29e7c8100617f70da4ae9da1921cb5071a01219f4780ca70930b0a370ed2163a-response.json"
        );
        let body = std::fs::read(path).unwrap();
        let parsed = dg_core::models::parse_listen(&body).unwrap();
        let result = ListenResult::try_from(parsed.clone()).unwrap();
        assert_eq!(result.transcript.as_deref(), parsed.transcript());
        assert_eq!(result.metadata.sha256, parsed.metadata.sha256);
        assert_eq!(
            result.results.channels[0].alternatives[0].words.len(),
            parsed.words().len()
        );
        let original: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let kept: serde_json::Value = serde_json::from_str(&result.json).unwrap();
        assert_eq!(kept, original);
    }
}
