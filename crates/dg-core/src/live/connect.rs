//! Opening the socket: the URL (`wss://`, or `ws://` to a loopback host), the headers, TLS
//! with the platform's verifier, and a refused upgrade as the same typed error as REST.

use std::sync::{Arc, OnceLock};

use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream, tungstenite};
use url::Url;

use crate::config::ClientConfig;
use crate::error::{ApiError, Error, Result};
use crate::options::ListenOptions;

pub(crate) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// `wss://…/v1/listen?…` for `base`: the scheme follows the base URL's (`https` -> `wss`;
/// `http`, which the config allows only to a loopback host, -> `ws`).
pub(crate) fn live_url(base: &Url, options: &ListenOptions) -> Result<Url> {
    let mut url = base
        .join("v1/listen")
        .map_err(|e| Error::invalid(format!("cannot build the live URL: {e}")))?;
    let scheme = if base.scheme() == "https" {
        "wss"
    } else {
        "ws"
    };
    url.set_scheme(scheme)
        .map_err(|()| Error::invalid("cannot build the live URL"))?;
    let pairs = options.live_query_pairs()?;
    if !pairs.is_empty() {
        let mut q = url.query_pairs_mut();
        for (k, v) in &pairs {
            q.append_pair(k, v);
        }
    }
    Ok(url)
}

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

/// Connects and upgrades; returns the socket and the stream's request id.
pub(crate) async fn connect(
    config: &ClientConfig,
    options: &ListenOptions,
) -> Result<(Socket, Option<String>)> {
    let url = live_url(&config.base_url, options)?;
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| Error::invalid(format!("cannot build the live request: {e}")))?;
    let headers = request.headers_mut();
    headers.insert("authorization", config.credentials.header_value()?);
    if let Ok(agent) = HeaderValue::from_str(&config.user_agent()) {
        headers.insert("user-agent", agent);
    }
    let connector = if url.scheme() == "wss" {
        Connector::Rustls(tls()?)
    } else {
        Connector::Plain
    };
    let opened =
        tokio_tungstenite::connect_async_tls_with_config(request, None, true, Some(connector));
    let (socket, response) = tokio::time::timeout(config.connect_timeout, opened)
        .await
        .map_err(|_| Error::Timeout {
            message: format!(
                "opening the live stream took longer than {:?}",
                config.connect_timeout
            ),
            request_sent: false,
        })?
        .map_err(refused)?;
    let request_id = response
        .headers()
        .get("dg-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    Ok((socket, request_id))
}

/// A failed upgrade: an HTTP answer is the API's error (401, 403, 429, ...) as for REST;
/// anything else is a network error before the stream existed.
fn refused(error: tungstenite::Error) -> Error {
    match error {
        tungstenite::Error::Http(response) => {
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            let body = response.body().as_deref().unwrap_or_default();
            let mut api = ApiError::from_body(
                response.status().as_u16(),
                header("dg-request-id").as_deref(),
                body,
            );
            if api.code.is_none() {
                api.code = header("dg-error");
            }
            Error::from_api(api, None)
        }
        other => Error::network(
            format!("could not open the live stream: {other}"),
            false,
            other,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_follows_the_base_scheme_and_takes_live_options() {
        let options = ListenOptions {
            interim_results: Some(true),
            sample_rate: Some(16000),
            ..Default::default()
        };
        let https = Url::parse("https://api.deepgram.com/").unwrap();
        let url = live_url(&https, &options).unwrap();
        assert_eq!(
            url.as_str(),
            "wss://api.deepgram.com/v1/listen?sample_rate=16000&interim_results=true"
        );
        let local = Url::parse("http://127.0.0.1:8080/").unwrap();
        assert!(
            live_url(&local, &options)
                .unwrap()
                .as_str()
                .starts_with("ws://127.0.0.1:8080/v1/listen?")
        );
    }
}
