//! JS objects with camelCase keys into the core's serde types (snake_case names, unknown fields
//! rejected). Keys are converted generically, so the core stays the one list of names and the
//! one validator, and errors name each key the way the caller wrote it.

use std::collections::HashMap;

use dg_core::Error;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Deserializes `T` from a JS object's fields. Top-level keys are converted from camelCase
/// (`smartFormat` -> `smart_format`; snake_case keys pass unchanged); values, including the
/// keys of nested objects such as `extraQuery`, are left as they are.
pub fn deserialize<T: DeserializeOwned>(fields: Map<String, Value>) -> Result<T, Error> {
    let mut converted = Map::new();
    // snake_case name -> the key as the caller wrote it.
    let mut written = HashMap::new();
    for (key, value) in fields {
        let name = to_snake(&key);
        if let Some(first) = written.insert(name.clone(), key.clone()) {
            return Err(Error::InvalidOptions(format!(
                "`{first}` and `{key}` are the same option: pass it once"
            )));
        }
        converted.insert(name, value);
    }
    serde_path_to_error::deserialize(Value::Object(converted)).map_err(|e| {
        let message = e.inner().to_string();
        if is_about_fields(&message) {
            // These messages name the field themselves.
            return Error::InvalidOptions(rename_fields(&message, &written));
        }
        Error::InvalidOptions(match e.path().to_string().as_str() {
            "." | "" => message,
            path => format!("`{}`: {message}", rename_path(path, &written)),
        })
    })
}

/// "unknown field `x`, expected one of `a`, `b`" and "missing field `x`": every backticked
/// word is a field name (elsewhere backticks quote values, which must stay as they are).
fn is_about_fields(message: &str) -> bool {
    message.starts_with("unknown field") || message.starts_with("missing field")
}

/// `smartFormat` -> `smart_format`.
fn to_snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for (i, c) in key.char_indices() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `smart_format` -> `smartFormat`.
fn to_camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        match c {
            '_' if !out.is_empty() => upper = true,
            c if upper => {
                out.push(c.to_ascii_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// The key as written, for a field name of the core's type.
fn as_written(name: &str, written: &HashMap<String, String>) -> String {
    written.get(name).cloned().unwrap_or_else(|| to_camel(name))
}

/// `keyterm[1]`, `extra_query.foo`: only the first segment is an option name.
fn rename_path(path: &str, written: &HashMap<String, String>) -> String {
    let end = path.find(['.', '[']).unwrap_or(path.len());
    format!("{}{}", as_written(&path[..end], written), &path[end..])
}

/// Rewrites the field names a message about fields quotes in backticks.
fn rename_fields(message: &str, written: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(message.len());
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd parts are the quoted ones.
        if i % 2 == 1 {
            out.push_str(&as_written(part, written));
        } else {
            out.push_str(part);
        }
    }
    out
}

/// The core's own validation errors in JS terms: it quotes option and field names in backticks
/// (values in double quotes), so each backticked snake_case name becomes camelCase.
pub fn in_js_terms(error: Error) -> Error {
    match error {
        Error::InvalidOptions(message) => {
            let mut out = String::with_capacity(message.len());
            for (i, part) in message.split('`').enumerate() {
                if i > 0 {
                    out.push('`');
                }
                let is_snake = part.contains('_')
                    && part
                        .bytes()
                        .all(|b| b == b'_' || b.is_ascii_lowercase() || b.is_ascii_digit());
                if i % 2 == 1 && is_snake {
                    out.push_str(&to_camel(part));
                } else {
                    out.push_str(part);
                }
            }
            Error::InvalidOptions(out)
        }
        other => other,
    }
}
