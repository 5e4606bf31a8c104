//! The client against a raw TCP server that misbehaves on purpose: a refused connection,
//! resets while uploading and while answering, stalls, broken JSON, and storms of 429 and 503.
//! Attempts are counted (and timed, for backoff) at the server.

mod common;

use std::time::Duration;

use common::raw::{RawServer, Step, hex, refusing_url};
use common::*;
use dg_core::error::EXCERPT_LIMIT;
use dg_core::{Client, Error, ErrorKind, ListenOptions, RetryPolicy};
use sha2::{Digest, Sha256};

const KEY: &str = "raw-faults-key-0123456789abcdef";

fn policy(max_retries: u32, initial: Duration, max: Duration) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: initial,
        max_backoff: max,
    }
}

fn client(server: &str, retries: u32) -> Client {
    raw_client(server, KEY, fast_retries(retries), None)
}

fn with_timeout(server: &str, retries: u32) -> Client {
    raw_client(
        server,
        KEY,
        fast_retries(retries),
        Some(Duration::from_millis(300)),
    )
}

/// A real recorded answer for `preamble-rest.wav`.
fn recorded() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/responses/c4e1c0031174878d8f0e3dbd87916ee16d56f1c610ac525af5712ea37226a455-a17f4880c5b4cf124ac54d06d77c9f0ab7f3fe1052ff1c7b090f7eaf8ede5b76-response.json"
    ))
    .unwrap()
}

/// 8 MiB of WAV: more than the loopback socket buffers hold, so a reset lands mid-upload.
fn big_wav() -> Vec<u8> {
    let data_len = 8 << 20;
    let mut audio = wav_header(data_len);
    audio.extend((0..data_len).map(|i| (i % 251) as u8));
    audio
}

async fn transcribe(c: &Client) -> dg_core::Result<dg_core::ListenResponse> {
    c.transcribe_url(BUELLER_URL, &ListenOptions::default())
        .await
}

