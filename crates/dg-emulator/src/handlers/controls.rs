//! `/__emulator/…`: the test controls for suites that cannot call the Rust API, each
//! allowed only to an owner's key.

use http::StatusCode;
use hyper::body::Incoming;
use serde::Deserialize;
use serde_json::json;

use crate::access::auth;
use crate::access::roles::Role;
use crate::errors::{ApiError, DocumentedError};
use crate::http::body;
use crate::http::reply::{self, Reply};
use crate::server::routes::Cx;
use crate::state::faults::FaultSpec;

/// Paths under this prefix are controls: never faulted, never counted.
pub(crate) const PREFIX: &str = "/__emulator/";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewMember {
    email: String,
    role: Role,
}

fn require_owner(cx: &Cx<'_>) -> Result<(), ApiError> {
    let who = auth::api_key(&cx.shared.store, &cx.parts.headers)?;
    if who.acting_role == Role::Owner {
        Ok(())
    } else {
        Err(DocumentedError::Forbidden.into())
    }
}

pub(crate) async fn faults(cx: &Cx<'_>, body: &mut Incoming) -> Result<Reply, ApiError> {
    require_owner(cx)?;
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

pub(crate) async fn members(cx: &Cx<'_>, body: &mut Incoming) -> Result<Reply, ApiError> {
    require_owner(cx)?;
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

pub(crate) fn stats(cx: &Cx<'_>) -> Result<Reply, ApiError> {
    require_owner(cx)?;
    Ok(reply::json(StatusCode::OK, &cx.shared.stats.snapshot()))
}
