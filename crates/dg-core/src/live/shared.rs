//! What a binding holds for a stream: which one to open ([`LiveRequest`], read from its
//! caller's arguments), and the open stream as one handle its calls share from any thread
//! ([`SharedSession`]), so no binding keeps its own lock, copy of the request id or format.

use std::sync::Arc;
use std::task::Poll;

use serde_json::Value;

use super::{AudioFormat, LiveEvent, LiveSender, LiveSession};
use crate::error::Result;
use crate::options::{FluxOptions, ListenOptions, Spelling};

/// Which stream to open, with its options.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // made once per stream and moved
pub enum LiveRequest {
    /// `/v1/listen` ([`Client::listen_live`](crate::Client::listen_live)).
    Listen(ListenOptions),
    /// Flux, `/v2/listen` ([`Client::listen_flux`](crate::Client::listen_flux)).
    Flux(FluxOptions),
}

/// A way to open a live stream, as every binding's `listen` namespace shows it.
#[derive(Debug, Clone, Copy)]
pub struct StreamSpec {
    /// The method's name (`live`, `flux`).
    pub name: &'static str,
    /// The [`LiveRequest`] variant it makes, whose options it takes.
    pub request: &'static str,
    /// What it opens, one entry per line, in words that fit every language.
    pub doc: &'static [&'static str],
}

/// The live streams, in the order bindings list them.
pub const STREAMS: &[StreamSpec] = &[
    StreamSpec {
        name: "live",
        request: "Listen",
        doc: &[
            "A live stream (`/v1/listen`) with these options (the live-only ones, such as",
            "`interim_results`, included) and the session's settings.",
        ],
    },
    StreamSpec {
        name: "flux",
        request: "Flux",
        doc: &["A Flux stream (`/v2/listen`, turn-based); `model` is required."],
    },
];

impl LiveRequest {
    /// A `/v1/listen` stream's options read from a binding's object of them, named in
    /// `spelling` (a wrong type is an error naming the option; values are checked on opening).
    pub fn listen(options: Value, spelling: Spelling) -> Result<LiveRequest> {
        ListenOptions::from_value(options, spelling).map(LiveRequest::Listen)
    }

    /// A Flux stream's options, read as [`LiveRequest::listen`] reads them.
    pub fn flux(options: Value, spelling: Spelling) -> Result<LiveRequest> {
        FluxOptions::from_value(options, spelling).map(LiveRequest::Flux)
    }
}

/// An open [`LiveSession`] behind one cheap, cloneable, thread-safe handle: sends go straight
/// to its [`LiveSender`], reads take turns (one `next_event` at a time, in order). The socket
/// closes at once when the last clone is dropped, as when the session is.
#[derive(Debug, Clone)]
pub struct SharedSession(Arc<Shared>);

#[derive(Debug)]
struct Shared {
    sender: LiveSender,
    request_id: Option<String>,
    format: AudioFormat,
    events: tokio::sync::Mutex<LiveSession>,
}

impl From<LiveSession> for SharedSession {
    fn from(session: LiveSession) -> Self {
        SharedSession(Arc::new(Shared {
            sender: session.sender(),
            request_id: session.request_id().map(str::to_owned),
            format: session.format().clone(),
            events: tokio::sync::Mutex::new(session),
        }))
    }
}

impl SharedSession {
    /// The stream's request id (from the upgrade's `dg-request-id`).
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// What sends audio and control messages (and aborts).
    pub fn sender(&self) -> &LiveSender {
        &self.0.sender
    }

    /// What the stream's options say of its audio.
    pub fn format(&self) -> &AudioFormat {
        &self.0.format
    }

    /// The next event if it is already known and no other read is waiting (see
    /// [`LiveSession::try_next_event`]); `Poll::Pending` otherwise.
    pub fn try_next_event(&self) -> Poll<Option<Result<LiveEvent>>> {
        match self.0.events.try_lock() {
            Ok(mut session) => session.try_next_event(),
            Err(_) => Poll::Pending,
        }
    }

    /// The next event (see [`LiveSession::next_event`]), after any read already waiting.
    pub async fn next_event(&self) -> Option<Result<LiveEvent>> {
        self.0.events.lock().await.next_event().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_read_in_the_callers_spelling_and_name_a_bad_option() {
        let request = LiveRequest::listen(
            serde_json::json!({"model": "nova-3", "interimResults": true}),
            Spelling::Camel,
        )
        .unwrap();
        let LiveRequest::Listen(options) = request else {
            panic!("{request:?}")
        };
        assert_eq!(options.interim_results, Some(true));
        let flux = LiveRequest::flux(
            serde_json::json!({"model": "flux-general-en", "eot_threshold": 0.7}),
            Spelling::Snake,
        )
        .unwrap();
        assert!(matches!(flux, LiveRequest::Flux(f) if f.eot_threshold == Some(0.7)));
        let error = LiveRequest::flux(
            serde_json::json!({"eot_threshold": "high"}),
            Spelling::Snake,
        )
        .unwrap_err();
        assert!(error.to_string().contains("eot_threshold"), "{error}");
    }
}
