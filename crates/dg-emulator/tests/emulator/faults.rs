use std::time::Duration;

use dg_emulator::{DocumentedError, Fault, FaultAction};
use reqwest::header::AUTHORIZATION;
use serde_json::json;

use crate::common::{Answer, Harness, token, wav};

fn status(status: u16, body: Option<&str>, retry_after: Option<u32>) -> FaultAction {
    FaultAction::Status {
        status,
        body: body.map(str::to_owned),
        retry_after,
    }
}

fn once(action: FaultAction) -> Fault {
    Fault {
        count: 1,
        path_prefix: None,
        action,
    }
}

/// The `err_code` (or 503's `error_code`) of a documented error answer.
fn code_of(answer: &Answer) -> String {
    let body = answer.json();
    body.get("err_code")
        .or_else(|| body.get("error_code"))
        .or_else(|| body.get("category"))
        .and_then(|c| c.as_str())
        .unwrap_or_else(|| panic!("no error code in {}", answer.text))
        .to_owned()
}

#[tokio::test]
async fn status_faults_send_the_documented_body_for_each_status() {
    let h = Harness::start().await;
    let expected = [
        (400, "Bad Request"),
        (401, "INVALID_AUTH"),
        (402, "ASR_PAYMENT_REQUIRED"),
        (403, "FORBIDDEN"),
        (404, "PROJECT_NOT_FOUND"),
        (413, "PAYLOAD_TOO_LARGE"),
        (415, "UNSUPPORTED_MEDIA_TYPE"),
        (422, "ASR_UNPROCESSABLE_ENTITY"),
        (429, "TOO_MANY_REQUESTS"),
        (500, "INTERNAL_SERVER_ERROR"),
        (502, "BAD_GATEWAY"),
        (503, "SERVICE_UNAVAILABLE"),
    ];
    for (code, err_code) in expected {
        h.emulator.inject(once(status(code, None, None)));
        let answer = h.get("/v1/projects", &h.owner()).await;
        assert_eq!(answer.status, code);
        assert_eq!(code_of(&answer), err_code, "{code}: {}", answer.text);
        if code != 404 {
            assert_eq!(answer.json()["request_id"], answer.request_id(), "{code}");
        }
    }
    let body_503 = {
        h.emulator.inject(once(status(503, None, None)));
        h.get("/v1/projects", &h.owner()).await.json()
    };
    assert!(
        body_503.get("err_code").is_none(),
        "503 says error_code: {body_503}"
    );
    h.emulator.inject(once(status(429, None, None)));
    let too_many = h.get("/v1/projects", &h.owner()).await;
    assert_eq!(
        too_many.json()["err_msg"],
        "Too many requests. Please try again later"
    );
    assert!(too_many.headers.get("retry-after").is_none());
    assert_eq!(
        h.get("/v1/projects", &h.owner()).await.status,
        200,
        "every fault was used up"
    );
}

#[tokio::test]
async fn every_documented_error_can_be_injected() {
    use DocumentedError::*;
    let h = Harness::start().await;
    let cases = [
        (CorruptAudio, 400, "err_code", "Bad Request"),
        (InvalidJson, 400, "category", "INVALID_JSON"),
        (InvalidAuth, 401, "err_code", "INVALID_AUTH"),
        (
            InsufficientPermissions,
            401,
            "err_code",
            "INSUFFICIENT_PERMISSIONS",
        ),
        (PaymentRequired, 402, "err_code", "ASR_PAYMENT_REQUIRED"),
        (Forbidden, 403, "err_code", "FORBIDDEN"),
        (ProjectNotFound, 404, "err_code", "PROJECT_NOT_FOUND"),
        (PayloadTooLarge, 413, "err_code", "PAYLOAD_TOO_LARGE"),
        (
            UnsupportedMediaType,
            415,
            "err_code",
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            UnprocessableEntity,
            422,
            "err_code",
            "ASR_UNPROCESSABLE_ENTITY",
        ),
        (TooManyRequests, 429, "err_code", "TOO_MANY_REQUESTS"),
        (
            InternalServerError,
            500,
            "err_code",
            "INTERNAL_SERVER_ERROR",
        ),
        (BadGateway, 502, "err_code", "BAD_GATEWAY"),
        (ServiceUnavailable, 503, "error_code", "SERVICE_UNAVAILABLE"),
    ];
    for (error, code, field, value) in cases {
        assert_eq!(error.status(), code);
        h.emulator.inject(once(FaultAction::Error(error)));
        let answer = h.get("/v1/projects", &h.owner()).await;
        assert_eq!(answer.status, code, "{error:?}");
        assert_eq!(answer.json()[field], value, "{error:?}: {}", answer.text);
    }
    h.emulator
        .inject(once(FaultAction::Error(UuidParsingFailed)));
    let answer = h.get("/v1/projects", &h.owner()).await;
    assert_eq!(answer.status, 404);
    assert!(answer.content_type().starts_with("text/plain"));
    assert!(
        answer
            .text
            .starts_with("UUID parsing failed: invalid character"),
        "{}",
        answer.text
    );
}

