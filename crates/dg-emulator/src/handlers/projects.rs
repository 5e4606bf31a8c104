//! `GET /v1/projects` and `GET /v1/projects/{id}`, and finding the project of a path.

use http::StatusCode;
use serde_json::json;
use uuid::Uuid;

use crate::access::auth::{self, Principal};
use crate::errors::{ApiError, DocumentedError};
use crate::http::reply::{self, Reply};
use crate::server::routes::Cx;

/// The caller, once it is known that `project` is a UUID naming the emulator's project.
/// Deepgram answers a path id that is no UUID with a plain-text 404.
pub(crate) fn authorize(cx: &Cx<'_>, project: &str, scope: &str) -> Result<Principal, ApiError> {
    let who = auth::api_key(&cx.shared.store, &cx.parts.headers)?;
    let project_id =
        Uuid::parse_str(project).map_err(|_| ApiError::NotAUuid(project.to_owned()))?;
    if cx.shared.store.read(|s| s.project.project_id) != project_id {
        return Err(DocumentedError::ProjectNotFound.into());
    }
    who.require(scope)?;
    Ok(who)
}

pub(crate) fn list(cx: &Cx<'_>) -> Result<Reply, ApiError> {
    auth::api_key(&cx.shared.store, &cx.parts.headers)?.require("project:read")?;
    let projects = cx.shared.store.read(
        |s| json!({"projects": [{"project_id": s.project.project_id, "name": s.project.name}]}),
    );
    Ok(reply::json(StatusCode::OK, &projects))
}

pub(crate) fn get(cx: &Cx<'_>, project: &str) -> Result<Reply, ApiError> {
    authorize(cx, project, "project:read")?;
    let project = cx.shared.store.read(|s| {
        json!({"project_id": s.project.project_id, "name": s.project.name, "mip_opt_out": false})
    });
    Ok(reply::json(StatusCode::OK, &project))
}
