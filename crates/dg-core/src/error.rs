//! The one error type of dg, and the parsing of Deepgram's three error-body shapes.

use std::path::PathBuf;
use std::time::Duration;

use crate::secret::Secret;

/// Longest excerpt of a response body kept in an error (bytes of UTF-8, cut at a char boundary).
pub const EXCERPT_LIMIT: usize = 256;

/// A failure answered by the Deepgram API (or the emulator): a non-2xx status and what its
/// body said, whichever of the documented shapes it came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// Machine-readable code: `err_code`, `error_code` or `category`, when the body had one.
    pub code: Option<String>,
    /// Human-readable message (`err_msg`, `message`, or the plain-text body, bounded).
    pub message: String,
    /// The request id from the body or the `dg-request-id` header.
    pub request_id: Option<String>,
    /// `details`, when the body carried them (the modern shape).
    pub details: Option<String>,
}

impl ApiError {
    /// Parses an error answer. Accepts the legacy `{err_code, err_msg, request_id}` shape (and
    /// 503's `error_code`), the modern `{category, message, details, request_id}` one, and plain
    /// text; falls back to the status's reason phrase for an empty body.
    pub fn from_body(status: u16, request_id_header: Option<&str>, body: &[u8]) -> ApiError {
        let mut err = ApiError {
            status,
            code: None,
            message: String::new(),
            request_id: None,
            details: None,
        };
        match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body) {
            Ok(map) => {
                let text = |keys: &[&str]| {
                    keys.iter().find_map(|k| match map.get(*k) {
                        Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s.clone()),
                        Some(v @ serde_json::Value::Number(_)) => Some(v.to_string()),
                        _ => None,
                    })
                };
                err.code = text(&["err_code", "error_code", "category", "code"]);
                err.message = text(&["err_msg", "error_msg", "message", "msg", "error"])
                    .map(|m| excerpt(m.as_bytes()))
                    .unwrap_or_default();
                err.details = text(&["details"]).map(|d| excerpt(d.as_bytes()));
                err.request_id = text(&["request_id"]);
            }
            Err(_) => err.message = excerpt(body.trim_ascii()),
        }
        if err.message.is_empty() {
            err.message = http::StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("unknown error")
                .to_owned();
        }
        if err.request_id.is_none() {
            err.request_id = request_id_header.map(str::to_owned);
        }
        err
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(details) = &self.details {
            write!(f, " ({details})")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in dg. Messages never contain a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Options or arguments that Deepgram would reject (or that make no sense); nothing was sent.
    #[error("invalid options: {message}")]
    InvalidOptions {
        /// The option (or argument) at fault, when it is one.
        option: Option<String>,
        /// What is wrong, naming options in backticks.
        message: String,
    },
    /// The client could not be configured (no credentials, a plain-http remote URL, ...).
    #[error("invalid configuration: {message}")]
    Config {
        /// The setting at fault, when it is one (see [`crate::settings::SETTING_NAMES`]).
        setting: Option<String>,
        /// What is wrong, naming settings in backticks.
        message: String,
    },
    /// 401: missing, wrong, expired or revoked credentials.
    #[error("authentication failed: {0}")]
    Auth(ApiError),
    /// 403: the credentials lack a scope the call needs.
    #[error("permission denied: {0}")]
    PermissionDenied(ApiError),
    /// 429: too many requests in flight; retried with backoff before this is returned.
    #[error("rate limited: {error}")]
    RateLimited {
        /// What the API answered.
        error: ApiError,
        /// The `Retry-After` the last answer asked for, if any.
        retry_after: Option<Duration>,
    },
    /// Any other non-2xx answer (400, 402, 404, 413, 5xx, ...).
    #[error("API error: {0}")]
    Api(ApiError),
    /// The connect or overall timeout fired.
    #[error("timed out: {message}")]
    Timeout {
        /// What took too long.
        message: String,
        /// `false` when the connection was never established, so the server cannot have
        /// received the request (see [`Error::request_sent`]).
        request_sent: bool,
    },
    /// The connection failed or broke (refused, reset, TLS failure, ...).
    #[error("network error: {message}")]
    Network {
        /// What happened.
        message: String,
        /// `false` when the request provably never reached the server in full (the connection
        /// or TLS handshake failed, or a local read ended the upload early); `true` when it may
        /// have arrived and been acted on (see [`Error::request_sent`]).
        request_sent: bool,
        /// The underlying error.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// A live stream the server closed with a code other than 1000 (normal): 1008 with
    /// `DATA-0000` for audio it cannot decode, 1011 with `NET-0000` / `NET-0001` when no result
    /// or no frame came in time. Its kind follows the code: bad request, timeout, server.
    #[error("the server closed the live stream ({close_code}{}): {message}", code.as_deref().map(|c| format!(" {c}")).unwrap_or_default())]
    StreamClosed {
        /// The WebSocket close code.
        close_code: u16,
        /// Deepgram's code from the close reason (`DATA-0000`, `NET-0001`).
        code: Option<String>,
        /// The close reason, or what the code means when the reason was empty.
        message: String,
        /// The stream's request id.
        request_id: Option<String>,
    },
    /// The program already closed the client ([`crate::Client::close`]) or the live stream
    /// (CloseStream sent, the stream aborted or ended): nothing was sent.
    #[error("the {what} is closed: nothing more can be sent through it")]
    Closed {
        /// What was closed: `client` or `live stream`.
        what: &'static str,
    },
    /// A local file could not be opened or read; names the path.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A 2xx answer that is not the JSON expected.
    #[error(
        "could not decode the answer (HTTP {status}): {message}; body starts with: {excerpt:?}"
    )]
    Decode {
        /// HTTP status of the answer.
        status: u16,
        /// What the decoder said.
        message: String,
        /// The first bytes of the body (at most [`EXCERPT_LIMIT`]).
        excerpt: String,
    },
    /// The API created a key but its answer could not be decoded. The key exists: its raw
    /// answer (which holds the secret) is kept in `raw` so it is not lost, and never printed.
    #[error(
        "the key was created but its answer could not be decoded: {message}; the raw answer is kept in the error"
    )]
    KeyCreatedUndecodable {
        /// What the decoder said.
        message: String,
        /// The whole answer body, secret included.
        raw: Secret,
    },
}

