//! `/__emulator/…`: the test controls for suites that cannot call the Rust API, each
//! allowed only to an owner's key (the route table's `owner` scope).

use http::StatusCode;
use serde::Deserialize;
use serde_json::json;

use crate::access::roles::Role;
use crate::errors::ApiError;
use crate::handlers::Call;
use crate::http::body;
use crate::http::reply::{self, Reply};
use crate::state::faults::FaultSpec;

/// Paths under this prefix are controls: never faulted, never counted.
pub(crate) const PREFIX: &str = "/__emulator/";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewMember {
    email: String,
    role: Role,
}

pub(crate) async fn faults(call: Call<'_>) -> Result<Reply, ApiError> {
    let Call { cx, body, .. } = call;
    let bytes = body::read_json(body).await?;
    let spec: FaultSpec =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    let fault = spec.into_fault().map_err(ApiError::BadRequest)?;
    cx.shared.faults.push(fault);
    Ok(reply::json(
        StatusCode::OK,
        &json!({"message": "Fault queued."}),
    ))
}

pub(crate) async fn members(call: Call<'_>) -> Result<Reply, ApiError> {
    let Call { cx, body, .. } = call;
    let bytes = body::read_json(body).await?;
    let member: NewMember =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    let (member_id, key) = cx
        .shared
        .store
        .add_member_with_key(&member.email, member.role)
        .map_err(|e| ApiError::Internal(format!("the member was not added: {e}")))?;
    Ok(reply::json(
        StatusCode::OK,
        &json!({"member_id": member_id, "key": key}),
    ))
}

pub(crate) async fn stats(call: Call<'_>) -> Result<Reply, ApiError> {
    let shared = call.cx.shared;
    Ok(reply::json(StatusCode::OK, &shared.stats.snapshot()))
}
