//! Key management across several `dg` runs against one `dg emulator` child process.

mod common;

use common::{PREAMBLE, Server, audio, field, printed};
use predicates::prelude::*;

#[test]
fn create_list_get_delete_round_trip_never_repeats_the_secret() {
    let server = Server::start();

    let created = server
        .dg()
        .args([
            "keys",
            "create",
            "--comment",
            "ci robot",
            "--scope",
            "usage:write",
            "--tag",
            "ci",
        ])
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", printed(&created));
    let text = String::from_utf8(created.stdout).unwrap();
    let key_id = field(&text, "api_key_id");
    let secret = field(&text, "key");
    assert_eq!(field(&text, "comment"), "ci robot");
    assert_eq!(field(&text, "scopes"), "usage:write");
    assert_eq!(field(&text, "expires"), "never");
    assert!(String::from_utf8_lossy(&created.stderr).contains("never shows it again"));

    // The printed secret is a working key.
    server
        .dg_with_key(&secret)
        .arg("transcribe")
        .arg(audio("preamble-rest.wav"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with(PREAMBLE));

    let listed = server.dg().args(["keys", "list"]).output().unwrap();
    assert!(listed.status.success(), "{}", printed(&listed));
    let list = String::from_utf8(listed.stdout).unwrap();
    assert!(
        list.lines()
            .any(|l| l.starts_with(&key_id) && l.contains("ci robot") && l.contains("usage:write")),
        "{list}"
    );

    let got = server.dg().args(["keys", "get", &key_id]).output().unwrap();
    assert!(got.status.success(), "{}", printed(&got));
    let shown = String::from_utf8(got.stdout).unwrap();
    assert_eq!(field(&shown, "api_key_id"), key_id);
    assert_eq!(field(&shown, "tags"), "ci");

    let as_json = server
        .dg()
        .args(["keys", "list", "--json", "--project", &server.project_id])
        .output()
        .unwrap();
    let keys: serde_json::Value = serde_json::from_slice(&as_json.stdout).unwrap();
    assert!(
        keys.as_array()
            .unwrap()
            .iter()
            .any(|k| k["api_key"]["api_key_id"] == key_id.as_str()),
        "{keys}"
    );

    for output in [&list, &shown, &printed(&as_json)] {
        assert!(
            !output.contains(&secret),
            "a listed key shows its secret: {output}"
        );
    }

    server
        .dg()
        .args(["keys", "delete", &key_id])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!("Deleted key {key_id}")));
    server
        .dg()
        .args(["keys", "get", &key_id])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("404"));
    server
        .dg()
        .args(["keys", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains(&key_id).not());
    // The deleted key no longer works.
    server
        .dg_with_key(&secret)
        .arg("transcribe")
        .arg(audio("preamble-rest.wav"))
        .assert()
        .code(3);
}

#[test]
fn create_as_json_holds_the_secret_and_expiry() {
    let server = Server::start();
    let output = server
        .dg()
        .args([
            "keys",
            "create",
            "--json",
            "--comment",
            "short-lived",
            "--scope",
            "member",
            "--ttl",
            "3600",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", printed(&output));
    let key: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(key["key"].as_str().is_some_and(|s| !s.is_empty()), "{key}");
    assert!(key["expiration_date"].is_string(), "{key}");
    assert!(output.stderr.is_empty());
}

#[test]
fn bad_key_requests_are_refused_before_sending() {
    let server = Server::start();
    server
        .dg()
        .args([
            "keys",
            "create",
            "--comment",
            "x",
            "--scope",
            "member",
            "--expires",
            "next tuesday",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("RFC 3339"));
    server
        .dg()
        .args([
            "keys",
            "create",
            "--comment",
            "x",
            "--scope",
            "member",
            "--ttl",
            "5",
            "--expires",
            "2030-01-01T00:00:00Z",
        ])
        .assert()
        .code(2);
    server
        .dg()
        .args([
            "keys",
            "list",
            "--project",
            "00000000-0000-0000-0000-000000000000",
        ])
        .assert()
        .code(4);
}

#[test]
fn projects_and_tokens() {
    let server = Server::start();
    server
        .dg()
        .arg("projects")
        .assert()
        .success()
        .stdout(predicate::str::contains(&server.project_id));

    let token = server.dg().args(["token", "--ttl", "60"]).output().unwrap();
    assert!(token.status.success(), "{}", printed(&token));
    let token = String::from_utf8(token.stdout).unwrap();
    assert_eq!(token.lines().count(), 1);
    // The token authorizes transcription (as DEEPGRAM_ACCESS_TOKEN) but not key management.
    let with_token = |args: &[&str]| {
        let mut cmd = common::dg();
        cmd.env("DEEPGRAM_ACCESS_TOKEN", token.trim())
            .args(["--base-url", &server.url])
            .args(args);
        cmd
    };
    with_token(&["transcribe"])
        .arg(audio("preamble-rest.wav"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with(PREAMBLE));
    with_token(&["keys", "list", "--project", &server.project_id])
        .assert()
        .code(3);

    server.dg().args(["token", "--ttl", "0"]).assert().code(2);
}
