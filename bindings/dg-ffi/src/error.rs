//! `DeepgramError` (Kotlin: the sealed `DeepgramException`; Swift: an `Error` enum): the core's
//! [`dg_core::Error`] sorted by [`dg_core::ErrorKind`], each API failure with its HTTP status,
//! the API's error code and its request id; network and timeout failures with the core's
//! `request_sent`. Messages are the core's, which never hold a secret.

use std::sync::Arc;

use dg_core::{Error, ErrorKind};

use crate::secret::Secret;

/// Why a call failed. The API variants carry `status`, `code` (the API's `err_code`,
/// `error_code` or `category`), `reason` (the core's message, status and request id included)
/// and `request_id`.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum DeepgramError {
    /// Options, arguments or configuration that are invalid; nothing was sent.
    #[error("{reason}")]
    InvalidOptions {
        /// What is wrong.
        reason: String,
    },
    /// 401: missing, wrong, expired or revoked credentials.
    #[error("{reason}")]
    Auth {
        /// HTTP status.
        status: u16,
        /// The API's error code.
        code: Option<String>,
        /// The message.
        reason: String,
        /// The API's request id.
        request_id: Option<String>,
    },
    /// 403: the credentials lack a scope the call needs.
    #[error("{reason}")]
    PermissionDenied {
        /// HTTP status.
        status: u16,
        /// The API's error code.
        code: Option<String>,
        /// The message.
        reason: String,
        /// The API's request id.
        request_id: Option<String>,
    },
    /// 404: no such project or key.
    #[error("{reason}")]
    NotFound {
        /// HTTP status.
        status: u16,
        /// The API's error code.
        code: Option<String>,
        /// The message.
        reason: String,
        /// The API's request id.
        request_id: Option<String>,
    },
    /// 429, after the core's retries.
    #[error("{reason}")]
    RateLimited {
        /// HTTP status.
        status: u16,
        /// The API's error code.
        code: Option<String>,
        /// The message.
        reason: String,
        /// The API's request id.
        request_id: Option<String>,
        /// The `Retry-After` of the last answer, in milliseconds.
        retry_after_ms: Option<u64>,
    },
    /// 400, 413, 415 and other 4xx answers about the request.
    #[error("{reason}")]
    BadRequest {
        /// HTTP status.
        status: u16,
        /// The API's error code.
        code: Option<String>,
        /// The message.
        reason: String,
        /// The API's request id.
        request_id: Option<String>,
    },
    /// 402: the account is out of credit.
    #[error("{reason}")]
    PaymentRequired {
        /// HTTP status.
        status: u16,
        /// The API's error code.
        code: Option<String>,
        /// The message.
        reason: String,
        /// The API's request id.
        request_id: Option<String>,
    },
    /// 5xx, after the core's retries.
    #[error("{reason}")]
    Server {
        /// HTTP status.
        status: u16,
        /// The API's error code.
        code: Option<String>,
        /// The message.
        reason: String,
        /// The API's request id.
        request_id: Option<String>,
    },
    /// The connect or overall timeout fired.
    #[error("{reason}")]
    Timeout {
        /// What timed out.
        reason: String,
        /// `false` when connecting timed out, so the server never got the request; `true` when
        /// it may have got it (after `create_key`, the key may exist).
        request_sent: bool,
    },
    /// The connection failed or broke.
    #[error("{reason}")]
    Network {
        /// What happened.
        reason: String,
        /// `false` when the request provably never reached the server in full (nothing
        /// listening, a failed TLS handshake, a stream that failed mid-upload): after
        /// `create_key`, the key was not created. `true` when it may have arrived and been
        /// acted on: the key may have been created anyway.
        request_sent: bool,
    },
    /// A local file could not be opened or read.
    #[error("{reason}")]
    Io {
        /// The file.
        path: String,
        /// The OS error, with the path.
        reason: String,
    },
    /// A 2xx answer that is not the JSON expected.
    #[error("{reason}")]
    Decode {
        /// HTTP status of the answer.
        status: Option<u16>,
        /// What the decoder said, with the start of the body.
        reason: String,
    },
    /// The key was created but its answer could not be decoded: the raw answer, which holds
    /// the secret, is kept in `raw` so the key is not lost.
    #[error("{reason}")]
    KeyCreatedUndecodable {
        /// What the decoder said.
        reason: String,
        /// The whole answer body.
        raw: Arc<Secret>,
    },
}

