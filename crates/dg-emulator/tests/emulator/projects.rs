use serde_json::json;

use crate::common::Harness;

#[tokio::test]
async fn the_project_is_listed_and_readable() {
    let h = Harness::start().await;
    let listed = h.get("/v1/projects", &h.owner()).await;
    assert_eq!(listed.status, 200);
    assert_eq!(
        listed.json(),
        json!({"projects": [{"project_id": h.emulator.project_id(), "name": "dg emulator"}]})
    );
    let one = h
        .get(
            &format!("/v1/projects/{}", h.emulator.project_id()),
            &h.owner(),
        )
        .await;
    assert_eq!(one.json()["project_id"], h.emulator.project_id());
}

#[tokio::test]
async fn an_unknown_project_is_project_not_found_without_request_id() {
    let h = Harness::start().await;
    let other = uuid::Uuid::new_v4();
    for path in [
        format!("/v1/projects/{other}"),
        format!("/v1/projects/{other}/keys"),
    ] {
        let answer = h.get(&path, &h.owner()).await;
        assert_eq!(answer.status, 404);
        assert_eq!(
            answer.json(),
            json!({"err_code": "PROJECT_NOT_FOUND", "err_msg": "Project not found."})
        );
        assert!(
            !answer.request_id().is_empty(),
            "the header still names the request"
        );
    }
}

#[tokio::test]
async fn a_project_id_that_is_not_a_uuid_gets_a_plain_text_404() {
    let h = Harness::start().await;
    let answer = h.get("/v1/projects/project-1/keys", &h.owner()).await;
    assert_eq!(answer.status, 404);
    assert!(
        answer.content_type().starts_with("text/plain"),
        "{}",
        answer.content_type()
    );
    assert_eq!(
        answer.text,
        "UUID parsing failed: invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `p` at 1"
    );
}

#[tokio::test]
async fn unknown_routes_and_methods_are_refused() {
    let h = Harness::start().await;
    h.get("/v1/speak", &h.owner())
        .await
        .assert_legacy_error(404, "NOT_FOUND");
    let answer = h.delete("/v1/projects", &h.owner()).await;
    answer.assert_legacy_error(405, "METHOD_NOT_ALLOWED");
}
