//! `/v1/projects[/{id}[/leave]]`: listing, reading, renaming and deleting projects, leaving
//! one, and finding the project of a path.
//!
//! A key belongs to one project and acts there only, so `GET /v1/projects` lists the key's
//! project, and another project's path is refused (see [`check`]).

use http::StatusCode;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use crate::access::auth::Principal;
use crate::access::roles::Role;
use crate::errors::{ApiError, DocumentedError};
use crate::handlers::{Call, Shared, parse_json};
use crate::http::body;
use crate::http::reply::{self, Reply};

/// `Ok` when the `{project}` of a path is a UUID naming the caller's project. Deepgram
/// answers a path id that is no UUID with a plain-text 404, an id no project has with
/// `404 PROJECT_NOT_FOUND`; another project than the key's is `403 FORBIDDEN`. The router
/// checks it after authenticating the caller and before checking the route's scope, as
/// Deepgram does.
pub(crate) fn check(shared: &Shared, project: &str, who: &Principal) -> Result<(), ApiError> {
    let project_id =
        Uuid::parse_str(project).map_err(|_| ApiError::NotAUuid(project.to_owned()))?;
    if shared.store.read(|s| s.project(project_id).is_none()) {
        return Err(DocumentedError::ProjectNotFound.into());
    }
    if project_id != who.project_id {
        return Err(DocumentedError::Forbidden.into());
    }
    Ok(())
}

/// What a project is answered as, or `PROJECT_NOT_FOUND` when it was deleted meanwhile.
fn read<R>(
    call: &Call<'_>,
    f: impl FnOnce(&crate::state::store::Project) -> R,
) -> Result<R, ApiError> {
    let project_id = call.project_id();
    call.cx
        .shared
        .store
        .read(|s| s.project(project_id).map(f))
        .ok_or_else(|| DocumentedError::ProjectNotFound.into())
}

pub(crate) async fn list(call: Call<'_>) -> Result<Reply, ApiError> {
    let projects = read(
        &call,
        |p| json!({"projects": [{"project_id": p.project_id, "name": p.name}]}),
    )?;
    Ok(reply::json(StatusCode::OK, &projects))
}

pub(crate) async fn get(call: Call<'_>) -> Result<Reply, ApiError> {
    let project = read(
        &call,
        |p| json!({"project_id": p.project_id, "name": p.name, "mip_opt_out": p.mip_opt_out}),
    )?;
    Ok(reply::json(StatusCode::OK, &project))
}

#[derive(Deserialize)]
struct UpdateProject {
    name: Option<String>,
    mip_opt_out: Option<bool>,
}

/// `PATCH`: `{"name"?, "mip_opt_out"?}`.
pub(crate) async fn update(call: Call<'_>) -> Result<Reply, ApiError> {
    let project_id = call.project_id();
    let Call { cx, body, .. } = call;
    let request: UpdateProject = parse_json(&body::read_json(body).await?)?;
    if let Some(name) = &request.name {
        if name.trim().is_empty() {
            return Err(ApiError::BadRequest("name must not be empty".into()));
        }
    }
    cx.shared
        .store
        .update(|state| {
            if let Some(project) = state.project_mut(project_id) {
                if let Some(name) = request.name {
                    project.name = name;
                }
                if let Some(opt_out) = request.mip_opt_out {
                    project.mip_opt_out = opt_out;
                }
            }
        })
        .map_err(|e| ApiError::Internal(format!("the project was not updated: {e}")))?;
    Ok(message("Successfully updated project info."))
}

/// `DELETE`: the project, its keys, invitations and recorded requests.
pub(crate) async fn delete(call: Call<'_>) -> Result<Reply, ApiError> {
    let project_id = call.project_id();
    let shared = call.cx.shared;
    shared
        .store
        .update(|state| state.remove_project(project_id))
        .map_err(|e| ApiError::Internal(format!("the project was not deleted: {e}")))?;
    shared.ledger.forget_project(project_id);
    Ok(message("Project deleted."))
}

/// `DELETE …/leave`: the caller leaves the project, and its keys there stop working. The
/// last owner cannot leave: a project always has one.
pub(crate) async fn leave(call: Call<'_>) -> Result<Reply, ApiError> {
    let (project_id, member_id) = (call.project_id(), call.who.member_id);
    call.cx
        .shared
        .store
        .try_update(|state| -> Result<(), ApiError> {
            let project = state
                .project(project_id)
                .ok_or(DocumentedError::ProjectNotFound)?;
            if project.role_of(member_id) == Some(Role::Owner) && project.owners() == 1 {
                return Err(ApiError::BadRequest(
                    "the last owner of a project cannot leave it".into(),
                ));
            }
            state.remove_membership(project_id, member_id);
            Ok(())
        })
        .map_err(|e| ApiError::Internal(format!("the project was not left: {e}")))??;
    Ok(message("Successfully left project."))
}

/// `{"message": text}`, the answer of every change.
pub(crate) fn message(text: &str) -> Reply {
    reply::json(StatusCode::OK, &json!({"message": text}))
}
