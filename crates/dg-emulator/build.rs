//! Embeds the recorded Deepgram answers of `tests/fixtures/responses`, and the audio of
//! `tests/fixtures/audio` they belong to, in the binary, so the emulator answers from them
//! whatever directory it runs in.
//!
//! Each recording is a `<options hash>-<source hash>-response.json` with its
//! `…-options.json` beside it; the generated file lists `(file stem, options, response)`.
//!
//! With the `recognizer` feature it also points the link at the CTranslate2 library of
//! `scripts/fetch-ctranslate2.sh` (ct2rs's `system` feature links `-lctranslate2`), with an rpath
//! to it in the emulator's binaries and tests.

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

    if env::var_os("CARGO_FEATURE_RECOGNIZER").is_some() {
        link_ctranslate2(&out_dir);
    }
}

/// The CTranslate2 version of the wheel `scripts/fetch-ctranslate2.sh` fetches, which must be the
/// one whose headers ct2rs vendors (that script checks both).
const CTRANSLATE2_VERSION: &str = "4.8.4";

/// Links the library `scripts/fetch-ctranslate2.sh` unpacked: `$DG_CTRANSLATE2_DIR`, else
/// `$XDG_CACHE_HOME/dg/ctranslate2-<version>`, else `~/.cache/dg/ctranslate2-<version>`.
fn link_ctranslate2(out_dir: &Path) {
    for var in ["DG_CTRANSLATE2_DIR", "XDG_CACHE_HOME", "HOME"] {
        println!("cargo::rerun-if-env-changed={var}");
    }
    let dir = env::var_os("DG_CTRANSLATE2_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            let cache = env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
            Some(cache.join(format!("dg/ctranslate2-{CTRANSLATE2_VERSION}")))
        })
        .expect("neither DG_CTRANSLATE2_DIR nor HOME is set");
    let stamp = dir.join("dg-ctranslate2.json");
    println!("cargo::rerun-if-changed={}", stamp.display());
    let version = format!("\"version\": \"{CTRANSLATE2_VERSION}\"");
    if !fs::read_to_string(&stamp).is_ok_and(|s| s.contains(&version)) {
        panic!(
            "the `recognizer` feature links CTranslate2 {CTRANSLATE2_VERSION}, not found in {}: run scripts/fetch-ctranslate2.sh",
            dir.display()
        );
    }
    // Linked through a link in OUT_DIR: cargo puts search paths inside the target directory on
    // the library path of what it runs (`cargo test`, `cargo run`), so dg-cli's `dg`, which has
    // no rpath of its own, runs there too.
    #[cfg(unix)]
    let search = {
        let link = out_dir.join("ctranslate2");
        let _ = fs::remove_file(&link);
        std::os::unix::fs::symlink(&dir, &link).expect("cannot link the CTranslate2 folder");
        link
    };
    #[cfg(not(unix))]
    let search = {
        let _ = out_dir;
        dir.clone()
    };
    println!("cargo::rustc-link-search=native={}", search.display());
    if env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os != "windows" && os != "macos") {
        println!("cargo::rustc-link-arg=-Wl,-rpath,{}", dir.display());
    }
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
