//! Sending requests: one shared connection pool, per-attempt timeouts, and retries with
//! exponential backoff and jitter — only where a retry cannot do harm.

use std::sync::{PoisonError, RwLock};
use std::time::Duration;

use bytes::Bytes;
use http::{Method, header};
use rand::RngExt;
use url::Url;

use crate::config::{ClientConfig, RetryPolicy, UPLOAD_FLOOR_BYTES_PER_SEC};
use crate::error::{self, ApiError, Error, Result};
use crate::secret::Secret;
use crate::source::{Audio, FailureSlot, ProgressFn};

/// The most of an error answer's body that is read (the rest is dropped).
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// The most memory reserved up front from an answer's `Content-Length`: the server's word is
/// not trusted beyond this; a longer body grows its buffer as it arrives.
const BODY_RESERVE_LIMIT: u64 = 64 * 1024 * 1024;

/// Which failures a request may be retried after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryClass {
    /// Safe to send again: `GET`/`DELETE`, and transcriptions whose body can be replayed (a URL,
    /// bytes, a file). Retried on connect errors, timeouts, broken connections, 429 and 5xx.
    Replayable,
    /// Must not be repeated once the server may have acted on it (key creation): retried only
    /// when the request provably never arrived (connect errors) or was refused unprocessed (429).
    NotIdempotent,
    /// Cannot be sent twice at all (a one-shot stream): never retried.
    Never,
}

/// What to send.
pub(crate) enum Payload<'a> {
    Empty,
    Json(Bytes),
    Audio(&'a Audio, Option<ProgressFn>),
}

/// A successful answer: status and the whole body.
pub(crate) struct Answer {
    pub status: u16,
    pub body: Bytes,
}

/// Sends requests for a [`crate::Client`].
#[derive(Debug)]
pub(crate) struct Transport {
    /// `None` once closed: dropping the HTTP client closes its pooled connections.
    http: RwLock<Option<reqwest::Client>>,
    auth: http::HeaderValue,
    /// The credential, to scrub from error texts quoted from answers.
    secret: Secret,
    timeout: Duration,
    retry: RetryPolicy,
}

