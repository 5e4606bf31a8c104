//! `/v1/models[/{model_id}]` and `/v1/projects/{id}/models[/{model_id}]`: the models the
//! emulator knows, the same for every project (it has no custom models).
//!
//! The speech-to-text models that recorded answers were made with keep the uuids, names and
//! versions those answers carry, so a recorded request's model is found here by its uuid.

use http::StatusCode;
use serde_json::{Value, json};

use crate::errors::ApiError;
use crate::handlers::{Call, not_found, path_uuid};
use crate::http::query::Query;
use crate::http::reply::{self, Reply};

/// A speech-to-text model.
pub(crate) struct Stt {
    pub(crate) uuid: &'static str,
    pub(crate) name: &'static str,
    pub(crate) canonical_name: &'static str,
    pub(crate) architecture: &'static str,
    pub(crate) version: &'static str,
    pub(crate) languages: &'static [&'static str],
    pub(crate) batch: bool,
    pub(crate) streaming: bool,
    /// Not the latest version of its model: listed only with `include_outdated=true`.
    pub(crate) outdated: bool,
}

const ENGLISH: &[&str] = &["en", "en-US", "en-GB", "en-AU", "en-IN", "en-NZ"];

/// The speech-to-text models, latest versions first.
pub(crate) const STT: &[Stt] = &[
    Stt {
        uuid: "2187e11a-3532-4498-b076-81fa530bdd49",
        name: "general-nova-3",
        canonical_name: "nova-3",
        architecture: "nova-3",
        version: "2025-07-31.0",
        languages: &[
            "en", "en-US", "multi", "de", "es", "fr", "it", "ja", "nl", "pt", "ru",
        ],
        batch: true,
        streaming: true,
        outdated: false,
    },
    Stt {
        uuid: "c0d1a568-ce81-4fea-97e7-bd45cb1fdf3c",
        name: "2-general-nova",
        canonical_name: "nova-2",
        architecture: "nova-2",
        version: "2024-01-18.26916",
        languages: ENGLISH,
        batch: true,
        streaming: true,
        outdated: false,
    },
    Stt {
        uuid: "1ed36bac-f71c-4f3f-a31f-02fd6525c489",
        name: "general",
        canonical_name: "base",
        architecture: "base",
        version: "2024-01-26.8851",
        languages: ENGLISH,
        batch: true,
        streaming: true,
        outdated: false,
    },
    Stt {
        uuid: "67875a7f-c9c4-48a0-aa55-5bdb8a91c34a",
        name: "flux-general-en",
        canonical_name: "flux-general-en",
        architecture: "flux",
        version: "2025-09-29.0",
        languages: &["en"],
        batch: false,
        streaming: true,
        outdated: false,
    },
    // The emulator's own answer for audio with no recorded one.
    Stt {
        uuid: "d9e3c7a2-5b1f-4e6a-9c8d-0e1f2a3b4c5d",
        name: "dg-emulator",
        canonical_name: "dg-emulator",
        architecture: "emulator",
        version: env!("CARGO_PKG_VERSION"),
        languages: &["en"],
        batch: true,
        streaming: true,
        outdated: false,
    },
    Stt {
        uuid: "30089e05-99d1-4376-b32e-c263170674af",
        name: "2-general-nova",
        canonical_name: "nova-2",
        architecture: "nova-2",
        version: "2023-11-14.3290",
        languages: ENGLISH,
        batch: true,
        streaming: true,
        outdated: true,
    },
];

/// A text-to-speech voice: `(uuid, name, canonical_name, accent, tags)`.
const TTS: &[(&str, &str, &str, &str, &[&str])] = &[
    (
        "ecb76e9d-f2b9-4b2b-8c3a-1f4e1f0e2c11",
        "thalia",
        "aura-2-thalia-en",
        "American",
        &["feminine", "clear", "energetic"],
    ),
    (
        "1e3ae2b3-6b34-4f8a-b6b1-4c1f6a5d0c22",
        "asteria",
        "aura-asteria-en",
        "American",
        &["feminine", "clear"],
    ),
];

fn stt_json(model: &Stt) -> Value {
    json!({
        "name": model.name,
        "canonical_name": model.canonical_name,
        "architecture": model.architecture,
        "languages": model.languages,
        "version": model.version,
        "uuid": model.uuid,
        "batch": model.batch,
        "streaming": model.streaming,
        "formatted_output": model.batch,
    })
}

fn tts_json(
    &(uuid, name, canonical_name, accent, tags): &(&str, &str, &str, &str, &[&str]),
) -> Value {
    let architecture = if canonical_name.starts_with("aura-2") {
        "aura-2"
    } else {
        "aura"
    };
    json!({
        "name": name,
        "canonical_name": canonical_name,
        "architecture": architecture,
        "languages": ["en", "en-US"],
        "version": "2025-04-07.0",
        "uuid": uuid,
        "metadata": {
            "accent": accent,
            "age": "Adult",
            "color": "#C58DFF",
            "image": format!("https://static.deepgram.com/examples/avatars/{name}.jpg"),
            "sample": format!("https://static.deepgram.com/examples/voices/{canonical_name}.wav"),
            "tags": tags,
            "use_cases": ["IVR", "Customer service"],
        },
    })
}

/// The model with this uuid, if the emulator knows one.
pub(crate) fn stt_by_uuid(uuid: &str) -> Option<&'static Stt> {
    STT.iter().find(|m| m.uuid == uuid)
}

/// `GET …/models[?include_outdated=true|false]`: `{"stt": [...], "tts": [...]}`.
pub(crate) async fn list(call: Call<'_>) -> Result<Reply, ApiError> {
    let query = Query::parse(call.cx.parts.uri.query());
    let include_outdated = match query.get("include_outdated") {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "include_outdated must be true or false, not {other:?}"
            )));
        }
    };
    let stt: Vec<Value> = STT
        .iter()
        .filter(|m| include_outdated || !m.outdated)
        .map(stt_json)
        .collect();
    let tts: Vec<Value> = TTS.iter().map(tts_json).collect();
    Ok(reply::json(
        StatusCode::OK,
        &json!({"stt": stt, "tts": tts}),
    ))
}

/// `GET …/models/{model_id}`: one model by its uuid.
pub(crate) async fn get(call: Call<'_>) -> Result<Reply, ApiError> {
    let uuid = path_uuid(call.id())?.to_string();
    let model = stt_by_uuid(&uuid)
        .map(stt_json)
        .or_else(|| TTS.iter().find(|t| t.0 == uuid).map(tts_json))
        .ok_or_else(|| not_found("Model not found."))?;
    Ok(reply::json(StatusCode::OK, &model))
}
