//! Key management against the emulator: lifecycle, roles, secrets kept out of every printout.

mod common;

use common::*;
use dg_core::key_request::{CreateKeyRequest, KeyStatus};
use dg_core::{ErrorKind, ListenOptions};
use dg_emulator::Role;

fn request(comment: &str, scopes: &[&str]) -> CreateKeyRequest {
    CreateKeyRequest {
        comment: comment.into(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        tags: vec!["ci".into()],
        expiration_date: None,
        time_to_live_in_seconds: None,
    }
}

#[tokio::test]
async fn create_list_get_delete() {
    let emu = emulator().await;
    let c = client(&emu);
    let projects = c.list_projects().await.unwrap();
    assert!(projects.iter().any(|p| p.project_id == emu.project_id()));

    let created = c
        .create_key(emu.project_id(), &request("ci key", &["usage:write"]))
        .await
        .unwrap();
    let secret = created.key.expose().to_owned();
    assert!(secret.len() >= 32);
    assert!(
        !format!("{created:?}").contains(&secret),
        "Debug must not show the secret"
    );

    // The new key works, for what its scopes allow.
    let with_new = client_with(&emu, &secret, 0);
    let r = with_new
        .transcribe_file(fixture("preamble-rest.wav"), &ListenOptions::default())
        .await
        .unwrap();
    assert!(r.transcript().unwrap().starts_with(PREAMBLE_START));
    let denied = with_new
        .list_keys(emu.project_id(), None)
        .await
        .unwrap_err();
    assert_eq!(denied.kind(), ErrorKind::PermissionDenied, "{denied}");

    let listed = c
        .list_keys(emu.project_id(), Some(KeyStatus::Active))
        .await
        .unwrap();
    let entry = listed
        .iter()
        .find(|k| k.api_key.api_key_id == created.api_key_id)
        .expect("listed");
    assert_eq!(entry.api_key.tags, vec!["ci".to_string()]);
    let got = c
        .get_key(emu.project_id(), &created.api_key_id)
        .await
        .unwrap();
    assert_eq!(got.api_key.comment.as_deref(), Some("ci key"));
    let printed = format!(
        "{listed:?}{got:?}{}",
        serde_json::to_string(&listed).unwrap()
    );
    assert!(!printed.contains(&secret));

    c.delete_key(emu.project_id(), &created.api_key_id)
        .await
        .unwrap();
    let gone = c
        .get_key(emu.project_id(), &created.api_key_id)
        .await
        .unwrap_err();
    assert_eq!(gone.kind(), ErrorKind::NotFound);
    let revoked = with_new
        .transcribe_url(BUELLER_URL, &ListenOptions::default())
        .await
        .unwrap_err();
    assert_eq!(revoked.kind(), ErrorKind::Auth);
}

#[tokio::test]
async fn a_member_cannot_grant_more_than_it_holds() {
    let emu = emulator().await;
    let (_, member_key) = emu.add_member("member@example.com", Role::Member);
    let member = client_with(&emu, &member_key, 0);
    let err = member
        .create_key(emu.project_id(), &request("too strong", &["billing:write"]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied, "{err}");
    assert_eq!(err.status(), Some(403));
    // A member sees only its own keys.
    member
        .create_key(emu.project_id(), &request("mine", &["usage:write"]))
        .await
        .unwrap();
    client(&emu)
        .create_key(emu.project_id(), &request("owner's", &["usage:write"]))
        .await
        .unwrap();
    let seen = member.list_keys(emu.project_id(), None).await.unwrap();
    assert!(
        seen.iter()
            .all(|k| k.member.email.as_deref() == Some("member@example.com")),
        "{seen:?}"
    );
}

#[tokio::test]
async fn invalid_key_requests_are_refused_before_sending() {
    let emu = emulator().await;
    let c = client(&emu);
    let before = emu.stats().requests;
    let mut both = request("x", &["usage:write"]);
    both.expiration_date = Some("2030-01-01T00:00:00Z".into());
    both.time_to_live_in_seconds = Some(60);
    for bad in [request("", &["usage:write"]), request("x", &[]), both] {
        let err = c.create_key(emu.project_id(), &bad).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidOptions, "{err}");
    }
    assert_eq!(
        c.grant_token(Some(0)).await.unwrap_err().kind(),
        ErrorKind::InvalidOptions
    );
    assert_eq!(emu.stats().requests, before);
}

#[tokio::test]
async fn not_found_in_both_shapes() {
    let emu = emulator().await;
    let c = client(&emu);
    let err = c
        .list_keys("00000000-0000-4000-8000-000000000000", None)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.code(), Some("PROJECT_NOT_FOUND"));
    let err = c.list_keys("not-a-uuid", None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("UUID parsing failed"), "{err}");
}

#[tokio::test]
async fn temporary_tokens_transcribe_but_cannot_manage() {
    let emu = emulator().await;
    let token = client(&emu).grant_token(Some(60)).await.unwrap();
    assert!(!format!("{token:?}").contains(token.access_token.expose()));
    let config = dg_core::ClientConfig::builder()
        .base_url(emu.base_url())
        .access_token(token.access_token.clone())
        .build()
        .unwrap();
    let bearer = dg_core::Client::with_config(config).unwrap();
    let r = bearer
        .transcribe_url(BUELLER_URL, &ListenOptions::default())
        .await
        .unwrap();
    assert!(r.transcript().unwrap().contains("Life moves pretty fast"));
    assert_eq!(
        bearer.list_projects().await.unwrap_err().kind(),
        ErrorKind::Auth
    );
}

#[tokio::test]
async fn an_undecodable_created_key_keeps_its_secret_out_of_the_message() {
    use dg_emulator::{Fault, FaultAction};
    let emu = emulator().await;
    // The key is a number where a string belongs: serde would quote it in its message.
    let body =
        r#"{"api_key_id":"k1","key":87654321,"comment":"c","scopes":["usage:write"]}"#.to_owned();
    emu.inject(Fault {
        count: 1,
        path_prefix: Some(format!("/v1/projects/{}/keys", emu.project_id())),
        action: FaultAction::Status {
            status: 200,
            body: Some(body.clone()),
            retry_after: None,
        },
    });
    let err = client(&emu)
        .create_key(emu.project_id(), &request("c", &["usage:write"]))
        .await
        .unwrap_err();
    let printed = format!("{err} {err:?}");
    assert!(!printed.contains("87654321"), "{printed}");
    match err {
        dg_core::Error::KeyCreatedUndecodable { raw, .. } => assert_eq!(raw.expose(), body),
        other => panic!("{other:?}"),
    }
}
