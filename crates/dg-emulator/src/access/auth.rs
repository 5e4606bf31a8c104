//! Who is asking: the `Authorization` header resolved to an API key (`Token`) or a temporary
//! token (`Bearer`, accepted only where Deepgram accepts it). The scheme is case-insensitive.

use std::collections::BTreeSet;

use http::HeaderMap;
use http::header::AUTHORIZATION;
use uuid::Uuid;

use crate::access::roles::{self, Role};
use crate::access::tokens::Grants;
use crate::errors::{ApiError, DocumentedError};
use crate::state::store::{State, Store};

/// An authenticated caller.
pub(crate) struct Principal {
    pub(crate) member_id: Uuid,
    /// What the credential may do (a key's scopes capped by its member's role).
    pub(crate) scopes: BTreeSet<String>,
    /// Which keys it sees: its own (member), also those it created (admin), all (owner).
    pub(crate) acting_role: Role,
}

impl Principal {
    pub(crate) fn require(&self, scope: &str) -> Result<(), ApiError> {
        if self.scopes.contains(scope) {
            Ok(())
        } else {
            Err(DocumentedError::Forbidden.into())
        }
    }

    fn of_key(state: &State, secret: &str) -> Option<Principal> {
        let key = state
            .key_by_secret(secret)
            .filter(|key| !key.is_expired())?;
        let member = state.member(key.member_id)?;
        let scopes = roles::effective(&key.scopes, member.role);
        Some(Principal {
            member_id: member.member_id,
            acting_role: roles::acting_role(&scopes),
            scopes,
        })
    }
}

enum Credential<'a> {
    Token(&'a str),
    Bearer(&'a str),
}

fn credential(headers: &HeaderMap) -> Option<Credential<'_>> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, secret) = value.split_once(char::is_whitespace)?;
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

fn invalid() -> ApiError {
    DocumentedError::InvalidAuth.into()
}

/// The management API: API keys only.
pub(crate) fn api_key(store: &Store, headers: &HeaderMap) -> Result<Principal, ApiError> {
    match credential(headers) {
        Some(Credential::Token(secret)) => store
            .read(|state| Principal::of_key(state, secret))
            .ok_or_else(invalid),
        _ => Err(invalid()),
    }
}

/// Transcription: an API key or a temporary token.
pub(crate) fn api_key_or_token(
    store: &Store,
    grants: &Grants,
    headers: &HeaderMap,
) -> Result<Principal, ApiError> {
    match credential(headers) {
        Some(Credential::Bearer(token)) => {
            let member_id = grants.verify(token).ok_or_else(invalid)?;
            store
                .read(|state| state.member(member_id).is_some())
                .then(|| Principal {
                    member_id,
                    scopes: BTreeSet::from(["usage:write".to_owned()]),
                    acting_role: Role::Member,
                })
                .ok_or_else(invalid)
        }
        _ => api_key(store, headers),
    }
}
