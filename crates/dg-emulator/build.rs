//! Embeds the recorded Deepgram answers of `tests/fixtures/responses`, and the audio of
//! `tests/fixtures/audio` they belong to, in the binary, so the emulator answers from them
//! whatever directory it runs in.
//!
//! Each recording is a `<options hash>-<source hash>-response.json` with its
//! `…-options.json` beside it; the generated file lists `(file stem, options, response)`.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let fixtures = manifest_dir.join("../../tests/fixtures/responses");
    println!("cargo::rerun-if-changed={}", fixtures.display());

    let mut generated = String::from("static RECORDINGS: &[(&str, &str, &str)] = &[\n");
    for stem in recording_stems(&fixtures) {
        let options = fixtures.join(format!("{stem}-options.json"));
        let response = fixtures.join(format!("{stem}-response.json"));
        writeln!(
            generated,
            "    ({stem:?}, include_str!({:?}), include_str!({:?})),",
            absolute(&options),
            absolute(&response)
        )
        .expect("writing to a String cannot fail");
    }
    generated.push_str("];\n");

    // The audio of the recordings, so a live stream can be recognized by its first bytes.
    let audio = manifest_dir.join("../../tests/fixtures/audio");
    println!("cargo::rerun-if-changed={}", audio.display());
    generated.push_str("static AUDIO: &[(&str, &[u8])] = &[\n");
    let mut files: Vec<PathBuf> = fs::read_dir(&audio)
        .map(|entries| entries.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "wav"));
    files.sort();
    for file in files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 fixture names");
        writeln!(
            generated,
            "    ({name:?}, include_bytes!({:?})),",
            absolute(&file)
        )
        .expect("writing to a String cannot fail");
    }
    generated.push_str("];\n");

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    fs::write(out_dir.join("recordings.rs"), generated)
        .expect("cannot write the generated recordings list");
}

/// The stems (`<options hash>-<source hash>`) that have both a response and an options file,
/// sorted so the build is reproducible. A missing folder (a packaged crate) embeds nothing.
fn recording_stems(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        println!(
            "cargo::warning=no recorded responses at {}: the emulator will answer every audio with its fallback",
            dir.display()
        );
        return Vec::new();
    };
    let mut stems: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix("-response.json").map(str::to_owned))
        .filter(|stem| dir.join(format!("{stem}-options.json")).is_file())
        .collect();
    stems.sort();
    stems
}

fn absolute(path: &Path) -> String {
    fs::canonicalize(path)
        .expect("a listed fixture exists")
        .to_str()
        .expect("fixture paths are UTF-8")
        .to_owned()
}
