//! `POST /v1/listen`: pre-recorded transcription of an uploaded body or a URL.

use http::HeaderMap;
use http::StatusCode;
use http::header::CONTENT_TYPE;
use hyper::body::Incoming;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::audio::identify::{self, AudioDigest, Digested};
use crate::audio::listen_options::ListenOptions;
use crate::audio::recognition::Capture;
use crate::errors::{ApiError, DocumentedError};
use crate::handlers::recording::Draft;
use crate::handlers::{Call, Cx};
use crate::http::body::{self, BodyError};
use crate::http::outbound::FetchError;
use crate::http::query::Query;
use crate::http::reply::{self, Reply};
use crate::state::clock::Timestamp;
use crate::state::usage::Method;

#[derive(Deserialize)]
struct UrlSource {
    url: String,
}

/// Transcribes, and records the request in the caller's project's usage whatever it is
/// answered.
pub(crate) async fn listen(call: Call<'_>) -> Result<Reply, ApiError> {
    let Call { cx, who, body, .. } = call;
    let cx = &cx;
    let shared = cx.shared;
    shared.stats.listen_request();
    let query = Query::parse(cx.parts.uri.query());
    let method = if query.has("callback") {
        Method::Async
    } else {
        Method::Sync
    };
    let draft = Draft::of(cx, &who, "/v1/listen", method);
    match transcribe(cx, body, &query).await {
        Ok((result, options)) => {
            draft.answered(&shared.ledger, 200, Some(&result["metadata"]));
            Ok(answer_or_callback(cx, result, options))
        }
        Err(error) => {
            draft.answered(&shared.ledger, error.status().as_u16(), None);
            Err(error)
        }
    }
}

/// The whole answer, with the request's own metadata, and the options it was asked with.
async fn transcribe(
    cx: &Cx<'_>,
    body: &mut Incoming,
    query: &Query,
) -> Result<(Value, ListenOptions), ApiError> {
    let options = ListenOptions::parse(query)?;
    let mut result = if is_json(&cx.parts.headers) {
        from_url(cx, body, query, &options).await?
    } else {
        from_upload(cx, body, query, &options).await?
    };
    let metadata = &mut result["metadata"];
    metadata["request_id"] = json!(cx.request_id);
    metadata["created"] = json!(Timestamp::now());
    if !options.tags.is_empty() {
        metadata["tags"] = json!(options.tags);
    }
    if !options.extra.is_empty() {
        metadata["extra"] = Value::Object(options.extra.clone());
    }
    Ok((result, options))
}

/// The answer, or with a callback only the request id (the result goes to the callback).
fn answer_or_callback(cx: &Cx<'_>, result: Value, options: ListenOptions) -> Reply {
    let shared = cx.shared;
    if let Some(callback) = options.callback {
        shared
            .outbound
            .deliver(callback.method, callback.url, &result);
        return reply::json(StatusCode::OK, &json!({"request_id": cx.request_id}));
    }
    reply::json(StatusCode::OK, &result)
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

async fn from_upload(
    cx: &Cx<'_>,
    body: &mut Incoming,
    query: &Query,
    options: &ListenOptions,
) -> Result<Value, ApiError> {
    let mut digest = AudioDigest::new();
    let mut capture = cx.shared.speech.capture()?;
    let streamed = body::stream(body, cx.shared.max_upload_bytes, |chunk| {
        digest.update(chunk);
        capture.update(chunk);
    })
    .await;
    cx.shared.stats.audio_bytes(digest.len());
    streamed?;
    answer(cx, digest.finish(), capture, query, options).await
}

async fn from_url(
    cx: &Cx<'_>,
    body: &mut Incoming,
    query: &Query,
    options: &ListenOptions,
) -> Result<Value, ApiError> {
    let bytes = body::read_json(body).await?;
    let source: UrlSource =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    if let Some(recording) = cx.shared.library.for_url(&source.url, query) {
        return Ok(recording.response.clone());
    }
    let url = url::Url::parse(&source.url).map_err(|e| {
        ApiError::BadRequest(format!("url {:?} is not a valid URL: {e}", source.url))
    })?;
    let mut digest = AudioDigest::new();
    let mut capture = cx.shared.speech.capture()?;
    cx.shared
        .outbound
        .fetch(&url, cx.shared.max_upload_bytes, |chunk| {
            digest.update(chunk);
            capture.update(chunk);
        })
        .await
        .map_err(|error| match error {
            FetchError::TooLarge { limit } => BodyError::TooLarge { limit }.into(),
            other => ApiError::BadRequest(other.to_string()),
        })?;
    answer(cx, digest.finish(), capture, query, options).await
}

/// The recorded answer for this audio, or the emulator's own if it is audio at all: a real
/// transcript when the recognizer is built in and has a model, an empty one otherwise.
async fn answer(
    cx: &Cx<'_>,
    audio: Digested,
    capture: Capture,
    query: &Query,
    options: &ListenOptions,
) -> Result<Value, ApiError> {
    if audio.len == 0 {
        return Err(ApiError::BadRequest(
            "the request has no audio: its body is empty".into(),
        ));
    }
    if let Some(recording) = cx.shared.library.for_audio(&audio.sha256, query) {
        return Ok(recording.response.clone());
    }
    let info =
        identify::identify(&audio, options.raw.as_ref()).ok_or(DocumentedError::CorruptAudio)?;
    cx.shared
        .speech
        .answer(&audio, &info, capture, query, options)
        .await
}
