//! Client configuration: credentials, base URL, timeouts and the retry policy.

use std::net::IpAddr;
use std::time::Duration;

use url::Url;

use crate::error::{Error, Result};
use crate::secret::Secret;

/// Deepgram's production API.
pub const DEFAULT_BASE_URL: &str = "https://api.deepgram.com";
/// Environment variable holding an API key (sent as `Authorization: Token …`).
pub const ENV_API_KEY: &str = "DEEPGRAM_API_KEY";
/// Environment variable holding a temporary token (sent as `Authorization: Bearer …`); it wins
/// over [`ENV_API_KEY`] when both are set, as in the official Node SDK (the Python SDK does not
/// read it).
pub const ENV_ACCESS_TOKEN: &str = "DEEPGRAM_ACCESS_TOKEN";

/// How the client authenticates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// A long-lived API key: `Authorization: Token <key>`.
    ApiKey(Secret),
    /// A temporary token from `POST /v1/auth/grant`: `Authorization: Bearer <token>`. Works on
    /// `/v1/listen` only.
    AccessToken(Secret),
}

impl Credentials {
    /// Reads [`ENV_ACCESS_TOKEN`], then [`ENV_API_KEY`]; empty values count as unset.
    pub fn from_env() -> Option<Credentials> {
        let var = |name| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        var(ENV_ACCESS_TOKEN)
            .map(|t| Credentials::AccessToken(Secret::new(t)))
            .or_else(|| var(ENV_API_KEY).map(|k| Credentials::ApiKey(Secret::new(k))))
    }

    /// The API key or token itself.
    pub(crate) fn secret(&self) -> &Secret {
        match self {
            Credentials::ApiKey(s) | Credentials::AccessToken(s) => s,
        }
    }

    /// The `Authorization` header value, marked sensitive so no HTTP layer logs it.
    pub(crate) fn header_value(&self) -> Result<http::HeaderValue> {
        self.sensitive_header(|scheme, secret| format!("{scheme} {secret}"))
    }

    /// The browser form of the credentials on a WebSocket upgrade,
    /// `Sec-WebSocket-Protocol: token, <key>` (`bearer, <token>`), marked sensitive.
    pub(crate) fn subprotocol_value(&self) -> Result<http::HeaderValue> {
        self.sensitive_header(|scheme, secret| format!("{}, {secret}", scheme.to_ascii_lowercase()))
    }

    /// A header holding the scheme (`Token`, `Bearer`) and the secret as `shape` writes them.
    fn sensitive_header(&self, shape: impl Fn(&str, &str) -> String) -> Result<http::HeaderValue> {
        let (scheme, secret, setting) = match self {
            Credentials::ApiKey(s) => ("Token", s, "api_key"),
            Credentials::AccessToken(s) => ("Bearer", s, "access_token"),
        };
        let value = secret.expose().trim();
        if value.is_empty() {
            return Err(Error::config(
                Some(setting),
                format!("`{setting}` is empty"),
            ));
        }
        let mut header = http::HeaderValue::from_str(&shape(scheme, value)).map_err(|_| {
            Error::config(
                Some(setting),
                format!("`{setting}` contains characters not allowed in a header"),
            )
        })?;
        header.set_sensitive(true);
        Ok(header)
    }
}

/// When and how failed requests are retried: exponential backoff with full jitter, honouring
/// `Retry-After`. Which requests may be retried at all is decided per call (see
/// [`crate::transport`]); this only bounds how often and how long.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    /// The backoff before the first retry; it doubles each time.
    pub initial_backoff: Duration,
    /// The longest single wait, also the cap on a server's `Retry-After`.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }
}

/// Default time to establish a connection (TCP + TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default overall time for one attempt of a request, answer included. Uploads get more:
/// see [`ClientConfig::timeout`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);
/// The slowest upload rate the overall timeout allows for before it counts an upload as stuck:
/// an upload of `n` bytes gets `timeout + n / UPLOAD_FLOOR_BYTES_PER_SEC` seconds.
pub const UPLOAD_FLOOR_BYTES_PER_SEC: u64 = 256 * 1024;

