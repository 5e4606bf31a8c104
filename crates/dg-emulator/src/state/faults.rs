//! Faults that tests queue to make the emulator fail matching requests on purpose.

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use http::StatusCode;
use http::header::{HeaderValue, RETRY_AFTER};
use serde::Deserialize;

use crate::errors::{Body, DocumentedError};
use crate::http::reply::{self, Reply};

/// A fault applied to the next `count` requests whose path starts with `path_prefix` (every
/// path when `None`). Faults never apply to the emulator's own `/__emulator/` endpoints;
/// queued faults are tried in the order they were injected.
#[derive(Clone, Debug, PartialEq)]
pub struct Fault {
    /// How many requests it applies to.
    pub count: u32,
    /// Only requests whose path (without the query) starts with this.
    pub path_prefix: Option<String>,
    /// What happens to those requests.
    pub action: FaultAction,
}

/// What a [`Fault`] does to a request.
#[derive(Clone, Debug, PartialEq)]
pub enum FaultAction {
    /// Answer with this status (200–599) without processing the request. `body: None` sends
    /// the documented Deepgram body for the status ([`DocumentedError::for_status`]), or a
    /// legacy-shaped body naming the status when Deepgram documents none. `retry_after` adds a
    /// `Retry-After` header (seconds).
    Status {
        /// The HTTP status.
        status: u16,
        /// The exact body to send instead of the documented one.
        body: Option<String>,
        /// Seconds for a `Retry-After` header.
        retry_after: Option<u32>,
    },
    /// Answer with one documented Deepgram error, for the statuses that have several bodies
    /// (400 legacy or modern, 401, 404 JSON or plain text).
    Error(DocumentedError),
    /// Wait this long, then answer normally.
    Delay(Duration),
    /// Close the connection at once, without reading the body or answering.
    DropConnection,
    /// Read the whole body and process the request (a key is created, audio is hashed), then
    /// close the connection without answering: an answer lost on its way back.
    DropAfterBody,
    /// A live stream (`GET /v1/listen` or Flux's `GET /v2/listen` upgraded) runs normally
    /// until this much audio has arrived, then its connection is cut: dropped without a close
    /// frame (`code: None`), or closed with `code` (1011, 1012, ...).
    CutLiveStream {
        /// Audio time after which the stream is cut.
        after_audio: Duration,
        /// The close code, or `None` to drop the connection.
        code: Option<u16>,
    },
    /// A live stream runs normally until the server has sent this many messages (every text
    /// message counts: `Results`, `Metadata`, Flux's `Connected` and `TurnInfo`, ...), then its
    /// connection is cut right after the last one, as [`FaultAction::CutLiveStream`] cuts it.
    CutLiveStreamAfterMessages {
        /// How many messages are sent before the cut (at least 1).
        after_messages: u32,
        /// The close code, or `None` to drop the connection.
        code: Option<u16>,
    },
    /// Every message the server sends on a live stream goes out this long after it was
    /// produced, in order; the stream is otherwise unchanged (its audio is read meanwhile, and
    /// its close comes after its last message).
    DelayLiveResults(Duration),
}

impl Fault {
    /// Why the fault cannot be applied, if it cannot.
    pub(crate) fn problem(&self) -> Option<String> {
        if self.count == 0 {
            return Some("count is 0: the fault would never apply".to_owned());
        }
        match &self.action {
            FaultAction::Status { status, .. } if !(200..=599).contains(status) => Some(format!(
                "status {status} is not a final HTTP status (200-599)"
            )),
            FaultAction::CutLiveStreamAfterMessages {
                after_messages: 0, ..
            } => Some("cut_live_after_messages is 0: give 1 or more".to_owned()),
            FaultAction::CutLiveStream {
                code: Some(code), ..
            }
            | FaultAction::CutLiveStreamAfterMessages {
                code: Some(code), ..
            } if !close_code_can_be_sent(*code) => Some(format!(
                "close_code {code} cannot be sent in a close frame (1000-1003, 1007-1014, 3000-4999)"
            )),
            _ => None,
        }
    }

    fn applies_to(&self, path: &str) -> bool {
        self.path_prefix
            .as_deref()
            .is_none_or(|prefix| path.starts_with(prefix))
    }
}

/// Whether a close frame may carry `code` (RFC 6455 7.4: 1004-1006 and 1015 are reserved,
/// 1016-2999 are for future extensions, and codes below 1000 are not used).
fn close_code_can_be_sent(code: u16) -> bool {
    matches!(code, 1000..=1003 | 1007..=1014 | 3000..=4999)
}

#[derive(Default)]
pub(crate) struct FaultQueue {
    queue: Mutex<VecDeque<Fault>>,
}

