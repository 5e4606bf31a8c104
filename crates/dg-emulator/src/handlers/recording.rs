//! Recording `/v1/listen` and `/v2/listen` requests in the project's usage: what the caller
//! and the query say at the start ([`Draft`]), completed by the answer's metadata
//! (pre-recorded) or by the audio heard when a live stream ends.

use serde_json::Value;
use uuid::Uuid;

use crate::handlers::Cx;
use crate::handlers::models::STT;
use crate::http::query::Query;
use crate::state::clock::Timestamp;
use crate::state::usage::{Ledger, Method, ModelUse, RequestRecord};

/// The options the usage endpoints filter on (their boolean query parameters): a request
/// uses one when its query names it with any value but `false`.
pub(crate) const FEATURES: &[&str] = &[
    "alternatives",
    "callback",
    "callback_method",
    "channels",
    "custom_intent",
    "custom_intent_mode",
    "custom_topic",
    "custom_topic_mode",
    "detect_entities",
    "detect_language",
    "diarize",
    "dictation",
    "encoding",
    "extra",
    "filler_words",
    "intents",
    "keyterm",
    "keywords",
    "language",
    "measurements",
    "multichannel",
    "numerals",
    "paragraphs",
    "profanity_filter",
    "punctuate",
    "redact",
    "replace",
    "sample_rate",
    "search",
    "sentiment",
    "smart_format",
    "summarize",
    "topics",
    "utt_split",
    "utterances",
    "version",
];

/// A request being made, to record once it is answered.
#[derive(Clone)]
pub(crate) struct Draft {
    request_id: Uuid,
    project_id: Uuid,
    api_key_id: Uuid,
    created: Timestamp,
    path: &'static str,
    method: Method,
    tags: Vec<String>,
    features: Vec<String>,
    callback: Option<String>,
    /// The `model` asked for, for a live stream (whose answer has no single metadata).
    model: Option<String>,
}

impl Draft {
    /// The request `cx` is, by the caller of the route.
    pub(crate) fn of(
        cx: &Cx<'_>,
        who: &crate::access::auth::Principal,
        path: &'static str,
        method: Method,
    ) -> Draft {
        let query = Query::parse(cx.parts.uri.query());
        let mut tags = who.tags.clone();
        for tag in query.all("tag") {
            if !tags.iter().any(|t| t == tag) {
                tags.push(tag.to_owned());
            }
        }
        let mut features: Vec<String> = FEATURES
            .iter()
            .filter(|f| query.all(f).any(|v| v != "false"))
            .map(|f| (*f).to_owned())
            .collect();
        features.sort();
        Draft {
            // The request id the answer carries (`dg-request-id`), when it is a UUID.
            request_id: Uuid::parse_str(cx.request_id).unwrap_or_else(|_| Uuid::new_v4()),
            project_id: who.project_id,
            api_key_id: who.api_key_id,
            created: Timestamp::now(),
            path,
            method,
            tags,
            features,
            callback: query.get("callback").map(str::to_owned),
            model: query.get("model").map(str::to_owned),
        }
    }

    fn finish(
        self,
        code: u16,
        duration: f64,
        channels: u32,
        models: Vec<ModelUse>,
    ) -> RequestRecord {
        let billed = if code < 300 { duration } else { 0.0 };
        RequestRecord {
            request_id: self.request_id,
            project_id: self.project_id,
            api_key_id: self.api_key_id,
            created: self.created,
            path: self.path.to_owned(),
            method: self.method,
            code,
            duration: billed,
            channels,
            models,
            tags: self.tags,
            features: self.features,
            callback: self.callback,
            usd: RequestRecord::price(billed),
        }
    }

    /// Records a pre-recorded request answered `code`, with its answer's `metadata` when it
    /// succeeded.
    pub(crate) fn answered(self, ledger: &Ledger, code: u16, metadata: Option<&Value>) {
        let duration = metadata.and_then(|m| m["duration"].as_f64()).unwrap_or(0.0);
        let channels = metadata
            .and_then(|m| m["channels"].as_u64())
            .map_or(1, |c| c as u32);
        let models = metadata.map(models_of).unwrap_or_default();
        record(ledger, self.finish(code, duration, channels, models));
    }

    /// Records a live stream (answered 101) that heard `duration` seconds of audio.
    pub(crate) fn streamed(self, ledger: &Ledger, duration: f64) {
        let model = self.model.clone();
        let models = model.as_deref().map(model_by_name).into_iter().collect();
        record(ledger, self.finish(101, duration, 1, models));
    }
}

fn record(ledger: &Ledger, record: RequestRecord) {
    // A record that cannot be saved is left out; the request's answer is unaffected.
    let _kept = ledger.record(record);
}

/// The models an answer's `metadata.model_info` names, in `metadata.models`'s order.
fn models_of(metadata: &Value) -> Vec<ModelUse> {
    let info = &metadata["model_info"];
    metadata["models"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|uuid| {
            let about = &info[uuid];
            let text = |field: &str| about[field].as_str().unwrap_or_default().to_owned();
            ModelUse {
                uuid: uuid.to_owned(),
                name: text("name"),
                version: text("version"),
                arch: text("arch"),
            }
        })
        .collect()
}

/// A model asked for by name (`nova-3`, `flux-general-en`, …): the catalog's when it knows
/// it, the name alone otherwise.
fn model_by_name(name: &str) -> ModelUse {
    match STT
        .iter()
        .find(|m| !m.outdated && (m.canonical_name == name || m.name == name))
    {
        Some(m) => ModelUse {
            uuid: m.uuid.to_owned(),
            name: m.name.to_owned(),
            version: m.version.to_owned(),
            arch: m.architecture.to_owned(),
        },
        None => ModelUse {
            uuid: String::new(),
            name: name.to_owned(),
            version: String::new(),
            arch: String::new(),
        },
    }
}
