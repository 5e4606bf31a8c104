//! The management calls against the emulator, where one call's effect is read by another:
//! usage under a key's tags, the summary against the listing, paging, scope changes.

mod common;

use std::collections::BTreeSet;

use common::*;
use dg_core::key_request::CreateKeyRequest;
use dg_core::{ErrorKind, ListenOptions, RequestsOptions, UpdateScopesRequest, UsageOptions};
use futures_util::TryStreamExt;

/// A client on a new key of the emulator's project, with these tags.
async fn tagged(emu: &dg_emulator::Emulator, tag: &str) -> dg_core::Client {
    let owner = client(emu);
    let mut request = CreateKeyRequest::new(format!("{tag} key"), ["member"]);
    request.tags = vec![tag.to_owned()];
    let key = owner.create_key(emu.project_id(), &request).await.unwrap();
    client_with(emu, key.key.expose(), 0)
}

async fn transcribe(client: &dg_core::Client) -> String {
    let answer = client
        .transcribe_file(fixture("preamble-rest.wav"), &ListenOptions::default())
        .await
        .unwrap();
    answer.metadata.request_id.clone().expect("a request id")
}

#[tokio::test]
async fn usage_is_seen_under_the_keys_tag_and_nowhere_else() {
    let emu = emulator().await;
    let owner = client(&emu);
    let (red, blue) = (tagged(&emu, "red").await, tagged(&emu, "blue").await);
    let red_ids: BTreeSet<String> = [transcribe(&red).await, transcribe(&red).await].into();
    let blue_id = transcribe(&blue).await;

    let fields = owner
        .get_usage_fields(emu.project_id(), &Default::default())
        .await
        .unwrap();
    assert!(fields.tags.contains(&"red".to_owned()) && fields.tags.contains(&"blue".to_owned()));

    let by_tag = |tag: &str| UsageOptions {
        tag: Some(tag.to_owned()),
        ..Default::default()
    };
    let red_rows = owner
        .get_usage_breakdown(emu.project_id(), &by_tag("red"))
        .await
        .unwrap();
    let red_requests: f64 = red_rows.results.iter().filter_map(|r| r.requests).sum();
    assert_eq!(red_requests, 2.0, "{red_rows:?}");
    let green = owner
        .get_usage_breakdown(emu.project_id(), &by_tag("green"))
        .await
        .unwrap();
    assert_eq!(
        green.results.iter().filter_map(|r| r.requests).sum::<f64>(),
        0.0
    );

    // Every request is listed once, the tagged ones with their keys.
    let listed: Vec<_> = owner
        .requests(emu.project_id(), RequestsOptions::default())
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    let ids: BTreeSet<String> = listed.iter().map(|r| r.request_id.clone()).collect();
    assert_eq!(ids.len(), listed.len(), "a request listed twice");
    assert!(red_ids.is_subset(&ids) && ids.contains(&blue_id));
    // The summary adds up to what is listed.
    let all_requests: f64 = owner
        .get_usage_breakdown(emu.project_id(), &UsageOptions::default())
        .await
        .unwrap()
        .results
        .iter()
        .filter_map(|r| r.requests)
        .sum();
    assert_eq!(all_requests as usize, listed.len());
}

#[tokio::test]
async fn paging_visits_every_request_once_whatever_the_page_size() {
    let emu = emulator().await;
    let owner = client(&emu);
    let mut made = BTreeSet::new();
    for _ in 0..7 {
        made.insert(transcribe(&owner).await);
    }
    for limit in [1, 2, 3, 7, 10] {
        let mut pages = owner.requests(
            emu.project_id(),
            RequestsOptions {
                limit: Some(limit),
                ..Default::default()
            },
        );
        let mut seen = Vec::new();
        while let Some(request) = pages.next().await.unwrap() {
            seen.push(request.request_id);
            assert!(
                seen.len() <= made.len(),
                "limit {limit}: pages repeat: {seen:?}"
            );
        }
        assert_eq!(seen.len(), made.len(), "limit {limit}: {seen:?}");
        assert_eq!(
            seen.iter().cloned().collect::<BTreeSet<_>>(),
            made,
            "limit {limit}"
        );
        assert!(
            pages.next().await.unwrap().is_none(),
            "the end stays the end"
        );
    }
    // A bad filter is refused before the first page is asked for.
    let error = owner
        .requests(
            emu.project_id(),
            RequestsOptions {
                limit: Some(0),
                ..Default::default()
            },
        )
        .next()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidOptions);
}

#[tokio::test]
async fn a_members_scope_change_is_read_back() {
    let emu = emulator().await;
    let owner = client(&emu);
    let members = owner.list_members(emu.project_id()).await.unwrap();
    assert!(!members.is_empty());
    let invite = dg_core::InviteRequest {
        email: "ada@example.com".into(),
        scope: "member".into(),
    };
    owner.send_invite(emu.project_id(), &invite).await.unwrap();
    let invites = owner.list_invites(emu.project_id()).await.unwrap();
    assert!(invites.iter().any(|i| i.email == "ada@example.com"));
    owner
        .delete_invite(emu.project_id(), "ada@example.com")
        .await
        .unwrap();
    assert!(
        owner
            .list_invites(emu.project_id())
            .await
            .unwrap()
            .is_empty()
    );
    // The owner is the last owner: demoting them is refused by the server, not by dg.
    let me = &members[0];
    let demote = UpdateScopesRequest {
        scope: "member".into(),
    };
    let refused = owner
        .update_member_scopes(emu.project_id(), &me.member_id, &demote)
        .await
        .unwrap_err();
    assert!(refused.request_sent(), "{refused}");
    let scopes = owner
        .get_member_scopes(emu.project_id(), &me.member_id)
        .await
        .unwrap();
    assert!(scopes.scopes.contains(&"owner".to_owned()), "{scopes:?}");
}
