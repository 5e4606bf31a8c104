//! `/v1/projects/{id}/requests[/{request_id}]`: the project's recorded requests, newest
//! first, filtered (see [`filters`](super::filters)) and paged.

use http::StatusCode;
use serde_json::{Value, json};

use crate::errors::ApiError;
use crate::handlers::filters::{Filter, Page};
use crate::handlers::{Call, not_found, path_uuid};
use crate::http::query::Query;
use crate::http::reply::{self, Reply};
use crate::state::usage::RequestRecord;

/// A request as listed: the spec's `ProjectRequestResponse`, with the usage details in
/// `response.details` as Deepgram's console shows them.
pub(crate) fn request_json(record: &RequestRecord) -> Value {
    let models: Vec<&str> = record.models.iter().map(|m| m.uuid.as_str()).collect();
    let mut value = json!({
        "request_id": record.request_id,
        "project_uuid": record.project_id,
        "created": record.created,
        "path": record.path,
        "api_key_id": record.api_key_id,
        "response": {
            "code": record.code,
            "completed": record.created,
            "details": {
                "usd": record.usd,
                "duration": record.duration,
                "total_audio": record.duration * f64::from(record.channels),
                "channels": record.channels,
                "streams": 1,
                "method": record.method.as_str(),
                "models": models,
                "tags": record.tags,
                "features": record.features,
            },
        },
        "code": record.code,
        "deployment": "hosted",
    });
    if let Some(callback) = &record.callback {
        value["callback"] = json!(callback);
    }
    value
}

/// `GET …/requests`: `{"page", "limit", "requests": [...]}`, newest first; a page past the
/// last has no requests.
pub(crate) async fn list(call: Call<'_>) -> Result<Reply, ApiError> {
    let query = Query::parse(call.cx.parts.uri.query());
    let filter = Filter::parse(&query)?;
    let Page { page, limit } = Page::parse(&query)?;
    let project_id = call.project_id();
    let requests: Vec<Value> = call.cx.shared.ledger.read(|records| {
        records
            .iter()
            .rev()
            .filter(|r| r.project_id == project_id && filter.matches(r))
            .skip(usize::try_from(page.saturating_mul(limit)).unwrap_or(usize::MAX))
            .take(limit as usize)
            .map(request_json)
            .collect()
    });
    Ok(reply::json(
        StatusCode::OK,
        &json!({"page": page, "limit": limit, "requests": requests}),
    ))
}

/// `GET …/requests/{request_id}`: `{"request": {...}}`.
pub(crate) async fn get(call: Call<'_>) -> Result<Reply, ApiError> {
    let request_id = path_uuid(call.id())?;
    let project_id = call.project_id();
    let request = call
        .cx
        .shared
        .ledger
        .read(|records| {
            records
                .iter()
                .find(|r| r.request_id == request_id && r.project_id == project_id)
                .map(request_json)
        })
        .ok_or_else(|| not_found("Request not found."))?;
    Ok(reply::json(StatusCode::OK, &json!({"request": request})))
}
