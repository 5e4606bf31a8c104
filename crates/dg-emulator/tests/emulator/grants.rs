use std::time::Duration;

use dg_emulator::Role;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use serde_json::json;

use crate::common::{Answer, Harness, wav};

async fn grant(h: &Harness, key: &str, body: Option<serde_json::Value>) -> Answer {
    let mut request = h
        .http
        .post(h.url("/v1/auth/grant"))
        .header(AUTHORIZATION, format!("Token {key}"));
    if let Some(body) = body {
        request = request
            .header(CONTENT_TYPE, "application/json")
            .body(body.to_string());
    }
    h.send(request).await
}

async fn listen_with_bearer(h: &Harness, scheme: &str, token: &str) -> Answer {
    let request = h
        .http
        .post(h.url("/v1/listen"))
        .header(AUTHORIZATION, format!("{scheme} {token}"))
        .header(CONTENT_TYPE, "audio/wav")
        .body(wav(1, 8000, 8000));
    h.send(request).await
}

#[tokio::test]
async fn a_token_transcribes_but_cannot_manage() {
    let h = Harness::start().await;
    let (_, member) = h.emulator.add_member("m@example.com", Role::Member);
    let granted = grant(&h, &member, None).await;
    assert_eq!(granted.status, 200, "{}", granted.text);
    let granted = granted.json();
    assert_eq!(granted["expires_in"], 30);
    let token = granted["access_token"].as_str().unwrap();
    assert_eq!(token.split('.').count(), 3, "JWT-shaped");

    for scheme in ["Bearer", "bearer"] {
        let answer = listen_with_bearer(&h, scheme, token).await;
        assert_eq!(answer.status, 200, "{}", answer.text);
    }
    let manage = h
        .send(
            h.http
                .get(h.url("/v1/projects"))
                .header(AUTHORIZATION, format!("Bearer {token}")),
        )
        .await;
    manage.assert_legacy_error(401, "INVALID_AUTH");
    h.get("/v1/projects", token)
        .await
        .assert_legacy_error(401, "INVALID_AUTH");
    let forged = format!("{}x", token);
    listen_with_bearer(&h, "Bearer", &forged)
        .await
        .assert_legacy_error(401, "INVALID_AUTH");
}

#[tokio::test]
async fn a_token_expires_after_its_ttl() {
    let h = Harness::start().await;
    let granted = grant(&h, &h.owner(), Some(json!({"ttl_seconds": 1})))
        .await
        .json();
    assert_eq!(granted["expires_in"], 1);
    let token = granted["access_token"].as_str().unwrap();
    assert_eq!(listen_with_bearer(&h, "Bearer", token).await.status, 200);
    // Expiry is checked in whole seconds, rounded up: two seconds are always enough.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    listen_with_bearer(&h, "Bearer", token)
        .await
        .assert_legacy_error(401, "INVALID_AUTH");
}

#[tokio::test]
async fn ttl_must_be_between_1_and_3600_seconds() {
    let h = Harness::start().await;
    for ttl in [json!(0), json!(3601), json!(-1), json!(0.5)] {
        let answer = grant(&h, &h.owner(), Some(json!({"ttl_seconds": ttl}))).await;
        answer.assert_legacy_error(400, "Bad Request");
    }
    let answer = grant(&h, &h.owner(), Some(json!({"ttl_seconds": 3600}))).await;
    assert_eq!(answer.json()["expires_in"], 3600);
    let malformed = h
        .send(
            h.http
                .post(h.url("/v1/auth/grant"))
                .header(AUTHORIZATION, format!("Token {}", h.owner()))
                .body("{ttl_seconds: 5}"),
        )
        .await;
    malformed.assert_modern_error("INVALID_JSON");
}

#[tokio::test]
async fn granting_needs_a_key_that_may_transcribe() {
    let h = Harness::start().await;
    let reader = h
        .create_key(&h.owner(), json!({"comment": "r", "scopes": ["keys:read"]}))
        .await;
    grant(&h, reader["key"].as_str().unwrap(), None)
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    grant(&h, "nope", None)
        .await
        .assert_legacy_error(401, "INVALID_AUTH");
}