#[tokio::test]
async fn faults_apply_only_to_their_path_prefix_and_count() {
    let h = Harness::start().await;
    h.emulator.inject(Fault {
        count: 2,
        path_prefix: Some("/v1/listen".into()),
        action: status(503, None, Some(7)),
    });
    assert_eq!(h.get("/v1/projects", &h.owner()).await.status, 200);
    for _ in 0..2 {
        let answer = h
            .post_bytes("/v1/listen", &h.owner(), "audio/wav", wav(1, 8000, 800))
            .await;
        assert_eq!(answer.status, 503);
        assert_eq!(answer.headers["retry-after"], "7");
    }
    let answer = h
        .post_bytes("/v1/listen", &h.owner(), "audio/wav", wav(1, 8000, 800))
        .await;
    assert_eq!(answer.status, 200);
    let stats = h.emulator.stats();
    assert_eq!(
        (stats.requests, stats.listen_requests),
        (4, 1),
        "faulted requests are counted, not handled"
    );
}

#[tokio::test]
async fn a_given_body_is_sent_as_is() {
    let h = Harness::start().await;
    h.emulator.inject(once(status(
        400,
        Some(r#"{"err_code":"CUSTOM","err_msg":"mine"}"#),
        None,
    )));
    let answer = h.get("/v1/projects", &h.owner()).await;
    assert_eq!(answer.text, r#"{"err_code":"CUSTOM","err_msg":"mine"}"#);
    assert_eq!(answer.content_type(), "application/json");
    h.emulator
        .inject(once(status(502, Some("upstream fell over"), None)));
    let answer = h.get("/v1/projects", &h.owner()).await;
    assert_eq!(
        (answer.status, answer.text.as_str()),
        (502, "upstream fell over")
    );
    assert!(answer.content_type().starts_with("text/plain"));
}

#[tokio::test]
async fn a_delay_holds_the_answer_then_answers_normally() {
    let h = Harness::start().await;
    h.emulator
        .inject(once(FaultAction::Delay(Duration::from_secs(60))));
    let held = h
        .http
        .get(h.url("/v1/projects"))
        .header(AUTHORIZATION, token(&h.owner()))
        .timeout(Duration::from_millis(300))
        .send()
        .await;
    assert!(held.expect_err("no answer before the delay").is_timeout());

    h.emulator
        .inject(once(FaultAction::Delay(Duration::from_millis(20))));
    let answer = h.get("/v1/projects", &h.owner()).await;
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn a_dropped_connection_gets_no_answer() {
    let h = Harness::start().await;
    h.emulator.inject(once(FaultAction::DropConnection));
    let dropped = h
        .http
        .post(h.url("/v1/listen"))
        .header(AUTHORIZATION, token(&h.owner()))
        .body(wav(1, 8000, 8000))
        .send()
        .await;
    let err = dropped.expect_err("no HTTP answer");
    assert!(!err.is_timeout() && !err.is_status(), "{err:?}");
    assert_eq!(
        h.emulator.stats().listen_requests,
        0,
        "the request was never handled"
    );
    assert_eq!(h.get("/v1/projects", &h.owner()).await.status, 200);
}

#[tokio::test]
async fn drop_after_body_processes_the_request_but_loses_the_answer() {
    let h = Harness::start().await;
    h.emulator.inject(Fault {
        count: 1,
        path_prefix: Some(h.keys_path()),
        action: FaultAction::DropAfterBody,
    });
    let lost = h
        .http
        .post(h.url(&h.keys_path()))
        .header(AUTHORIZATION, token(&h.owner()))
        .header("content-type", "application/json")
        .body(json!({"comment": "lost answer", "scopes": ["member"]}).to_string())
        .send()
        .await;
    assert!(lost.is_err(), "no HTTP answer");
    assert_eq!(
        h.emulator.stats().keys_created,
        1,
        "the key was created all the same"
    );
    let listed = h.get(&h.keys_path(), &h.owner()).await.json();
    assert!(
        listed["api_keys"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["api_key"]["comment"] == "lost answer")
    );
}

#[test]
#[should_panic(expected = "invalid fault")]
fn an_impossible_status_is_refused_at_injection() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let h = Harness::start().await;
        h.emulator.inject(once(status(99, None, None)));
    });
}
