use dg_emulator::Role;
use serde_json::json;

use crate::common::Harness;

#[tokio::test]
async fn a_created_secret_is_shown_once_and_authenticates_until_deleted() {
    let h = Harness::start().await;
    let created = h
        .create_key(
            &h.owner(),
            json!({"comment": "ci", "scopes": ["member"], "tags": ["ci", "nightly"]}),
        )
        .await;
    let secret = created["key"].as_str().unwrap().to_owned();
    let key_id = created["api_key_id"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 40);
    assert!(secret.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(created["comment"], "ci");
    assert_eq!(created["scopes"], json!(["member"]));
    assert_eq!(created["tags"], json!(["ci", "nightly"]));
    assert!(created["created"].as_str().unwrap().ends_with('Z'));
    assert_eq!(h.emulator.stats().keys_created, 1);

    let listed = h.get(&h.keys_path(), &h.owner()).await;
    assert_eq!(listed.status, 200);
    assert!(!listed.text.contains(&secret));
    let entry = listed.json()["api_keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["api_key"]["api_key_id"] == key_id.as_str())
        .cloned()
        .expect("the new key is listed");
    assert!(entry["api_key"].get("key").is_none());
    assert_eq!(entry["member"]["email"], "owner@dg-emulator.invalid");

    let one = h
        .get(&format!("{}/{key_id}", h.keys_path()), &h.owner())
        .await;
    assert_eq!(one.status, 200);
    assert!(!one.text.contains(&secret));
    let one = one.json();
    assert_eq!(one["api_key"]["api_key_id"], key_id.as_str());
    assert_eq!(one["api_key"]["tags"], json!(["ci", "nightly"]));
    assert!(one["member"]["member_id"].is_string());

    assert_eq!(h.get("/v1/projects", &secret).await.status, 200);
    let deleted = h
        .delete(&format!("{}/{key_id}", h.keys_path()), &h.owner())
        .await;
    assert_eq!(deleted.status, 200, "{}", deleted.text);
    assert!(deleted.json()["message"].is_string());
    h.get("/v1/projects", &secret)
        .await
        .assert_legacy_error(401, "INVALID_AUTH");
    let gone = h
        .get(&format!("{}/{key_id}", h.keys_path()), &h.owner())
        .await;
    assert_eq!(gone.status, 404);
}

#[tokio::test]
async fn members_see_and_delete_only_their_own_keys() {
    let h = Harness::start().await;
    let (ann_id, ann) = h.emulator.add_member("ann@example.com", Role::Member);
    let (_, bob) = h.emulator.add_member("bob@example.com", Role::Member);
    let anns_key = h
        .create_key(&ann, json!({"comment": "ann's", "scopes": ["usage:write"]}))
        .await;
    let anns_key_path = format!(
        "{}/{}",
        h.keys_path(),
        anns_key["api_key_id"].as_str().unwrap()
    );

    let bobs_view = h.get(&h.keys_path(), &bob).await.json();
    let bobs_keys = bobs_view["api_keys"].as_array().unwrap();
    assert_eq!(bobs_keys.len(), 1, "bob sees only his own key: {bobs_view}");
    assert_eq!(bobs_keys[0]["member"]["email"], "bob@example.com");
    h.get(&anns_key_path, &bob)
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    h.delete(&anns_key_path, &bob)
        .await
        .assert_legacy_error(403, "FORBIDDEN");

    let anns_view = h.get(&h.keys_path(), &ann).await.json();
    let anns_keys = anns_view["api_keys"].as_array().unwrap();
    assert_eq!(anns_keys.len(), 2);
    assert!(
        anns_keys
            .iter()
            .all(|k| k["member"]["member_id"] == ann_id.as_str())
    );

    let owners_view = h.get(&h.keys_path(), &h.owner()).await.json();
    assert_eq!(
        owners_view["api_keys"].as_array().unwrap().len(),
        4,
        "owner, ann x2, bob"
    );
    assert_eq!(h.delete(&anns_key_path, &ann).await.status, 200);
}

#[tokio::test]
async fn admins_see_their_keys_but_not_the_owners_and_owners_see_the_admins() {
    let h = Harness::start().await;
    let (admin_id, admin) = h.emulator.add_member("ada@example.com", Role::Admin);
    let created = h
        .create_key(
            &admin,
            json!({"comment": "ops", "scopes": ["members:write"]}),
        )
        .await;

    let admins_view = h.get(&h.keys_path(), &admin).await.json();
    let admins_keys = admins_view["api_keys"].as_array().unwrap();
    assert_eq!(admins_keys.len(), 2);
    assert!(
        admins_keys
            .iter()
            .all(|k| k["member"]["member_id"] == admin_id.as_str())
    );

    let owner_key_id = h.get(&h.keys_path(), &h.owner()).await.json()["api_keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["member"]["email"] == "owner@dg-emulator.invalid")
        .map(|k| k["api_key"]["api_key_id"].as_str().unwrap().to_owned())
        .unwrap();
    let owner_key_path = format!("{}/{owner_key_id}", h.keys_path());
    h.get(&owner_key_path, &admin)
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    let admins_key_path = format!(
        "{}/{}",
        h.keys_path(),
        created["api_key_id"].as_str().unwrap()
    );
    assert_eq!(h.get(&admins_key_path, &h.owner()).await.status, 200);
}

#[tokio::test]
async fn a_key_cannot_hold_scopes_its_creator_lacks() {
    let h = Harness::start().await;
    let (_, member) = h.emulator.add_member("m@example.com", Role::Member);
    let (_, admin) = h.emulator.add_member("a@example.com", Role::Admin);
    let refused = [
        (&member, json!(["admin"])),
        (&member, json!(["keys:read", "billing:read"])),
        (&admin, json!(["owner"])),
        (&admin, json!(["billing:write"])),
        (&h.owner(), json!(["teleport:write"])),
    ];
    for (key, scopes) in refused {
        let answer = h
            .post_json(
                &h.keys_path(),
                key,
                &json!({"comment": "x", "scopes": scopes}),
            )
            .await;
        let message = answer.assert_legacy_error(403, "FORBIDDEN");
        assert_eq!(message, "Insufficient permissions.");
    }
    h.create_key(&member, json!({"comment": "ok", "scopes": ["keys:read"]}))
        .await;
    h.create_key(
        &admin,
        json!({"comment": "ok", "scopes": ["members:write", "member"]}),
    )
    .await;
    h.create_key(
        &h.owner(),
        json!({"comment": "ok", "scopes": ["billing:write"]}),
    )
    .await;
    assert_eq!(h.emulator.stats().keys_created, 3);
}

#[tokio::test]
async fn a_fine_grained_key_can_do_only_what_its_scopes_say() {
    let h = Harness::start().await;
    h.emulator.add_member("other@example.com", Role::Member);
    let reader = h
        .create_key(&h.owner(), json!({"comment": "r", "scopes": ["keys:read"]}))
        .await;
    let reader = reader["key"].as_str().unwrap();
    assert_eq!(h.get(&h.keys_path(), reader).await.status, 200);
    h.post_json(
        &h.keys_path(),
        reader,
        &json!({"comment": "x", "scopes": ["keys:read"]}),
    )
    .await
    .assert_legacy_error(403, "FORBIDDEN");
    h.post_bytes(
        "/v1/listen",
        reader,
        "audio/wav",
        crate::common::wav(1, 8000, 800),
    )
    .await
    .assert_legacy_error(403, "FORBIDDEN");
    // Without a role scope it acts as a member: it sees its member's keys (the owner key and
    // itself), not the other member's.
    let listed = h.get(&h.keys_path(), reader).await.json();
    let keys = listed["api_keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2, "{listed}");
    assert!(
        keys.iter()
            .all(|k| k["member"]["email"] == "owner@dg-emulator.invalid")
    );
    let owners_view = h.get(&h.keys_path(), &h.owner()).await.json();
    assert_eq!(owners_view["api_keys"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn expired_keys_get_401_and_are_listed_as_expired() {
    let h = Harness::start().await;
    let expired = h
        .create_key(&h.owner(), json!({"comment": "old", "scopes": ["member"], "expiration_date": "2001-02-03T04:05:06+01:00"}))
        .await;
    assert_eq!(expired["expiration_date"], "2001-02-03T03:05:06.000Z");
    h.get("/v1/projects", expired["key"].as_str().unwrap())
        .await
        .assert_legacy_error(401, "INVALID_AUTH");

    let fresh = h
        .create_key(
            &h.owner(),
            json!({"comment": "new", "scopes": ["member"], "time_to_live_in_seconds": 3600}),
        )
        .await;
    let created = time_of(&fresh["created"]);
    let expires = time_of(&fresh["expiration_date"]);
    assert_eq!(expires - created, time::Duration::hours(1));
    assert_eq!(
        h.get("/v1/projects", fresh["key"].as_str().unwrap())
            .await
            .status,
        200
    );

    let (expired_id, fresh_id) = (
        expired["api_key_id"].as_str().unwrap(),
        fresh["api_key_id"].as_str().unwrap(),
    );
    let expired_ids = listed_ids(&h, "expired").await;
    let active_ids = listed_ids(&h, "active").await;
    assert_eq!(expired_ids, [expired_id]);
    assert!(
        active_ids.iter().any(|id| id == fresh_id) && !active_ids.iter().any(|id| id == expired_id)
    );
    h.get(&format!("{}?status=sleeping", h.keys_path()), &h.owner())
        .await
        .assert_legacy_error(400, "Bad Request");
}

async fn listed_ids(h: &Harness, status: &str) -> Vec<String> {
    let answer = h
        .get(&format!("{}?status={status}", h.keys_path()), &h.owner())
        .await;
    answer.json()["api_keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["api_key"]["api_key_id"].as_str().unwrap().to_owned())
        .collect()
}

fn time_of(value: &serde_json::Value) -> time::OffsetDateTime {
    time::OffsetDateTime::parse(
        value.as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap()
}

#[tokio::test]
async fn expiration_date_and_ttl_are_exclusive_and_checked() {
    let h = Harness::start().await;
    let bad_bodies = [
        json!({"comment": "x", "scopes": ["member"], "expiration_date": "2030-01-01T00:00:00Z", "time_to_live_in_seconds": 60}),
        json!({"comment": "x", "scopes": ["member"], "expiration_date": "next tuesday"}),
        json!({"comment": "x", "scopes": ["member"], "time_to_live_in_seconds": 0}),
        json!({"comment": "x", "scopes": []}),
    ];
    for body in bad_bodies {
        let answer = h.post_json(&h.keys_path(), &h.owner(), &body).await;
        let message = answer.assert_legacy_error(400, "Bad Request");
        assert!(message.starts_with("Bad Request: "), "{message}");
    }
    assert_eq!(h.emulator.stats().keys_created, 0);
}

#[tokio::test]
async fn missing_fields_and_malformed_json_get_deepgrams_invalid_json_answer() {
    let h = Harness::start().await;
    let missing = h
        .post_json(&h.keys_path(), &h.owner(), &json!({"scopes": ["member"]}))
        .await;
    let details = missing.assert_modern_error("INVALID_JSON");
    assert!(
        details.starts_with("Json deserialize error: missing field `comment`"),
        "{details}"
    );

    let malformed = h
        .post_bytes(
            &h.keys_path(),
            &h.owner(),
            "application/json",
            b"{\"comment\" \"x\"}".to_vec(),
        )
        .await;
    let details = malformed.assert_modern_error("INVALID_JSON");
    assert!(details.contains("expected `:`"), "{details}");

    let negative_ttl = json!({"comment": "x", "scopes": ["member"], "time_to_live_in_seconds": -5});
    h.post_json(&h.keys_path(), &h.owner(), &negative_ttl)
        .await
        .assert_modern_error("INVALID_JSON");
}

#[tokio::test]
async fn key_paths_that_are_not_uuids_get_the_plain_text_404() {
    let h = Harness::start().await;
    let answer = h
        .get(&format!("{}/my-key", h.keys_path()), &h.owner())
        .await;
    assert_eq!(answer.status, 404);
    assert!(answer.content_type().starts_with("text/plain"));
    assert!(
        answer
            .text
            .starts_with("UUID parsing failed: invalid character"),
        "{}",
        answer.text
    );
    let unknown = h
        .get(
            &format!("{}/{}", h.keys_path(), uuid::Uuid::new_v4()),
            &h.owner(),
        )
        .await;
    unknown.assert_legacy_error(404, "NOT_FOUND");
}
