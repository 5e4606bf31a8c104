//! `/v1/projects/{id}/keys`: listing, creating, reading and deleting API keys.

use http::StatusCode;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::access::auth::Principal;
use crate::access::roles::{self, Role};
use crate::access::secret::new_api_key;
use crate::errors::{ApiError, DocumentedError};
use crate::handlers::{Call, Cx};
use crate::hex::sha256_hex;
use crate::http::body;
use crate::http::reply::{self, Reply};
use crate::state::clock::Timestamp;
use crate::state::store::{KeyRecord, State};

#[derive(Deserialize)]
struct CreateKey {
    comment: String,
    scopes: Vec<String>,
    #[serde(default)]
    tags: Option<Vec<String>>,
    expiration_date: Option<String>,
    time_to_live_in_seconds: Option<u64>,
}

/// Of the caller's project: members see their own keys, admins also the keys they created,
/// owners every key.
fn visible(who: &Principal, key: &KeyRecord) -> bool {
    if key.project_id != who.project_id {
        return false;
    }
    match who.acting_role {
        Role::Owner => true,
        Role::Admin => key.member_id == who.member_id || key.created_by == who.member_id,
        Role::Member => key.member_id == who.member_id,
    }
}

fn member_json(state: &State, member_id: Uuid) -> Value {
    let email = state.member(member_id).map(|m| m.email.clone());
    json!({"member_id": member_id, "email": email})
}

/// A key as listed: never its secret.
fn key_json(key: &KeyRecord) -> Value {
    let mut fields = Map::new();
    fields.insert("api_key_id".into(), json!(key.api_key_id));
    fields.insert("comment".into(), json!(key.comment));
    fields.insert("scopes".into(), json!(key.scopes));
    if !key.tags.is_empty() {
        fields.insert("tags".into(), json!(key.tags));
    }
    fields.insert("created".into(), json!(key.created));
    if let Some(expiration) = key.expiration_date {
        fields.insert("expiration_date".into(), json!(expiration));
    }
    Value::Object(fields)
}

pub(crate) async fn list(call: Call<'_>) -> Result<Reply, ApiError> {
    let Call { cx, who, .. } = call;
    let query = crate::http::query::Query::parse(cx.parts.uri.query());
    let wanted_expired = match query.get("status") {
        None => None,
        Some("active") => Some(false),
        Some("expired") => Some(true),
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "status must be active or expired, not {other:?}"
            )));
        }
    };
    let api_keys: Vec<Value> = cx.shared.store.read(|state| {
        state
            .keys
            .iter()
            .filter(|key| visible(&who, key))
            .filter(|key| wanted_expired.is_none_or(|expired| key.is_expired() == expired))
            .map(|key| json!({"member": member_json(state, key.member_id), "api_key": key_json(key)}))
            .collect()
    });
    Ok(reply::json(StatusCode::OK, &json!({"api_keys": api_keys})))
}

pub(crate) async fn create(call: Call<'_>) -> Result<Reply, ApiError> {
    let Call { cx, who, body, .. } = call;
    let bytes = body::read_json(body).await?;
    let request: CreateKey =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    if request.scopes.is_empty() {
        return Err(ApiError::BadRequest(
            "scopes must list at least one scope".into(),
        ));
    }
    if !roles::expand(&request.scopes).is_subset(&who.scopes) {
        return Err(DocumentedError::Forbidden.into());
    }
    let created = Timestamp::now();
    let expiration_date = expiration(&request, created)?;
    let secret = new_api_key();
    let key = KeyRecord {
        api_key_id: Uuid::new_v4(),
        project_id: who.project_id,
        member_id: who.member_id,
        created_by: who.member_id,
        comment: request.comment,
        scopes: request.scopes,
        tags: request.tags.unwrap_or_default(),
        created,
        expiration_date,
        secret_sha256: sha256_hex(secret.as_bytes()),
    };
    let mut answer = key_json(&key);
    cx.shared
        .store
        .update(|state| state.keys.push(key))
        .map_err(|e| ApiError::Internal(format!("the key was not created: {e}")))?;
    cx.shared.stats.key_created();
    answer["key"] = json!(secret);
    Ok(reply::json(StatusCode::OK, &answer))
}

fn expiration(request: &CreateKey, created: Timestamp) -> Result<Option<Timestamp>, ApiError> {
    match (&request.expiration_date, request.time_to_live_in_seconds) {
        (Some(_), Some(_)) => Err(ApiError::BadRequest(
            "expiration_date and time_to_live_in_seconds are mutually exclusive".into(),
        )),
        (Some(date), None) => Timestamp::parse_rfc3339(date).map(Some).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "expiration_date {date:?} is not an RFC 3339 date-time"
            ))
        }),
        (None, Some(0)) => Err(ApiError::BadRequest(
            "time_to_live_in_seconds must be at least 1".into(),
        )),
        (None, Some(seconds)) => created
            .plus_seconds(seconds as f64)
            .map(Some)
            .ok_or_else(|| ApiError::BadRequest("time_to_live_in_seconds is too large".into())),
        (None, None) => Ok(None),
    }
}

/// `f` applied to the key named in the path, if the caller may see it.
fn with_key<R>(
    cx: &Cx<'_>,
    who: &Principal,
    key: &str,
    f: impl FnOnce(&State, &KeyRecord) -> R,
) -> Result<R, ApiError> {
    let key_id = Uuid::parse_str(key).map_err(|_| ApiError::NotAUuid(key.to_owned()))?;
    cx.shared.store.read(|state| match state.key(key_id) {
        // Another project's key is none of this project's.
        None => Err(not_found()),
        Some(key) if key.project_id != who.project_id => Err(not_found()),
        Some(key) if !visible(who, key) => Err(DocumentedError::Forbidden.into()),
        Some(key) => Ok(f(state, key)),
    })
}

fn not_found() -> ApiError {
    ApiError::NotFound {
        code: "NOT_FOUND",
        message: "API key not found.".into(),
    }
}

pub(crate) async fn get(call: Call<'_>) -> Result<Reply, ApiError> {
    let key = call.id();
    let Call { cx, who, .. } = call;
    let item = with_key(
        &cx,
        &who,
        key,
        |state, key| json!({"member": member_json(state, key.member_id), "api_key": key_json(key)}),
    )?;
    Ok(reply::json(StatusCode::OK, &item))
}

pub(crate) async fn delete(call: Call<'_>) -> Result<Reply, ApiError> {
    let key = call.id();
    let Call { cx, who, .. } = call;
    let key_id = with_key(&cx, &who, key, |_, key| key.api_key_id)?;
    cx.shared
        .store
        .update(|state| state.keys.retain(|key| key.api_key_id != key_id))
        .map_err(|e| ApiError::Internal(format!("the key was not deleted: {e}")))?;
    Ok(reply::json(
        StatusCode::OK,
        &json!({"message": "API key deleted."}),
    ))
}
