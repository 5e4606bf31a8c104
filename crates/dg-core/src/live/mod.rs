//! Live streaming: `wss://…/v1/listen` over WebSocket.
//!
//! [`Client::listen_live`](crate::Client::listen_live) opens a [`LiveSession`]: audio goes in
//! through [`LiveSession::send`] (which waits while its bounded buffer is full, so a fast
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
//! fast as the server takes it.
//!
//! Not built yet (see the README): reconnection, Flux (`/v2/listen`), the browser
//! subprotocol form of authentication.

mod connect;
mod event;
mod pace;
mod session;

use std::time::Duration;

pub(crate) use connect::connect;
pub use event::LiveEvent;
pub use pace::{Pace, byte_rate, send_reader};
pub use session::{LiveSender, LiveSession};

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
}

impl Default for LiveConfig {
    fn default() -> Self {
        LiveConfig {
            keep_alive: Some(Duration::from_secs(4)),
            send_buffer: 16,
            event_buffer: 256,
        }
    }
}
