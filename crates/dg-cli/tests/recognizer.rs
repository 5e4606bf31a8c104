//! `dg` built with the recognizer (`--features recognizer`) runs as a plain binary: without
//! the `LD_LIBRARY_PATH` cargo gives what it runs, it finds its CTranslate2 plugin beside
//! itself, and the plugin finds the library by its own rpath. Needs the Whisper model of
//! `scripts/fetch-model.sh`.
#![cfg(feature = "recognizer")]

mod common;

use common::{audio, dg};

#[test]
fn dg_recognizes_unknown_audio_without_a_library_path() {
    // The preamble with bytes after its data: no recorded answer matches it.
    let dir = tempfile::tempdir().unwrap();
    let unknown = dir.path().join("preamble-unknown.wav");
    let mut bytes = std::fs::read(audio("preamble-rest.wav")).unwrap();
    bytes.extend([0; 320]);
    std::fs::write(&unknown, bytes).unwrap();

    let output = dg()
        .env_remove("LD_LIBRARY_PATH")
        .env_remove("DG_EMULATOR_RECOGNIZER")
        .args(["transcribe", "--emulator"])
        .arg(&unknown)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::printed(&output));
    let transcript = String::from_utf8_lossy(&output.stdout).to_lowercase();
    assert!(
        transcript.contains("a more perfect union"),
        "recognized: {transcript:?} ({}); the model is fetched by scripts/fetch-model.sh",
        common::printed(&output)
    );
}
