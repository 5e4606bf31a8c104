//! `GET /v1/projects` and `GET /v1/projects/{id}`, and finding the project of a path.

use http::StatusCode;
use serde_json::json;
use uuid::Uuid;

use crate::errors::{ApiError, DocumentedError};
use crate::handlers::{Call, Shared};
use crate::http::reply::{self, Reply};

/// `Ok` when the `{project}` of a path is a UUID naming the emulator's project. Deepgram
/// answers a path id that is no UUID with a plain-text 404. The router checks it after
/// authenticating the caller and before checking the route's scope, as Deepgram does.
pub(crate) fn check(shared: &Shared, project: &str) -> Result<(), ApiError> {
    let project_id =
        Uuid::parse_str(project).map_err(|_| ApiError::NotAUuid(project.to_owned()))?;
    if shared.store.read(|s| s.project.project_id) != project_id {
        return Err(DocumentedError::ProjectNotFound.into());
    }
    Ok(())
}

pub(crate) async fn list(call: Call<'_>) -> Result<Reply, ApiError> {
    let projects = call.cx.shared.store.read(
        |s| json!({"projects": [{"project_id": s.project.project_id, "name": s.project.name}]}),
    );
    Ok(reply::json(StatusCode::OK, &projects))
}

pub(crate) async fn get(call: Call<'_>) -> Result<Reply, ApiError> {
    let project = call.cx.shared.store.read(|s| {
        json!({"project_id": s.project.project_id, "name": s.project.name, "mip_opt_out": false})
    });
    Ok(reply::json(StatusCode::OK, &project))
}
