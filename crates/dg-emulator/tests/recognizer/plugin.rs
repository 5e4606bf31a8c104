//! Without its CTranslate2 plugin, or with a plugin whose CTranslate2 library is gone, the
//! emulator binary still serves: recognition is off, the start-up line says why and what to
//! do, recorded answers are served, and other audio gets the empty fallback with that reason.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use serde_json::Value;

use crate::fixture;

/// The emulator binary serving with the plugin `plugin`; stopped when dropped.
struct Running {
    child: std::process::Child,
    announced: Value,
    _dir: tempfile::TempDir,
}

impl Running {
    async fn start(plugin: &Path) -> Running {
        // A model folder as the emulator checks it (the files, not their contents), so the
        // plugin is what is missing.
        let dir = tempfile::tempdir().unwrap();
        for file in ["model.bin", "config.json", "vocabulary.txt"] {
            std::fs::write(dir.path().join(file), b"").unwrap();
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_dg-emulator"))
            .args(["--addr", "127.0.0.1:0", "--json"])
            .env("DG_EMULATOR_MODEL_DIR", dir.path())
            .env("DG_EMULATOR_RECOGNIZER", plugin)
            .env_remove("DG_EMULATOR_ADMIN_KEY")
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().unwrap();
        let line = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line).unwrap();
            line
        })
        .await
        .unwrap();
        let announced = serde_json::from_str(&line).expect("one JSON line");
        Running {
            child,
            announced,
            _dir: dir,
        }
    }

    /// Why recognition is off (the test fails when it is on).
    fn reason(&self) -> &str {
        let recognition = &self.announced["recognition"];
        assert_eq!(recognition["enabled"], false, "{}", self.announced);
        recognition["reason"].as_str().unwrap()
    }

    async fn listen(&self, body: Vec<u8>) -> Value {
        let url = self.announced["url"].as_str().unwrap();
        let key = self.announced["owner_key"].as_str().unwrap();
        let answer = reqwest::Client::builder()
            .no_proxy()
            .build()
            .unwrap()
            .post(format!("{url}/v1/listen?model=nova-3&smart_format=true"))
            .header(AUTHORIZATION, format!("Token {key}"))
            .header(CONTENT_TYPE, "audio/wav")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        serde_json::from_str(&answer.text().await.unwrap()).expect("a JSON answer")
    }

    /// A recorded answer is served, and audio without one gets the empty fallback that says
    /// recognition is off and why.
    async fn assert_serves(&self) {
        let transcript = |answer: &Value| {
            answer["results"]["channels"][0]["alternatives"][0]["transcript"].clone()
        };
        let audio = fixture("../../tests/fixtures/audio/preamble-rest.wav");
        let recorded = self.listen(audio.clone()).await;
        assert!(
            transcript(&recorded)
                .as_str()
                .unwrap()
                .contains("We, the people"),
            "{recorded}"
        );
        // The same audio with bytes after its data: no recording matches it.
        let mut unknown = audio;
        unknown.extend([0; 320]);
        let fallback = self.listen(unknown).await;
        assert_eq!(transcript(&fallback), "", "{fallback}");
        let warning = fallback["metadata"]["warnings"][0]["message"]
            .as_str()
            .unwrap();
        assert!(
            warning.contains("recognition is off") && warning.contains(self.reason()),
            "{warning}"
        );
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn without_the_plugin_the_binary_serves_and_says_how_to_build_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("libdg_recognizer_ct2.so");
    let emulator = Running::start(&missing).await;
    let reason = emulator.reason();
    assert!(
        reason.contains(&format!("no recognizer plugin at {}", missing.display())),
        "{reason}"
    );
    assert!(
        reason.contains("named by DG_EMULATOR_RECOGNIZER"),
        "{reason}"
    );
    assert!(
        reason.contains("cargo build --release -p dg-recognizer-ct2"),
        "{reason}"
    );
    emulator.assert_serves().await;
}

#[tokio::test]
async fn without_the_ctranslate2_library_the_binary_serves_and_says_how_to_fetch_it() {
    // The plugin built beside this test, copied with its rpath pointing nowhere: the dynamic
    // loader cannot find libctranslate2, as when the fetched folder is gone.
    let built = std::env::current_exe()
        .unwrap()
        .with_file_name("libdg_recognizer_ct2.so");
    let bytes = std::fs::read(&built).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; build it with `cargo build --release -p dg-recognizer-ct2`",
            built.display()
        )
    });
    let rpath = ctranslate2_dir();
    let rpath = rpath.to_str().unwrap();
    let nowhere = format!(
        "{}/{}",
        rpath.rsplit_once('/').unwrap().0,
        "_".repeat(rpath.rsplit('/').next().unwrap().len())
    );
    let patched = replace_all(&bytes, rpath.as_bytes(), nowhere.as_bytes());
    assert_ne!(patched, bytes, "the plugin has no rpath to {rpath}");
    let dir = tempfile::tempdir().unwrap();
    let plugin = dir.path().join("libdg_recognizer_ct2.so");
    std::fs::write(&plugin, patched).unwrap();

    let emulator = Running::start(&plugin).await;
    let reason = emulator.reason();
    assert!(
        reason.starts_with(&format!(
            "cannot load the recognizer plugin {}",
            plugin.display()
        )),
        "{reason}"
    );
    // The loader's words name the library it did not find.
    assert!(reason.contains("libctranslate2"), "{reason}");
    assert!(reason.contains("scripts/fetch-ctranslate2.sh"), "{reason}");
    emulator.assert_serves().await;
}

/// The folder the plugin's rpath names, chosen as crates/dg-recognizer-ct2/build.rs does.
fn ctranslate2_dir() -> PathBuf {
    let var = |name| std::env::var_os(name).filter(|value| !value.is_empty());
    var("DG_CTRANSLATE2_DIR").map_or_else(
        || {
            var("XDG_CACHE_HOME")
                .map_or_else(
                    || PathBuf::from(var("HOME").expect("HOME is set")).join(".cache"),
                    PathBuf::from,
                )
                .join("dg/ctranslate2-4.8.4")
        },
        PathBuf::from,
    )
}

/// `bytes` with every `from` replaced by `to`, of the same length.
fn replace_all(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut out = bytes.to_vec();
    let mut at = 0;
    while let Some(found) = out[at..].windows(from.len()).position(|w| w == from) {
        out[at + found..at + found + from.len()].copy_from_slice(to);
        at += found + from.len();
    }
    out
}