/// The class of an [`Error`]: the one taxonomy every binding maps onto its own error types,
/// from the table [`ErrorKind::ALL`] (a class per kind, named [`ErrorKind::class_stem`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// [`Error::InvalidOptions`]: options or arguments refused before sending.
    InvalidOptions,
    /// [`Error::Config`]: settings the client cannot be made with.
    Config,
    /// 401.
    Auth,
    /// 403.
    PermissionDenied,
    /// 404.
    NotFound,
    /// 429.
    RateLimited,
    /// 400, 413, 415 and other 4xx answers about the request.
    BadRequest,
    /// 402.
    PaymentRequired,
    /// 5xx.
    Server,
    /// Connect or overall timeout.
    Timeout,
    /// Connection failures.
    Network,
    /// [`Error::Closed`]: the client or the live stream was closed by the program.
    Closed,
    /// Local file errors.
    Io,
    /// An answer that could not be decoded.
    Decode,
    /// A key was created but its answer could not be decoded; the raw answer is kept.
    KeyCreatedUndecodable,
}

impl ErrorKind {
    /// Every kind, in the order bindings declare their classes.
    pub const ALL: &'static [ErrorKind] = &[
        ErrorKind::InvalidOptions,
        ErrorKind::Config,
        ErrorKind::Auth,
        ErrorKind::PermissionDenied,
        ErrorKind::NotFound,
        ErrorKind::RateLimited,
        ErrorKind::BadRequest,
        ErrorKind::PaymentRequired,
        ErrorKind::Server,
        ErrorKind::Timeout,
        ErrorKind::Network,
        ErrorKind::Closed,
        ErrorKind::Io,
        ErrorKind::Decode,
        ErrorKind::KeyCreatedUndecodable,
    ];

    /// The kind's name in data (conformance cases, JSON): `invalid_options`, `rate_limited`, ...
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::InvalidOptions => "invalid_options",
            ErrorKind::Config => "config",
            ErrorKind::Auth => "auth",
            ErrorKind::PermissionDenied => "permission_denied",
            ErrorKind::NotFound => "not_found",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::BadRequest => "bad_request",
            ErrorKind::PaymentRequired => "payment_required",
            ErrorKind::Server => "server",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Network => "network",
            ErrorKind::Closed => "closed",
            ErrorKind::Io => "io",
            ErrorKind::Decode => "decode",
            ErrorKind::KeyCreatedUndecodable => "key_created_undecodable",
        }
    }

    /// The stem of the class each language raises for this kind: `InvalidOptions` becomes
    /// Python's and JavaScript's `InvalidOptionsError` and Kotlin's
    /// `DeepgramException.InvalidOptions`.
    pub fn class_stem(self) -> &'static str {
        match self {
            ErrorKind::InvalidOptions => "InvalidOptions",
            ErrorKind::Config => "Config",
            ErrorKind::Auth => "Auth",
            ErrorKind::PermissionDenied => "PermissionDenied",
            ErrorKind::NotFound => "NotFound",
            ErrorKind::RateLimited => "RateLimit",
            ErrorKind::BadRequest => "BadRequest",
            ErrorKind::PaymentRequired => "PaymentRequired",
            ErrorKind::Server => "Server",
            ErrorKind::Timeout => "Timeout",
            ErrorKind::Network => "Network",
            ErrorKind::Closed => "Closed",
            ErrorKind::Io => "File",
            ErrorKind::Decode => "Decode",
            ErrorKind::KeyCreatedUndecodable => "KeyCreatedUndecodable",
        }
    }

    /// The kind whose class this kind's class extends (besides the base error class).
    pub fn parent(self) -> Option<ErrorKind> {
        match self {
            ErrorKind::KeyCreatedUndecodable => Some(ErrorKind::Decode),
            _ => None,
        }
    }

    /// What the kind means, for generated docs.
    pub fn doc(self) -> &'static str {
        match self {
            ErrorKind::InvalidOptions => {
                "Options or arguments refused before anything was sent; `option` names the one at fault."
            }
            ErrorKind::Config => {
                "Settings the client cannot be made with (credentials, base URL, timeouts); `option` names the setting."
            }
            ErrorKind::Auth => "401: missing, wrong, expired or revoked credentials.",
            ErrorKind::PermissionDenied => "403: the credentials lack a scope the call needs.",
            ErrorKind::NotFound => "404: no such project, key or resource.",
            ErrorKind::RateLimited => {
                "429 after the retries the policy allows; `retry_after_ms` is how long the server last asked to wait."
            }
            ErrorKind::BadRequest => "400, 413, 415 and other 4xx answers about the request.",
            ErrorKind::PaymentRequired => "402: the project's balance is exhausted.",
            ErrorKind::Server => "5xx after the retries the policy allows.",
            ErrorKind::Timeout => {
                "The connect or overall timeout fired; `request_sent` says whether the server may have acted."
            }
            ErrorKind::Network => {
                "The connection failed or broke; `request_sent` says whether the server may have acted."
            }
            ErrorKind::Closed => {
                "The client, or the live stream, was already closed by the program; nothing was sent."
            }
            ErrorKind::Io => "A local file could not be opened or read; `path` names it.",
            ErrorKind::Decode => "A 2xx answer that is not the JSON expected.",
            ErrorKind::KeyCreatedUndecodable => {
                "The key was created but its answer could not be decoded; the raw answer (with the secret) is kept."
            }
        }
    }

    /// The kind named `name` (see [`ErrorKind::name`]).
    pub fn from_name(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.iter().copied().find(|k| k.name() == name)
    }
}

