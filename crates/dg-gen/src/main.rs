//! `dg-gen [--check]`: writes the schema files under `tests/schema/` from dg-core's own
//! declarations (the listen options, the settings, the error kinds and the error record, the
//! answer models) and the Rust source a binding compiles from them (dg-ffi's options record and
//! answer records and management calls, dg-node's management calls, dg-py's view and group
//! classes), or with `--check` fails when a committed one differs. Every language's
//! generated option types, error classes, settings and answer types, and the fuzz
//! dictionaries, are made from these files.

mod events;
mod ffi;
mod ffi_calls;
mod ffi_models;
mod node_calls;
mod py_calls;
mod py_views;
mod reach;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dg_core::ErrorKind;
use dg_core::options::schema;
use dg_core::settings::{MAX_RETRIES, SETTING_NAMES, setting_doc};
use serde_json::json;

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let files = [
        ("tests/schema/listen-options.json", schema::to_json()),
        ("tests/schema/errors.json", pretty(errors())),
        ("tests/schema/settings.json", pretty(settings())),
        ("tests/schema/live-settings.json", pretty(live_settings())),
        (
            "tests/schema/models.json",
            pretty(dg_core::models::schema::to_json()),
        ),
        (
            "bindings/dg-ffi/src/generated/transcribe_options.rs",
            ffi::transcribe_options(),
        ),
        (
            "bindings/dg-ffi/src/generated/flux_options.rs",
            ffi::flux_options(),
        ),
        (
            "bindings/dg-ffi/src/generated/live_settings.rs",
            ffi::live_settings(),
        ),
        (
            "bindings/dg-ffi/src/generated/models.rs",
            ffi_models::models(),
        ),
        ("bindings/dg-py/src/generated/views.rs", py_views::views()),
        (
            "bindings/dg-py/src/generated/events.rs",
            events::py_events(),
        ),
        (
            "bindings/dg-ffi/src/generated/events.rs",
            events::ffi_events(),
        ),
        ("bindings/dg-py/src/generated/calls.rs", py_calls::calls()),
        ("bindings/dg-ffi/src/generated/calls.rs", ffi_calls::calls()),
        (
            "bindings/dg-node/src/generated/calls.rs",
            node_calls::calls(),
        ),
        ("tests/schema/calls.json", pretty(dg_core::calls::to_json())),
    ];
    let mut stale = Vec::new();
    for (name, text) in files {
        let path = root.join(name);
        if check {
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                stale.push(path);
            }
        } else if let Err(e) = write(&path, &text) {
            eprintln!("dg-gen: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    if stale.is_empty() {
        return ExitCode::SUCCESS;
    }
    for path in stale {
        eprintln!(
            "dg-gen: {} is stale: run `cargo run -p dg-gen`",
            path.display()
        );
    }
    ExitCode::FAILURE
}

fn write(path: &PathBuf, text: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(path.parent().expect("a file in the repository"))?;
    std::fs::write(path, text)
}

fn pretty(value: serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(&value).expect("plain JSON");
    text.push('\n');
    text
}

/// The error taxonomy: one entry per kind, and the fields of the flat record.
fn errors() -> serde_json::Value {
    let kinds: Vec<_> = ErrorKind::ALL
        .iter()
        .map(|k| {
            json!({
                "name": k.name(),
                "class_stem": k.class_stem(),
                "parent": k.parent().map(ErrorKind::name),
                "doc": k.doc(),
            })
        })
        .collect();
    json!({
        "kinds": kinds,
        "record_fields": [
            "kind", "message", "status", "code", "request_id", "details", "request_sent",
            "retry_after_ms", "option", "path"
        ],
    })
}

/// The client settings, their types and defaults.
fn settings() -> serde_json::Value {
    let kind = |name: &str| match name {
        "timeout_ms" | "connect_timeout_ms" | "retries" => "integer",
        _ => "string",
    };
    let default = |name: &str| match name {
        "base_url" => json!(dg_core::config::DEFAULT_BASE_URL),
        "timeout_ms" => json!(dg_core::config::DEFAULT_TIMEOUT.as_millis() as u64),
        "connect_timeout_ms" => json!(dg_core::config::DEFAULT_CONNECT_TIMEOUT.as_millis() as u64),
        "retries" => json!(dg_core::RetryPolicy::default().max_retries),
        _ => serde_json::Value::Null,
    };
    let settings: Vec<_> = SETTING_NAMES
        .iter()
        .map(|n| {
            json!({
                "name": n,
                "kind": kind(n),
                "default": default(n),
                "secret": matches!(*n, "api_key" | "access_token"),
                "doc": setting_doc(n),
            })
        })
        .collect();
    json!({
        "settings": settings,
        "max_retries": MAX_RETRIES,
        "env": {"api_key": dg_core::config::ENV_API_KEY, "access_token": dg_core::config::ENV_ACCESS_TOKEN},
    })
}

/// A live session's settings (`dg_core::LiveSettings`): name, type and doc of each.
fn live_settings() -> serde_json::Value {
    let settings: Vec<_> = dg_core::live::LIVE_SETTING_SPECS
        .iter()
        .map(|(name, kind, doc)| json!({"name": name, "kind": kind, "doc": doc}))
        .collect();
    json!({ "live_settings": settings })
}

#[cfg(test)]
mod tests {
    use dg_core::calls::CALLS;

    #[test]
    fn every_binding_has_a_method_per_call() {
        let (ffi, node) = (crate::ffi_calls::calls(), crate::node_calls::calls());
        for call in CALLS {
            assert!(ffi.contains(&format!("pub async fn {}(", call.method)));
            assert!(node.contains(&format!("pub fn {}<'env>(", call.method)));
        }
        // What the key calls need beyond the common shape.
        assert!(ffi.contains("pub struct CreateKeyOptions {"));
        assert!(ffi.contains("pub enum KeyStatus {"));
        assert!(ffi.contains("-> Result<String, DeepgramError>"));
        assert!(node.contains("(\"key\", answers::take(&mut a.key))"));
        assert!(node.contains("(\"access_token\", answers::take(&mut a.access_token))"));
    }
}
