//! The management commands made from dg-core's call table (`dg members …`, `dg invites …`,
//! `dg usage …`, `dg balances …`, `dg models …`, `dg projects get|update …`) against a
//! `dg emulator` child process, seeded with dg-emulator's `seed.example.json` where roles matter.

mod common;

use assert_cmd::Command;
use common::seed::{ACME, ANN, BOB, BOB_CI, CAROL};
use common::{Server, audio, dg, printed};
use predicates::prelude::*;
use serde_json::Value;

/// nova-3's id in the emulator's model catalog.
const NOVA_3: &str = "2187e11a-3532-4498-b076-81fa530bdd49";

/// Runs `cmd`, which must succeed with nothing on stderr, and reads its stdout as JSON.
fn answer(cmd: &mut Command) -> Value {
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "{}", printed(&output));
    assert!(output.stderr.is_empty(), "{}", printed(&output));
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", printed(&output)))
}

/// `dg` as `key` against `server` with `args`.
fn run(server: &Server, key: &str, args: &[&str]) -> Command {
    let mut cmd = server.dg_with_key(key);
    cmd.args(args);
    cmd
}

fn list(value: &Value) -> &Vec<Value> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {value}"))
}

#[test]
fn members_are_listed_and_a_changed_scope_is_read_back() {
    let server = Server::seeded();
    // Ann's key sees Acme alone, so no --project is needed.
    let members = answer(&mut run(&server, ANN, &["members", "list"]));
    let bob = list(&members)
        .iter()
        .find(|m| m["email"] == "bob@acme.example")
        .unwrap_or_else(|| panic!("no bob in {members}"));
    assert_eq!(bob["scopes"], serde_json::json!(["member"]));
    assert!(
        list(&members)
            .iter()
            .any(|m| m["email"] == "ann@acme.example" && m["scopes"][0] == "owner"),
        "{members}"
    );
    let bob_id = bob["member_id"].as_str().unwrap();

    let scopes = answer(&mut run(&server, ANN, &["members", "get-scopes", bob_id]));
    assert_eq!(scopes["scopes"], serde_json::json!(["member"]));

    let changed = answer(&mut run(
        &server,
        ANN,
        &["members", "update-scopes", bob_id, "--scope", "admin"],
    ));
    assert!(changed["message"].is_string(), "{changed}");
    // Read back, with the project given after the subcommand this time.
    let scopes = answer(&mut run(
        &server,
        ANN,
        &["members", "get-scopes", bob_id, "--project", ACME],
    ));
    assert_eq!(scopes["scopes"], serde_json::json!(["admin"]));

    // Removed, bob is no longer listed.
    answer(&mut run(
        &server,
        ANN,
        &["members", "remove", bob_id, "--json"],
    ));
    let members = answer(&mut run(&server, ANN, &["members", "list"]));
    assert!(
        list(&members)
            .iter()
            .all(|m| m["email"] != "bob@acme.example"),
        "{members}"
    );

    // The API's refusals keep their exit codes: a member may not list members (403), and an
    // unknown member is not found (404).
    run(&server, BOB, &["members", "list"])
        .assert()
        .code(3)
        .stdout("");
    run(
        &server,
        ANN,
        &[
            "members",
            "get-scopes",
            "00000000-0000-4000-8000-000000000000",
        ],
    )
    .assert()
    .code(4)
    .stderr(predicate::str::contains("404"));
}

