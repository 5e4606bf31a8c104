//! What the key calls send: the body of `POST /v1/projects/{id}/keys`, the `ttl_seconds` of
//! `POST /v1/auth/grant` and the `status` filter of the key list, checked before sending.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// Longest lifetime of a temporary token from `POST /v1/auth/grant`, in seconds.
pub const MAX_GRANT_TTL_SECONDS: u32 = 3600;

/// The body of `POST /v1/projects/{project_id}/keys`.
///
/// With neither `expiration_date` nor `time_to_live_in_seconds` the key never expires.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateKeyRequest {
    /// What the key is for (required, shown in the key list).
    pub comment: String,
    /// The scopes or roles it grants (at least one), e.g. `member` or `usage:write`. The
    /// creator can only grant scopes it holds.
    #[serde(deserialize_with = "crate::options::de::one_or_many")]
    pub scopes: Vec<String>,
    /// Labels.
    #[serde(
        default,
        deserialize_with = "crate::options::de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<String>,
    /// When the key expires, as an RFC 3339 timestamp (`2030-01-01T00:00:00Z`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<String>,
    /// How long the key lives, in seconds (instead of `expiration_date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_live_in_seconds: Option<u64>,
}

fn invalid<T>(message: impl Into<String>) -> Result<T, Error> {
    Err(Error::invalid(message))
}

impl CreateKeyRequest {
    /// The request's field names (snake_case), for bindings that read it through
    /// [`crate::options::schema::read_spelled`].
    pub const FIELDS: &'static [&'static str] = &[
        "comment",
        "scopes",
        "tags",
        "expiration_date",
        "time_to_live_in_seconds",
    ];

    /// A request for a key that never expires.
    pub fn new(
        comment: impl Into<String>,
        scopes: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        CreateKeyRequest {
            comment: comment.into(),
            scopes: scopes.into_iter().map(Into::into).collect(),
            ..Default::default()
        }
    }

    /// Checks what the API requires: a comment, at least one scope and no blank scope or tag,
    /// an RFC 3339 `expiration_date`, a `time_to_live_in_seconds` above zero, and not both.
    pub fn validate(&self) -> Result<(), Error> {
        if self.comment.trim().is_empty() {
            return invalid("a key needs a non-empty `comment`");
        }
        if self.scopes.is_empty() {
            return invalid("a key needs at least one scope (e.g. \"member\")");
        }
        if let Some(i) = self.scopes.iter().position(|s| s.trim().is_empty()) {
            return invalid(format!("scope {i} is empty"));
        }
        if let Some(i) = self.tags.iter().position(|t| t.trim().is_empty()) {
            return invalid(format!("tag {i} is empty"));
        }
        if self.expiration_date.is_some() && self.time_to_live_in_seconds.is_some() {
            return invalid("set either `expiration_date` or `time_to_live_in_seconds`, not both");
        }
        if let Some(date) = &self.expiration_date {
            let format = time::format_description::well_known::Rfc3339;
            if time::OffsetDateTime::parse(date, &format).is_err() {
                return invalid(format!(
                    "`expiration_date` {date:?} is not an RFC 3339 timestamp such as \
                     2030-01-31T12:00:00Z"
                ));
            }
        }
        if self.time_to_live_in_seconds == Some(0) {
            return invalid("`time_to_live_in_seconds` must be at least 1");
        }
        Ok(())
    }

    /// The JSON body, validated first; absent or empty optional fields are left out.
    pub fn to_json(&self) -> Result<Vec<u8>, Error> {
        self.validate()?;
        serde_json::to_vec(self).map_err(|e| Error::invalid(e.to_string()))
    }
}

/// The options of `GET /v1/projects/{id}/keys`, as a binding reads them from its caller
/// ([`crate::options::schema::read_spelled`] with [`ListKeysOptions::FIELDS`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListKeysOptions {
    /// Only keys with this status.
    #[serde(default)]
    pub status: Option<KeyStatus>,
}

impl ListKeysOptions {
    /// The field names (snake_case).
    pub const FIELDS: &'static [&'static str] = &["status"];
}

/// The options of `POST /v1/auth/grant`, as a binding reads them from its caller
/// ([`crate::options::schema::read_spelled`] with [`GrantOptions::FIELDS`]); `ttl_seconds` is
/// checked when the request is made ([`validate_grant_ttl`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantOptions {
    /// How long the token lives, 1 to [`MAX_GRANT_TTL_SECONDS`] (the API's default is 30).
    #[serde(default)]
    pub ttl_seconds: Option<u32>,
}

impl GrantOptions {
    /// The field names (snake_case).
    pub const FIELDS: &'static [&'static str] = &["ttl_seconds"];
}

/// Checks the `ttl_seconds` of `POST /v1/auth/grant`: 1 to [`MAX_GRANT_TTL_SECONDS`].
pub fn validate_grant_ttl(ttl_seconds: u32) -> Result<(), Error> {
    if (1..=MAX_GRANT_TTL_SECONDS).contains(&ttl_seconds) {
        Ok(())
    } else {
        invalid(format!(
            "a token's ttl_seconds must be 1 to {MAX_GRANT_TTL_SECONDS}, not {ttl_seconds}"
        ))
    }
}

/// The `status` filter of `GET /v1/projects/{project_id}/keys`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyStatus {
    /// Keys that have not expired.
    Active,
    /// Keys past their expiration date.
    Expired,
}