#[tokio::test]
async fn a_refused_connection_is_a_network_error_sent_nowhere() {
    let url = refusing_url();
    let err = client(&url, 2)
        .transcribe_bytes(big_wav(), None, &ListenOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    assert!(!err.request_sent(), "{err}");
    assert!(err.to_string().contains("could not connect"), "{err}");
}

#[tokio::test]
async fn a_reset_mid_upload_is_retried_with_the_whole_body_from_its_start() {
    let server = RawServer::start(vec![
        Step::ResetUpload { after: 64 * 1024 },
        Step::json(200, &recorded()),
    ])
    .await;
    let audio = big_wav();
    let r = client(&server.url, 1)
        .transcribe_bytes(audio.clone(), None, &ListenOptions::default())
        .await
        .unwrap();
    assert!(r.transcript().unwrap().starts_with(PREAMBLE_START));
    let attempts = server.attempts();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0].body_len, 64 * 1024, "the first was cut short");
    let retried = &attempts[1];
    assert_eq!(retried.header("content-length"), Some("8388652"));
    assert_eq!(retried.body_len, audio.len() as u64);
    assert_eq!(retried.body_sha256, hex(&Sha256::digest(&audio)));

    // Without retries the reset is reported, as a request that may have arrived.
    let server = RawServer::start(vec![Step::ResetUpload { after: 64 * 1024 }]).await;
    let err = client(&server.url, 0)
        .transcribe_bytes(audio, None, &ListenOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    assert!(err.request_sent(), "{err}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_reset_mid_response_is_a_network_error_and_is_retried_when_harmless() {
    let body = recorded();
    let partial = Step::ResetResponse {
        declared: body.len(),
        sent: body.as_bytes()[..200].to_vec(),
    };
    let server = RawServer::start(vec![partial.clone(), Step::json(200, &body)]).await;
    let r = transcribe(&client(&server.url, 1)).await.unwrap();
    assert!(r.transcript().unwrap().starts_with(PREAMBLE_START));
    assert_eq!(server.count(), 2);

    let server = RawServer::start(vec![partial]).await;
    let err = transcribe(&client(&server.url, 0)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    assert!(err.request_sent(), "{err}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn an_answer_that_arrives_in_many_pieces_is_read_whole() {
    let body = recorded();
    let expected = dg_core::models::parse_listen(body.as_bytes()).unwrap();
    for chunked in [false, true] {
        let server = RawServer::start(vec![Step::Pieces {
            body: body.clone().into_bytes(),
            piece: 997,
            chunked,
        }])
        .await;
        let r = transcribe(&client(&server.url, 0)).await.unwrap();
        assert_eq!(r, expected, "chunked: {chunked}");
    }
}

#[tokio::test]
async fn an_absurd_content_length_is_not_trusted_with_memory() {
    // Reserving a terabyte because the answer says so would abort the process.
    let server = RawServer::start(vec![Step::ResetResponse {
        declared: 1 << 40,
        sent: recorded().as_bytes()[..4096].to_vec(),
    }])
    .await;
    let err = transcribe(&client(&server.url, 0)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
}

#[tokio::test]
async fn a_stalled_answer_times_out_instead_of_hanging() {
    let stalls = [
        Step::Stall,
        Step::StallResponse {
            declared: 5000,
            sent: b"{\"metadata\":".to_vec(),
        },
    ];
    for stall in stalls {
        let server = RawServer::start(vec![stall.clone()]).await;
        let err = transcribe(&with_timeout(&server.url, 0)).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Timeout, "{stall:?}: {err}");
        assert!(err.request_sent(), "{err}");
        assert_eq!(server.count(), 1);
    }
    // Each attempt gets its own timeout; a replayable call tries again, then gives up.
    let server = RawServer::start(vec![Step::Stall]).await;
    let err = with_timeout(&server.url, 1)
        .list_projects()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert_eq!(server.count(), 2);
}

/// Asserts a [`Error::Decode`] for a 200 whose excerpt is a bounded prefix of `body`, and that
/// nothing printed holds the whole body.
fn assert_bounded_decode_error(err: &Error, body: &[u8]) {
    let Error::Decode {
        status,
        message,
        excerpt,
    } = err
    else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(*status, 200);
    assert!(excerpt.len() <= EXCERPT_LIMIT + '…'.len_utf8(), "{excerpt}");
    assert!(message.len() <= EXCERPT_LIMIT + '…'.len_utf8(), "{message}");
    let shown = excerpt.trim_end_matches('…');
    assert!(
        String::from_utf8_lossy(body).starts_with(shown),
        "the excerpt is the body's start: {excerpt}"
    );
    for printed in [err.to_string(), format!("{err:?}")] {
        assert!(printed.len() < 3 * EXCERPT_LIMIT + 200, "{printed}");
    }
}

#[tokio::test]
async fn truncated_and_invalid_json_are_decode_errors_with_a_bounded_excerpt() {
    let full = recorded();
    let bodies: Vec<Vec<u8>> = vec![
        full.as_bytes()[..full.len() / 2].to_vec(),
        format!("<html>{}</html>", "gateway says no ".repeat(64 * 1024)).into_bytes(),
        // Valid JSON of the wrong shape, whose offending value serde would quote whole.
        format!(
            r#"{{"metadata": "{0}", "projects": "{0}"}}"#,
            "m".repeat(1 << 20)
        )
        .into_bytes(),
        (0..=255u8).cycle().take(4096).collect(),
        Vec::new(),
    ];
    for body in bodies {
        let server = RawServer::start(vec![Step::Answer {
            status: 200,
            headers: Vec::new(),
            body: body.clone(),
        }])
        .await;
        let c = client(&server.url, 2);
        let err = transcribe(&c).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
        assert_bounded_decode_error(&err, &body);
        let err = c.list_projects().await.unwrap_err();
        assert_bounded_decode_error(&err, &body);
        assert_eq!(server.count(), 2, "a 200 is never retried");
    }
}

#[tokio::test]
async fn a_huge_error_body_gives_a_bounded_message() {
    let body = format!("<html>{}</html>", "x".repeat(1 << 20));
    let server = RawServer::start(vec![Step::Answer {
        status: 502,
        headers: Vec::new(),
        body: body.into_bytes(),
    }])
    .await;
    let err = transcribe(&client(&server.url, 0)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert!(err.to_string().len() < EXCERPT_LIMIT + 100, "{err}");
}

/// Asserts the server saw `expected` attempts, each after at least the smallest backoff the
/// policy allows before it (half the doubled ceiling).
fn assert_backed_off(server: &RawServer, p: &RetryPolicy, expected: usize) {
    let attempts = server.attempts();
    assert_eq!(attempts.len(), expected, "1 + max_retries attempts");
    for (i, pair) in attempts.windows(2).enumerate() {
        let ceiling = (p.initial_backoff * (1 << i)).min(p.max_backoff);
        let gap = pair[1].at - pair[0].at;
        assert!(gap >= ceiling / 2, "retry {i} came after {gap:?}");
    }
}

#[tokio::test]
async fn storms_of_503_and_429_back_off_and_stop_after_max_retries() {
    let p = policy(3, Duration::from_millis(40), Duration::from_secs(1));
    let cases = [
        (
            Step::json(
                503,
                r#"{"error_code":"SERVICE_UNAVAILABLE","err_msg":"Service is temporarily unavailable."}"#,
            ),
            ErrorKind::Server,
        ),
        (
            Step::json(
                429,
                r#"{"err_code":"TOO_MANY_REQUESTS","err_msg":"Too many requests."}"#,
            ),
            ErrorKind::RateLimited,
        ),
    ];
    for (storm, kind) in cases {
        let server = RawServer::start(vec![storm]).await;
        let err = transcribe(&raw_client(&server.url, KEY, p.clone(), None))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), kind, "{err}");
        assert_backed_off(&server, &p, 4);
    }
}

#[tokio::test]
async fn retry_after_is_honoured_for_429_and_503() {
    // A backoff of a millisecond: only Retry-After can make the server wait a second.
    let p = policy(2, Duration::from_millis(1), Duration::from_secs(5));
    let server = RawServer::start(vec![
        Step::retry_after(429, "1"),
        Step::retry_after(503, "1"),
        Step::json(200, &recorded()),
    ])
    .await;
    transcribe(&raw_client(&server.url, KEY, p, None))
        .await
        .unwrap();
    let attempts = server.attempts();
    assert_eq!(attempts.len(), 3);
    for pair in attempts.windows(2) {
        assert!(pair[1].at - pair[0].at >= Duration::from_secs(1));
    }
}

#[tokio::test]
async fn a_retry_after_beyond_the_longest_backoff_is_returned_at_once() {
    let p = policy(3, Duration::from_millis(1), Duration::from_secs(5));
    let server = RawServer::start(vec![Step::retry_after(429, "3600")]).await;
    let err = transcribe(&raw_client(&server.url, KEY, p, None))
        .await
        .unwrap_err();
    match err {
        Error::RateLimited { retry_after, .. } => {
            assert_eq!(retry_after, Some(Duration::from_secs(3600)));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.count(), 1, "no point waiting an hour");
}
