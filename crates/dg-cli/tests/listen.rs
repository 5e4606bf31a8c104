//! `dg listen` against the in-process emulator: the preamble streamed live prints the
//! recorded words as final lines, `--json` prints every message, standard input streams too.

mod common;

use common::{PREAMBLE, audio, dg};

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_file_streamed_prints_the_transcript_as_final_lines() {
    let output = dg()
        .args([
            "--emulator",
            "listen",
            "--speed",
            "20",
            "--model",
            "nova-3",
            "--smart-format",
        ])
        .arg(audio("preamble-rest.wav"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::printed(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.lines().count() > 3,
        "final stretches come as lines: {stdout}"
    );
    let all = words(&stdout);
    assert!(all.starts_with(PREAMBLE), "{all}");
    assert!(all.ends_with("United States Of America."), "{all}");
    assert!(
        !stdout.contains('\x1b'),
        "no terminal codes when stdout is a pipe"
    );
}

#[test]
fn json_prints_every_message_ending_with_metadata() {
    let output = dg()
        .args(["--emulator", "listen", "--max", "--json", "--interim"])
        .arg(audio("preamble-rest.wav"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::printed(&output));
    let messages: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(messages.last().unwrap()["type"], "Metadata");
    assert!(
        messages
            .iter()
            .all(|m| m["type"] == "Results" || m["type"] == "Metadata")
    );
}

#[test]
fn standard_input_streams_as_it_arrives() {
    let audio = std::fs::read(audio("preamble-rest.wav")).unwrap();
    let output = dg()
        .args(["--emulator", "listen", "-"])
        .write_stdin(audio)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::printed(&output));
    assert!(words(&String::from_utf8(output.stdout).unwrap()).starts_with(PREAMBLE));
}

#[test]
fn a_missing_file_and_a_bad_speed_are_clear_errors() {
    let output = dg()
        .args(["--emulator", "listen", "no-such-file.wav"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(7),
        "{}",
        common::printed(&output)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-file.wav"));
    let output = dg()
        .args(["--emulator", "listen", "--speed", "0"])
        .arg(audio("preamble-rest.wav"))
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        common::printed(&output)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("speed"));
}

#[test]
fn flux_prints_one_line_per_turn_and_takes_flux_options_only() {
    let output = dg()
        .args([
            "--emulator",
            "listen",
            "--flux",
            "--model",
            "flux-general-en",
            "--max",
            "-o",
            "eot_threshold=0.8",
        ])
        .arg(audio("preamble-rest.wav"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::printed(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let all = words(&stdout);
    assert!(all.starts_with(PREAMBLE), "{all}");
    assert!(all.ends_with("United States Of America."), "{all}");
    assert_eq!(
        stdout.matches(PREAMBLE).count(),
        1,
        "updates are not printed as lines: {stdout}"
    );

    // A /v1/listen option is not a Flux one: refused by the core, naming it.
    let output = dg()
        .args([
            "--emulator",
            "listen",
            "--flux",
            "--model",
            "flux-general-en",
            "--smart-format",
        ])
        .arg(audio("preamble-rest.wav"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let printed = common::printed(&output);
    assert!(printed.contains("smart_format"), "{printed}");
    let output = dg()
        .args(["--emulator", "listen", "--flux"])
        .arg(audio("preamble-rest.wav"))
        .output()
        .unwrap();
    let printed = common::printed(&output);
    assert!(
        !output.status.success() && printed.contains("flux-general-en"),
        "{printed}"
    );
}

/// Serves `status` and `body` once on loopback, as an audio host would; its URL.
fn serve_once(status: &str, body: Vec<u8>) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/talk.wav", listener.local_addr().unwrap());
    let status = status.to_owned();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 2 {
            line.clear();
        }
        let mut stream = reader.into_inner();
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: audio/wav\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        let _ = stream.write_all(&body);
    });
    url
}

#[test]
fn a_url_is_fetched_and_streamed_and_a_missing_one_is_a_clear_error() {
    let wav = std::fs::read(audio("preamble-rest.wav")).unwrap();
    let url = serve_once("200 OK", wav);
    let output = dg()
        .args(["--emulator", "listen", "--speed", "20", &url])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::printed(&output));
    let all = words(&String::from_utf8(output.stdout).unwrap());
    assert!(all.starts_with(PREAMBLE), "{all}");
    assert!(all.ends_with("United States Of America."), "{all}");

    let url = serve_once("404 Not Found", b"no such audio".to_vec());
    let output = dg().args(["--emulator", "listen", &url]).output().unwrap();
    assert!(!output.status.success());
    let printed = common::printed(&output);
    assert!(
        printed.contains("404") && printed.contains(&url),
        "{printed}"
    );
}
