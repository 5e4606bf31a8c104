//! What the model generators share: which core models a binding exposes (its roots and every
//! model inside them) and how a doc comment is written out.

use std::collections::BTreeSet;

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
