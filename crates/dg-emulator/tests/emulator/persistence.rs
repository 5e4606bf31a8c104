use std::os::unix::fs::PermissionsExt as _;

use dg_emulator::{Emulator, EmulatorConfig, Role};
use serde_json::json;

use crate::common::Harness;

fn config(dir: &std::path::Path, admin_key: Option<&str>) -> EmulatorConfig {
    EmulatorConfig {
        data_dir: Some(dir.to_owned()),
        admin_key: admin_key.map(str::to_owned),
        ..EmulatorConfig::default()
    }
}

#[tokio::test]
async fn keys_members_and_the_project_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let admin_key = "persisted-admin-key-0123456789";
    let first = Harness::with(config(dir.path(), Some(admin_key))).await;
    assert!(!first.emulator.owner_key_was_generated());
    let created = first
        .create_key(
            admin_key,
            json!({"comment": "kept", "scopes": ["member"], "tags": ["t"]}),
        )
        .await;
    let secret = created["key"].as_str().unwrap().to_owned();
    let (_, member_key) = first.emulator.add_member("kept@example.com", Role::Member);
    let project_id = first.emulator.project_id().to_owned();
    first.emulator.shutdown().await;

    let state_file = dir.path().join("state.json");
    let mode = std::fs::metadata(&state_file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "state file mode {mode:o}");
    let on_disk = std::fs::read_to_string(&state_file).unwrap();
    for secret in [&secret, &member_key, &admin_key.to_owned()] {
        assert!(
            !on_disk.contains(secret.as_str()),
            "a secret reached the state file"
        );
    }

    let second = Harness::with(config(dir.path(), None)).await;
    assert!(second.emulator.owner_key_was_generated());
    assert_eq!(second.emulator.project_id(), project_id);
    for key in [&secret, &member_key, &admin_key.to_owned(), &second.owner()] {
        let answer = second.get("/v1/projects", key).await;
        assert_eq!(answer.status, 200, "{}", answer.text);
    }
    let listed = second
        .get(&second.keys_path(), &second.owner())
        .await
        .json();
    let kept = listed["api_keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["api_key"]["api_key_id"] == created["api_key_id"])
        .cloned()
        .expect("the key is still listed");
    assert_eq!(kept["api_key"]["tags"], json!(["t"]));
    assert_eq!(kept["api_key"]["created"], created["created"]);
}

#[tokio::test]
async fn a_deleted_key_stays_deleted_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let first = Harness::with(config(dir.path(), Some("admin-key-for-deletion"))).await;
    let created = first
        .create_key(
            &first.owner(),
            json!({"comment": "gone", "scopes": ["member"]}),
        )
        .await;
    let path = format!(
        "{}/{}",
        first.keys_path(),
        created["api_key_id"].as_str().unwrap()
    );
    assert_eq!(first.delete(&path, &first.owner()).await.status, 200);
    first.emulator.shutdown().await;

    let second = Harness::with(config(dir.path(), Some("admin-key-for-deletion"))).await;
    let answer = second
        .get("/v1/projects", created["key"].as_str().unwrap())
        .await;
    answer.assert_legacy_error(401, "INVALID_AUTH");
}

#[tokio::test]
async fn a_corrupt_state_file_stops_the_start_and_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("state.json"), "{\"version\": 1, \"proj").unwrap();
    let err = Emulator::start(config(dir.path(), None)).await.unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData, "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("state.json")).unwrap(),
        "{\"version\": 1, \"proj"
    );
}

#[tokio::test]
async fn an_admin_key_of_a_non_owner_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let first = Emulator::start(config(dir.path(), None)).await.unwrap();
    let (_, member_key) = first.add_member("m@example.com", Role::Member);
    first.shutdown().await;
    let err = Emulator::start(config(dir.path(), Some(&member_key)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    let err = Emulator::start(config(dir.path(), Some("  ")))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}

#[tokio::test]
async fn a_new_data_dir_and_its_state_file_are_private_to_their_owner() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("new").join("data");
    let h = Harness::with(config(&dir, None)).await;
    // Every change rewrites the file: the rewritten one stays private too.
    h.create_key(&h.owner(), json!({"comment": "c", "scopes": ["member"]}))
        .await;
    h.emulator.add_member("p@example.com", Role::Member);
    h.emulator.shutdown().await;

    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    for created in [root.path().join("new"), dir.clone()] {
        assert_eq!(mode(&created), 0o700, "{}", created.display());
    }
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(files, ["state.json"], "no temporary file is left behind");
    assert_eq!(mode(&dir.join("state.json")), 0o600);
}

#[tokio::test]
async fn requests_balances_and_seeded_projects_survive_a_restart() {
    use crate::common::seeded::{ACME, ANN, BOB_CI};
    let dir = tempfile::tempdir().unwrap();
    let seeded = EmulatorConfig {
        seed: Some(crate::common::seed_file()),
        ..config(dir.path(), None)
    };
    let first = Harness::with(seeded.clone()).await;
    let id = first.listen_seconds(BOB_CI, "", 60).await;
    let acme = |rest: &str| Harness::project_path(ACME, rest);
    let balance_before = first.get(&acme("/balances"), ANN).await.json();
    let renamed = first
        .patch_json(&acme(""), ANN, &json!({"name": "Acme Corp"}))
        .await;
    assert_eq!(renamed.status, 200);
    first.emulator.shutdown().await;
    let mode = std::fs::metadata(dir.path().join("usage.json"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "usage file mode {mode:o}");

    // The same seed again adds nothing twice and undoes no change.
    let second = Harness::with(seeded).await;
    let listed = second.get(&acme("/requests?tag=ci"), ANN).await.json();
    assert_eq!(listed["requests"][0]["request_id"], id.as_str());
    assert_eq!(listed["requests"].as_array().unwrap().len(), 1);
    assert_eq!(
        second.get(&acme("/balances"), ANN).await.json(),
        balance_before
    );
    assert_eq!(balance_before["balances"][0]["amount"], 49.9957);
    assert_eq!(second.get(&acme(""), ANN).await.json()["name"], "Acme Corp");
    let keys = second.get(&acme("/keys"), ANN).await.json();
    assert_eq!(keys["api_keys"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn only_the_newest_requests_are_kept_past_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let capped = EmulatorConfig {
        max_recorded_requests: 3,
        ..config(dir.path(), None)
    };
    let first = Harness::with(capped.clone()).await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(first.listen_seconds(&first.owner(), "", 1).await);
    }
    let requests = format!("/v1/projects/{}/requests", first.emulator.project_id());
    let newest: Vec<String> = ids[2..].iter().rev().cloned().collect();
    assert_eq!(listed(&first, &requests).await, newest);
    // Spent is spent: the dropped requests still count against the balance.
    let balances = format!("/v1/projects/{}/balances", first.emulator.project_id());
    let amount = first.get(&balances, &first.owner()).await.json()["balances"][0]["amount"]
        .as_f64()
        .unwrap();
    // $200 less 5 s at $0.258 an hour, to the hundredth of a cent.
    assert!((amount - 199.9996).abs() < 1e-9, "{amount}");
    let admin_key = first.owner();
    first.emulator.shutdown().await;
    let second = Harness::with(EmulatorConfig {
        admin_key: Some(admin_key),
        ..capped
    })
    .await;
    assert_eq!(listed(&second, &requests).await, newest);
}

async fn listed(h: &Harness, path: &str) -> Vec<String> {
    h.get(path, &h.owner()).await.json()["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["request_id"].as_str().unwrap().to_owned())
        .collect()
}
