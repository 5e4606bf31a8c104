//! The only requests the emulator makes: fetching audio URLs and delivering callbacks, both
//! on loopback only. No proxy is used, `localhost` is never looked up in DNS, and redirects
//! are followed only while they stay on loopback.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::OnceLock;
use std::time::Duration;

use http::Method;
use http::header::{CONTENT_TYPE, HeaderValue, LOCATION};
use reqwest::redirect;
use serde_json::Value;
use url::{Host, Url};

const MAX_REDIRECTS: usize = 5;

#[derive(Debug, thiserror::Error)]
pub(crate) enum FetchError {
    #[error(
        "the dg emulator only fetches loopback URLs (127.0.0.0/8, ::1, localhost), and answers \
         the URLs of recorded sources without fetching them; {0} is neither"
    )]
    NotLoopback(String),
    #[error("fetching the URL failed: {}", with_causes(.0))]
    Request(#[from] reqwest::Error),
    #[error("fetching the URL answered HTTP {0}")]
    Status(u16),
    #[error("the fetched audio is over {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("an in-memory dg emulator makes no network requests, so it cannot fetch {0}")]
    Offline(String),
}

/// An error and its causes, which carry the useful part (a refused redirect, a refused
/// connection).
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

/// Whether `url` is http(s) to a loopback address or `localhost`.
pub(crate) fn is_loopback(url: &Url) -> bool {
    let loopback_host = match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    loopback_host && matches!(url.scheme(), "http" | "https")
}

pub(crate) struct Outbound {
    /// Built on first use, so starting the emulator stays fast.
    client: OnceLock<reqwest::Client>,
    /// `false` for an in-memory emulator, which must open no socket at all: it fetches no
    /// URL and delivers no callback.
    online: bool,
}

impl Default for Outbound {
    fn default() -> Self {
        Outbound {
            client: OnceLock::new(),
            online: true,
        }
    }
}

impl Outbound {
    /// Refuses every fetch and drops every callback.
    pub(crate) fn offline() -> Self {
        Outbound {
            client: OnceLock::new(),
            online: false,
        }
    }

    fn client(&self) -> &reqwest::Client {
        self.client.get_or_init(|| {
            let policy = redirect::Policy::custom(|attempt| {
                if attempt.previous().len() >= MAX_REDIRECTS {
                    attempt.error("too many redirects")
                } else if is_loopback(attempt.url()) {
                    attempt.follow()
                } else {
                    let refused = FetchError::NotLoopback(attempt.url().to_string());
                    attempt.error(refused)
                }
            });
            reqwest::Client::builder()
                .no_proxy()
                .redirect(policy)
                .resolve("localhost", SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
                .connect_timeout(Duration::from_secs(10))
                .read_timeout(Duration::from_secs(60))
                .build()
                .expect("the HTTP client has a valid configuration")
        })
    }

    /// Streams the body at a loopback `url` to `sink`, never more than `limit` bytes, and
    /// returns its length.
    pub(crate) async fn fetch(
        &self,
        url: &Url,
        limit: u64,
        mut sink: impl FnMut(&[u8]),
    ) -> Result<u64, FetchError> {
        if !is_loopback(url) {
            return Err(FetchError::NotLoopback(url.to_string()));
        }
        if !self.online {
            return Err(FetchError::Offline(url.to_string()));
        }
        let mut response = self.client().get(url.clone()).send().await?;
        if let Some(next) = unfollowed_redirect(&response).filter(|next| !is_loopback(next)) {
            return Err(FetchError::NotLoopback(next.to_string()));
        }
        if !response.status().is_success() {
            return Err(FetchError::Status(response.status().as_u16()));
        }
        if response.content_length().is_some_and(|len| len > limit) {
            return Err(FetchError::TooLarge { limit });
        }
        let mut total: u64 = 0;
        while let Some(chunk) = response.chunk().await? {
            if total + chunk.len() as u64 > limit {
                return Err(FetchError::TooLarge { limit });
            }
            total += chunk.len() as u64;
            sink(&chunk);
        }
        Ok(total)
    }

    /// Sends the result to a loopback callback in the background; other callback URLs are
    /// accepted (the answer is still only the request id) but never called.
    pub(crate) fn deliver(&self, method: Method, url: Url, result: &Value) {
        if !self.online || !is_loopback(&url) {
            return;
        }
        let request = self
            .client()
            .request(method, url)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(result.to_string());
        // Deepgram does not report callback failures to the caller either.
        tokio::spawn(async move {
            let _ = request.send().await;
        });
    }
}

/// Where a redirect that reqwest handed back instead of following leads: one to a URL it
/// cannot fetch at all (`file:`, `ftp:`) never reaches the redirect policy, and is refused as
/// off loopback like any other.
fn unfollowed_redirect(response: &reqwest::Response) -> Option<Url> {
    if !response.status().is_redirection() {
        return None;
    }
    let location = response.headers().get(LOCATION)?.to_str().ok()?;
    response.url().join(location).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_hosts_are_loopback() {
        for url in [
            "http://127.0.0.1:8/a.wav",
            "http://127.9.9.9/",
            "https://[::1]:9/x",
            "http://LOCALHOST:1/",
        ] {
            assert!(is_loopback(&Url::parse(url).unwrap()), "{url}");
        }
        for url in [
            "https://static.deepgram.com/a.wav",
            "http://10.0.0.1/",
            "http://localhost.example.com/",
            "http://[::2]/",
            "file:///etc/passwd",
            "ftp://127.0.0.1/a.wav",
        ] {
            assert!(!is_loopback(&Url::parse(url).unwrap()), "{url}");
        }
    }
}
