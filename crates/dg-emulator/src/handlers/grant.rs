//! `POST /v1/auth/grant`: a temporary token for transcription.

use http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::access::tokens::Subject;
use crate::errors::ApiError;
use crate::handlers::Call;
use crate::http::body;
use crate::http::reply::{self, Reply};

const DEFAULT_TTL_SECONDS: f64 = 30.0;
const MAX_TTL_SECONDS: f64 = 3600.0;

#[derive(Deserialize)]
struct GrantRequest {
    ttl_seconds: Option<f64>,
}

pub(crate) async fn grant(call: Call<'_>) -> Result<Reply, ApiError> {
    let Call { cx, who, body, .. } = call;
    let bytes = body::read_json(body).await?;
    let ttl = if bytes.iter().all(u8::is_ascii_whitespace) {
        DEFAULT_TTL_SECONDS
    } else {
        serde_json::from_slice::<GrantRequest>(&bytes)
            .map_err(|e| ApiError::InvalidJson(e.to_string()))?
            .ttl_seconds
            .unwrap_or(DEFAULT_TTL_SECONDS)
    };
    if !(1.0..=MAX_TTL_SECONDS).contains(&ttl) {
        return Err(ApiError::BadRequest(format!(
            "ttl_seconds must be between 1 and {MAX_TTL_SECONDS}, got {ttl}"
        )));
    }
    let subject = Subject {
        member_id: who.member_id,
        project_id: who.project_id,
        api_key_id: who.api_key_id,
    };
    let token = cx.shared.grants.issue(subject, ttl);
    // Whole seconds are written as an integer, as Deepgram does.
    let expires_in = if ttl.fract() == 0.0 {
        Value::from(ttl as u64)
    } else {
        Value::from(ttl)
    };
    Ok(reply::json(
        StatusCode::OK,
        &json!({"access_token": token, "expires_in": expires_in}),
    ))
}
