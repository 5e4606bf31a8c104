//! Audio from a URL for a live stream (an internet radio, a recording served over http), read
//! as it downloads so it can be paced like any reader ([`super::send_reader`]).
//!
//! Fetched by a client of its own, never the API's: the Deepgram credentials must not go to
//! another host. Redirects are followed (a few), as a browser would for a media URL.

use std::time::Duration;

use futures_util::TryStreamExt;
use tokio::io::AsyncRead;

use crate::error::{Error, Result};

/// Most redirects followed.
const MAX_REDIRECTS: usize = 5;
/// Connecting to the audio's host gives up after this long.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Starts downloading `audio_url` (http or https) and returns its body as a reader. An answer
/// other than 2xx is an [`Error::Network`] naming the URL and the status; nothing has been
/// sent to Deepgram then (`request_sent` is false).
pub async fn open_url(audio_url: &str) -> Result<impl AsyncRead + Send + Unpin + 'static> {
    let url = crate::request::audio_url_of(audio_url)?;
    let failed = |what: String, source: Option<reqwest::Error>| Error::Network {
        message: format!("fetching the audio at {url}: {what}"),
        request_sent: false,
        source: source.map(|e| Box::new(e) as _),
    };
    let http = reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .user_agent(concat!("dg/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
        .build()
        .map_err(|e| failed("cannot build an HTTP client".into(), Some(e)))?;
    let response = http
        .get(url.clone())
        .send()
        .await
        .map_err(|e| failed(e.to_string(), Some(e)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(failed(format!("the server answered {status}"), None));
    }
    let body = response
        .bytes_stream()
        .map_err(|e| std::io::Error::other(format!("the audio download broke: {e}")));
    Ok(tokio_util::io::StreamReader::new(body))
}
