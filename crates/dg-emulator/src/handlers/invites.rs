//! `/v1/projects/{id}/invites[/{email}]`: listing, sending and deleting invitations.
//!
//! Inviting someone for a role needs the scope that manages that role
//! ([`roles::may_manage`]): admins invite members and admins, only owners invite owners.
//! Nobody accepts an invitation here (that happens in Deepgram's console); it stays listed
//! until deleted.

use http::StatusCode;
use serde::Deserialize;
use serde_json::json;

use crate::access::roles;
use crate::errors::{ApiError, DocumentedError};
use crate::handlers::members::role_scope;
use crate::handlers::projects::message;
use crate::handlers::{Call, not_found, parse_json};
use crate::http::body;
use crate::http::reply::{self, Reply};
use crate::state::clock::Timestamp;
use crate::state::store::Invite;

pub(crate) async fn list(call: Call<'_>) -> Result<Reply, ApiError> {
    let project_id = call.project_id();
    let invites: Vec<_> = call.cx.shared.store.read(|state| {
        state
            .project(project_id)
            .map(|p| {
                p.invites
                    .iter()
                    .map(|i| json!({"email": i.email, "scope": i.scope.as_str()}))
                    .collect()
            })
            .unwrap_or_default()
    });
    Ok(reply::json(StatusCode::OK, &json!({"invites": invites})))
}

#[derive(Deserialize)]
struct NewInvite {
    email: String,
    scope: String,
}

/// `POST` `{"email", "scope"}`: a second invitation of the same email replaces the first.
pub(crate) async fn send(call: Call<'_>) -> Result<Reply, ApiError> {
    let project_id = call.project_id();
    let Call { cx, who, body, .. } = call;
    let request: NewInvite = parse_json(&body::read_json(body).await?)?;
    let email = request.email.trim().to_owned();
    if !is_email(&email) {
        return Err(ApiError::BadRequest(format!(
            "email {email:?} is not an email address"
        )));
    }
    let scope = role_scope(&request.scope)?;
    if !roles::may_manage(&who.scopes, scope) {
        return Err(DocumentedError::Forbidden.into());
    }
    cx.shared
        .store
        .try_update(|state| -> Result<(), ApiError> {
            if state.project(project_id).is_none() {
                return Err(DocumentedError::ProjectNotFound.into());
            }
            if state.is_member_by_email(project_id, &email) {
                return Err(ApiError::BadRequest(format!(
                    "{email} is already a member of this project"
                )));
            }
            let project = state
                .project_mut(project_id)
                .ok_or(DocumentedError::ProjectNotFound)?;
            project.invites.retain(|i| i.email != email);
            project.invites.push(Invite {
                email,
                scope,
                created: Timestamp::now(),
            });
            Ok(())
        })
        .map_err(|e| ApiError::Internal(format!("the invite was not sent: {e}")))??;
    Ok(message("Invite sent."))
}

/// `DELETE …/invites/{email}` (the email percent-encoded or not).
pub(crate) async fn delete(call: Call<'_>) -> Result<Reply, ApiError> {
    let project_id = call.project_id();
    let email = percent_decode(call.id());
    let who = &call.who;
    call.cx
        .shared
        .store
        .try_update(|state| -> Result<(), ApiError> {
            let project = state
                .project_mut(project_id)
                .ok_or(DocumentedError::ProjectNotFound)?;
            let invite = project
                .invites
                .iter()
                .find(|i| i.email == email)
                .ok_or_else(|| not_found("Invite not found."))?;
            if !roles::may_manage(&who.scopes, invite.scope) {
                return Err(DocumentedError::Forbidden.into());
            }
            project.invites.retain(|i| i.email != email);
            Ok(())
        })
        .map_err(|e| ApiError::Internal(format!("the invite was not deleted: {e}")))??;
    Ok(message("Invite deleted."))
}

/// Something, `@`, something with a dot: what an invitation can be sent to.
fn is_email(text: &str) -> bool {
    text.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty() && domain.contains('.') && !text.contains(char::is_whitespace)
    })
}

/// A path segment with its `%XX` escapes decoded (invalid ones kept as they are).
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_in_paths_are_decoded() {
        assert_eq!(percent_decode("ann%40example.com"), "ann@example.com");
        assert_eq!(percent_decode("a@b.c"), "a@b.c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn only_addresses_are_emails() {
        assert!(is_email("ann@example.com"));
        for bad in ["", "ann", "@example.com", "ann@example", "a nn@example.com"] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