/// An [`Error`] as flat data: every field a binding puts on its error object, the same in every
/// language. It holds no secret (a created key's raw answer stays in the [`Error`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ErrorRecord {
    /// The kind, which picks the class.
    pub kind: ErrorKind,
    /// The whole message (the error's `Display`).
    pub message: String,
    /// The HTTP status, when the server answered.
    pub status: Option<u16>,
    /// The API's error code (`err_code`, `error_code` or `category`).
    pub code: Option<String>,
    /// The request id of the failed request.
    pub request_id: Option<String>,
    /// The API's `details`, when its answer had them.
    pub details: Option<String>,
    /// Whether the server may have received the whole request ([`Error::request_sent`]).
    pub request_sent: bool,
    /// How long a 429 asked to wait, in milliseconds.
    pub retry_after_ms: Option<u64>,
    /// The option or setting at fault.
    pub option: Option<String>,
    /// The local file at fault.
    pub path: Option<String>,
}

impl Error {
    /// Builds the error for a non-2xx answer.
    pub fn from_api(error: ApiError, retry_after: Option<Duration>) -> Error {
        match error.status {
            401 => Error::Auth(error),
            403 => Error::PermissionDenied(error),
            429 => Error::RateLimited { error, retry_after },
            _ => Error::Api(error),
        }
    }

