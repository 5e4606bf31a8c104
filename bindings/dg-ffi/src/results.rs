//! What a transcription returns: [`ListenResult`], the typed fields of the core's
//! [`ListenResponse`] plus the whole answer as JSON (`json`), where every field dg does not
//! type (summaries per segment, topics, intents, sentiments, entities, new fields) is kept.

use std::collections::HashMap;

use dg_core::ListenResponse;
use dg_core::models as core;

use crate::error::DeepgramError;

/// The answer of a transcription.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ListenResult {
    /// The request id (also the only field of a `callback` request's answer).
    pub request_id: Option<String>,
    /// The first channel's best transcript.
    pub transcript: Option<String>,
    /// Metadata: duration, models, the audio's SHA-256, ...
    pub metadata: ListenMetadata,
    /// One entry per audio channel.
    pub channels: Vec<TranscriptChannel>,
    /// Utterances (with `utterances = true`).
    pub utterances: Vec<Utterance>,
    /// The summary (with `summarize = "v2"`).
    pub summary: Option<Summary>,
    /// The whole answer as JSON, every field included.
    pub json: String,
}

/// The answer's `metadata`.
#[derive(Debug, Clone, uniffi::Record)]
#[allow(missing_docs)] // Each field is the API field of the same name.
pub struct ListenMetadata {
    pub transaction_key: Option<String>,
    pub request_id: Option<String>,
    pub sha256: Option<String>,
    pub created: Option<String>,
    pub duration: Option<f64>,
    pub channels: Option<u32>,
    pub models: Vec<String>,
    pub model_info: HashMap<String, ModelInfo>,
    pub tags: Vec<String>,
    pub warnings: Vec<Warning>,
}

/// One entry of `metadata.model_info`.
#[derive(Debug, Clone, uniffi::Record)]
#[allow(missing_docs)]
pub struct ModelInfo {
    pub name: String,
    pub version: String,
    pub arch: String,
}

/// A warning about an option (`metadata.warnings`).
#[derive(Debug, Clone, uniffi::Record)]
#[allow(missing_docs)]
pub struct Warning {
    pub parameter: Option<String>,
    /// The API's `type`.
    pub kind: Option<String>,
    pub message: Option<String>,
}

/// One audio channel of `results.channels`.
#[derive(Debug, Clone, uniffi::Record)]
#[allow(missing_docs)]
pub struct TranscriptChannel {
    pub alternatives: Vec<Alternative>,
    pub detected_language: Option<String>,
    pub language_confidence: Option<f64>,
}

/// One transcript of a channel.
#[derive(Debug, Clone, uniffi::Record)]
#[allow(missing_docs)]
pub struct Alternative {
    pub transcript: String,
    pub confidence: f64,
    pub words: Vec<Word>,
    pub paragraphs: Vec<Paragraph>,
    pub languages: Vec<String>,
}

/// A recognized word.
#[derive(Debug, Clone, uniffi::Record)]
#[allow(missing_docs)]
pub struct Word {
    pub word: String,
    pub start: f64,
    pub end: f64,
    pub confidence: f64,
    pub punctuated_word: Option<String>,
    pub speaker: Option<u32>,
    pub speaker_confidence: Option<f64>,
    pub language: Option<String>,
}

/// A paragraph (with `paragraphs = true`).
#[derive(Debug, Clone, uniffi::Record)]
#[allow(missing_docs)]
pub struct Paragraph {
    pub sentences: Vec<Sentence>,
    pub speaker: Option<u32>,
    pub num_words: Option<u64>,
    pub start: Option<f64>,
    pub end: Option<f64>,
}

/// A sentence of a paragraph.
#[derive(Debug, Clone, uniffi::Record)]
#[allow(missing_docs)]
pub struct Sentence {
    pub text: Option<String>,
    pub start: Option<f64>,
    pub end: Option<f64>,
}

/// An utterance (with `utterances = true`).
#[derive(Debug, Clone, uniffi::Record)]
#[allow(missing_docs)]
pub struct Utterance {
    pub start: Option<f64>,
    pub end: Option<f64>,
    pub confidence: Option<f64>,
    pub channel: Option<u32>,
    pub transcript: Option<String>,
    pub words: Vec<Word>,
    pub speaker: Option<u32>,
    pub id: Option<String>,
}

/// The summary (with `summarize = "v2"`).
#[derive(Debug, Clone, uniffi::Record)]
#[allow(missing_docs)]
pub struct Summary {
    pub result: Option<String>,
    pub short: Option<String>,
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
            json,
            metadata: metadata(r.metadata),
            channels: r.results.channels.into_iter().map(channel).collect(),
            utterances: r.results.utterances.into_iter().map(utterance).collect(),
            summary: r.results.summary.map(|s| Summary {
                result: s.result,
                short: s.short,
            }),
        })
    }
}

fn metadata(m: core::ListenMetadata) -> ListenMetadata {
    ListenMetadata {
        transaction_key: m.transaction_key,
        request_id: m.request_id,
        sha256: m.sha256,
        created: m.created,
        duration: m.duration,
        channels: m.channels,
        models: m.models,
        model_info: m
            .model_info
            .into_iter()
            .map(|(id, i)| {
                let info = ModelInfo {
                    name: i.name,
                    version: i.version,
                    arch: i.arch,
                };
                (id, info)
            })
            .collect(),
        tags: m.tags,
        warnings: m
            .warnings
            .into_iter()
            .map(|w| Warning {
                parameter: w.parameter,
                kind: w.kind,
                message: w.message,
            })
            .collect(),
    }
}

fn channel(c: core::Channel) -> TranscriptChannel {
    TranscriptChannel {
        alternatives: c.alternatives.into_iter().map(alternative).collect(),
        detected_language: c.detected_language,
        language_confidence: c.language_confidence,
    }
}

fn alternative(a: core::Alternative) -> Alternative {
    Alternative {
        transcript: a.transcript,
        confidence: a.confidence,
        words: a.words.into_iter().map(word).collect(),
        paragraphs: a
            .paragraphs
            .map(|p| p.paragraphs.into_iter().map(paragraph).collect())
            .unwrap_or_default(),
        languages: a.languages,
    }
}

fn word(w: core::Word) -> Word {
    Word {
        word: w.word,
        start: w.start,
        end: w.end,
        confidence: w.confidence,
        punctuated_word: w.punctuated_word.map(String::from),
        speaker: w.speaker,
        speaker_confidence: w.speaker_confidence,
        language: w.language.map(String::from),
    }
}

fn paragraph(p: core::Paragraph) -> Paragraph {
    Paragraph {
        sentences: p
            .sentences
            .into_iter()
            .map(|s| Sentence {
                text: s.text,
                start: s.start,
                end: s.end,
            })
            .collect(),
        speaker: p.speaker,
        num_words: p.num_words,
        start: p.start,
        end: p.end,
    }
}

fn utterance(u: core::Utterance) -> Utterance {
    Utterance {
        start: u.start,
        end: u.end,
        confidence: u.confidence,
        channel: u.channel,
        transcript: u.transcript,
        words: u.words.into_iter().map(word).collect(),
        speaker: u.speaker,
        id: u.id,
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
            result.channels[0].alternatives[0].words.len(),
            parsed.words().len()
        );
        let original: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let kept: serde_json::Value = serde_json::from_str(&result.json).unwrap();
        assert_eq!(kept, original);
    }
}