impl Transport {
    pub(crate) fn new(config: &ClientConfig) -> Result<Transport> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .user_agent(config.user_agent())
            .http1_only()
            .tcp_nodelay(true)
            // Deepgram never redirects; following one would resend the audio (and, on the same
            // host, the credentials) to wherever the answer points.
            .redirect(reqwest::redirect::Policy::none());
        if config.is_loopback() {
            // A proxy from the environment must never capture traffic meant for the emulator.
            builder = builder.no_proxy();
        }
        let http = builder
            .build()
            .map_err(|e| Error::config(None, format!("could not build the HTTP client: {e}")))?;
        Ok(Transport {
            http: RwLock::new(Some(http)),
            auth: config.credentials.header_value()?,
            secret: Secret::new(config.credentials.secret().expose().trim()),
            timeout: config.timeout,
            retry: config.retry.clone(),
        })
    }

    /// Closes the transport: later requests fail with [`Error::Closed`]; those under way
    /// finish, and the pooled connections close once they have.
    pub(crate) fn close(&self) {
        self.http
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
    }

    /// Whether [`Transport::close`] was called.
    pub(crate) fn is_closed(&self) -> bool {
        self.http
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .is_none()
    }

    /// Sends the request, retrying per `class` and the policy, and returns a 2xx answer or the
    /// typed error for the last failure.
    pub(crate) async fn send(
        &self,
        method: Method,
        url: Url,
        payload: Payload<'_>,
        class: RetryClass,
    ) -> Result<Answer> {
        let class = match &payload {
            Payload::Audio(audio, _) if !audio.replayable() => RetryClass::Never,
            _ => class,
        };
        let http = self
            .http
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .ok_or(Error::Closed { what: "client" })?;
        let mut attempt = 0u32;
        loop {
            let failure = FailureSlot::default();
            let outcome = self.attempt(&http, &method, &url, &payload, &failure).await;
            let (err, retry_after) = match outcome {
                Ok(Ok(answer)) => return Ok(answer),
                Ok(Err((api, retry_after))) => {
                    let retryable = match class {
                        RetryClass::Replayable => is_retryable_status(api.status),
                        RetryClass::NotIdempotent => api.status == 429,
                        RetryClass::Never => false,
                    };
                    let err = Error::from_api(api, retry_after);
                    if !retryable {
                        return Err(err);
                    }
                    (err, retry_after)
                }
                Err(e) => {
                    if let Some(local) = failure.take() {
                        return Err(local);
                    }
                    let err = self.transport_error(e, &method);
                    if !may_retry_failure(&err, class) {
                        return Err(err);
                    }
                    (err, None)
                }
            };
            if attempt >= self.retry.max_retries {
                return Err(err);
            }
            let wait = match retry_after {
                Some(ra) if ra > self.retry.max_backoff => return Err(err),
                Some(ra) => ra,
                None => backoff(&self.retry, attempt),
            };
            attempt += 1;
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt: `Ok(Ok)` for 2xx, `Ok(Err)` for an error answer, `Err` when no answer came.
    async fn attempt(
        &self,
        http: &reqwest::Client,
        method: &Method,
        url: &Url,
        payload: &Payload<'_>,
        failure: &FailureSlot,
    ) -> Result<std::result::Result<Answer, (ApiError, Option<Duration>)>, AttemptError> {
        let mut req = http
            .request(method.clone(), url.clone())
            .header(header::AUTHORIZATION, self.auth.clone());
        let mut timeout = self.timeout;
        match payload {
            Payload::Empty => {}
            Payload::Json(body) => {
                req = req
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(body.clone());
            }
            Payload::Audio(audio, progress) => {
                req = req.header(header::CONTENT_TYPE, audio.content_type());
                match audio.len() {
                    Some(len) => {
                        req = req.header(header::CONTENT_LENGTH, len);
                        timeout += Duration::from_secs(len / UPLOAD_FLOOR_BYTES_PER_SEC);
                    }
                    // An upload of unknown length can legitimately take any time.
                    None => timeout = Duration::from_secs(u64::MAX / 4),
                }
                let body = audio
                    .body(progress.clone(), failure)
                    .await
                    .map_err(AttemptError::Local)?;
                req = req.body(body);
            }
        }
        let deadline = tokio::time::Instant::now() + timeout;
        let resp = tokio::time::timeout_at(deadline, req.send())
            .await
            .map_err(|_| AttemptError::Deadline(timeout))?
            .map_err(AttemptError::Http)?;
        let status = resp.status();
        if status.is_success() {
            let body = tokio::time::timeout_at(deadline, read_body(resp))
                .await
                .map_err(|_| AttemptError::Deadline(timeout))?
                .map_err(AttemptError::Http)?;
            return Ok(Ok(Answer {
                status: status.as_u16(),
                body,
            }));
        }
        let headers = resp.headers().clone();
        let body = tokio::time::timeout_at(deadline, read_bounded(resp, ERROR_BODY_LIMIT))
            .await
            .unwrap_or_default();
        Ok(Err(error_answer(
            status.as_u16(),
            &headers,
            &body,
            self.secret.expose(),
        )))
    }

    fn transport_error(&self, e: AttemptError, method: &Method) -> Error {
        match e {
            AttemptError::Local(err) => err,
            // The deadline also covers connecting, so the request may or may not have left.
            AttemptError::Deadline(t) => Error::Timeout {
                message: format!("no complete answer within {t:?} ({method})"),
                request_sent: true,
            },
            // reqwest itself has only the connect timeout set, so its timeouts and connect
            // errors (refused, unreachable, TLS handshake) all happen before the request is
            // written.
            AttemptError::Http(err) if err.is_timeout() => Error::Timeout {
                message: format!("connecting took longer than the connect timeout ({method})"),
                request_sent: false,
            },
            AttemptError::Http(err) if err.is_connect() => {
                let msg = format!("could not connect: {}", chain(&err));
                Error::network(msg, false, err)
            }
            AttemptError::Http(err) => {
                let msg = format!("the connection failed during the request: {}", chain(&err));
                Error::network(msg, true, err)
            }
        }
    }

    /// Decodes a 2xx answer with `parse`, or a [`Error::Decode`] with a bounded excerpt.
    pub(crate) fn decode<T>(
        &self,
        answer: &Answer,
        parse: impl FnOnce(&[u8]) -> serde_json::Result<T>,
    ) -> Result<T> {
        parse(&answer.body)
            .map_err(|e| Error::decode(answer.status, e, &answer.body, self.secret.expose()))
    }
}

/// Whether a failure that got no answer may be retried: a request that may have reached the
/// server is repeated only when repeating it is harmless.
fn may_retry_failure(err: &Error, class: RetryClass) -> bool {
    match class {
        RetryClass::Never => false,
        RetryClass::NotIdempotent => {
            matches!(err, Error::Network { .. } | Error::Timeout { .. }) && !err.request_sent()
        }
        RetryClass::Replayable => matches!(err, Error::Network { .. } | Error::Timeout { .. }),
    }
}

pub(crate) enum AttemptError {
    Local(Error),
    Deadline(Duration),
    Http(reqwest::Error),
}

fn is_retryable_status(status: u16) -> bool {
    status == 429 || status == 408 || ((500..=599).contains(&status) && status != 501)
}

/// The full-jitter exponential backoff before retry number `attempt + 1`.
pub(crate) fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let ceiling = policy
        .initial_backoff
        .saturating_mul(1u32 << attempt.min(16))
        .min(policy.max_backoff);
    let lo = ceiling / 2;
    lo + ceiling
        .saturating_sub(lo)
        .mul_f64(rand::rng().random::<f64>())
}

