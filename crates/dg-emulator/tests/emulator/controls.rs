use dg_emulator::Stats;
use serde_json::{Value, json};

use crate::common::{Harness, wav};

async fn control(h: &Harness, path: &str, key: &str, body: Value) -> crate::common::Answer {
    h.post_json(&format!("/__emulator/{path}"), key, &body)
        .await
}

#[tokio::test]
async fn faults_can_be_queued_over_http() {
    let h = Harness::start().await;
    let owner = h.owner();
    let queued = control(
        &h,
        "faults",
        &owner,
        json!({"count": 2, "path_prefix": "/v1/projects", "status": 503}),
    )
    .await;
    assert_eq!(queued.status, 200, "{}", queued.text);
    for _ in 0..2 {
        assert_eq!(
            h.get("/v1/projects", &owner).await.json()["error_code"],
            "SERVICE_UNAVAILABLE"
        );
    }
    assert_eq!(h.get("/v1/projects", &owner).await.status, 200);

    control(
        &h,
        "faults",
        &owner,
        json!({"status": 429, "retry_after": 3}),
    )
    .await;
    let limited = h.get("/v1/projects", &owner).await;
    assert_eq!(
        (
            limited.status,
            limited.headers["retry-after"].to_str().unwrap()
        ),
        (429, "3")
    );

    control(&h, "faults", &owner, json!({"error": "invalid_json"})).await;
    h.get("/v1/projects", &owner)
        .await
        .assert_modern_error("INVALID_JSON");

    control(&h, "faults", &owner, json!({"drop": "connection"})).await;
    let dropped = h.http.get(h.url("/v1/projects")).send().await;
    assert!(dropped.is_err());

    control(&h, "faults", &owner, json!({"drop": "after_body"})).await;
    let lost = h
        .http
        .post(h.url("/v1/listen"))
        .body(wav(1, 8000, 800))
        .send()
        .await;
    assert!(lost.is_err());

    control(&h, "faults", &owner, json!({"delay_ms": 10})).await;
    assert_eq!(h.get("/v1/projects", &owner).await.status, 200);
}

#[tokio::test]
async fn bad_fault_specs_are_refused() {
    let h = Harness::start().await;
    for spec in [
        json!({"count": 1}),
        json!({"status": 503, "delay_ms": 5}),
        json!({"status": 42}),
    ] {
        control(&h, "faults", &h.owner(), spec)
            .await
            .assert_legacy_error(400, "Bad Request");
    }
    control(&h, "faults", &h.owner(), json!({"drop": "sideways"}))
        .await
        .assert_modern_error("INVALID_JSON");
    assert_eq!(
        h.get("/v1/projects", &h.owner()).await.status,
        200,
        "nothing was queued"
    );
}

#[tokio::test]
async fn controls_need_the_owner_key_and_are_never_faulted() {
    let h = Harness::start().await;
    let (_, admin) = h
        .emulator
        .add_member("a@example.com", dg_emulator::Role::Admin);
    control(&h, "faults", &admin, json!({"status": 503}))
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    control(
        &h,
        "members",
        "wrong",
        json!({"email": "x@example.com", "role": "member"}),
    )
    .await
    .assert_legacy_error(401, "INVALID_AUTH");

    control(&h, "faults", &h.owner(), json!({"status": 503})).await;
    assert_eq!(h.get("/__emulator/stats", &h.owner()).await.status, 200);
    assert_eq!(
        h.get("/v1/projects", &h.owner()).await.status,
        503,
        "the fault waited for an API request"
    );
}

#[tokio::test]
async fn members_can_be_added_over_http() {
    let h = Harness::start().await;
    let added = control(
        &h,
        "members",
        &h.owner(),
        json!({"email": "dev@example.com", "role": "admin"}),
    )
    .await;
    assert_eq!(added.status, 200, "{}", added.text);
    let added = added.json();
    let key = added["key"].as_str().unwrap();
    let listed = h.get(&h.keys_path(), key).await.json();
    let keys = listed["api_keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["member"]["member_id"], added["member_id"]);
    assert_eq!(keys[0]["api_key"]["scopes"], json!(["admin"]));
    control(
        &h,
        "members",
        &h.owner(),
        json!({"email": "x@example.com", "role": "emperor"}),
    )
    .await
    .assert_modern_error("INVALID_JSON");
}

#[tokio::test]
async fn stats_over_http_match_the_rust_api() {
    let h = Harness::start().await;
    h.post_bytes("/v1/listen", &h.owner(), "audio/wav", wav(1, 8000, 800))
        .await;
    h.create_key(&h.owner(), json!({"comment": "c", "scopes": ["member"]}))
        .await;
    let over_http: Stats =
        serde_json::from_str(&h.get("/__emulator/stats", &h.owner()).await.text).unwrap();
    assert_eq!(over_http, h.emulator.stats());
    assert_eq!(over_http.requests, 2);
    assert_eq!(over_http.listen_requests, 1);
    assert_eq!(
        over_http.audio_bytes_received,
        wav(1, 8000, 800).len() as u64
    );
    assert_eq!(over_http.keys_created, 1);
}
