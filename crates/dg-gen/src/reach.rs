//! What the generators share: which core models a binding exposes (its roots and every model
//! inside them), how a doc comment is written out, how a snake_case name is capitalized, and
//! how a call's request, read whole, is bound and passed to its `Client` method.

use std::collections::BTreeSet;

use dg_core::calls::{CallSpec, Pass};
use dg_core::models::schema::{MODELS, ModelSchema};

fn model(name: &str) -> &'static ModelSchema {
    MODELS
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no model {name} in MODELS"))
}

/// The models a Rust type names.
fn models_in(rust: &str, out: &mut Vec<&'static str>) {
    for word in rust.split(|c: char| !c.is_alphanumeric() && c != '_') {
        if let Some(m) = MODELS.iter().find(|m| m.name == word) {
            out.push(m.name);
        }
    }
}

/// `roots` and every model they contain, in `MODELS` order.
pub fn reachable(roots: &[&'static str]) -> Vec<&'static ModelSchema> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&str> = roots.to_vec();
    while let Some(name) = todo.pop() {
        if seen.insert(name) {
            for field in model(name).fields {
                models_in(field.rust, &mut todo);
            }
        }
    }
    MODELS
        .iter()
        .copied()
        .filter(|m| seen.contains(m.name))
        .collect()
}

/// `lines` as a `///` doc comment indented by `indent`.
pub fn doc(out: &mut String, indent: &str, lines: &[&str]) {
    for line in lines {
        out.push_str(&format!("{indent}///{}\n", line.trim_end()));
    }
}

/// `keys` -> `Keys`, `create_key` -> `CreateKey`.
pub fn pascal(name: &str) -> String {
    name.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// For a call whose named arguments are read into `dg_core::<request>`: the pattern to bind
/// the read value to (`request: dg_core::CreateKeyRequest`, or the fields destructured,
/// `dg_core::GrantOptions { ttl_seconds }`), with what the `Client` method then gets pushed
/// onto `call_args` (`&request`, or each field).
pub fn request_binding(call: &CallSpec, request: &str, call_args: &mut Vec<String>) -> String {
    match call.pass {
        Pass::Fields => {
            let names: Vec<&str> = call.args.iter().map(|a| a.name).collect();
            call_args.extend(names.iter().map(|n| (*n).to_owned()));
            format!("dg_core::{request} {{ {} }}", names.join(", "))
        }
        _ => {
            call_args.push("&request".to_owned());
            format!("request: dg_core::{request}")
        }
    }
}

/// `text` with its first letter changed by `case` (`char::to_uppercase` makes a sentence).
pub fn first_letter<I: Iterator<Item = char>>(text: &str, case: fn(char) -> I) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .into_iter()
        .flat_map(case)
        .chain(chars)
        .collect()
}