impl FaultQueue {
    pub(crate) fn push(&self, fault: Fault) {
        self.lock().push_back(fault);
    }

    /// The action for a request to `path`, using up one count of the first fault that applies.
    pub(crate) fn take(&self, path: &str) -> Option<FaultAction> {
        let mut queue = self.lock();
        let index = queue.iter().position(|fault| fault.applies_to(path))?;
        let fault = &mut queue[index];
        fault.count -= 1;
        let action = fault.action.clone();
        if fault.count == 0 {
            queue.remove(index);
        }
        Some(action)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Fault>> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The answer of a [`FaultAction::Status`].
pub(crate) fn status_answer(
    status: u16,
    body: Option<String>,
    retry_after: Option<u32>,
    request_id: &str,
) -> Reply {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut answer = match body {
        Some(text) => {
            let is_json = serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok();
            let content_type = if is_json {
                "application/json"
            } else {
                "text/plain; charset=utf-8"
            };
            reply::with_body(code, content_type, text)
        }
        None => {
            let body = DocumentedError::for_status(status).map_or_else(
                || {
                    let reason = code.canonical_reason().unwrap_or("Error");
                    Body::legacy(reason, format!("{reason}."))
                },
                DocumentedError::body,
            );
            reply::error(code, &body, request_id)
        }
    };
    if let Some(seconds) = retry_after {
        answer
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(seconds));
    }
    answer
}

/// The answer of a [`FaultAction::Error`].
pub(crate) fn error_answer(error: DocumentedError, request_id: &str) -> Reply {
    let code = StatusCode::from_u16(error.status()).expect("documented statuses are valid");
    reply::error(code, &error.body(), request_id)
}

/// The JSON body of `POST /__emulator/faults`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FaultSpec {
    #[serde(default = "one")]
    count: u32,
    path_prefix: Option<String>,
    status: Option<u16>,
    body: Option<String>,
    retry_after: Option<u32>,
    error: Option<DocumentedError>,
    delay_ms: Option<u64>,
    drop: Option<DropSpec>,
    cut_live_after_ms: Option<u64>,
    cut_live_after_messages: Option<u32>,
    close_code: Option<u16>,
    delay_live_results_ms: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum DropSpec {
    Connection,
    AfterBody,
}

fn one() -> u32 {
    1
}

impl FaultSpec {
    pub(crate) fn into_fault(self) -> Result<Fault, String> {
        if self.status.is_none() && (self.body.is_some() || self.retry_after.is_some()) {
            return Err("body and retry_after go with status".to_owned());
        }
        let mut actions = Vec::new();
        if let Some(status) = self.status {
            actions.push(FaultAction::Status {
                status,
                body: self.body,
                retry_after: self.retry_after,
            });
        }
        if let Some(error) = self.error {
            actions.push(FaultAction::Error(error));
        }
        if let Some(ms) = self.delay_ms {
            actions.push(FaultAction::Delay(Duration::from_millis(ms)));
        }
        if self.cut_live_after_ms.is_none()
            && self.cut_live_after_messages.is_none()
            && self.close_code.is_some()
        {
            return Err(
                "close_code goes with cut_live_after_ms or cut_live_after_messages".to_owned(),
            );
        }
        if let Some(ms) = self.cut_live_after_ms {
            actions.push(FaultAction::CutLiveStream {
                after_audio: Duration::from_millis(ms),
                code: self.close_code,
            });
        }
        if let Some(after_messages) = self.cut_live_after_messages {
            actions.push(FaultAction::CutLiveStreamAfterMessages {
                after_messages,
                code: self.close_code,
            });
        }
        if let Some(ms) = self.delay_live_results_ms {
            actions.push(FaultAction::DelayLiveResults(Duration::from_millis(ms)));
        }
        match self.drop {
            Some(DropSpec::Connection) => actions.push(FaultAction::DropConnection),
            Some(DropSpec::AfterBody) => actions.push(FaultAction::DropAfterBody),
            None => {}
        }
        let [action] = <[FaultAction; 1]>::try_from(actions).map_err(|_| {
            "give exactly one of status, error, delay_ms, drop, cut_live_after_ms, \
             cut_live_after_messages and delay_live_results_ms"
                .to_owned()
        })?;
        let fault = Fault {
            count: self.count,
            path_prefix: self.path_prefix,
            action,
        };
        match fault.problem() {
            Some(problem) => Err(problem),
            None => Ok(fault),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: &str) -> Result<Fault, String> {
        serde_json::from_str::<FaultSpec>(json)
            .map_err(|e| e.to_string())?
            .into_fault()
    }

    #[test]
    fn json_specs_become_faults() {
        assert_eq!(
            spec(r#"{"count":2,"path_prefix":"/v1/listen","status":503}"#).unwrap(),
            Fault {
                count: 2,
                path_prefix: Some("/v1/listen".into()),
                action: FaultAction::Status {
                    status: 503,
                    body: None,
                    retry_after: None
                },
            }
        );
        assert_eq!(
            spec(r#"{"delay_ms":3000}"#).unwrap().action,
            FaultAction::Delay(Duration::from_secs(3))
        );
        assert_eq!(
            spec(r#"{"drop":"after_body"}"#).unwrap().action,
            FaultAction::DropAfterBody
        );
        assert_eq!(
            spec(r#"{"error":"invalid_json"}"#).unwrap().action,
            FaultAction::Error(DocumentedError::InvalidJson)
        );
    }

    #[test]
    fn a_spec_needs_exactly_one_valid_action() {
        assert!(spec(r#"{"count":1}"#).is_err());
        assert!(spec(r#"{"status":503,"drop":"connection"}"#).is_err());
        assert!(spec(r#"{"status":99}"#).is_err());
        assert!(spec(r#"{"retry_after":3,"delay_ms":1}"#).is_err());
        assert!(spec(r#"{"drop":"sideways"}"#).is_err());
        assert!(spec(r#"{"count":0,"status":503}"#).is_err());
    }

    #[test]
    fn live_stream_faults() {
        assert_eq!(
            spec(r#"{"path_prefix":"/v2/listen","cut_live_after_messages":3}"#).unwrap(),
            Fault {
                count: 1,
                path_prefix: Some("/v2/listen".into()),
                action: FaultAction::CutLiveStreamAfterMessages {
                    after_messages: 3,
                    code: None
                },
            }
        );
        assert_eq!(
            spec(r#"{"cut_live_after_messages":1,"close_code":1012}"#)
                .unwrap()
                .action,
            FaultAction::CutLiveStreamAfterMessages {
                after_messages: 1,
                code: Some(1012)
            }
        );
        assert_eq!(
            spec(r#"{"cut_live_after_ms":1500,"close_code":4000}"#)
                .unwrap()
                .action,
            FaultAction::CutLiveStream {
                after_audio: Duration::from_millis(1500),
                code: Some(4000)
            }
        );
        assert_eq!(
            spec(r#"{"count":2,"delay_live_results_ms":300}"#).unwrap(),
            Fault {
                count: 2,
                path_prefix: None,
                action: FaultAction::DelayLiveResults(Duration::from_millis(300)),
            }
        );
    }

    #[test]
    fn live_stream_faults_are_refused_when_they_cannot_apply() {
        let refused = |json: &str| spec(json).expect_err(json);
        assert!(refused(r#"{"cut_live_after_messages":0}"#).contains("is 0"));
        for json in [
            r#"{"cut_live_after_messages":3,"status":503}"#,
            r#"{"cut_live_after_messages":3,"cut_live_after_ms":1000}"#,
            r#"{"cut_live_after_messages":3,"delay_live_results_ms":300}"#,
            r#"{"delay_live_results_ms":300,"delay_ms":300}"#,
            r#"{"delay_live_results_ms":300,"drop":"connection"}"#,
        ] {
            assert!(refused(json).contains("exactly one"), "{json}");
        }
        assert!(
            refused(r#"{"delay_live_results_ms":300,"close_code":1011}"#).contains("close_code")
        );
        assert!(refused(r#"{"status":503,"close_code":1011}"#).contains("close_code"));
        for code in [999, 1005, 1006, 1015, 2000, 5000] {
            let json = format!(r#"{{"cut_live_after_messages":2,"close_code":{code}}}"#);
            assert!(refused(&json).contains("cannot be sent"), "{json}");
            let json = format!(r#"{{"cut_live_after_ms":2,"close_code":{code}}}"#);
            assert!(refused(&json).contains("cannot be sent"), "{json}");
        }
        assert!(spec(r#"{"cut_live_after_messages":-1}"#).is_err());
        assert!(spec(r#"{"delay_live_results_ms":"slow"}"#).is_err());
    }

    #[test]
    fn faults_apply_in_order_to_matching_paths_until_used_up() {
        let queue = FaultQueue::default();
        queue.push(Fault {
            count: 1,
            path_prefix: Some("/v1/listen".into()),
            action: FaultAction::DropConnection,
        });
        queue.push(Fault {
            count: 2,
            path_prefix: None,
            action: FaultAction::DropAfterBody,
        });
        assert_eq!(queue.take("/v1/projects"), Some(FaultAction::DropAfterBody));
        assert_eq!(queue.take("/v1/listen"), Some(FaultAction::DropConnection));
        assert_eq!(queue.take("/v1/listen"), Some(FaultAction::DropAfterBody));
        assert_eq!(queue.take("/v1/listen"), None);
    }
}
