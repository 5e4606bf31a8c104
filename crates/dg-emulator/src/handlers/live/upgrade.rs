//! Accepting a WebSocket upgrade: the 101 answer, and the task the stream then runs in.

use std::sync::Arc;

use bytes::Bytes;
use http::header::{CONNECTION, HeaderValue, SEC_WEBSOCKET_ACCEPT, UPGRADE};
use http::{Response, StatusCode};
use http_body_util::Full;
use hyper_util::rt::TokioIo;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};

use super::outbox::Faults;
use super::socket::{self, Session};
use crate::access::auth;
use crate::errors::ApiError;
use crate::handlers::Cx;
use crate::handlers::recording::Draft;
use crate::http::reply::Reply;
use crate::state::faults::FaultAction;

/// The socket's read buffer: one 32 KiB audio message per read. tungstenite zero-fills the
/// whole buffer before every read, so its 128 KiB default cost more than the reading when
/// clients send small chunks in real time.
const READ_BUFFER: usize = 32 * 1024;

/// An upgrade the client asked for, not answered yet.
pub(super) struct Upgrade {
    on_upgrade: hyper::upgrade::OnUpgrade,
    accept: String,
    /// The scheme of the subprotocol form of auth, to echo.
    subprotocol: Option<&'static str>,
}

impl Upgrade {
    /// The WebSocket upgrade of the request; a 400 when it is a plain GET of `endpoint`.
    pub(super) fn asked(cx: &Cx<'_>, endpoint: &str) -> Result<Upgrade, ApiError> {
        let headers = &cx.parts.headers;
        let wants_websocket = headers
            .get(UPGRADE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
        let key = headers.get("sec-websocket-key");
        let on_upgrade = cx
            .parts
            .extensions
            .get::<hyper::upgrade::OnUpgrade>()
            .cloned();
        let (true, Some(key), Some(on_upgrade)) = (wants_websocket, key, on_upgrade) else {
            return Err(ApiError::BadRequest(format!(
                "GET {endpoint} is live streaming: open it as a WebSocket"
            )));
        };
        // Deepgram answers the subprotocol form with the scheme alone (never the secret).
        let subprotocol = auth::subprotocol(headers).map(|(scheme, _)| {
            if scheme.eq_ignore_ascii_case("bearer") {
                "bearer"
            } else {
                "token"
            }
        });
        Ok(Upgrade {
            on_upgrade,
            accept: derive_accept_key(key.as_bytes()),
            subprotocol,
        })
    }

    /// Answers 101 and runs `session` on the upgraded connection, with the live fault the
    /// request drew, if any. The stream outlives its request: it ends with the emulator,
    /// closing its connection. When the stream ends (not when the emulator stops) it is
    /// recorded in the project's usage as `usage` with the audio it heard.
    pub(super) fn serve<S: Session>(self, cx: &Cx<'_>, session: S, usage: Draft) -> Reply {
        let ledger = Arc::clone(&cx.shared.ledger);
        let stopping = cx.shared.stopping.clone();
        let idle = cx.shared.live_idle_timeout;
        let faults = Faults::of(cx.parts.extensions.get::<FaultAction>());
        let on_upgrade = self.on_upgrade;
        // Counted from the 101, so a client that hangs up before the upgrade completes still
        // shows as opened and then closed.
        let counted = cx.shared.stats.live_stream();
        tokio::spawn(async move {
            let serve = async move {
                if let Ok(upgraded) = on_upgrade.await {
                    let _open = counted;
                    let socket = WebSocketStream::from_raw_socket(
                        TokioIo::new(upgraded),
                        Role::Server,
                        Some(WebSocketConfig::default().read_buffer_size(READ_BUFFER)),
                    )
                    .await;
                    let heard = socket::run(socket, idle, faults, session).await;
                    usage.streamed(&ledger, heard);
                }
            };
            tokio::select! {
                () = serve => {}
                () = stopping.cancelled() => {}
            }
        });
        let mut reply = Response::new(Full::new(Bytes::new()));
        *reply.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
        let out = reply.headers_mut();
        out.insert(UPGRADE, HeaderValue::from_static("websocket"));
        out.insert(CONNECTION, HeaderValue::from_static("Upgrade"));
        out.insert(
            SEC_WEBSOCKET_ACCEPT,
            HeaderValue::from_str(&self.accept).expect("base64 is a valid header value"),
        );
        if let Some(scheme) = self.subprotocol {
            out.insert("sec-websocket-protocol", HeaderValue::from_static(scheme));
        }
        reply
    }
}