#[test]
fn invitations_are_sent_listed_and_withdrawn() {
    let server = Server::seeded();
    let emails = |server: &Server| -> Vec<String> {
        list(&answer(&mut run(server, ANN, &["invites", "list"])))
            .iter()
            .map(|i| i["email"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(emails(&server), [CAROL]);

    let sent = answer(&mut run(
        &server,
        ANN,
        &[
            "invites",
            "send",
            "--email",
            "dan@acme.example",
            "--scope",
            "member",
        ],
    ));
    assert!(sent["message"].is_string(), "{sent}");
    let invites = answer(&mut run(&server, ANN, &["invites", "list"]));
    assert!(
        list(&invites)
            .iter()
            .any(|i| i["email"] == "dan@acme.example" && i["scope"] == "member"),
        "{invites}"
    );

    answer(&mut run(
        &server,
        ANN,
        &["invites", "delete", "dan@acme.example"],
    ));
    assert_eq!(emails(&server), [CAROL]);
    answer(&mut run(&server, ANN, &["invites", "delete", CAROL]));
    assert!(emails(&server).is_empty());
}

#[test]
fn a_transcription_shows_up_in_the_requests_and_the_usage_under_its_tag() {
    let server = Server::seeded();
    let before = answer(&mut run(&server, ANN, &["usage", "list-requests"]));
    assert!(list(&before["requests"]).is_empty(), "{before}");

    // Bob's CI key carries the tags `ci` and `nightly`.
    let transcribed =
        answer(run(&server, BOB_CI, &["transcribe", "--json"]).arg(audio("preamble-rest.wav")));
    let request_id = transcribed["metadata"]["request_id"].as_str().unwrap();

    let page = answer(&mut run(
        &server,
        ANN,
        &["usage", "list-requests", "--limit", "50"],
    ));
    let requests = list(&page["requests"]);
    assert_eq!(requests.len(), 1, "{page}");
    let request = &requests[0];
    assert_eq!(request["request_id"], request_id, "{page}");
    assert_eq!(request["path"], "/v1/listen");
    assert_eq!(
        request["response"]["details"]["tags"],
        serde_json::json!(["ci", "nightly"])
    );
    let one = answer(&mut run(
        &server,
        ANN,
        &["usage", "get-request", request_id],
    ));
    assert_eq!(one["request"]["request_id"], request_id, "{one}");
    // The filters reach the API: it succeeded, so none failed.
    let failed = answer(&mut run(
        &server,
        ANN,
        &[
            "usage",
            "list-requests",
            "--status",
            "failed",
            "--limit",
            "50",
        ],
    ));
    assert!(list(&failed["requests"]).is_empty(), "{failed}");

    let fields = answer(&mut run(&server, ANN, &["usage", "fields"]));
    assert!(
        fields["tags"].as_array().unwrap().iter().any(|t| t == "ci"),
        "{fields}"
    );

    let summary = answer(&mut run(
        &server,
        ANN,
        &["usage", "summary", "--start", "2026-01-01", "--tag", "ci"],
    ));
    let days = list(&summary["results"]);
    assert_eq!(days.len(), 1, "{summary}");
    assert_eq!(days[0]["requests"], 1, "{summary}");
    assert!(days[0]["hours"].as_f64().unwrap() > 0.0, "{summary}");
    let untagged = answer(&mut run(
        &server,
        ANN,
        &["usage", "summary", "--tag", "nope"],
    ));
    assert!(list(&untagged["results"]).is_empty(), "{untagged}");

    // Both groupings are sent (the emulator groups by the first one only). Grouped by
    // anything but tags the answer has `"tags": null`, which dg-core's model does not read
    // yet, so only this grouping is tried.
    let breakdown = answer(&mut run(
        &server,
        ANN,
        &[
            "usage",
            "breakdown",
            "--grouping",
            "tags",
            "--grouping",
            "models",
        ],
    ));
    let groups = list(&breakdown["results"]);
    assert_eq!(groups.len(), 1, "{breakdown}");
    assert_eq!(
        groups[0]["grouping"]["tags"],
        serde_json::json!(["ci", "nightly"]),
        "{breakdown}"
    );
}

#[test]
fn balances_are_listed_and_read_one_by_one() {
    let server = Server::start();
    let balances = answer(server.dg().args(["balances", "list"]));
    let balances = list(&balances);
    assert_eq!(balances.len(), 1, "{balances:?}");
    assert_eq!(balances[0]["amount"], 200.0);
    assert_eq!(balances[0]["units"], "usd");
    let id = balances[0]["balance_id"].as_str().unwrap();
    let one = answer(server.dg().args(["balances", "get", id]));
    assert_eq!(&one, &balances[0]);
}

#[test]
fn models_are_listed_and_read_one_by_one() {
    let server = Server::start();
    let uuids = |catalog: &Value| -> Vec<String> {
        list(&catalog["stt"])
            .iter()
            .map(|m| m["uuid"].as_str().unwrap().to_owned())
            .collect()
    };
    let current = answer(server.dg().args(["models", "list"]));
    assert!(uuids(&current).contains(&NOVA_3.to_owned()), "{current}");
    assert!(!list(&current["tts"]).is_empty());
    // The boolean flag reaches the API.
    let all = answer(server.dg().args(["models", "list", "--include-outdated"]));
    assert!(uuids(&all).len() > uuids(&current).len());

    let nova = answer(server.dg().args(["models", "get", NOVA_3]));
    assert_eq!(nova["uuid"], NOVA_3);
    assert_eq!(nova["canonical_name"], "nova-3");
    let in_project = answer(server.dg().args(["models", "get-for-project", NOVA_3]));
    assert_eq!(in_project, nova);
}

#[test]
fn projects_are_read_and_renamed_and_the_bare_command_still_lists_them() {
    let server = Server::start();
    let project = answer(server.dg().args(["projects", "get"]));
    assert_eq!(project["project_id"], server.project_id.as_str());
    assert_eq!(project["name"], "dg emulator");

    let renamed = answer(
        server
            .dg()
            .args(["projects", "update", "--name", "Renamed by dg"]),
    );
    assert!(renamed["message"].is_string(), "{renamed}");
    let project = answer(
        server
            .dg()
            .args(["projects", "get", "--project", &server.project_id]),
    );
    assert_eq!(project["name"], "Renamed by dg");
    // DEEPGRAM_PROJECT_ID picks the project too: an unknown one is not found.
    server
        .dg()
        .env(
            "DEEPGRAM_PROJECT_ID",
            "00000000-0000-4000-8000-000000000000",
        )
        .args(["projects", "get"])
        .assert()
        .code(4);

    // `dg projects` alone is the hand-written list, in text and as JSON.
    server
        .dg()
        .arg("projects")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "{}  Renamed by dg",
            server.project_id
        )));
    let projects = answer(server.dg().args(["projects", "--json"]));
    assert_eq!(projects[0]["name"], "Renamed by dg");
    // Its --json belongs to the list, not to a subcommand.
    server
        .dg()
        .args(["projects", "--json", "get"])
        .assert()
        .code(2);
}