impl From<Error> for DeepgramError {
    fn from(e: Error) -> Self {
        let reason = e.to_string();
        if let Some(api) = e.api_error() {
            let (status, code, request_id) = (api.status, api.code.clone(), api.request_id.clone());
            return match (e.kind(), &e) {
                (_, Error::RateLimited { retry_after, .. }) => DeepgramError::RateLimited {
                    status,
                    code,
                    reason,
                    request_id,
                    retry_after_ms: retry_after.map(|d| d.as_millis() as u64),
                },
                (ErrorKind::Auth, _) => DeepgramError::Auth {
                    status,
                    code,
                    reason,
                    request_id,
                },
                (ErrorKind::PermissionDenied, _) => DeepgramError::PermissionDenied {
                    status,
                    code,
                    reason,
                    request_id,
                },
                (ErrorKind::NotFound, _) => DeepgramError::NotFound {
                    status,
                    code,
                    reason,
                    request_id,
                },
                (ErrorKind::PaymentRequired, _) => DeepgramError::PaymentRequired {
                    status,
                    code,
                    reason,
                    request_id,
                },
                (ErrorKind::Server, _) => DeepgramError::Server {
                    status,
                    code,
                    reason,
                    request_id,
                },
                _ => DeepgramError::BadRequest {
                    status,
                    code,
                    reason,
                    request_id,
                },
            };
        }
        match e {
            Error::Io { path, .. } => DeepgramError::Io {
                path: path.to_string_lossy().into_owned(),
                reason,
            },
            Error::KeyCreatedUndecodable { raw, .. } => DeepgramError::KeyCreatedUndecodable {
                reason,
                raw: Arc::new(raw.into()),
            },
            Error::Decode { status, .. } => DeepgramError::Decode {
                status: Some(status),
                reason,
            },
            other => match other.kind() {
                ErrorKind::Timeout => DeepgramError::Timeout {
                    reason,
                    request_sent: other.request_sent(),
                },
                ErrorKind::Network => DeepgramError::Network {
                    reason,
                    request_sent: other.request_sent(),
                },
                ErrorKind::Decode => DeepgramError::Decode {
                    status: None,
                    reason,
                },
                // InvalidOptions and Config, and any kind a later core adds.
                _ => DeepgramError::InvalidOptions { reason },
            },
        }
    }
}

impl From<serde_json::Error> for DeepgramError {
    /// A binding-side conversion of options that the core's types reject (a typo in an enum
    /// value, say): invalid input, found before anything was sent.
    fn from(e: serde_json::Error) -> Self {
        DeepgramError::InvalidOptions {
            reason: format!("invalid options: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dg_core::ApiError;

    fn api(status: u16) -> Error {
        let body = br#"{"err_code":"X_CODE","err_msg":"nope","request_id":"rid-9"}"#;
        Error::from_api(ApiError::from_body(status, None, body), None)
    }

    #[test]
    fn api_errors_keep_status_code_and_request_id() {
        for (status, expect) in [
            (401, "Auth"),
            (403, "PermissionDenied"),
            (404, "NotFound"),
            (402, "PaymentRequired"),
            (400, "BadRequest"),
            (503, "Server"),
            (429, "RateLimited"),
        ] {
            let e = DeepgramError::from(api(status));
            assert!(format!("{e:?}").starts_with(expect), "{status}: {e:?}");
            let text = format!("{e:?}");
            assert!(text.contains("X_CODE") && text.contains("rid-9"), "{text}");
        }
    }

    #[test]
    fn a_created_key_s_raw_answer_is_kept_but_not_printed() {
        let e = DeepgramError::from(Error::KeyCreatedUndecodable {
            message: "bad".into(),
            raw: dg_core::Secret::new("{\"key\":\"canary-77\"}"),
        });
        assert!(!format!("{e} {e:?}").contains("canary-77"));
        match e {
            DeepgramError::KeyCreatedUndecodable { raw, .. } => {
                assert!(raw.reveal().contains("canary-77"))
            }
            other => panic!("{other:?}"),
        }
    }
}