    /// An [`Error::InvalidOptions`] naming the option at fault.
    pub fn invalid_option(option: impl Into<String>, message: impl Into<String>) -> Error {
        Error::InvalidOptions {
            option: Some(option.into()),
            message: message.into(),
        }
    }

    /// An [`Error::InvalidOptions`] about no one option (the audio, a URL, ...).
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::InvalidOptions {
            option: None,
            message: message.into(),
        }
    }

    /// An [`Error::Config`], naming the setting at fault when there is one.
    pub fn config(setting: Option<&str>, message: impl Into<String>) -> Error {
        Error::Config {
            setting: setting.map(str::to_owned),
            message: message.into(),
        }
    }

    /// The class of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidOptions { .. } => ErrorKind::InvalidOptions,
            Error::Config { .. } => ErrorKind::Config,
            Error::Auth(_) => ErrorKind::Auth,
            Error::PermissionDenied(_) => ErrorKind::PermissionDenied,
            Error::RateLimited { .. } => ErrorKind::RateLimited,
            Error::Api(e) => match e.status {
                402 => ErrorKind::PaymentRequired,
                404 => ErrorKind::NotFound,
                500..=599 => ErrorKind::Server,
                _ => ErrorKind::BadRequest,
            },
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Network { .. } => ErrorKind::Network,
            Error::StreamClosed {
                close_code, code, ..
            } => match (close_code, code.as_deref()) {
                (1008, _) => ErrorKind::BadRequest,
                (_, Some(c)) if c.starts_with("NET-") => ErrorKind::Timeout,
                (1011, _) => ErrorKind::Server,
                _ => ErrorKind::Network,
            },
            Error::Closed { .. } => ErrorKind::Closed,
            Error::Io { .. } => ErrorKind::Io,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::KeyCreatedUndecodable { .. } => ErrorKind::KeyCreatedUndecodable,
        }
    }

    /// This error as flat data, names as declared (snake_case).
    pub fn record(&self) -> ErrorRecord {
        self.record_spelled(crate::options::Spelling::Snake)
    }

    /// This error as flat data, with option and setting names in the message and in `option`
    /// spelled the way a language spells them (`smartFormat` for JavaScript).
    pub fn record_spelled(&self, spelling: crate::options::Spelling) -> ErrorRecord {
        let api = self.api_error();
        let option = match self {
            Error::InvalidOptions { option, .. } => option.as_deref(),
            Error::Config { setting, .. } => setting.as_deref(),
            _ => None,
        };
        ErrorRecord {
            kind: self.kind(),
            message: spelling.spell_message(&self.to_string()),
            status: self.status(),
            code: self.code().map(str::to_owned),
            request_id: self.request_id().map(str::to_owned),
            details: api.and_then(|a| a.details.clone()),
            request_sent: self.request_sent(),
            retry_after_ms: match self {
                Error::RateLimited { retry_after, .. } => {
                    retry_after.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
                }
                _ => None,
            },
            option: option.map(|o| spelling.spell(o)),
            path: match self {
                Error::Io { path, .. } => Some(path.to_string_lossy().into_owned()),
                _ => None,
            },
        }
    }

    /// The raw answer of a key that was created but could not be decoded: it holds the key's
    /// secret, so it is a [`Secret`] and is never part of a message or an [`ErrorRecord`].
    pub fn raw_answer(&self) -> Option<&Secret> {
        match self {
            Error::KeyCreatedUndecodable { raw, .. } => Some(raw),
            _ => None,
        }
    }

    /// Whether the server may have received the whole request and acted on it.
    ///
    /// `false` when the request provably did not reach it: refused before sending (invalid
    /// options or configuration), a connection or TLS handshake that failed, a connect
    /// timeout, or a local file or stream that failed mid-upload (an incomplete request is
    /// never processed). `true` for every answer from the server and for a connection that
    /// broke or stalled after the request went out. For a call that is not idempotent (key
    /// creation), a `true` here with a [`ErrorKind::Network`], [`ErrorKind::Timeout`] or
    /// [`ErrorKind::Server`] failure means the outcome is unknown: the key may exist.
    pub fn request_sent(&self) -> bool {
        match self {
            Error::InvalidOptions { .. }
            | Error::Config { .. }
            | Error::Closed { .. }
            | Error::Io { .. } => false,
            Error::Timeout { request_sent, .. } | Error::Network { request_sent, .. } => {
                *request_sent
            }
            Error::Auth(_)
            | Error::PermissionDenied(_)
            | Error::RateLimited { .. }
            | Error::Api(_)
            | Error::StreamClosed { .. }
            | Error::Decode { .. }
            | Error::KeyCreatedUndecodable { .. } => true,
        }
    }

    /// The API's answer, for errors that came from one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Auth(e) | Error::PermissionDenied(e) | Error::Api(e) => Some(e),
            Error::RateLimited { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode { status, .. } => Some(*status),
            _ => self.api_error().map(|e| e.status),
        }
    }

    /// The API's error code (`err_code`, `error_code` or `category`; a live stream's close
    /// code such as `NET-0001`).
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::StreamClosed { code, .. } => code.as_deref(),
            _ => self.api_error().and_then(|e| e.code.as_deref()),
        }
    }

    /// The request id the API gave this failure.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::StreamClosed { request_id, .. } => request_id.as_deref(),
            _ => self.api_error().and_then(|e| e.request_id.as_deref()),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn network(
        message: impl Into<String>,
        request_sent: bool,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error::Network {
            message: message.into(),
            request_sent,
            source: Some(Box::new(source)),
        }
    }

    /// A decode failure, with the decoder's message and a body excerpt both bounded (serde
    /// quotes the offending value, which may be most of a large body) and scrubbed of
    /// `secret` (see [`redact`]).
    pub(crate) fn decode(
        status: u16,
        message: impl std::fmt::Display,
        body: &[u8],
        secret: &str,
    ) -> Error {
        Error::Decode {
            status,
            message: redacted_excerpt(message.to_string().as_bytes(), secret),
            excerpt: redacted_excerpt(body, secret),
        }
    }
}

