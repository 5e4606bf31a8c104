//! The answers of the management API: projects, keys and temporary tokens.

use serde::Deserialize;
use serde::de::Error as _;

use super::lossless::lossless_struct;
use crate::secret::Secret;

lossless_struct! {
    /// A project (`GET /v1/projects`).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Project {
        /// The project's id.
        pub project_id: String [sent],
        /// Its name.
        pub name: String [sent],
    }
}

lossless_struct! {
    /// `GET /v1/projects`.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct ProjectList {
        /// The projects the credentials can see.
        pub projects: Vec<Project> [always],
    }
}

lossless_struct! {
    /// The member who created a key.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Member {
        /// The member's id.
        pub member_id: String [sent],
        /// Their email address.
        pub email: Option<String>,
        /// First name.
        pub first_name: Option<String>,
        /// Last name.
        pub last_name: Option<String>,
    }
}

lossless_struct! {
    /// A key as listed (never its secret).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct ApiKeyInfo {
        /// The key's id.
        pub api_key_id: String [sent],
        /// Its comment.
        pub comment: Option<String>,
        /// The scopes it grants.
        pub scopes: Vec<String> [always],
        /// Its tags.
        pub tags: Vec<String>,
        /// When it was created (RFC 3339).
        pub created: Option<String>,
        /// When it expires (RFC 3339); `None` if never.
        pub expiration_date: Option<String>,
    }
}

/// A key and the member who created it: an entry of `GET /v1/projects/{id}/keys`, and the
/// answer of `GET /v1/projects/{id}/keys/{key_id}`.
///
/// Reads both shapes of the single-key answer: `{"member": {…}, "api_key": {…}}` (what the
/// API and the hand-written SDKs use) and the spec's
/// `{"item": {"member": {…, "api_key": {…}}}}`. It is written back in the first shape.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct KeyWithMember {
    /// The member.
    pub member: Member,
    /// The key.
    pub api_key: ApiKeyInfo,
    /// Fields this version of dg does not model, kept as they came and written back.
    #[serde(flatten)]
    pub other: super::OtherFields,
}

lossless_struct! {
    /// Either shape of [`KeyWithMember`], as read.
    #[derive(Default)]
    struct KeyWithMemberShapes {
        pub member: Option<Member>,
        pub api_key: Option<ApiKeyInfo>,
        pub item: Option<KeyItem>,
    }
}

lossless_struct! {
    /// The spec's `item` wrapper.
    #[derive(Default)]
    struct KeyItem {
        pub member: Option<Member>,
    }
}

impl<'de> Deserialize<'de> for KeyWithMember {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let KeyWithMemberShapes {
            member,
            api_key,
            item,
            mut other,
        } = KeyWithMemberShapes::deserialize(d)?;
        let member = match (member, item) {
            (None, Some(item)) => {
                // The item's other fields join the flat shape's, except those it would write
                // twice (`api_key`, one already there) or read back as the nested shape
                // (`item`): those stay in an `item`.
                let mut kept = serde_json::Map::new();
                for (name, value) in item.other.into_map() {
                    if matches!(name.as_str(), "api_key" | "item") || other.contains_key(&name) {
                        kept.insert(name, value);
                    } else {
                        other.insert(name, value);
                    }
                }
                if !kept.is_empty() {
                    other.insert("item".to_owned(), serde_json::Value::Object(kept));
                }
                item.member
            }
            (member, item) => {
                if let Some(item) = item {
                    let item = serde_json::to_value(&item).map_err(D::Error::custom)?;
                    other.insert("item".to_owned(), item);
                }
                member
            }
        };
        let mut member = member.unwrap_or_default();
        let api_key = match api_key {
            Some(key) => key,
            // The spec's shape nests the key inside the member.
            None => match member.other.remove("api_key") {
                Some(nested) => serde_json::from_value(nested).map_err(D::Error::custom)?,
                None => ApiKeyInfo::default(),
            },
        };
        Ok(KeyWithMember {
            member,
            api_key,
            other,
        })
    }
}

lossless_struct! {
    /// `GET /v1/projects/{id}/keys`.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct KeyList {
        /// The keys and their members.
        pub api_keys: Vec<KeyWithMember> [always],
    }
}

lossless_struct! {
    /// A newly created key (`POST /v1/projects/{id}/keys`), with its secret, which the API
    /// shows only this once. `Debug` redacts the secret; read it with `key.expose()`.
    #[derive(Debug, Clone, PartialEq)]
    pub struct CreatedKey {
        /// The key's id.
        pub api_key_id: String [sent],
        /// The secret. An answer without it fails to parse rather than lose the key.
        pub key: Secret [required],
        /// Its comment.
        pub comment: Option<String>,
        /// The scopes it grants.
        pub scopes: Vec<String> [always],
        /// Its tags.
        pub tags: Vec<String>,
        /// When it expires (RFC 3339); `None` if never.
        pub expiration_date: Option<String>,
        /// When it was created (RFC 3339).
        pub created: Option<String>,
    }
}

lossless_struct! {
    /// `DELETE /v1/projects/{id}/keys/{key_id}`.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct DeleteKeyResponse {
        /// The API's message.
        pub message: String [sent],
    }
}

lossless_struct! {
    /// A temporary token from `POST /v1/auth/grant`, for `Authorization: Bearer` on
    /// `/v1/listen` (not on the management API). `Debug` redacts the token.
    #[derive(Debug, Clone, PartialEq)]
    pub struct GrantedToken {
        /// The JWT.
        pub access_token: Secret [required],
        /// Seconds until it expires.
        pub expires_in: Option<f64>,
    }
}