#[test]
fn a_bad_date_is_refused_before_anything_is_sent() {
    // Nothing listens on port 9 of loopback: a request sent would exit 6 (network).
    dg().args([
        "--base-url",
        "http://127.0.0.1:9",
        "--api-key",
        "k",
        "--retries",
        "0",
        "usage",
        "summary",
        "--project",
        "p",
        "--start",
        "yesterday",
    ])
    .assert()
    .code(2)
    .stdout("")
    .stderr(
        predicate::str::starts_with("error: ")
            .and(predicate::str::contains("start"))
            .and(predicate::str::contains("yesterday")),
    );
    // Without --project too: the arguments are checked before the project is looked up.
    dg().args([
        "--base-url",
        "http://127.0.0.1:9",
        "--api-key",
        "k",
        "--retries",
        "0",
        "usage",
        "list-requests",
        "--limit",
        "0",
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("limit"));
    // The same against a server, the project found from the key.
    let server = Server::start();
    server
        .dg()
        .args(["usage", "list-requests", "--end", "2026-13-45"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("end"));
    server
        .dg()
        .args(["usage", "list-requests", "--limit", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("limit"));
}

#[test]
fn an_unknown_value_of_an_enum_is_refused_by_the_command_line() {
    dg().args(["usage", "list-requests", "--status", "maybe"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("invalid value 'maybe' for '--status <STATUS>'")
                .and(predicate::str::contains("possible values"))
                .and(predicate::str::contains("succeeded"))
                .and(predicate::str::contains("failed")),
        );
    dg().args(["usage", "breakdown", "--grouping", "colour"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("feature_set"));
}

#[test]
fn the_help_of_a_made_command_is_the_call_tables() {
    let doc_of = |group: &str, call: &str, arg: &str| -> &'static str {
        let call = dg_core::calls::CALLS
            .iter()
            .find(|c| c.group == group && c.name == call)
            .unwrap();
        call.args.iter().find(|a| a.name == arg).unwrap().doc
    };
    let tag = doc_of("usage", "summary", "tag");
    let outdated = doc_of("models", "list", "include_outdated");
    dg().args(["usage", "summary", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("--tag <TAG>")
                .and(predicate::str::contains(tag.trim_end_matches('.')))
                .and(predicate::str::contains(
                    "A project's usage over a range of days",
                ))
                .and(predicate::str::contains("--project <ID>"))
                .and(predicate::str::contains("no text format yet")),
        );
    dg().args(["models", "list", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains(outdated.trim_end_matches('.')));
    dg().args(["members", "--help"]).assert().success().stdout(
        predicate::str::contains("update-scopes").and(predicate::str::contains("get-scopes")),
    );
    dg().arg("--help").assert().success().stdout(
        ["members", "invites", "usage", "balances", "models"]
            .iter()
            .fold(predicate::str::contains("keys").boxed(), |p, group| {
                p.and(predicate::str::contains(format!("\n  {group} ")))
                    .boxed()
            }),
    );
}
