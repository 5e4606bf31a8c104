//! `DeepgramError` (Kotlin: the sealed `DeepgramException`; Swift: an `Error` enum): one
//! variant per [`dg_core::ErrorKind`], named by its [`dg_core::ErrorKind::class_stem`]
//! (`DeepgramException.InvalidOptions`, `.RateLimit`, `.File`, ...), each carrying the core's
//! [`dg_core::ErrorRecord`] fields. The message (`reason`: Kotlin's exceptions own `message`) is
//! the core's, which never holds a secret, with option names spelled in camelCase.

use std::sync::Arc;

use dg_core::options::Spelling;
use dg_core::{Error, ErrorKind, ErrorRecord};

use crate::secret::Secret;

/// Declares the enum, one variant per kind with the same fields, and the mapping from a kind.
macro_rules! deepgram_error {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $kind:ident, )+) => {
        /// Why a call failed: the class is the core's error kind, the fields its error record.
        #[derive(Debug, thiserror::Error, uniffi::Error)]
        pub enum DeepgramError {
            $(
                $(#[doc = $doc])+
                #[error("{reason}")]
                $variant {
                    /// The whole message, option names spelled in camelCase.
                    reason: String,
                    /// The HTTP status, when the server answered.
                    status: Option<u16>,
                    /// The API's error code (`err_code`, `error_code` or `category`).
                    code: Option<String>,
                    /// The request id of the failed request.
                    request_id: Option<String>,
                    /// The API's `details`, when its answer had them.
                    details: Option<String>,
                    /// Whether the server may have received the whole request: `false` when it
                    /// provably did not (after `createKey`, the key was not created).
                    request_sent: bool,
                    /// How long a 429 asked to wait, in milliseconds.
                    retry_after_ms: Option<u64>,
                    /// The option or setting at fault (camelCase).
                    option: Option<String>,
                    /// The local file at fault.
                    path: Option<String>,
                    /// The raw answer of a key that was created but could not be decoded (it
                    /// holds the key's secret: `reveal()` to read it).
                    raw_answer: Option<Arc<Secret>>,
                },
            )+
        }

        impl DeepgramError {
            fn new(r: ErrorRecord, raw_answer: Option<Arc<Secret>>) -> Self {
                match r.kind {
                    $(ErrorKind::$kind => DeepgramError::$variant {
                        reason: r.message,
                        status: r.status,
                        code: r.code,
                        request_id: r.request_id,
                        details: r.details,
                        request_sent: r.request_sent,
                        retry_after_ms: r.retry_after_ms,
                        option: r.option,
                        path: r.path,
                        raw_answer,
                    },)+
                    // A kind a later core adds fails the test below until it has a variant.
                    _ => unreachable!("no DeepgramError variant for {:?}", r.kind),
                }
            }

            /// The variant's name: the kind's class stem.
            #[cfg(test)]
            fn class_stem(&self) -> &'static str {
                match self {
                    $(DeepgramError::$variant { .. } => stringify!($variant),)+
                }
            }
        }
    };
}

deepgram_error! {
    /// Options or arguments refused before anything was sent; `option` names the one at fault.
    InvalidOptions = InvalidOptions,
    /// Settings the client cannot be made with; `option` names the setting.
    Config = Config,
    /// 401: missing, wrong, expired or revoked credentials.
    Auth = Auth,
    /// 403: the credentials lack a scope the call needs.
    PermissionDenied = PermissionDenied,
    /// 404: no such project, key or resource.
    NotFound = NotFound,
    /// 429 after the retries the client allows; `retry_after_ms` is the server's last ask.
    RateLimit = RateLimited,
    /// 400, 413, 415 and other 4xx answers about the request.
    BadRequest = BadRequest,
    /// 402: the project's balance is exhausted.
    PaymentRequired = PaymentRequired,
    /// 5xx after the retries the client allows.
    Server = Server,
    /// The connect or overall timeout fired; `request_sent` says whether the server may have
    /// acted.
    Timeout = Timeout,
    /// The connection failed or broke; `request_sent` says whether the server may have acted.
    Network = Network,
    /// The client, or the live stream, was already closed by the program; nothing was sent.
    Closed = Closed,
    /// A local file could not be opened or read; `path` names it.
    File = Io,
    /// A 2xx answer that is not the JSON expected.
    Decode = Decode,
    /// The key was created but its answer could not be decoded: the raw answer, which holds
    /// the secret, is kept in `raw_answer` so the key is not lost.
    KeyCreatedUndecodable = KeyCreatedUndecodable,
}

impl From<Error> for DeepgramError {
    fn from(e: Error) -> Self {
        let raw = e.raw_answer().map(|s| Arc::new(Secret::from(s.clone())));
        DeepgramError::new(e.record_spelled(Spelling::Camel), raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dg_core::ApiError;

    #[test]
    fn every_kind_has_its_own_variant_named_by_its_class_stem() {
        let mut seen = std::collections::HashSet::new();
        for kind in ErrorKind::ALL {
            let record = ErrorRecord {
                kind: *kind,
                message: "m".into(),
                status: None,
                code: None,
                request_id: None,
                details: None,
                request_sent: false,
                retry_after_ms: None,
                option: None,
                path: None,
            };
            let stem = DeepgramError::new(record, None).class_stem();
            assert_eq!(stem, kind.class_stem());
            assert!(seen.insert(stem), "{kind:?}");
        }
    }

    #[test]
    fn the_record_fields_are_carried() {
        let body = br#"{"err_code":"X_CODE","err_msg":"nope","request_id":"rid-9","details":"d"}"#;
        let e = Error::from_api(ApiError::from_body(429, None, body), None);
        match DeepgramError::from(e) {
            DeepgramError::RateLimit {
                status,
                code,
                request_id,
                details,
                request_sent,
                ..
            } => {
                assert_eq!((status, code.as_deref()), (Some(429), Some("X_CODE")));
                assert_eq!(
                    (request_id.as_deref(), details.as_deref()),
                    (Some("rid-9"), Some("d"))
                );
                assert!(request_sent);
            }
            other => panic!("{other:?}"),
        }
        let e = Error::invalid_option("smart_format", "`smart_format` is wrong");
        match DeepgramError::from(e) {
            DeepgramError::InvalidOptions { option, reason, .. } => {
                assert_eq!(option.as_deref(), Some("smartFormat"));
                assert!(reason.contains("`smartFormat`"), "{reason}");
            }
            other => panic!("{other:?}"),
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
            DeepgramError::KeyCreatedUndecodable { raw_answer, .. } => {
                assert!(raw_answer.unwrap().reveal().contains("canary-77"))
            }
            other => panic!("{other:?}"),
        }
    }
}