impl KeyStatus {
    /// The value sent in the query string.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStatus::Active => "active",
            KeyStatus::Expired => "expired",
        }
    }
}

impl fmt::Display for KeyStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for KeyStatus {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "active" => Ok(KeyStatus::Active),
            "expired" => Ok(KeyStatus::Expired),
            other => invalid(format!(
                "key status {other:?} is not \"active\" or \"expired\""
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn request() -> CreateKeyRequest {
        CreateKeyRequest::new("ci key", ["member"])
    }

    fn rejection(r: &CreateKeyRequest) -> String {
        match r.validate() {
            Err(Error::InvalidOptions { message: m, .. }) => {
                assert!(r.to_json().is_err(), "to_json must validate too");
                m
            }
            other => panic!("expected InvalidOptions for {r:?}, got {other:?}"),
        }
    }

    fn body(r: &CreateKeyRequest) -> serde_json::Value {
        serde_json::from_slice(&r.to_json().unwrap()).unwrap()
    }

    #[test]
    fn minimal_body_leaves_optionals_out() {
        assert_eq!(
            body(&request()),
            json!({"comment": "ci key", "scopes": ["member"]})
        );
    }

    #[test]
    fn full_body() {
        let r = CreateKeyRequest {
            tags: vec!["ci".into()],
            expiration_date: Some("2030-01-31T12:00:00+01:00".into()),
            ..request()
        };
        assert_eq!(
            body(&r),
            json!({"comment": "ci key", "scopes": ["member"], "tags": ["ci"],
                   "expiration_date": "2030-01-31T12:00:00+01:00"})
        );
        let r = CreateKeyRequest {
            time_to_live_in_seconds: Some(60),
            ..request()
        };
        assert_eq!(body(&r)["time_to_live_in_seconds"], 60);
    }

    #[test]
    fn comment_and_scopes_are_required() {
        let r = CreateKeyRequest {
            comment: "  ".into(),
            ..request()
        };
        assert!(rejection(&r).contains("comment"));
        let r = CreateKeyRequest {
            scopes: vec![],
            ..request()
        };
        assert!(rejection(&r).contains("scope"));
        let r = CreateKeyRequest {
            scopes: vec!["member".into(), "".into()],
            ..request()
        };
        assert!(rejection(&r).contains("scope 1"));
        let r = CreateKeyRequest {
            tags: vec!["".into()],
            ..request()
        };
        assert!(rejection(&r).contains("tag 0"));
    }

    #[test]
    fn expiration_rules() {
        for bad in [
            "2030-01-31",
            "tomorrow",
            "2030-13-01T00:00:00Z",
            "2030-01-31T12:00:00",
        ] {
            let r = CreateKeyRequest {
                expiration_date: Some(bad.into()),
                ..request()
            };
            let msg = rejection(&r);
            assert!(
                msg.contains("expiration_date") && msg.contains(bad),
                "{msg}"
            );
        }
        let r = CreateKeyRequest {
            expiration_date: Some("2030-01-31T12:00:00Z".into()),
            time_to_live_in_seconds: Some(60),
            ..request()
        };
        assert!(rejection(&r).contains("not both"));
        let r = CreateKeyRequest {
            time_to_live_in_seconds: Some(0),
            ..request()
        };
        assert!(rejection(&r).contains("time_to_live_in_seconds"));
        let r = CreateKeyRequest {
            expiration_date: Some("2030-01-31T12:00:00.123Z".into()),
            ..request()
        };
        assert!(r.validate().is_ok());
    }

    #[test]
    fn deserializes_for_bindings() {
        let r: CreateKeyRequest = serde_json::from_value(json!({
            "comment": "c", "scopes": "member", "tags": ["a"], "time_to_live_in_seconds": 5
        }))
        .unwrap();
        assert_eq!(r.scopes, vec!["member"]);
        assert_eq!(r.time_to_live_in_seconds, Some(5));
        let err = serde_json::from_value::<CreateKeyRequest>(json!({
            "comment": "c", "scopes": ["member"], "ttl": 5
        }))
        .unwrap_err()
        .to_string();
        assert!(err.contains("unknown field `ttl`"), "{err}");
        let err = serde_json::from_value::<CreateKeyRequest>(json!({"scopes": ["member"]}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing field `comment`"), "{err}");
    }

    #[test]
    fn grant_ttl_bounds() {
        assert!(validate_grant_ttl(1).is_ok());
        assert!(validate_grant_ttl(3600).is_ok());
        assert!(matches!(
            validate_grant_ttl(0),
            Err(Error::InvalidOptions { .. })
        ));
        assert!(matches!(
            validate_grant_ttl(3601),
            Err(Error::InvalidOptions { .. })
        ));
    }

    #[test]
    fn key_status_strings() {
        for s in [KeyStatus::Active, KeyStatus::Expired] {
            assert_eq!(s.as_str().parse::<KeyStatus>().unwrap(), s);
            assert_eq!(s.to_string(), s.as_str());
        }
        assert!(matches!(
            "Active".parse::<KeyStatus>(),
            Err(Error::InvalidOptions { .. })
        ));
        assert_eq!(
            serde_json::from_value::<KeyStatus>(json!("expired")).unwrap(),
            KeyStatus::Expired
        );
    }
}