/// A non-2xx answer as the API's error, for REST and the live upgrade alike: the body (at
/// most [`ERROR_BODY_LIMIT`] bytes are read) with the credential scrubbed from it, the request
/// id from the body or `dg-request-id`, the code from the body or `dg-error`, and how long
/// `Retry-After` asks to wait.
pub(crate) fn error_answer(
    status: u16,
    headers: &http::HeaderMap,
    body: &[u8],
    secret: &str,
) -> (ApiError, Option<Duration>) {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let body = &body[..body.len().min(ERROR_BODY_LIMIT)];
    let body = error::redact(body, secret);
    let mut api = ApiError::from_body(status, header("dg-request-id"), &body);
    if api.code.is_none() {
        api.code = header("dg-error").map(str::to_owned);
    }
    let retry_after = header(header::RETRY_AFTER.as_str()).and_then(parse_retry_after);
    (api, retry_after)
}

/// `Retry-After` as seconds or an HTTP date.
fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// A success answer's whole body. `Response::bytes` keeps every received chunk until the last
/// one arrives and then copies them all into a second buffer, so a 25 MB transcript touches
/// 50 MB of fresh memory; here each chunk is copied into a buffer sized from `Content-Length`
/// and freed at once. A body that arrives in one chunk is not copied at all.
async fn read_body(mut resp: reqwest::Response) -> reqwest::Result<Bytes> {
    let expected = resp.content_length();
    let Some(first) = resp.chunk().await? else {
        return Ok(Bytes::new());
    };
    if expected == Some(first.len() as u64) {
        return Ok(first);
    }
    let reserve = expected.unwrap_or(0).min(BODY_RESERVE_LIMIT) as usize;
    let mut body = Vec::with_capacity(reserve.max(first.len()));
    body.extend_from_slice(&first);
    drop(first);
    while let Some(chunk) = resp.chunk().await? {
        body.extend_from_slice(&chunk);
    }
    Ok(body.into())
}

