//! `/v1/projects/{id}/members[/{member_id}[/scopes]]`: listing and removing the project's
//! members, reading and changing their scopes (which are their role).
//!
//! The route table asks `members:read` / `members:write`; changing someone also needs the
//! scope that manages their role and, for a new role, that role's
//! ([`roles::may_manage`]): an admin never removes, demotes or makes an owner. A project
//! keeps at least one owner.

use http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::access::roles::{self, Role};
use crate::errors::{ApiError, DocumentedError};
use crate::handlers::projects::message;
use crate::handlers::{Call, not_found, parse_json, path_uuid};
use crate::http::body;
use crate::http::reply::{self, Reply};
use crate::state::store::{Member, State};

/// A member as listed: `{member_id, email, first_name?, last_name?, scopes}`.
pub(crate) fn member_json(member: &Member, role: Role) -> Value {
    let mut value = json!({
        "member_id": member.member_id,
        "email": member.email,
        "scopes": [role.as_str()],
    });
    if let Some(first) = &member.first_name {
        value["first_name"] = json!(first);
    }
    if let Some(last) = &member.last_name {
        value["last_name"] = json!(last);
    }
    value
}

pub(crate) async fn list(call: Call<'_>) -> Result<Reply, ApiError> {
    let project_id = call.project_id();
    let members: Vec<Value> = call.cx.shared.store.read(|state| {
        state
            .project(project_id)
            .map(|project| {
                project
                    .memberships
                    .iter()
                    .filter_map(|m| Some(member_json(state.member(m.member_id)?, m.role)))
                    .collect()
            })
            .unwrap_or_default()
    });
    Ok(reply::json(StatusCode::OK, &json!({"members": members})))
}

/// The role in the project of the `{member}` of the path: `404 NOT_FOUND` when it is not a
/// member of it.
fn role_of(state: &State, project_id: Uuid, member_id: Uuid) -> Result<Role, ApiError> {
    state
        .project(project_id)
        .and_then(|p| p.role_of(member_id))
        .ok_or_else(|| not_found("Member not found."))
}

pub(crate) async fn scopes(call: Call<'_>) -> Result<Reply, ApiError> {
    let member_id = path_uuid(call.id())?;
    let project_id = call.project_id();
    let role = call
        .cx
        .shared
        .store
        .read(|state| role_of(state, project_id, member_id))?;
    Ok(reply::json(
        StatusCode::OK,
        &json!({"scopes": [role.as_str()]}),
    ))
}

/// `DELETE`: the member leaves the project, with its keys there.
pub(crate) async fn remove(call: Call<'_>) -> Result<Reply, ApiError> {
    let member_id = path_uuid(call.id())?;
    let project_id = call.project_id();
    let who = &call.who;
    call.cx
        .shared
        .store
        .try_update(|state| -> Result<(), ApiError> {
            let role = role_of(state, project_id, member_id)?;
            if !roles::may_manage(&who.scopes, role) {
                return Err(DocumentedError::Forbidden.into());
            }
            if role == Role::Owner && state.project(project_id).is_some_and(|p| p.owners() == 1) {
                return Err(ApiError::BadRequest(
                    "the last owner of a project cannot be removed".into(),
                ));
            }
            state.remove_membership(project_id, member_id);
            Ok(())
        })
        .map_err(|e| ApiError::Internal(format!("the member was not removed: {e}")))??;
    Ok(message("Successfully removed member."))
}

#[derive(Deserialize)]
struct UpdateScope {
    scope: String,
}

/// The role a `scope` of a request names: `400` for anything but `member`, `admin` and
/// `owner`.
pub(crate) fn role_scope(scope: &str) -> Result<Role, ApiError> {
    scope.parse().map_err(|_| {
        ApiError::BadRequest(format!(
            "scope must be member, admin or owner, not {scope:?}"
        ))
    })
}

/// `PUT …/scopes` `{"scope": "admin"}`: the member's new role.
pub(crate) async fn update_scopes(call: Call<'_>) -> Result<Reply, ApiError> {
    let member_id = path_uuid(call.id())?;
    let project_id = call.project_id();
    let Call { cx, who, body, .. } = call;
    let request: UpdateScope = parse_json(&body::read_json(body).await?)?;
    let wanted = role_scope(&request.scope)?;
    cx.shared
        .store
        .try_update(|state| -> Result<(), ApiError> {
            let role = role_of(state, project_id, member_id)?;
            if !roles::may_manage(&who.scopes, role) || !roles::may_manage(&who.scopes, wanted) {
                return Err(DocumentedError::Forbidden.into());
            }
            let last_owner = state.project(project_id).is_some_and(|p| p.owners() == 1);
            if role == Role::Owner && wanted != Role::Owner && last_owner {
                return Err(ApiError::BadRequest(
                    "the last owner of a project cannot be given another role".into(),
                ));
            }
            state.join(project_id, member_id, wanted);
            Ok(())
        })
        .map_err(|e| ApiError::Internal(format!("the scopes were not updated: {e}")))??;
    Ok(message("Successfully updated scopes."))
}
