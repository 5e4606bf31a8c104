//! Points the link at the CTranslate2 library of `scripts/fetch-ctranslate2.sh` (ct2rs's
//! `system` feature links `-lctranslate2`) and writes an rpath to its folder into the plugin,
//! so the plugin loads wherever it is copied, as long as that folder is there.

use std::env;
use std::fs;
use std::path::PathBuf;

/// The CTranslate2 version of the wheel `scripts/fetch-ctranslate2.sh` fetches, which must be the
/// one whose headers ct2rs vendors (that script checks both).
const CTRANSLATE2_VERSION: &str = "4.8.4";

/// Links the library `scripts/fetch-ctranslate2.sh` unpacked: `$DG_CTRANSLATE2_DIR`, else
/// `$XDG_CACHE_HOME/dg/ctranslate2-<version>`, else `~/.cache/dg/ctranslate2-<version>`.
fn main() {
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
            "dg-recognizer-ct2 links CTranslate2 {CTRANSLATE2_VERSION}, not found in {}: run scripts/fetch-ctranslate2.sh",
            dir.display()
        );
    }
    println!("cargo::rustc-link-search=native={}", dir.display());
    if env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os != "windows" && os != "macos") {
        println!("cargo::rustc-link-arg=-Wl,-rpath,{}", dir.display());
    }
}
