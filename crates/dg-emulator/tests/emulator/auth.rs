use reqwest::header::AUTHORIZATION;

use crate::common::Harness;

#[tokio::test]
async fn missing_or_unknown_credentials_get_invalid_auth() {
    let h = Harness::start().await;
    let no_header = h.send(h.http.get(h.url("/v1/projects"))).await;
    assert_eq!(
        no_header.assert_legacy_error(401, "INVALID_AUTH"),
        "Invalid credentials."
    );
    let unknown = h.get("/v1/projects", &"0".repeat(40)).await;
    unknown.assert_legacy_error(401, "INVALID_AUTH");
    let bare_key = h.owner();
    for header in ["Basic abc", "Token", "Token    ", bare_key.as_str()] {
        let answer = h
            .send(
                h.http
                    .get(h.url("/v1/projects"))
                    .header(AUTHORIZATION, header),
            )
            .await;
        answer.assert_legacy_error(401, "INVALID_AUTH");
    }
}

#[tokio::test]
async fn the_scheme_is_matched_case_insensitively() {
    let h = Harness::start().await;
    for scheme in ["Token", "token", "TOKEN"] {
        let header = format!("{scheme} {}", h.owner());
        let answer = h
            .send(
                h.http
                    .get(h.url("/v1/projects"))
                    .header(AUTHORIZATION, header),
            )
            .await;
        assert_eq!(answer.status, 200, "{scheme}: {}", answer.text);
    }
}

#[tokio::test]
async fn an_api_key_is_not_a_bearer_token() {
    let h = Harness::start().await;
    let header = format!("Bearer {}", h.owner());
    let answer = h
        .send(
            h.http
                .get(h.url("/v1/projects"))
                .header(AUTHORIZATION, header),
        )
        .await;
    answer.assert_legacy_error(401, "INVALID_AUTH");
}

#[tokio::test]
async fn every_answer_has_a_distinct_request_id() {
    let h = Harness::start().await;
    let first = h.get("/v1/projects", &h.owner()).await;
    let second = h.get("/v1/projects", "wrong").await;
    assert!(uuid::Uuid::parse_str(first.request_id()).is_ok());
    assert_ne!(first.request_id(), second.request_id());
}
