//! Several projects, their members, member scopes and invitations, with each role allowed
//! and refused as Deepgram's role table says (the seed's Acme: Ann owner, Ada admin, Bob
//! member).

use serde_json::{Value, json};

use crate::common::seeded::{ACME, ADA, ANN, ANN_IN_GLOBEX, BOB, BOB_CI, GLOBEX, GUS};
use crate::common::{Answer, Harness, assert_not_a_uuid};

fn acme(rest: &str) -> String {
    Harness::project_path(ACME, rest)
}

/// Acme's members, by email: (member_id, scopes).
async fn members(h: &Harness) -> Vec<(String, String, Value)> {
    let answer = h.get(&acme("/members"), ANN).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.json()["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["email"].as_str().unwrap().to_owned(),
                m["member_id"].as_str().unwrap().to_owned(),
                m["scopes"].clone(),
            )
        })
        .collect()
}

async fn member_id(h: &Harness, email: &str) -> String {
    members(h)
        .await
        .into_iter()
        .find(|(e, _, _)| e == email)
        .unwrap_or_else(|| panic!("{email} is a member"))
        .1
}

#[tokio::test]
async fn a_key_sees_and_reaches_only_its_own_project() {
    let h = Harness::seeded().await;
    for (key, project, name) in [
        (ANN, ACME, "Acme"),
        (BOB, ACME, "Acme"),
        (ANN_IN_GLOBEX, GLOBEX, "Globex"),
        (GUS, GLOBEX, "Globex"),
    ] {
        let listed = h.get("/v1/projects", key).await;
        assert_eq!(
            listed.json(),
            json!({"projects": [{"project_id": project, "name": name}]})
        );
        let one = h.get(&Harness::project_path(project, ""), key).await;
        assert_eq!(
            one.json(),
            json!({"project_id": project, "name": name, "mip_opt_out": false})
        );
    }
    // Ann is in both projects, but each of her keys acts in its own.
    h.get(&Harness::project_path(GLOBEX, ""), ANN)
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    h.get(&Harness::project_path(ACME, "/keys"), GUS)
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    // The emulator's own project is still there, with its own owner.
    let own = h.get("/v1/projects", &h.owner()).await.json();
    assert_eq!(own["projects"][0]["project_id"], h.emulator.project_id());
    assert_eq!(own["projects"].as_array().unwrap().len(), 1);
    // Keys are listed per project.
    let keys = h.get(&acme("/keys"), ANN).await.json();
    assert_eq!(keys["api_keys"].as_array().unwrap().len(), 4);
    let keys = h
        .get(&Harness::project_path(GLOBEX, "/keys"), GUS)
        .await
        .json();
    assert_eq!(keys["api_keys"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn projects_are_renamed_by_members_and_deleted_only_by_owners() {
    let h = Harness::seeded().await;
    let renamed = h
        .patch_json(&acme(""), BOB, &json!({"name": "Acme Corp"}))
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.text);
    assert!(renamed.json()["message"].is_string());
    let opted = h
        .patch_json(&acme(""), ANN, &json!({"mip_opt_out": true}))
        .await;
    assert_eq!(opted.status, 200);
    assert_eq!(
        h.get(&acme(""), ANN).await.json(),
        json!({"project_id": ACME, "name": "Acme Corp", "mip_opt_out": true})
    );
    h.patch_json(&acme(""), ANN, &json!({"name": " "}))
        .await
        .assert_legacy_error(400, "Bad Request");
    h.patch_json(&acme(""), ANN, &json!({"name": 7}))
        .await
        .assert_modern_error("INVALID_JSON");
    // BOB_CI holds only usage scopes.
    h.patch_json(&acme(""), BOB_CI, &json!({"name": "x"}))
        .await
        .assert_legacy_error(403, "FORBIDDEN");

    for key in [BOB, ADA] {
        h.delete(&acme(""), key)
            .await
            .assert_legacy_error(403, "FORBIDDEN");
    }
    let deleted = h.delete(&acme(""), ANN).await;
    assert_eq!(deleted.status, 200, "{}", deleted.text);
    for key in [ANN, ADA, BOB] {
        h.get("/v1/projects", key)
            .await
            .assert_legacy_error(401, "INVALID_AUTH");
    }
    // Ann's Globex key lives on; Acme is gone for it.
    let gone = h.get(&acme(""), ANN_IN_GLOBEX).await;
    assert_eq!(gone.status, 404);
    assert_eq!(
        gone.json(),
        json!({"err_code": "PROJECT_NOT_FOUND", "err_msg": "Project not found."})
    );
}

#[tokio::test]
async fn members_leave_and_the_last_owner_cannot() {
    let h = Harness::seeded().await;
    h.delete(&acme("/leave"), ANN)
        .await
        .assert_legacy_error(400, "Bad Request");
    let left = h.delete(&acme("/leave"), BOB).await;
    assert_eq!(left.status, 200, "{}", left.text);
    assert!(left.json()["message"].is_string());
    for key in [BOB, BOB_CI] {
        h.get("/v1/projects", key)
            .await
            .assert_legacy_error(401, "INVALID_AUTH");
    }
    let emails: Vec<String> = members(&h).await.into_iter().map(|m| m.0).collect();
    assert_eq!(emails, ["ann@acme.example", "ada@acme.example"]);
    // Ann leaves Globex (Gus stays its owner) and is still Acme's owner.
    assert_eq!(
        h.delete(&Harness::project_path(GLOBEX, "/leave"), ANN_IN_GLOBEX)
            .await
            .status,
        200
    );
    assert_eq!(h.get("/v1/projects", ANN).await.status, 200);
}

#[tokio::test]
async fn admins_and_owners_list_members_with_their_scopes_and_members_cannot() {
    let h = Harness::seeded().await;
    let listed = members(&h).await;
    let by_email: Vec<(&str, Value)> = listed
        .iter()
        .map(|(email, _, scopes)| (email.as_str(), scopes.clone()))
        .collect();
    assert_eq!(
        by_email,
        [
            ("ann@acme.example", json!(["owner"])),
            ("ada@acme.example", json!(["admin"])),
            ("bob@acme.example", json!(["member"])),
        ]
    );
    let full = h.get(&acme("/members"), ADA).await.json();
    assert_eq!(full["members"][0]["first_name"], "Ann");
    assert_eq!(full["members"][0]["last_name"], "Lee");
    for key in [BOB, BOB_CI] {
        h.get(&acme("/members"), key)
            .await
            .assert_legacy_error(403, "FORBIDDEN");
    }
    let ada = member_id(&h, "ada@acme.example").await;
    let scopes = h.get(&acme(&format!("/members/{ada}/scopes")), ANN).await;
    assert_eq!(scopes.json(), json!({"scopes": ["admin"]}));
    h.get(&acme(&format!("/members/{ada}/scopes")), BOB)
        .await
        .assert_legacy_error(403, "FORBIDDEN");
}

#[tokio::test]
async fn unknown_and_malformed_member_ids_are_404s() {
    let h = Harness::seeded().await;
    let stranger = uuid::Uuid::new_v4();
    for answer in [
        h.get(&acme(&format!("/members/{stranger}/scopes")), ANN)
            .await,
        h.delete(&acme(&format!("/members/{stranger}")), ANN).await,
        h.put_json(
            &acme(&format!("/members/{stranger}/scopes")),
            ANN,
            &json!({"scope": "member"}),
        )
        .await,
    ] {
        let message = answer.assert_legacy_error(404, "NOT_FOUND");
        assert_eq!(message, "Member not found.");
    }
    // A member of another project is no member of this one.
    let gus = {
        let listed = h
            .get(&Harness::project_path(GLOBEX, "/members"), GUS)
            .await
            .json();
        listed["members"][1]["member_id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    h.delete(&acme(&format!("/members/{gus}")), ANN)
        .await
        .assert_legacy_error(404, "NOT_FOUND");
    assert_not_a_uuid(&h.delete(&acme("/members/bob"), ANN).await);
    assert_not_a_uuid(&h.get(&acme("/members/bob/scopes"), ANN).await);
}

#[tokio::test]
async fn a_member_cannot_remove_anyone_and_an_admin_cannot_remove_an_owner() {
    let h = Harness::seeded().await;
    let (ann, ada, bob) = (
        member_id(&h, "ann@acme.example").await,
        member_id(&h, "ada@acme.example").await,
        member_id(&h, "bob@acme.example").await,
    );
    for target in [&ann, &ada, &bob] {
        h.delete(&acme(&format!("/members/{target}")), BOB)
            .await
            .assert_legacy_error(403, "FORBIDDEN");
    }
    h.delete(&acme(&format!("/members/{ann}")), ADA)
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    // The last owner cannot be removed, even by herself.
    h.delete(&acme(&format!("/members/{ann}")), ANN)
        .await
        .assert_legacy_error(400, "Bad Request");
    let removed = h.delete(&acme(&format!("/members/{bob}")), ADA).await;
    assert_eq!(removed.status, 200, "{}", removed.text);
    assert!(removed.json()["message"].is_string());
    h.get("/v1/projects", BOB)
        .await
        .assert_legacy_error(401, "INVALID_AUTH");
    assert_eq!(members(&h).await.len(), 2);
    // An owner removes an admin.
    assert_eq!(
        h.delete(&acme(&format!("/members/{ada}")), ANN)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn scopes_change_only_within_what_the_caller_manages() {
    let h = Harness::seeded().await;
    let (ann, ada, bob) = (
        member_id(&h, "ann@acme.example").await,
        member_id(&h, "ada@acme.example").await,
        member_id(&h, "bob@acme.example").await,
    );
    let path = |id: &str| acme(&format!("/members/{id}/scopes"));
    // A member changes nobody's scopes, not even its own.
    h.put_json(&path(&bob), BOB, &json!({"scope": "admin"}))
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    // An admin neither makes nor demotes an owner.
    h.put_json(&path(&bob), ADA, &json!({"scope": "owner"}))
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    h.put_json(&path(&ann), ADA, &json!({"scope": "member"}))
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    h.put_json(&path(&bob), ADA, &json!({"scope": "emperor"}))
        .await
        .assert_legacy_error(400, "Bad Request");
    h.put_json(&path(&bob), ADA, &json!({"scopes": ["admin"]}))
        .await
        .assert_modern_error("INVALID_JSON");
    // An admin promotes a member; the member's key gets the new role's scopes at once.
    h.get(&acme("/members"), BOB)
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    let promoted = h
        .put_json(&path(&bob), ADA, &json!({"scope": "admin"}))
        .await;
    assert_eq!(promoted.status, 200, "{}", promoted.text);
    assert!(promoted.json()["message"].is_string());
    assert_eq!(
        h.get(&path(&bob), ANN).await.json(),
        json!({"scopes": ["admin"]})
    );
    // Bob's key was made with the `member` scope: it stays capped by it.
    h.get(&acme("/members"), BOB)
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    // The last owner cannot be demoted; once Ada is an owner too, she can be.
    h.put_json(&path(&ann), ANN, &json!({"scope": "admin"}))
        .await
        .assert_legacy_error(400, "Bad Request");
    assert_eq!(
        h.put_json(&path(&ada), ANN, &json!({"scope": "owner"}))
            .await
            .status,
        200
    );
    assert_eq!(
        h.put_json(&path(&ann), ANN, &json!({"scope": "member"}))
            .await
            .status,
        200
    );
    assert_eq!(
        h.get(&path(&ann), ADA).await.json(),
        json!({"scopes": ["member"]})
    );
    // Ann's owner key now acts as a member.
    h.get(&acme("/members"), ANN)
        .await
        .assert_legacy_error(403, "FORBIDDEN");
}

async fn invites(h: &Harness, key: &str) -> Answer {
    h.get(&acme("/invites"), key).await
}

async fn send(h: &Harness, key: &str, body: Value) -> Answer {
    h.post_json(&acme("/invites"), key, &body).await
}

#[tokio::test]
async fn admins_invite_members_and_admins_and_only_owners_invite_owners() {
    let h = Harness::seeded().await;
    assert_eq!(
        invites(&h, ADA).await.json(),
        json!({"invites": [{"email": "carol@acme.example", "scope": "admin"}]})
    );
    invites(&h, BOB).await.assert_legacy_error(403, "FORBIDDEN");

    let sent = send(
        &h,
        ADA,
        json!({"email": "dee@example.com", "scope": "member"}),
    )
    .await;
    assert_eq!(sent.status, 200, "{}", sent.text);
    assert!(sent.json()["message"].is_string());
    send(
        &h,
        ADA,
        json!({"email": "eve@example.com", "scope": "owner"}),
    )
    .await
    .assert_legacy_error(403, "FORBIDDEN");
    send(
        &h,
        BOB,
        json!({"email": "eve@example.com", "scope": "member"}),
    )
    .await
    .assert_legacy_error(403, "FORBIDDEN");
    assert_eq!(
        send(
            &h,
            ANN,
            json!({"email": "eve@example.com", "scope": "owner"})
        )
        .await
        .status,
        200
    );
    send(
        &h,
        ANN,
        json!({"email": "bob@acme.example", "scope": "admin"}),
    )
    .await
    .assert_legacy_error(400, "Bad Request");
    send(&h, ANN, json!({"email": "not an email", "scope": "member"}))
        .await
        .assert_legacy_error(400, "Bad Request");
    send(&h, ANN, json!({"email": "x@example.com", "scope": "king"}))
        .await
        .assert_legacy_error(400, "Bad Request");
    send(&h, ANN, json!({"email": "x@example.com"}))
        .await
        .assert_modern_error("INVALID_JSON");
    // A second invitation of the same email replaces the first.
    assert_eq!(
        send(
            &h,
            ADA,
            json!({"email": "dee@example.com", "scope": "admin"})
        )
        .await
        .status,
        200
    );
    let listed = invites(&h, ANN).await.json();
    assert_eq!(
        listed,
        json!({"invites": [
            {"email": "carol@acme.example", "scope": "admin"},
            {"email": "eve@example.com", "scope": "owner"},
            {"email": "dee@example.com", "scope": "admin"},
        ]})
    );

    // Deleting: the email as a path segment, percent-encoded or not.
    h.delete(&acme("/invites/eve%40example.com"), ADA)
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    h.delete(&acme("/invites/dee@example.com"), BOB)
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    assert_eq!(
        h.delete(&acme("/invites/dee%40example.com"), ADA)
            .await
            .status,
        200
    );
    assert_eq!(
        h.delete(&acme("/invites/eve@example.com"), ANN)
            .await
            .status,
        200
    );
    let message = h
        .delete(&acme("/invites/nobody@example.com"), ANN)
        .await
        .assert_legacy_error(404, "NOT_FOUND");
    assert_eq!(message, "Invite not found.");
    assert_eq!(
        invites(&h, ANN).await.json(),
        json!({"invites": [{"email": "carol@acme.example", "scope": "admin"}]})
    );
}

#[tokio::test]
async fn an_admin_cannot_mint_an_owner_key_in_a_seeded_project_and_a_member_only_its_own() {
    let h = Harness::seeded().await;
    let keys = acme("/keys");
    h.post_json(&keys, ADA, &json!({"comment": "x", "scopes": ["owner"]}))
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    h.post_json(&keys, BOB, &json!({"comment": "x", "scopes": ["admin"]}))
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    let made = h
        .post_json(&keys, ADA, &json!({"comment": "ops", "scopes": ["admin"]}))
        .await;
    assert_eq!(made.status, 200, "{}", made.text);
    let secret = made.json()["key"].as_str().unwrap().to_owned();
    // The new key acts in Acme.
    assert_eq!(
        h.get("/v1/projects", &secret).await.json()["projects"][0]["project_id"],
        ACME
    );
}