/// Everything a [`crate::Client`] needs. Build it with [`ClientConfig::builder`].
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// How requests authenticate.
    pub credentials: Credentials,
    /// `https://…`, or `http://` to a loopback host (the emulator). Always ends with `/`.
    pub base_url: Url,
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Overall time for one attempt of a request without a body to upload. An upload of `n`
    /// bytes gets `timeout + n / UPLOAD_FLOOR_BYTES_PER_SEC`, so a slow link does not kill a
    /// large file; an upload of unknown length gets no overall limit.
    pub timeout: Duration,
    /// Retry bounds.
    pub retry: RetryPolicy,
    /// Appended to dg's `User-Agent` (bindings name their runtime here).
    pub user_agent_suffix: Option<String>,
}

impl ClientConfig {
    /// A builder starting from the defaults, credentials from the environment.
    pub fn builder() -> ClientConfigBuilder {
        ClientConfigBuilder::default()
    }

    /// What a client's `repr` / `toString` shows in every language: where it points and how it
    /// authenticates, never with what (`base_url='https://api.deepgram.com/', auth=api_key`).
    pub fn describe(&self) -> String {
        let auth = match self.credentials {
            Credentials::ApiKey(_) => "api_key",
            Credentials::AccessToken(_) => "access_token",
        };
        format!("base_url='{}', auth={auth}", self.base_url)
    }

    /// The `User-Agent` header dg sends.
    pub fn user_agent(&self) -> String {
        let base = concat!("dg/", env!("CARGO_PKG_VERSION"), " (rust)");
        match &self.user_agent_suffix {
            Some(s) => format!("{base} {s}"),
            None => base.to_owned(),
        }
    }

    /// `true` when the base URL points at this machine (plain http is allowed there only).
    pub fn is_loopback(&self) -> bool {
        is_loopback_url(&self.base_url)
    }
}

/// Builds a [`ClientConfig`]; every setter is optional.
#[derive(Clone, Debug, Default)]
pub struct ClientConfigBuilder {
    api_key: Option<Secret>,
    access_token: Option<Secret>,
    base_url: Option<String>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    user_agent_suffix: Option<String>,
}

impl ClientConfigBuilder {
    /// Authenticate with an API key (`Token`). Setting an access token as well makes
    /// [`ClientConfigBuilder::build`] fail (see [`crate::settings`] for the credential rule).
    pub fn api_key(mut self, key: impl Into<Secret>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Authenticate with a temporary token (`Bearer`).
    pub fn access_token(mut self, token: impl Into<Secret>) -> Self {
        self.access_token = Some(token.into());
        self
    }

    /// Set the credentials directly, replacing any given before.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        (self.api_key, self.access_token) = match credentials {
            Credentials::ApiKey(key) => (Some(key), None),
            Credentials::AccessToken(token) => (None, Some(token)),
        };
        self
    }

    /// The API's base URL (default [`DEFAULT_BASE_URL`]).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Connect timeout (default [`DEFAULT_CONNECT_TIMEOUT`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Overall timeout of one attempt (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times a retryable failure is retried (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry
            .get_or_insert_with(RetryPolicy::default)
            .max_retries = retries;
        self
    }

    /// The whole retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Text appended to the `User-Agent`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Checks everything and builds the configuration. Credentials not given here come from
    /// the environment ([`Credentials::from_env`]).
    pub fn build(self) -> Result<ClientConfig> {
        let credentials = crate::settings::resolve_credentials(self.api_key, self.access_token)?;
        credentials.header_value()?;
        let base_url = parse_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let positive = |d: Option<Duration>, default: Duration, name: &str| match d {
            Some(d) if d.is_zero() => Err(Error::config(
                Some(name),
                format!("`{name}` must be greater than zero"),
            )),
            Some(d) => Ok(d),
            None => Ok(default),
        };
        Ok(ClientConfig {
            credentials,
            base_url,
            connect_timeout: positive(
                self.connect_timeout,
                DEFAULT_CONNECT_TIMEOUT,
                "connect_timeout_ms",
            )?,
            timeout: positive(self.timeout, DEFAULT_TIMEOUT, "timeout_ms")?,
            retry: match self.retry {
                Some(r) if r.max_retries > crate::settings::MAX_RETRIES => {
                    return Err(Error::config(
                        Some("retries"),
                        format!(
                            "`retries` is at most {}, not {}",
                            crate::settings::MAX_RETRIES,
                            r.max_retries
                        ),
                    ));
                }
                r => r.unwrap_or_default(),
            },
            user_agent_suffix: self.user_agent_suffix,
        })
    }
}

