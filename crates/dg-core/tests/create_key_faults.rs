//! Key creation under faults, against a raw TCP server that counts the POSTs it receives: a
//! key the server may have created is never reported as simply failed, its secret is never
//! dropped, and a create that may have arrived is never sent again.

mod common;

use std::time::Duration;

use common::raw::{RawServer, Step, refusing_url};
use common::*;
use dg_core::{CreateKeyRequest, Error, ErrorKind};

const KEY: &str = "create-faults-key-0123456789abcdef";
const PROJECT: &str = "3f9c6d2a-1b7e-4c55-9a0e-2d4b8f6e1a77";
const NEW_SECRET: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";

fn created_body() -> String {
    format!(
        r#"{{"api_key_id":"k-1","key":"{NEW_SECRET}","comment":"c","scopes":["usage:write"],"created":"2026-11-23T10:00:00Z"}}"#
    )
}

fn request() -> CreateKeyRequest {
    CreateKeyRequest::new("c", ["usage:write"])
}

async fn create(server: &str, retries: u32) -> dg_core::Result<dg_core::models::CreatedKey> {
    raw_client(
        server,
        KEY,
        fast_retries(retries),
        Some(Duration::from_millis(500)),
    )
    .create_key(PROJECT, &request())
    .await
}

fn assert_never_shows_the_secret(err: &Error) {
    let printed = format!("{err} {err:?}");
    assert!(!printed.contains(NEW_SECRET), "{printed}");
}

#[tokio::test]
async fn a_create_that_may_have_arrived_is_sent_once_and_reported_as_maybe_created() {
    let body = created_body();
    let faults = [
        (
            Step::json(
                503,
                r#"{"error_code":"SERVICE_UNAVAILABLE","err_msg":"Service is temporarily unavailable."}"#,
            ),
            ErrorKind::Server,
        ),
        (
            Step::json(500, r#"{"err_code":"INTERNAL","err_msg":"oops"}"#),
            ErrorKind::Server,
        ),
        // The key was created; its answer broke off, secret and all.
        (
            Step::ResetResponse {
                declared: body.len(),
                sent: body.as_bytes()[..40].to_vec(),
            },
            ErrorKind::Network,
        ),
        (Step::Stall, ErrorKind::Timeout),
        (
            Step::StallResponse {
                declared: body.len(),
                sent: body.as_bytes()[..40].to_vec(),
            },
            ErrorKind::Timeout,
        ),
    ];
    for (fault, kind) in faults {
        let server = RawServer::start(vec![fault.clone(), Step::json(200, &body)]).await;
        let err = create(&server.url, 3).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{fault:?}: {err}");
        assert!(err.request_sent(), "{fault:?}: the key may exist: {err}");
        assert!(
            err.to_string().contains(
                "; the key may have been created anyway: list the project's keys before creating another"
            ),
            "{fault:?}: {err}"
        );
        assert_eq!(server.count(), 1, "{fault:?}: POSTed once, never again");
        let attempt = &server.attempts()[0];
        assert_eq!(attempt.method, "POST");
        assert_eq!(attempt.path, format!("/v1/projects/{PROJECT}/keys"));
        assert_never_shows_the_secret(&err);
    }
}

#[tokio::test]
async fn a_refused_connection_is_reported_as_not_sent() {
    let err = create(&refusing_url(), 2).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    assert!(!err.request_sent(), "nothing left this machine: {err}");
    assert!(
        err.to_string().ends_with("; the key was not created"),
        "{err}"
    );
}

#[tokio::test]
async fn a_429_was_refused_unprocessed_and_is_retried() {
    let server = RawServer::start(vec![
        Step::json(
            429,
            r#"{"err_code":"TOO_MANY_REQUESTS","err_msg":"Too many requests."}"#,
        ),
        Step::json(200, &created_body()),
    ])
    .await;
    let key = create(&server.url, 1).await.unwrap();
    assert_eq!(key.key.expose(), NEW_SECRET);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_garbled_answer_after_a_200_keeps_the_secret_in_the_error() {
    let whole = created_body();
    let bodies = [
        // Cut off after the secret.
        whole[..whole.len() - 20].to_owned(),
        // Something in front of the JSON.
        format!("\u{feff}garbage {whole}"),
        // The secret where it belongs, a field of the wrong type after it.
        whole.replace(r#""scopes":["usage:write"]"#, r#""scopes":{"usage":1}"#),
    ];
    for body in bodies {
        let server = RawServer::start(vec![Step::json(200, &body)]).await;
        let err = create(&server.url, 3).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::KeyCreatedUndecodable, "{err}");
        assert!(err.request_sent());
        assert_eq!(server.count(), 1);
        assert_never_shows_the_secret(&err);
        match err {
            Error::KeyCreatedUndecodable { raw, .. } => {
                assert_eq!(raw.expose(), body, "the raw answer, byte for byte");
                assert!(raw.expose().contains(NEW_SECRET));
            }
            other => panic!("{other:?}"),
        }
    }
}
