//! Errors and retries, driven by the emulator's fault injection.

mod common;

use std::time::Duration;

use common::*;
use dg_core::key_request::CreateKeyRequest;
use dg_core::{ClientConfig, ErrorKind, ListenOptions};
use dg_emulator::{Fault, FaultAction};

fn status(count: u32, path: &str, status: u16) -> Fault {
    Fault {
        count,
        path_prefix: Some(path.into()),
        action: FaultAction::Status {
            status,
            body: None,
            retry_after: None,
        },
    }
}

#[tokio::test]
async fn every_error_status_maps_to_its_kind() {
    let emu = emulator().await;
    let c = client_with(&emu, emu.owner_key(), 0);
    let cases = [
        (400, ErrorKind::BadRequest),
        (401, ErrorKind::Auth),
        (402, ErrorKind::PaymentRequired),
        (403, ErrorKind::PermissionDenied),
        (404, ErrorKind::NotFound),
        (413, ErrorKind::BadRequest),
        (429, ErrorKind::RateLimited),
        (500, ErrorKind::Server),
        (503, ErrorKind::Server),
    ];
    for (code, kind) in cases {
        emu.inject(status(1, "/v1/listen", code));
        let err = c
            .transcribe_url(BUELLER_URL, &ListenOptions::default())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), kind, "{code}: {err}");
        assert_eq!(err.status(), Some(code));
        assert!(
            err.code().is_some(),
            "{code}: the documented body has a code: {err}"
        );
        assert!(err.request_id().is_some(), "{code}: {err}");
    }
}

#[tokio::test]
async fn server_errors_are_retried_until_success() {
    let emu = emulator().await;
    emu.inject(status(2, "/v1/listen", 503));
    let before = emu.stats().requests;
    let r = client_with(&emu, emu.owner_key(), 2)
        .transcribe_file(fixture("preamble-rest.wav"), &ListenOptions::default())
        .await
        .unwrap();
    assert!(r.transcript().unwrap().starts_with(PREAMBLE_START));
    assert_eq!(
        emu.stats().requests - before,
        3,
        "two failures, then the file re-sent whole"
    );
}

#[tokio::test]
async fn retries_are_bounded() {
    let emu = emulator().await;
    emu.inject(status(10, "/v1/listen", 429));
    let before = emu.stats().requests;
    let err = client_with(&emu, emu.owner_key(), 3)
        .transcribe_url(BUELLER_URL, &ListenOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(emu.stats().requests - before, 4);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let emu = emulator().await;
    emu.inject(Fault {
        count: 1,
        path_prefix: Some("/v1/listen".into()),
        action: FaultAction::Status {
            status: 429,
            body: None,
            retry_after: Some(1),
        },
    });
    let c = dg_core::Client::with_config(
        ClientConfig::builder()
            .base_url(emu.base_url())
            .api_key(emu.owner_key())
            .retry_policy(dg_core::RetryPolicy {
                max_retries: 1,
                initial_backoff: Duration::from_millis(1),
                max_backoff: Duration::from_secs(5),
            })
            .build()
            .unwrap(),
    )
    .unwrap();
    let t = std::time::Instant::now();
    c.transcribe_url(BUELLER_URL, &ListenOptions::default())
        .await
        .unwrap();
    // Without Retry-After the backoff would be about a millisecond.
    assert!(t.elapsed() >= Duration::from_secs(1), "{:?}", t.elapsed());
}

#[tokio::test]
async fn key_creation_is_not_retried_after_the_server_may_have_acted() {
    let emu = emulator().await;
    let req = CreateKeyRequest {
        comment: "once".into(),
        scopes: vec!["usage:write".into()],
        ..Default::default()
    };
    let keys_path = format!("/v1/projects/{}/keys", emu.project_id());
    for action in [
        FaultAction::Status {
            status: 500,
            body: None,
            retry_after: None,
        },
        FaultAction::DropAfterBody,
    ] {
        emu.inject(Fault {
            count: 1,
            path_prefix: Some(keys_path.clone()),
            action,
        });
        let before = emu.stats().requests;
        let err = client_with(&emu, emu.owner_key(), 3)
            .create_key(emu.project_id(), &req)
            .await
            .unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::Server | ErrorKind::Network),
            "{err}"
        );
        assert!(err.request_sent(), "the key may exist: {err}");
        assert_eq!(emu.stats().requests - before, 1, "sent once: {err}");
    }
    // A 429 means the request was refused unprocessed: that one is retried.
    emu.inject(status(1, &keys_path, 429));
    let key = client_with(&emu, emu.owner_key(), 1)
        .create_key(emu.project_id(), &req)
        .await
        .unwrap();
    assert!(!key.key.is_empty());
}

#[tokio::test]
async fn dropped_connections_are_network_errors_and_get_retried() {
    let emu = emulator().await;
    emu.inject(Fault {
        count: 1,
        path_prefix: Some("/v1/listen".into()),
        action: FaultAction::DropConnection,
    });
    let err = client_with(&emu, emu.owner_key(), 0)
        .transcribe_url(BUELLER_URL, &ListenOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    emu.inject(Fault {
        count: 1,
        path_prefix: Some("/v1/listen".into()),
        action: FaultAction::DropConnection,
    });
    client_with(&emu, emu.owner_key(), 1)
        .transcribe_url(BUELLER_URL, &ListenOptions::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_stalled_answer_times_out() {
    let emu = emulator().await;
    emu.inject(Fault {
        count: 1,
        path_prefix: None,
        action: FaultAction::Delay(Duration::from_secs(5)),
    });
    let c = dg_core::Client::with_config(
        ClientConfig::builder()
            .base_url(emu.base_url())
            .api_key(emu.owner_key())
            .timeout(Duration::from_millis(300))
            .max_retries(0)
            .build()
            .unwrap(),
    )
    .unwrap();
    let err = c.list_projects().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
}

#[tokio::test]
async fn nothing_listens_is_a_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let c = dg_core::Client::with_config(
        ClientConfig::builder()
            .base_url(format!("http://{addr}"))
            .api_key("k")
            .retry_policy(fast_retries(1))
            .build()
            .unwrap(),
    )
    .unwrap();
    let err = c.list_projects().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    assert!(!err.request_sent(), "{err}");
}

#[tokio::test]
async fn wrong_key_is_an_auth_error_that_never_echoes_the_key() {
    let emu = emulator().await;
    let canary = "canary-dg-0123456789abcdef0123456789abcdef";
    let c = client_with(&emu, canary, 0);
    let err = c
        .transcribe_url(BUELLER_URL, &ListenOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert_eq!(err.code(), Some("INVALID_AUTH"));
    let printed = format!("{err} {err:?} {c:?}");
    assert!(!printed.contains(canary), "{printed}");
}
