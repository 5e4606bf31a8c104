use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::common::token;

fn spawn(args: &[&str], admin_key: Option<&str>) -> (Child, BufReader<std::process::ChildStdout>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dg-emulator"));
    command
        .args(args)
        .stdout(Stdio::piped())
        .env_remove("DG_EMULATOR_ADMIN_KEY");
    if let Some(key) = admin_key {
        command.env("DG_EMULATOR_ADMIN_KEY", key);
    }
    let mut child = command.spawn().expect("the binary starts");
    let stdout = BufReader::new(child.stdout.take().unwrap());
    (child, stdout)
}

fn read_line(stdout: &mut BufReader<std::process::ChildStdout>) -> String {
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    line
}

/// SIGTERM, then the exit status must be success.
fn terminate(mut child: Child) {
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
}

async fn project_ids(url: &str, key: &str) -> Value {
    let answer = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(format!("{url}/v1/projects"))
        .header("authorization", token(key))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    serde_json::from_str(&answer.text().await.unwrap()).unwrap()
}

#[tokio::test]
async fn the_binary_prints_one_json_line_and_stops_on_sigterm() {
    let (child, mut stdout) = spawn(&["--addr", "127.0.0.1:0", "--json"], None);
    let line = tokio::task::spawn_blocking(move || (read_line(&mut stdout), stdout))
        .await
        .unwrap()
        .0;
    let announced: Value = serde_json::from_str(&line).expect("one JSON line");
    let url = announced["url"].as_str().unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let key = announced["owner_key"]
        .as_str()
        .expect("the generated key is printed");
    let projects = project_ids(url, key).await;
    assert_eq!(
        projects["projects"][0]["project_id"],
        announced["project_id"]
    );
    terminate(child);
}

#[tokio::test]
async fn an_admin_key_from_the_environment_is_used_and_never_printed() {
    let admin_key = "admin-key-from-the-environment";
    let (child, mut stdout) = spawn(&[], Some(admin_key));
    let (first, second) =
        tokio::task::spawn_blocking(move || (read_line(&mut stdout), read_line(&mut stdout)))
            .await
            .unwrap();
    assert!(!first.contains(admin_key) && !second.contains(admin_key));
    let url = first.trim().rsplit(' ').next().unwrap();
    let project_id = second.trim().rsplit(' ').next().unwrap();
    let projects = project_ids(url, admin_key).await;
    assert_eq!(projects["projects"][0]["project_id"], project_id);
    terminate(child);
}

/// A SIGTERM sent the moment the announcement is read stops the emulator: its listener exists
/// before the line is printed (a signal that came before it was lost, and the process ran on).
#[test]
fn sigterm_right_after_the_announcement_stops_it() {
    for _ in 0..30 {
        let (mut child, mut stdout) = spawn(&["--addr", "127.0.0.1:0", "--json"], None);
        assert!(read_line(&mut stdout).contains("\"url\""));
        let killed = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if std::time::Instant::now() > deadline {
                child.kill().unwrap();
                panic!("the emulator did not stop within 10 s of SIGTERM");
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        assert!(status.success(), "{status}");
    }
}

#[tokio::test]
async fn the_binary_starts_with_a_seed_file() {
    use crate::common::seeded::{ACME, ANN};
    let seed = crate::common::seed_file();
    let (child, mut stdout) = spawn(&["--json", "--seed", seed.to_str().unwrap()], None);
    let line = tokio::task::spawn_blocking(move || (read_line(&mut stdout), stdout))
        .await
        .unwrap()
        .0;
    let announced: Value = serde_json::from_str(&line).expect("one JSON line");
    let url = announced["url"].as_str().unwrap();
    let projects = project_ids(url, ANN).await;
    assert_eq!(projects["projects"][0]["project_id"], ACME);
    assert_eq!(projects["projects"][0]["name"], "Acme");
    // The seed's secrets are never printed.
    assert!(!line.contains(ANN), "{line}");
    terminate(child);
}

#[test]
fn help_names_the_seed_option_and_a_bad_seed_stops_the_start() {
    let help = Command::new(env!("CARGO_BIN_EXE_dg-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains("--seed <FILE>"), "{help}");
    assert!(help.contains("--max-recorded-requests"), "{help}");

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("seed.json");
    std::fs::write(
        &bad,
        r#"{"projects": [{"name": "x", "members": [{"email": "a@example.com", "role": "member", "keys": [{"key": "s3cr3t-in-seed", "colour": 1}]}]}]}"#,
    )
    .unwrap();
    let failed = Command::new(env!("CARGO_BIN_EXE_dg-emulator"))
        .args(["--seed", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!failed.status.success());
    let stderr = String::from_utf8(failed.stderr).unwrap();
    assert!(stderr.contains("colour"), "{stderr}");
    assert!(!stderr.contains("s3cr3t-in-seed"), "{stderr}");
}