/// Shortest secret that [`redact`] removes: anything shorter is no real credential, and
/// replacing it would garble ordinary words.
const MIN_REDACTED_LEN: usize = 8;
const REDACTED: &[u8] = b"[redacted]";

/// `text` with every occurrence of `secret` replaced by `[redacted]`: a proxy or server that
/// echoes the request's `Authorization` header must not put the credential into an error.
pub(crate) fn redact<'a>(text: &'a [u8], secret: &str) -> std::borrow::Cow<'a, [u8]> {
    let secret = secret.as_bytes();
    if secret.len() < MIN_REDACTED_LEN || !text.windows(secret.len()).any(|w| w == secret) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if rest.starts_with(secret) {
            out.extend_from_slice(REDACTED);
            rest = &rest[secret.len()..];
        } else {
            out.push(rest[0]);
            rest = &rest[1..];
        }
    }
    std::borrow::Cow::Owned(out)
}

/// [`excerpt`] of `body` without `secret`, scrubbed before it is cut so that no prefix of the
/// secret survives at the cut.
fn redacted_excerpt(body: &[u8], secret: &str) -> String {
    let window = &body[..body.len().min(EXCERPT_LIMIT + 4 + secret.len())];
    let mut out = excerpt(&redact(window, secret));
    if body.len() > window.len() && !out.ends_with('…') {
        out.push('…');
    }
    out
}