async fn read_bounded(mut resp: reqwest::Response, limit: usize) -> Vec<u8> {
    let mut out = Vec::new();
    while let Ok(Some(chunk)) = resp.chunk().await {
        let room = limit - out.len();
        out.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if out.len() >= limit {
            break;
        }
    }
    out
}

/// The error and its sources on one line (reqwest's top-level message alone is vague).
fn chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut cur = err.source();
    while let Some(e) = cur {
        let s = e.to_string();
        if !out.contains(&s) {
            out.push_str(": ");
            out.push_str(&s);
        }
        cur = e.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::EXCERPT_LIMIT;

    #[test]
    fn retryable_statuses() {
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(is_retryable_status(s), "{s}");
        }
        for s in [400, 401, 402, 403, 404, 413, 501] {
            assert!(!is_retryable_status(s), "{s}");
        }
    }

    #[test]
    fn backoff_grows_within_bounds() {
        let p = RetryPolicy {
            max_retries: 5,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
        };
        for attempt in 0..8 {
            let ceiling = Duration::from_millis(100 * (1 << attempt)).min(Duration::from_secs(1));
            for _ in 0..50 {
                let d = backoff(&p, attempt);
                assert!(d >= ceiling / 2 && d <= ceiling, "attempt {attempt}: {d:?}");
            }
        }
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    fn transport(key: &str) -> Transport {
        let config = ClientConfig::builder().api_key(key).build().unwrap();
        Transport::new(&config).unwrap()
    }

    fn decode_error(t: &Transport, body: String) -> (String, String) {
        let answer = Answer {
            status: 200,
            body: Bytes::from(body),
        };
        match t.decode(&answer, |b| serde_json::from_slice::<Vec<u32>>(b)) {
            Err(Error::Decode {
                status,
                message,
                excerpt,
            }) => {
                assert_eq!(status, 200);
                (message, excerpt)
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn decode_errors_carry_a_bounded_excerpt() {
        let t = transport("k");
        let (_, excerpt) = decode_error(&t, format!("<html>{}</html>", "x".repeat(5000)));
        assert!(
            excerpt.starts_with("<html>") && excerpt.len() < 300,
            "{excerpt}"
        );
        // serde quotes a value of the wrong type whole: the message is bounded as well.
        let (message, _) = decode_error(&t, format!("[\"{}\"]", "y".repeat(100_000)));
        assert!(message.starts_with("invalid type: string"), "{message}");
        assert!(message.len() <= EXCERPT_LIMIT + 3, "{}", message.len());
    }

    #[test]
    fn decode_errors_never_quote_the_credential() {
        let key = "canary0123456789abcdef0123456789abcdef";
        let t = transport(key);
        // An echoed key anywhere in the excerpt, in the quoted value, and straddling the cut.
        for prefix in [0, 100, EXCERPT_LIMIT - 10] {
            let body = format!("[\"{}{key}\"] and {key}", "z".repeat(prefix));
            let (message, excerpt) = decode_error(&t, body);
            for text in [&message, &excerpt] {
                assert!(!text.contains(&key[..12]), "{prefix}: {text}");
            }
            assert!(excerpt.contains("[redact"), "{excerpt}");
        }
    }

    #[test]
    fn failures_without_an_answer_are_retried_only_when_harmless() {
        let network = |request_sent| Error::Network {
            message: String::new(),
            request_sent,
            source: None,
        };
        let timeout = |request_sent| Error::Timeout {
            message: String::new(),
            request_sent,
        };
        let io = Error::Io {
            path: "a.wav".into(),
            source: std::io::Error::other("x"),
        };
        use RetryClass::*;
        for (err, class, expected) in [
            (network(false), NotIdempotent, true),
            (timeout(false), NotIdempotent, true),
            (network(true), NotIdempotent, false),
            (timeout(true), NotIdempotent, false),
            (network(true), Replayable, true),
            (timeout(true), Replayable, true),
            (network(false), Never, false),
            (io, Replayable, false),
        ] {
            assert_eq!(
                may_retry_failure(&err, class),
                expected,
                "{err:?} {class:?}"
            );
        }
    }
}
