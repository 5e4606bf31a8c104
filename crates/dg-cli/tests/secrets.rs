//! A key given to dg, and the in-process emulator's own key, never show up in anything dg
//! prints, whether the command works or fails.

mod common;

use common::{Server, audio, create_key_args, dg, field, printed};
use serde_json::json;

const CANARY: &str = "canary0123456789abcdef0123456789abcdef01";

fn assert_no_canary(output: &std::process::Output) {
    let text = printed(output);
    assert!(!text.contains(CANARY), "the key leaked: {text}");
}

#[test]
fn a_valid_key_never_appears_in_output() {
    let server = Server::with_owner_key(CANARY);
    for args in [
        &["projects"][..],
        &["keys", "list"],
        &["keys", "list", "--json"],
        &["token", "--json"],
    ] {
        let output = server.dg().args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", printed(&output));
        assert_no_canary(&output);
    }
    let output = server
        .dg()
        .args(["transcribe", "--json"])
        .arg(audio("preamble-rest.wav"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", printed(&output));
    assert_no_canary(&output);
}

#[test]
fn a_refused_key_never_appears_in_errors() {
    let server = Server::start();
    let refused = server
        .dg_with_key(CANARY)
        .arg("transcribe")
        .arg(audio("preamble-rest.wav"))
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(3), "{}", printed(&refused));
    assert_no_canary(&refused);
    let refused = server
        .dg_with_key(CANARY)
        .args(create_key_args("c", &server.project_id))
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(3), "{}", printed(&refused));
    assert_no_canary(&refused);

    // Nothing listens on the discard port: a network failure.
    let unreachable = dg()
        .args([
            "--api-key",
            CANARY,
            "--base-url",
            "http://127.0.0.1:9",
            "--retries",
            "0",
            "projects",
        ])
        .output()
        .unwrap();
    assert_eq!(
        unreachable.status.code(),
        Some(6),
        "{}",
        printed(&unreachable)
    );
    assert_no_canary(&unreachable);

    let insecure = dg()
        .args([
            "--api-key",
            CANARY,
            "--base-url",
            "http://api.deepgram.com",
            "projects",
        ])
        .output()
        .unwrap();
    assert_eq!(insecure.status.code(), Some(2), "{}", printed(&insecure));
    assert_no_canary(&insecure);
}

/// Emulator secrets are 40 hex digits; none may appear in what `--emulator` runs print.
#[test]
fn the_in_process_emulator_key_is_never_printed() {
    let runs: [&[&str]; 3] = [
        &["keys", "list", "--json"],
        &["projects", "--json"],
        &["token", "--json"],
    ];
    for args in runs {
        let output = dg().arg("--emulator").args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", printed(&output));
        let text = printed(&output);
        let tokens = text.split(|c: char| !c.is_ascii_alphanumeric());
        assert!(
            !tokens
                .clone()
                .any(|t| t.len() == 40 && t.chars().all(|c| c.is_ascii_hexdigit())),
            "{args:?} printed something shaped like a key: {text}"
        );
    }
}

/// With every diagnostic switch a user might flip on, neither the canary nor a key created in
/// the run shows up anywhere but the one stdout line that hands the new key over.
#[test]
fn verbose_environments_and_failed_creates_never_print_a_key() {
    let server = Server::with_owner_key(CANARY);
    let verbose = |mut cmd: assert_cmd::Command| {
        cmd.env("RUST_LOG", "trace").env("RUST_BACKTRACE", "full");
        cmd
    };
    let create_args = create_key_args("c", &server.project_id);
    let created = verbose(server.dg()).args(create_args).output().unwrap();
    assert!(created.status.success(), "{}", printed(&created));
    let stdout = String::from_utf8_lossy(&created.stdout);
    let secret = field(&stdout, "key");
    assert_eq!(stdout.matches(&secret).count(), 1, "{stdout}");
    assert!(!String::from_utf8_lossy(&created.stderr).contains(&secret));
    assert_no_canary(&created);

    let mut runs = vec![
        verbose(server.dg())
            .args(["keys", "list"])
            .output()
            .unwrap(),
        verbose(server.dg_with_key(&secret))
            .args(["keys", "list", "--project", &server.project_id])
            .output()
            .unwrap(),
    ];
    server.inject_fault(json!({"drop": "after_body", "path_prefix": "/v1/projects/"}));
    runs.push(verbose(server.dg()).args(create_args).output().unwrap());
    server.inject_fault(json!({"status": 503, "path_prefix": "/v1/projects/"}));
    runs.push(
        verbose(server.dg())
            .args(["--retries", "0"])
            .args(create_args)
            .output()
            .unwrap(),
    );
    runs.push(
        verbose(dg())
            .args(["--api-key", CANARY, "--base-url", "http://127.0.0.1:9"])
            .args(["--retries", "0"])
            .args(create_args)
            .output()
            .unwrap(),
    );
    let codes: Vec<Option<i32>> = runs.iter().map(|r| r.status.code()).collect();
    assert_eq!(codes, [Some(0), Some(0), Some(6), Some(5), Some(6)]);
    for run in &runs {
        assert_no_canary(run);
        assert!(!printed(run).contains(&secret), "{}", printed(run));
    }
}
