//! `dg transcribe` against the in-process emulator (`--emulator`): real recorded answers,
//! no key and no network.

mod common;

use common::{BUELLER_URL, PREAMBLE, audio, dg};
use predicates::prelude::*;
use sha2::{Digest, Sha256};

#[test]
fn a_file_prints_the_recorded_transcript_and_nothing_else() {
    let output = dg()
        .args(["transcribe", "--emulator"])
        .arg(audio("preamble-rest.wav"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::printed(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with(PREAMBLE), "{stdout}");
    assert_eq!(stdout.lines().count(), 1, "one channel, one line: {stdout}");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn json_is_the_whole_answer_for_this_very_file() {
    let path = audio("preamble-rest.wav");
    let output = dg()
        .args(["transcribe", "--emulator", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::printed(&output));
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let sha256 = format!("{:x}", Sha256::digest(std::fs::read(&path).unwrap()));
    assert_eq!(answer["metadata"]["sha256"], sha256.as_str());
    let transcript = answer["results"]["channels"][0]["alternatives"][0]["transcript"]
        .as_str()
        .unwrap();
    assert!(transcript.starts_with(PREAMBLE), "{transcript}");
    // Fields dg does not model are passed through, not dropped.
    assert!(answer["metadata"]["model_info"].is_object(), "{answer}");
}

#[test]
fn summarize_picks_the_recording_with_a_summary() {
    let with = dg()
        .args([
            "transcribe",
            "--emulator",
            "--model",
            "nova-3",
            "--smart-format",
            "-o",
            "summarize=v2",
            "--json",
        ])
        .arg(audio("preamble-rest.wav"))
        .output()
        .unwrap();
    assert!(with.status.success(), "{}", common::printed(&with));
    let answer: serde_json::Value = serde_json::from_slice(&with.stdout).unwrap();
    let summary = answer["results"]["summary"]["short"]
        .as_str()
        .unwrap_or_default();
    assert!(!summary.is_empty(), "{answer}");

    // The text output shows the same summary after the transcript.
    dg().args(["transcribe", "--emulator", "--summarize"])
        .arg(audio("preamble-rest.wav"))
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with(PREAMBLE).and(predicate::str::contains(format!(
                "\n\nSummary: {summary}\n"
            ))),
        );

    let without = dg()
        .args(["transcribe", "--emulator", "--json"])
        .arg(audio("preamble-rest.wav"))
        .output()
        .unwrap();
    let answer: serde_json::Value = serde_json::from_slice(&without.stdout).unwrap();
    assert!(answer["results"]["summary"].is_null(), "{answer}");
}

#[test]
fn a_url_is_transcribed_remotely() {
    dg().args(["transcribe", "--emulator", BUELLER_URL])
        .assert()
        .success()
        .stdout(predicate::str::contains("Life moves pretty fast."));
}

#[test]
fn standard_input_is_streamed() {
    dg().args(["transcribe", "--emulator", "-"])
        .pipe_stdin(audio("preamble-rest.wav"))
        .unwrap()
        .assert()
        .success()
        .stdout(predicate::str::starts_with(PREAMBLE));
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    dg().args(["transcribe", "--emulator", "no/such/recording.wav"])
        .assert()
        .code(7)
        .stdout("")
        .stderr(
            predicate::str::starts_with("error: no/such/recording.wav: ")
                .and(predicate::str::contains("\n").count(1)),
        );
}

#[test]
fn an_unknown_option_is_a_usage_error_naming_it() {
    dg().args(["transcribe", "--emulator", "-o", "smart_formatt=true"])
        .arg(audio("preamble-rest.wav"))
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("unknown option 'smart_formatt'")
                .and(predicate::str::contains("did you mean 'smart_format'")),
        );
}

#[test]
fn an_invalid_value_is_a_usage_error_before_any_upload() {
    // Nothing listens there: reaching the network would fail differently (code 6).
    dg().args([
        "transcribe",
        "-o",
        "sample_rate=fast",
        "--api-key",
        "k",
        "--base-url",
        "http://127.0.0.1:9",
    ])
    .arg(audio("preamble-rest.wav"))
    .assert()
    .code(2)
    .stderr(predicate::str::contains("`sample_rate`"));
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    dg().args([
        "transcribe",
        "--api-key",
        "k",
        "--base-url",
        "http://api.deepgram.com",
    ])
    .arg(audio("preamble-rest.wav"))
    .assert()
    .code(2)
    .stderr(predicate::str::contains("plain http"));
}

#[test]
fn no_credentials_is_a_usage_error_that_says_what_to_set() {
    dg().args(["transcribe", "--base-url", "http://127.0.0.1:9"])
        .arg(audio("preamble-rest.wav"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("DEEPGRAM_API_KEY"));
}