/// The first [`EXCERPT_LIMIT`] bytes of a body as text, cut at a character boundary.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(EXCERPT_LIMIT + 4)]);
    let mut end = text.len().min(EXCERPT_LIMIT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = text[..end].to_owned();
    // Compared with the text, not the body: each invalid byte became a 3-byte U+FFFD, so a
    // short body can still have been cut.
    if end < text.len() {
        out.push('…');
    }
    out
}

/// A `Result` with dg's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_shape() {
        let body =
            br#"{"err_code":"INVALID_AUTH","err_msg":"Invalid credentials.","request_id":"a-b"}"#;
        let e = ApiError::from_body(401, Some("hdr"), body);
        assert_eq!(e.code.as_deref(), Some("INVALID_AUTH"));
        assert_eq!(e.message, "Invalid credentials.");
        assert_eq!(e.request_id.as_deref(), Some("a-b"));
        let err = Error::from_api(e, None);
        assert_eq!(err.kind(), ErrorKind::Auth);
        assert_eq!(err.status(), Some(401));
    }

    #[test]
    fn modern_shape_with_header_request_id() {
        let body = br#"{"category":"INVALID_JSON","message":"Invalid JSON submitted.","details":"Json deserialize error: expected value at line 1 column 1"}"#;
        let e = ApiError::from_body(400, Some("rid-1"), body);
        assert_eq!(e.code.as_deref(), Some("INVALID_JSON"));
        assert_eq!(e.message, "Invalid JSON submitted.");
        assert!(
            e.details
                .as_deref()
                .unwrap()
                .starts_with("Json deserialize")
        );
        assert_eq!(e.request_id.as_deref(), Some("rid-1"));
        assert_eq!(Error::from_api(e, None).kind(), ErrorKind::BadRequest);
    }

    #[test]
    fn error_code_shape_of_503() {
        let body = br#"{"error_code":"SERVICE_UNAVAILABLE","err_msg":"Service is temporarily unavailable."}"#;
        let e = ApiError::from_body(503, None, body);
        assert_eq!(e.code.as_deref(), Some("SERVICE_UNAVAILABLE"));
        assert_eq!(Error::from_api(e, None).kind(), ErrorKind::Server);
    }

    #[test]
    fn plain_text_and_empty_bodies() {
        let e = ApiError::from_body(404, None, b"UUID parsing failed: invalid character\n");
        assert_eq!(e.message, "UUID parsing failed: invalid character");
        assert_eq!(e.code, None);
        assert_eq!(Error::from_api(e, None).kind(), ErrorKind::NotFound);
        let e = ApiError::from_body(502, None, b"");
        assert_eq!(e.message, "Bad Gateway");
    }

    #[test]
    fn excerpt_is_bounded_and_utf8_safe() {
        let body = "é".repeat(1000);
        let ex = excerpt(body.as_bytes());
        assert!(ex.len() <= EXCERPT_LIMIT + '…'.len_utf8());
        assert!(ex.ends_with('…'));
        assert_eq!(excerpt(b"short"), "short");
        let e = ApiError::from_body(500, None, "x".repeat(10_000).as_bytes());
        assert!(e.message.len() < 300);
    }

    #[test]
    fn only_failures_before_sending_say_the_request_was_not_sent() {
        let not_sent = [
            Error::invalid("x"),
            Error::config(None, "x"),
            Error::io("a.wav", std::io::Error::other("x")),
            Error::Timeout {
                message: "connect".into(),
                request_sent: false,
            },
            Error::network("refused", false, std::io::Error::other("x")),
        ];
        for err in not_sent {
            assert!(!err.request_sent(), "{err}");
        }
        let sent = [
            Error::from_api(ApiError::from_body(503, None, b""), None),
            Error::from_api(ApiError::from_body(429, None, b""), None),
            Error::decode(200, "eof", b"{", ""),
            Error::Timeout {
                message: "answer".into(),
                request_sent: true,
            },
            Error::network("reset", true, std::io::Error::other("x")),
        ];
        for err in sent {
            assert!(err.request_sent(), "{err}");
        }
    }

    #[test]
    fn redact_replaces_every_occurrence_of_a_real_secret() {
        let key = "0123456789abcdef";
        let body = format!("{key} echoed: Token {key}.");
        assert_eq!(
            &*redact(body.as_bytes(), key),
            b"[redacted] echoed: Token [redacted]."
        );
        assert_eq!(&*redact(b"nothing here", key), b"nothing here");
        // Too short to be a credential: left alone rather than garbling the text.
        assert_eq!(&*redact(b"a key k", "k"), b"a key k");
    }

    #[test]
    fn every_kind_has_one_name_and_class() {
        let mut names = std::collections::HashSet::new();
        let mut classes = std::collections::HashSet::new();
        for kind in ErrorKind::ALL {
            assert!(names.insert(kind.name()), "{kind:?}");
            assert!(classes.insert(kind.class_stem()), "{kind:?}");
            assert_eq!(ErrorKind::from_name(kind.name()), Some(*kind));
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, kind.name());
        }
    }

    #[test]
    fn the_record_carries_every_field() {
        let api = ApiError::from_body(
            429,
            Some("rid"),
            br#"{"err_code":"TOO_MANY","err_msg":"slow down","details":"d"}"#,
        );
        let r = Error::from_api(api, Some(Duration::from_millis(1500))).record();
        assert_eq!(r.kind, ErrorKind::RateLimited);
        assert_eq!(
            (r.status, r.code.as_deref(), r.request_id.as_deref()),
            (Some(429), Some("TOO_MANY"), Some("rid"))
        );
        assert_eq!(
            (r.details.as_deref(), r.retry_after_ms),
            (Some("d"), Some(1500))
        );
        assert!(r.request_sent);
        let r = Error::invalid_option("callback_method", "`callback_method` needs `callback`")
            .record_spelled(crate::options::Spelling::Camel);
        assert_eq!(r.option.as_deref(), Some("callbackMethod"));
        assert_eq!(
            r.message,
            "invalid options: `callbackMethod` needs `callback`"
        );
        assert!(!r.request_sent);
        let r = Error::io("a.wav", std::io::Error::other("gone")).record();
        assert_eq!((r.kind, r.path.as_deref()), (ErrorKind::Io, Some("a.wav")));
        let e = Error::KeyCreatedUndecodable {
            message: "eof".into(),
            raw: Secret::new("{\"key\":\"s3cret-value-1\"".to_owned()),
        };
        assert_eq!(e.record().kind, ErrorKind::KeyCreatedUndecodable);
        assert!(!format!("{:?}", e.record()).contains("s3cret"));
        assert!(e.raw_answer().unwrap().expose().contains("s3cret"));
    }

    #[test]
    fn display_names_status_code_and_request_id() {
        let e = ApiError::from_body(
            403,
            None,
            br#"{"err_code":"FORBIDDEN","err_msg":"Insufficient permissions.","request_id":"r1"}"#,
        );
        assert_eq!(
            e.to_string(),
            "HTTP 403 FORBIDDEN: Insufficient permissions. [request id r1]"
        );
    }
}
