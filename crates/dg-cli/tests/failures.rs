//! How dg fails when the API does: exit codes, one-line messages, and no key lost or
//! created twice. Failures are injected into a `dg emulator` child process.

mod common;

use common::{Server, audio, create_key_args, dg, printed};
use predicates::prelude::*;
use serde_json::json;

#[test]
fn a_server_error_exits_5_with_the_api_message_on_one_line() {
    let server = Server::start();
    server.inject_fault(json!({"status": 503, "path_prefix": "/v1/listen"}));
    server
        .dg()
        .args(["--retries", "0", "transcribe"])
        .arg(audio("preamble-rest.wav"))
        .assert()
        .code(5)
        .stdout("")
        .stderr(
            predicate::str::starts_with("error: ")
                .and(predicate::str::contains("503"))
                .and(predicate::str::contains("\n").count(1)),
        );
}

#[test]
fn a_timeout_exits_6() {
    let server = Server::start();
    server.inject_fault(json!({"delay_ms": 5000, "path_prefix": "/v1/projects"}));
    server
        .dg()
        .args(["--retries", "0", "--timeout", "1", "projects"])
        .assert()
        .code(6)
        .stderr(predicate::str::contains("timed out"));
}

#[test]
fn an_undecodable_create_answer_still_hands_over_the_secret() {
    let server = Server::start();
    let broken = r#"{"api_key_id": "k-1", "key": "secret-of-a-broken-answer", "scopes": "#;
    server.inject_fault(json!({"status": 200, "body": broken, "path_prefix": "/v1/projects/"}));
    let output = server
        .dg()
        .args(create_key_args("c", &server.project_id))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(8), "{}", printed(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        broken.trim()
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the key was created") && !stderr.contains("secret-of-a-broken-answer"),
        "{stderr}"
    );
}

#[test]
fn a_create_whose_answer_is_lost_is_not_retried_and_says_so() {
    let server = Server::start();
    let keys_before = key_count(&server);
    server.inject_fault(json!({"drop": "after_body", "path_prefix": "/v1/projects/"}));
    server
        .dg()
        .args(create_key_args("lost", &server.project_id))
        .assert()
        .code(6)
        .stderr(predicate::str::contains(
            "may have been created anyway: list the project's keys before creating another",
        ));
    assert_eq!(
        key_count(&server),
        keys_before + 1,
        "created once, never twice"
    );
}

#[test]
fn a_create_that_never_reached_the_api_says_the_key_was_not_created() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    dg().args([
        "--base-url",
        &url,
        "--api-key",
        "not-created-key-0123456789",
        "--retries",
        "1",
    ])
    .args(create_key_args("c", "3f9c6d2a-1b7e-4c55-9a0e-2d4b8f6e1a77"))
    .assert()
    .code(6)
    .stderr(
        predicate::str::contains("could not connect")
            .and(predicate::str::contains("the key was not created"))
            .and(predicate::str::contains("may have been created").not()),
    );
}

#[test]
fn a_create_the_server_failed_may_have_created_the_key_and_is_not_retried() {
    let server = Server::start();
    server.inject_fault(json!({"status": 502, "count": 5, "path_prefix": "/v1/projects/"}));
    server
        .dg()
        .args(["--retries", "3"])
        .args(create_key_args("c", &server.project_id))
        .assert()
        .code(5)
        .stderr(
            predicate::str::contains("502")
                .and(predicate::str::contains("may have been created anyway")),
        );
    // Sent once: four of the five faults are still queued, so the next calls fail too.
    for _ in 0..4 {
        server
            .dg()
            .args(["--retries", "0", "keys", "list"])
            .assert()
            .code(5);
    }
    server.dg().args(["keys", "list"]).assert().success();
}

fn key_count(server: &Server) -> usize {
    let output = server
        .dg()
        .args(["keys", "list", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", printed(&output));
    serde_json::from_slice::<serde_json::Value>(&output.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .len()
}