/// Parses and checks a base URL: `https`, or `http` only to a loopback host; no query, no
/// fragment, no credentials in it. The result ends with `/` so paths join under it.
pub fn parse_base_url(raw: &str) -> Result<Url> {
    let mut url = Url::parse(raw.trim()).map_err(|e| {
        Error::config(
            Some("base_url"),
            format!("base URL {raw:?} is not a valid URL: {e}"),
        )
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback_url(&url) => {}
        "http" => {
            return Err(Error::config(
                Some("base_url"),
                format!(
                    "base URL {raw:?} uses plain http: Deepgram is HTTPS-only (http is allowed only to a loopback host such as the emulator)"
                ),
            ));
        }
        other => {
            return Err(Error::config(
                Some("base_url"),
                format!("base URL scheme {other:?} is not supported; use https"),
            ));
        }
    }
    if url.host().is_none() {
        return Err(Error::config(
            Some("base_url"),
            format!("base URL {raw:?} has no host"),
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(
            Some("base_url"),
            "base URL must not carry credentials; pass the API key instead",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(
            Some("base_url"),
            format!("base URL {raw:?} must not have a query or fragment"),
        ));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// `true` for `localhost`, 127.0.0.0/8 and `::1`.
pub fn is_loopback_url(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_description_names_the_credential_type_and_never_its_value() {
        let key = ClientConfig::builder()
            .api_key("k-very-secret")
            .build()
            .unwrap();
        assert_eq!(
            key.describe(),
            "base_url='https://api.deepgram.com/', auth=api_key"
        );
        let token = ClientConfig::builder()
            .access_token("t-very-secret")
            .base_url("http://127.0.0.1:8080")
            .build()
            .unwrap();
        assert_eq!(
            token.describe(),
            "base_url='http://127.0.0.1:8080/', auth=access_token"
        );
    }

    use super::*;

    fn builder() -> ClientConfigBuilder {
        ClientConfig::builder().api_key("k")
    }

    #[test]
    fn https_and_loopback_http_are_accepted() {
        for ok in [
            "https://api.deepgram.com",
            "http://127.0.0.1:8080",
            "http://localhost:1/",
            "http://[::1]:9/",
            "http://127.10.0.3",
            "HTTP://LocalHost:8080",
            "https://proxy.example.com/deepgram",
        ] {
            let c = builder().base_url(ok).build().unwrap();
            assert!(c.base_url.path().ends_with('/'), "{ok}");
        }
    }

    #[test]
    fn plain_http_to_a_remote_host_is_refused() {
        for bad in [
            "http://api.deepgram.com",
            "http://example.com",
            "http://10.0.0.1",
            "http://0.0.0.0:8080",
            "http://[::]:8080",
            "http://[::ffff:10.0.0.1]",
            "http://localhost.evil.com",
            "http://127.0.0.1.nip.io",
            "ftp://127.0.0.1",
            "not a url",
            "https://user:pw@api.deepgram.com",
            "https://api.deepgram.com/?x=1",
        ] {
            let err = builder().base_url(bad).build().unwrap_err();
            assert!(matches!(err, Error::Config { .. }), "{bad}: {err}");
        }
    }

    #[test]
    fn header_schemes() {
        let key = Credentials::ApiKey("abc".into()).header_value().unwrap();
        assert_eq!(key, "Token abc");
        assert!(key.is_sensitive());
        let tok = Credentials::AccessToken("jwt".into())
            .header_value()
            .unwrap();
        assert_eq!(tok, "Bearer jwt");
        assert!(Credentials::ApiKey("".into()).header_value().is_err());
        assert!(Credentials::ApiKey("a\nb".into()).header_value().is_err());
    }

    #[test]
    fn debug_of_config_hides_the_key() {
        let c = ClientConfig::builder()
            .api_key("canary-secret-42")
            .build()
            .unwrap();
        let printed = format!("{c:?}");
        assert!(!printed.contains("canary-secret-42"), "{printed}");
        assert!(printed.contains("[redacted]"));
    }

    #[test]
    fn zero_timeouts_are_refused() {
        assert!(builder().timeout(Duration::ZERO).build().is_err());
        assert!(builder().connect_timeout(Duration::ZERO).build().is_err());
    }
}
