//! Temporary tokens from `POST /v1/auth/grant`: HS256 JWTs signed with a key drawn at start,
//! so a token is valid only until it expires or this emulator stops.

use std::time::{SystemTime, UNIX_EPOCH};

use aws_lc_rs::hmac::{self, HMAC_SHA256};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::Rng;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::auth::TOKEN_SCOPE;

const ISSUER: &str = "dg-emulator";
const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

pub(crate) struct Grants {
    signing_key: hmac::Key,
}

/// Whom a token was issued to: the member, the project and the key that asked for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Subject {
    pub(crate) member_id: Uuid,
    pub(crate) project_id: Uuid,
    pub(crate) api_key_id: Uuid,
}

#[derive(Serialize, Deserialize)]
struct Claims {
    iss: String,
    sub: Uuid,
    /// The project the token acts in.
    pid: Uuid,
    /// The key that minted it: its tags tag the token's requests.
    kid: Uuid,
    scopes: Vec<String>,
    iat: u64,
    /// Seconds since the epoch, rounded up so a token lives at least its TTL.
    exp: u64,
    jti: Uuid,
}

impl Grants {
    pub(crate) fn new() -> Grants {
        let mut secret = [0u8; 32];
        rand::rng().fill_bytes(&mut secret);
        Grants {
            signing_key: hmac::Key::new(HMAC_SHA256, &secret),
        }
    }

    /// A token for `subject` that may transcribe for `ttl_seconds`.
    pub(crate) fn issue(&self, subject: Subject, ttl_seconds: f64) -> String {
        let now_ms = unix_millis();
        let claims = Claims {
            iss: ISSUER.to_owned(),
            sub: subject.member_id,
            pid: subject.project_id,
            kid: subject.api_key_id,
            scopes: vec![TOKEN_SCOPE.to_owned()],
            iat: now_ms / 1000,
            exp: (now_ms + (ttl_seconds * 1000.0).ceil() as u64).div_ceil(1000),
            jti: Uuid::new_v4(),
        };
        let claims = serde_json::to_vec(&claims).expect("claims always serialize");
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(HEADER),
            URL_SAFE_NO_PAD.encode(claims)
        );
        let signature = hmac::sign(&self.signing_key, signed.as_bytes());
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// Whom a token was issued to, if this emulator signed it and it has not expired.
    pub(crate) fn verify(&self, token: &str) -> Option<Subject> {
        let (signed, signature) = token.rsplit_once('.')?;
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        // Constant-time comparison.
        hmac::verify(&self.signing_key, signed.as_bytes(), &signature).ok()?;
        let (_, claims) = signed.split_once('.')?;
        let claims: Claims = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).ok()?).ok()?;
        (claims.iss == ISSUER && unix_millis() < claims.exp * 1000).then_some(Subject {
            member_id: claims.sub,
            project_id: claims.pid,
            api_key_id: claims.kid,
        })
    }
}

fn unix_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject() -> Subject {
        Subject {
            member_id: Uuid::new_v4(),
            project_id: Uuid::new_v4(),
            api_key_id: Uuid::new_v4(),
        }
    }

    #[test]
    fn a_token_names_its_member_until_it_expires() {
        let grants = Grants::new();
        let member = subject();
        let token = grants.issue(member, 30.0);
        assert_eq!(token.split('.').count(), 3);
        assert_eq!(grants.verify(&token), Some(member));
    }

    #[test]
    fn tokens_of_another_emulator_or_tampered_ones_are_refused() {
        let (ours, theirs) = (Grants::new(), Grants::new());
        let token = theirs.issue(subject(), 30.0);
        assert_eq!(ours.verify(&token), None);

        let token = ours.issue(subject(), 30.0);
        let mut parts: Vec<&str> = token.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(format!(
            r#"{{"iss":"dg-emulator","sub":"{}","scopes":[],"iat":0,"exp":99999999999,"jti":"{}"}}"#,
            Uuid::new_v4(),
            Uuid::new_v4()
        ));
        parts[1] = &forged;
        assert_eq!(ours.verify(&parts.join(".")), None);
        assert_eq!(ours.verify("not-a-token"), None);
    }

    #[test]
    fn expired_tokens_are_refused() {
        let grants = Grants::new();
        let claims = Claims {
            iss: ISSUER.into(),
            sub: Uuid::new_v4(),
            pid: Uuid::new_v4(),
            kid: Uuid::new_v4(),
            scopes: vec![],
            iat: 1,
            exp: unix_millis() / 1000,
            jti: Uuid::new_v4(),
        };
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(HEADER),
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap())
        );
        let signature = URL_SAFE_NO_PAD.encode(hmac::sign(&grants.signing_key, signed.as_bytes()));
        assert_eq!(grants.verify(&format!("{signed}.{signature}")), None);
    }
}
