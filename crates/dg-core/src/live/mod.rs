//! Live streaming: `wss://…/v1/listen` and Flux's `wss://…/v2/listen` over WebSocket.
//!
//! [`Client::listen_live`](crate::Client::listen_live) opens a [`LiveSession`]: audio goes in
//! through [`LiveSession::send`] (written on the caller's thread when the socket has taken
//! everything before it, else queued in a bounded buffer it waits on while full, so a fast
//! producer cannot grow memory), the server's messages come out as typed [`LiveEvent`]s, and
//! [`LiveSession::close`] asks the server to finish: every remaining result and the final
//! `Metadata` still arrive, then the events end. A close other than the normal 1000 ends the
//! events with a typed error ([`Error::StreamClosed`](crate::Error::StreamClosed)).
//!
//! Keep-alive is on by default: a `{"type":"KeepAlive"}` goes out after
//! [`LiveConfig::keep_alive`] without audio, so a pause in the audio does not hit Deepgram's
//! 10-second idle timeout. Nothing is sent after `CloseStream`.
//!
//! [`send_reader`] streams a file or any reader at real-time pace, N times real time, or as
//! fast as the server takes it; [`open_url`] reads audio from an http(s) URL for it, and
//! [`send_source`] streams whatever a transcription would upload (a file, bytes, chunks, a URL).
//!
//! Reconnection is opt-in ([`LiveConfig::reconnect`]). Bindings make the configuration from
//! [`LiveSettings`], the one deserializable set of names and checks, open what a
//! [`LiveRequest`] names and hold the stream as a [`SharedSession`]. [`Utterances`] joins the final results
//! into whole utterances.
//!
//! Flux ([`Client::listen_flux`](crate::Client::listen_flux)) is the same session speaking
//! the turn-based protocol: `TurnInfo` events instead of `Results`, `configure` instead of
//! `finalize`, keep-alive by WebSocket ping; reconnection resends the audio no `EndOfTurn`
//! covers and keeps turn numbers and times running on.

mod connect;
mod event;
mod pace;
mod remote;
mod replay;
mod session;
mod settings;
mod shared;
mod utterances;
mod wire;

use std::time::Duration;

pub(crate) use connect::connect;
pub use event::{EventSpec, LiveEvent};
pub use pace::{AudioFormat, Pace, byte_rate, send_reader, send_source};
pub use remote::open_url;
pub use session::{LiveSender, LiveSession};
pub(crate) use session::{Protocol, Resume};
pub use settings::{LIVE_SETTING_NAMES, LIVE_SETTING_SPECS, LiveSettings};
pub use shared::{LiveRequest, STREAMS, SharedSession, StreamSpec};
pub use utterances::Utterances;

/// How a live session behaves (the query options are the [`ListenOptions`](crate::ListenOptions)).
#[derive(Debug, Clone)]
pub struct LiveConfig {
    /// Send a `KeepAlive` after this long without audio; `None` turns keep-alive off (the
    /// server then closes an idle stream after about 10 s). Default: 4 s.
    pub keep_alive: Option<Duration>,
    /// How many chunks of audio may wait to be sent before [`LiveSession::send`] waits.
    /// Default: 16.
    pub send_buffer: usize,
    /// How many received events may wait to be read; when they are not read, the socket is not
    /// read either (and, past the server's patience, it closes). Default: 256.
    pub event_buffer: usize,
    /// Reconnection, off by default (`None`): see [`Reconnect`].
    pub reconnect: Option<Reconnect>,
    /// Send the credentials as a browser must, in `Sec-WebSocket-Protocol: token, <key>`,
    /// instead of the `Authorization` header (for a proxy or gateway that drops that header).
    /// Default: `false`.
    pub subprotocol_auth: bool,
}

/// Picking a stream up on a new connection when it drops (no close frame) or the server
/// closes it with 1011, 1012 or 1013; never after 1000 or 1008. The audio no final result
/// covers yet is kept (up to [`Reconnect::replay_seconds`]) and sent again, the new
/// connection's timestamps are shifted to run on from the old ones, and a final result the
/// stream already gave is not given twice. Each reconnection is a
/// [`LiveEvent::Reconnected`]. Needs the audio's byte rate (a WAV header, or `encoding` +
/// `sample_rate`); without it a dropped stream ends in its error as without reconnection.
#[derive(Debug, Clone, PartialEq)]
pub struct Reconnect {
    /// How often and how long to wait: `max_retries` attempts after each drop, a jittered
    /// backoff from `initial_backoff` doubling up to `max_backoff` (the same policy as REST
    /// retries). Default: 5 attempts, 250 ms to 5 s.
    pub backoff: crate::RetryPolicy,
    /// The most audio kept for sending again, in seconds. Default: 30.
    pub replay_seconds: f64,
}

impl Default for Reconnect {
    fn default() -> Self {
        Reconnect {
            backoff: crate::RetryPolicy {
                max_retries: 5,
                initial_backoff: Duration::from_millis(250),
                max_backoff: Duration::from_secs(5),
            },
            replay_seconds: 30.0,
        }
    }
}

impl Default for LiveConfig {
    fn default() -> Self {
        LiveConfig {
            keep_alive: Some(Duration::from_secs(4)),
            send_buffer: 16,
            event_buffer: 256,
            reconnect: None,
            subprotocol_auth: false,
        }
    }
}
