//! What the management calls return: projects, keys and temporary tokens. Secrets are
//! [`Secret`] objects, never string fields (see [`crate::secret`]).

use std::sync::Arc;

use dg_core::models as core;

use crate::secret::Secret;

/// A project the credentials can see.
#[derive(Debug, Clone, uniffi::Record)]
#[allow(missing_docs)]
pub struct Project {
    pub project_id: String,
    pub name: String,
}

/// The member a key belongs to.
#[derive(Debug, Clone, uniffi::Record)]
#[allow(missing_docs)]
pub struct Member {
    pub member_id: String,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

/// A key as listed (never its secret).
#[derive(Debug, Clone, uniffi::Record)]
#[allow(missing_docs)]
pub struct ApiKeyInfo {
    pub api_key_id: String,
    pub comment: Option<String>,
    pub scopes: Vec<String>,
    pub tags: Vec<String>,
    pub created: Option<String>,
    pub expiration_date: Option<String>,
}

/// A key and its member, with the whole entry as JSON (`json`) for fields dg does not type.
#[derive(Debug, Clone, uniffi::Record)]
#[allow(missing_docs)]
pub struct KeyWithMember {
    pub member: Member,
    pub api_key: ApiKeyInfo,
    pub json: String,
}

/// A newly created key; its secret `key` is shown by the API this once.
#[derive(Debug, Clone, uniffi::Record)]
#[allow(missing_docs)]
pub struct CreatedKey {
    pub api_key_id: String,
    /// The secret (`reveal()` to read it).
    pub key: Arc<Secret>,
    pub comment: Option<String>,
    pub scopes: Vec<String>,
    pub tags: Vec<String>,
    pub expiration_date: Option<String>,
    pub created: Option<String>,
}

/// A temporary token (`Authorization: Bearer`, for transcription only).
#[derive(Debug, Clone, uniffi::Record)]
pub struct GrantedToken {
    /// The token (`reveal()` to read it).
    pub access_token: Arc<Secret>,
    /// Its lifetime in seconds.
    pub expires_in: Option<f64>,
}

impl From<core::Project> for Project {
    fn from(p: core::Project) -> Self {
        Project {
            project_id: p.project_id,
            name: p.name,
        }
    }
}

impl From<core::KeyWithMember> for KeyWithMember {
    fn from(k: core::KeyWithMember) -> Self {
        // Serializing plain strings and maps cannot fail.
        let json = serde_json::to_string(&k).unwrap_or_default();
        let (m, a) = (k.member, k.api_key);
        KeyWithMember {
            member: Member {
                member_id: m.member_id,
                email: m.email,
                first_name: m.first_name,
                last_name: m.last_name,
            },
            api_key: ApiKeyInfo {
                api_key_id: a.api_key_id,
                comment: a.comment,
                scopes: a.scopes,
                tags: a.tags,
                created: a.created,
                expiration_date: a.expiration_date,
            },
            json,
        }
    }
}

impl From<core::CreatedKey> for CreatedKey {
    fn from(k: core::CreatedKey) -> Self {
        CreatedKey {
            api_key_id: k.api_key_id,
            key: Arc::new(k.key.into()),
            comment: k.comment,
            scopes: k.scopes,
            tags: k.tags,
            expiration_date: k.expiration_date,
            created: k.created,
        }
    }
}

impl From<core::GrantedToken> for GrantedToken {
    fn from(t: core::GrantedToken) -> Self {
        GrantedToken {
            access_token: Arc::new(t.access_token.into()),
            expires_in: t.expires_in,
        }
    }
}
