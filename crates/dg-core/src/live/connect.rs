//! Opening the socket: the URL (`wss://`, or `ws://` to a loopback host), the headers, TLS
//! with the platform's verifier, and a refused upgrade as the same typed error as REST.

use std::sync::{Arc, OnceLock};

use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream, tungstenite};
use url::Url;

use crate::config::ClientConfig;
use crate::error::{Error, Result};

pub(crate) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The socket's read buffer. tungstenite zero-fills the whole buffer before every read, even
/// one that finds nothing: at its default of 128 KiB that was a fifth of a live session's CPU
/// in real time (a few KiB of audio out and a small JSON message in every 100 ms). The server's
/// messages are JSON of a few KiB; a larger one takes a second read.
const READ_BUFFER: usize = 16 * 1024;

/// The TLS settings of every live socket: the platform's certificate verifier (as the REST
/// transport), made once because loading the system's roots is slow.
fn tls() -> Result<Arc<rustls::ClientConfig>> {
    static TLS: OnceLock<std::result::Result<Arc<rustls::ClientConfig>, String>> = OnceLock::new();
    TLS.get_or_init(|| {
        use rustls_platform_verifier::BuilderVerifierExt;
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_platform_verifier()
            .map(|b| Arc::new(b.with_no_client_auth()))
            .map_err(|e| e.to_string())
    })
    .clone()
    .map_err(|e| Error::config(None, format!("cannot set up TLS: {e}")))
}

/// Connects to `url` (from [`crate::request::live_url`] or [`crate::request::flux_url`]) and
/// upgrades, the credentials in the `Authorization` header or, with `subprotocol`, in
/// `Sec-WebSocket-Protocol` (the browser form); returns the socket and the stream's request id.
pub(crate) async fn connect(
    config: &ClientConfig,
    url: &Url,
    subprotocol: bool,
) -> Result<(Socket, Option<String>)> {
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| Error::invalid(format!("cannot build the live request: {e}")))?;
    let headers = request.headers_mut();
    if subprotocol {
        headers.insert(
            "sec-websocket-protocol",
            config.credentials.subprotocol_value()?,
        );
    } else {
        headers.insert("authorization", config.credentials.header_value()?);
    }
    if let Ok(agent) = HeaderValue::from_str(&config.user_agent()) {
        headers.insert("user-agent", agent);
    }
    let connector = if url.scheme() == "wss" {
        Connector::Rustls(tls()?)
    } else {
        Connector::Plain
    };
    let websocket = tungstenite::protocol::WebSocketConfig::default().read_buffer_size(READ_BUFFER);
    let opened = tokio_tungstenite::connect_async_tls_with_config(
        request,
        Some(websocket),
        true,
        Some(connector),
    );
    let (socket, response) = tokio::time::timeout(config.connect_timeout, opened)
        .await
        .map_err(|_| Error::Timeout {
            message: format!(
                "opening the live stream took longer than {:?}",
                config.connect_timeout
            ),
            request_sent: false,
        })?
        .map_err(|e| refused(e, config.credentials.secret().expose()))?;
    let request_id = response
        .headers()
        .get("dg-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    Ok((socket, request_id))
}

/// A failed upgrade: an HTTP answer is the API's error (401, 403, 429, ...) read as REST's
/// are ([`crate::transport::error_answer`]: the credential scrubbed, `Retry-After` kept);
/// anything else is a network error before the stream existed.
fn refused(error: tungstenite::Error, secret: &str) -> Error {
    match error {
        tungstenite::Error::Http(response) => {
            let body = response.body().as_deref().unwrap_or_default();
            let (api, retry_after) = crate::transport::error_answer(
                response.status().as_u16(),
                response.headers(),
                body,
                secret,
            );
            Error::from_api(api, retry_after)
        }
        other => Error::network(
            format!("could not open the live stream: {other}"),
            false,
            other,
        ),
    }
}
