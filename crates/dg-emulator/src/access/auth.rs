//! Who is asking: the `Authorization` header resolved, by a route's [`Access`] rule, to an
//! API key (`Token`) or a temporary token (`Bearer`). The scheme is case-insensitive.
//!
//! The keys themselves are looked up through [`Keyring`], which the state's store
//! implements, so access rules never import the state.

use std::collections::BTreeSet;

use http::HeaderMap;
use http::header::AUTHORIZATION;
use uuid::Uuid;

use crate::access::roles::{self, Role};
use crate::access::tokens::{Grants, Subject};
use crate::errors::{ApiError, DocumentedError};

/// Which credentials an endpoint accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    /// `Authorization: Token <api key>` only: the management API and the controls.
    ApiKeyOnly,
    /// An API key or `Authorization: Bearer <temporary token>`: transcription.
    ApiKeyOrToken,
}

/// The scope a temporary token holds, and the only one: transcription.
pub(crate) const TOKEN_SCOPE: &str = "usage:write";

/// What authentication needs to know of the stored keys and members.
pub(crate) trait Keyring {
    /// The holder of the unexpired key with this secret, if its member is still in the key's
    /// project.
    fn key_holder(&self, secret: &str) -> Option<KeyHolder>;
    /// The key with this id, expired or not, if its member is still in its project.
    fn token_holder(&self, api_key_id: Uuid) -> Option<KeyHolder>;
    /// The role of a member in a project, if it is a member.
    fn role_in(&self, project_id: Uuid, member_id: Uuid) -> Option<Role>;
}

/// A stored key as authentication sees it.
pub(crate) struct KeyHolder {
    pub(crate) member_id: Uuid,
    pub(crate) project_id: Uuid,
    pub(crate) api_key_id: Uuid,
    /// The member's role in the key's project.
    pub(crate) member_role: Role,
    /// The scopes the key was created with (role names not yet expanded).
    pub(crate) key_scopes: Vec<String>,
    pub(crate) tags: Vec<String>,
}

/// An authenticated caller.
pub(crate) struct Principal {
    pub(crate) member_id: Uuid,
    /// The project its key belongs to: a key acts in that project only.
    pub(crate) project_id: Uuid,
    /// Its API key, or for a temporary token the key that minted it.
    pub(crate) api_key_id: Uuid,
    /// The key's tags: they tag every request it makes.
    pub(crate) tags: Vec<String>,
    /// What the credential may do (a key's scopes capped by its member's role).
    pub(crate) scopes: BTreeSet<String>,
    /// Which keys it sees: its own (member), also those it created (admin), all (owner).
    pub(crate) acting_role: Role,
}

impl Principal {
    /// `Ok` when the credential holds `scope`; the 403 Deepgram answers otherwise.
    pub(crate) fn require(&self, scope: &str) -> Result<(), ApiError> {
        if self.scopes.contains(scope) {
            Ok(())
        } else {
            Err(DocumentedError::Forbidden.into())
        }
    }

    fn of_key(keyring: &impl Keyring, secret: &str) -> Option<Principal> {
        let holder = keyring.key_holder(secret)?;
        let scopes = roles::effective(&holder.key_scopes, holder.member_role);
        Some(Principal {
            member_id: holder.member_id,
            project_id: holder.project_id,
            api_key_id: holder.api_key_id,
            tags: holder.tags,
            acting_role: roles::acting_role(&scopes),
            scopes,
        })
    }
}

enum Credential<'a> {
    Token(&'a str),
    Bearer(&'a str),
}

/// The `Authorization` header's credential, or else (a browser cannot set headers on a
/// WebSocket) the subprotocol form `Sec-WebSocket-Protocol: token, <key>` / `bearer, <jwt>`.
fn credential(headers: &HeaderMap) -> Option<Credential<'_>> {
    let (scheme, secret) = match headers.get(AUTHORIZATION) {
        Some(value) => value
            .to_str()
            .ok()?
            .trim()
            .split_once(char::is_whitespace)?,
        None => subprotocol(headers)?,
    };
    let secret = secret.trim();
    if secret.is_empty() {
        return None;
    }
    if scheme.eq_ignore_ascii_case("token") {
        Some(Credential::Token(secret))
    } else if scheme.eq_ignore_ascii_case("bearer") {
        Some(Credential::Bearer(secret))
    } else {
        None
    }
}

/// `(scheme, secret)` of a `Sec-WebSocket-Protocol: token, <secret>` header.
pub(crate) fn subprotocol(headers: &HeaderMap) -> Option<(&str, &str)> {
    let value = headers.get("sec-websocket-protocol")?.to_str().ok()?;
    let (scheme, secret) = value.split_once(',')?;
    let scheme = scheme.trim();
    (scheme.eq_ignore_ascii_case("token") || scheme.eq_ignore_ascii_case("bearer"))
        .then_some((scheme, secret.trim()))
}

fn invalid() -> ApiError {
    DocumentedError::InvalidAuth.into()
}

/// The caller, if its credential is one `access` accepts and is valid; `401 INVALID_AUTH`
/// otherwise. Scopes are checked by the caller ([`Principal::require`]).
pub(crate) fn authenticate(
    access: Access,
    keyring: &impl Keyring,
    grants: &Grants,
    headers: &HeaderMap,
) -> Result<Principal, ApiError> {
    match (credential(headers), access) {
        (Some(Credential::Token(secret)), _) => {
            Principal::of_key(keyring, secret).ok_or_else(invalid)
        }
        (Some(Credential::Bearer(token)), Access::ApiKeyOrToken) => {
            let Subject {
                member_id,
                project_id,
                api_key_id,
            } = grants.verify(token).ok_or_else(invalid)?;
            // A token lives on while its member stays in the project, even if the key that
            // minted it is deleted (its requests then carry no tags).
            keyring.role_in(project_id, member_id).ok_or_else(invalid)?;
            let tags = keyring
                .token_holder(api_key_id)
                .map(|key| key.tags)
                .unwrap_or_default();
            Ok(Principal {
                member_id,
                project_id,
                api_key_id,
                tags,
                scopes: BTreeSet::from([TOKEN_SCOPE.to_owned()]),
                acting_role: Role::Member,
            })
        }
        _ => Err(invalid()),
    }
}
