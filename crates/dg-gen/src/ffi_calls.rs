//! dg-ffi's management calls (`bindings/dg-ffi/src/generated/calls.rs`), written from the
//! core's call table [`CALLS`]: one async `DeepgramClient` method per call, named after its
//! `Client` method (Kotlin `suspend fun createKey`, Swift `func createKey(...) async throws`),
//! and what the methods take.
//!
//! - Path arguments are strings, in order.
//! - A call whose arguments pass as a request ([`Pass::Request`]) takes one record,
//!   `<Method>Options` (`CreateKeyOptions`), whose fields are the arguments; one whose
//!   arguments pass one by one ([`Pass::Fields`]) takes them as parameters, the optional ones
//!   defaulted.
//! - Argument types are the request fields' Rust types ([`ArgSpec::rust`]); an enum of the
//!   core (`KeyStatus`) gets a UniFFI enum of the same name, one variant per value of its
//!   `enum<...>` type, converted to the core's by variant name. The record and the arguments
//!   are handed to the core as its own types, so a type that disagrees fails to compile.
//! - The answer is its model's record ([`crate::ffi_models`]), or a list of them; a model of
//!   one field is answered as that field (`delete_key`'s message).

use dg_core::calls::{ArgSpec, CALLS, CallSpec, Pass};
use dg_core::models::schema::{FieldSchema, MODELS};

use crate::ffi_models::{ffi_type, record_name};
use crate::reach::{doc, first_letter, pascal};

/// The one field a call answers with instead of its model's record.
pub fn unwrapped(answer: &str) -> Option<&'static FieldSchema> {
    let model = MODELS
        .iter()
        .find(|m| m.name == answer)
        .unwrap_or_else(|| panic!("no model {answer}"));
    match model.fields {
        [only] => Some(only),
        _ => None,
    }
}

/// The models the calls answer with, as records: each answer's, or for an answer of one field,
/// the models that field names.
pub fn answer_models() -> impl Iterator<Item = &'static str> {
    CALLS.iter().flat_map(|c| match unwrapped(c.answer) {
        None => vec![c.answer],
        Some(field) => MODELS
            .iter()
            .filter(|m| {
                field
                    .rust
                    .split(|ch: char| !ch.is_alphanumeric())
                    .any(|w| w == m.name)
            })
            .map(|m| m.name)
            .collect(),
    })
}

/// `Option<KeyStatus>` -> (`Option`, `KeyStatus`); `String` -> (``, `String`).
fn wrapper(rust: &str) -> (&str, &str) {
    for w in ["Option", "Vec"] {
        if let Some(inner) = rust
            .strip_prefix(w)
            .and_then(|r| r.strip_prefix('<'))
            .and_then(|r| r.strip_suffix('>'))
        {
            return (w, inner);
        }
    }
    ("", rust)
}

/// The values of an `enum<a|b>` or `list<enum<a|b>>` type (`a|b`).
fn enum_values(ty: &str) -> Option<&str> {
    let ty = ty
        .strip_prefix("list<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(ty);
    ty.strip_prefix("enum<").and_then(|t| t.strip_suffix('>'))
}

/// The core enum an argument's type names, if any.
fn enum_of(arg: &ArgSpec) -> Option<&'static str> {
    let (_, inner) = wrapper(arg.rust);
    let scalar = ["String", "bool", "u32", "u64", "f64"].contains(&inner);
    (!scalar).then(|| {
        assert!(
            enum_values(arg.ty).is_some(),
            "dg-gen: `{}` is a {} but not an enum<...>",
            arg.name,
            arg.rust
        );
        wrapper(arg.rust).1
    })
}

/// `self-hosted` -> `SelfHosted`.
fn variant(value: &str) -> String {
    pascal(&value.replace('-', "_"))
}

/// An argument's value as the core's type.
fn to_core(value: &str, arg: &ArgSpec) -> String {
    match (enum_of(arg), wrapper(arg.rust).0) {
        (None, _) => value.to_owned(),
        (Some(_), "Option") => format!("{value}.map(Into::into)"),
        (Some(_), "Vec") => format!("{value}.into_iter().map(Into::into).collect()"),
        (Some(_), _) => format!("{value}.into()"),
    }
}

/// The enums the arguments name, each once with its values.
fn enums(out: &mut String) {
    let mut done: Vec<(&str, &str)> = Vec::new();
    for arg in CALLS.iter().flat_map(|c| c.args) {
        let Some(name) = enum_of(arg) else { continue };
        let all = enum_values(arg.ty).expect("checked by enum_of");
        if let Some((_, seen)) = done.iter().find(|(n, _)| *n == name) {
            assert_eq!(*seen, all, "dg-gen: the enum {name} has two sets of values");
            continue;
        }
        done.push((name, all));
        let values: Vec<&str> = all.split('|').collect();
        let doc = first_letter(arg.doc, char::to_lowercase);
        out.push_str(&format!(
            "\n/// The values of `{}`: {doc}\n\
             #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]\n\
             pub enum {name} {{\n",
            arg.name
        ));
        for v in &values {
            out.push_str(&format!("    /// `{v}`.\n    {},\n", variant(v)));
        }
        out.push_str(&format!(
            "}}\n\nimpl From<{name}> for dg_core::{name} {{\n    \
             fn from(value: {name}) -> Self {{\n        match value {{\n"
        ));
        for v in &values {
            out.push_str(&format!(
                "            {name}::{0} => dg_core::{name}::{0},\n",
                variant(v)
            ));
        }
        out.push_str("        }\n    }\n}\n");
    }
}

/// The record a [`Pass::Request`] call takes.
fn record_of(call: &CallSpec) -> String {
    format!("{}Options", pascal(call.method))
}

fn record(out: &mut String, call: &CallSpec, request: &str) {
    let name = record_of(call);
    out.push_str(&format!(
        "\n/// What `{}` takes (the core's `{request}`).\n\
         #[derive(Debug, Clone, uniffi::Record)]\npub struct {name} {{\n",
        call.method
    ));
    for a in call.args {
        out.push_str(&format!("    /// {}\n", a.doc));
        if !a.required {
            out.push_str("    #[uniffi(default)]\n");
        }
        out.push_str(&format!("    pub {}: {},\n", a.name, a.rust));
    }
    out.push_str(&format!(
        "}}\n\nimpl From<{name}> for dg_core::{request} {{\n    \
         fn from(o: {name}) -> Self {{\n        dg_core::{request} {{\n"
    ));
    for a in call.args {
        let value = to_core(&format!("o.{}", a.name), a);
        out.push_str(&format!("            {}: {value},\n", a.name));
    }
    out.push_str("        }\n    }\n}\n");
}

fn method(out: &mut String, call: &CallSpec) {
    out.push('\n');
    let mut lines: Vec<String> = call.doc.iter().map(|l| format!(" {l}")).collect();
    if call.pass == Pass::Fields {
        lines.push(String::new());
        for a in call.args {
            lines.push(format!(" `{}`: {}", a.name, a.doc));
        }
    }
    doc(
        out,
        "    ",
        &lines.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let mut params: Vec<String> = call.path.iter().map(|p| format!("{p}: String")).collect();
    let mut call_args: Vec<String> = call.path.iter().map(|p| format!("&{p}")).collect();
    match call.pass {
        Pass::Nothing => {}
        Pass::Request => {
            params.push(format!("options: {}", record_of(call)));
            call_args.push("&options.into()".to_owned());
        }
        Pass::Fields => {
            let defaults: Vec<String> = call
                .args
                .iter()
                .filter(|a| !a.required)
                .map(|a| match wrapper(a.rust).0 {
                    "Option" => format!("{} = None", a.name),
                    _ => a.name.to_owned(),
                })
                .collect();
            if !defaults.is_empty() {
                out.push_str(&format!(
                    "    #[uniffi::method(default({}))]\n",
                    defaults.join(", ")
                ));
            }
            for a in call.args {
                params.push(format!("{}: {}", a.name, a.rust));
                call_args.push(to_core(a.name, a));
            }
        }
    }
    let (answer, lifted) = match unwrapped(call.answer) {
        Some(field) => {
            assert!(!call.list, "dg-gen: a list of {} answers", call.answer);
            (
                ffi_type(field.rust),
                format!("answer.{}.lift()", field.name),
            )
        }
        None if call.list => (
            format!("Vec<{}>", record_name(call.answer)),
            "answer.lift()".to_owned(),
        ),
        None => (
            record_name(call.answer).to_owned(),
            "answer.lift()".to_owned(),
        ),
    };
    let mut signature = format!(
        "    pub async fn {}(&self, {}) -> Result<{answer}, DeepgramError> {{\n",
        call.method,
        params.join(", ")
    );
    if signature.len() > 101 {
        signature = format!(
            "    pub async fn {}(\n        &self,\n{}    ) -> Result<{answer}, DeepgramError> {{\n",
            call.method,
            params
                .iter()
                .map(|p| format!("        {p},\n"))
                .collect::<String>()
        );
    }
    out.push_str(&signature.replace("(&self, )", "(&self)"));
    let run = format!(
        "self.inner.{}({}).await?;",
        call.method,
        call_args.join(", ")
    );
    if run.len() + "        let answer = ".len() > 100 {
        out.push_str(&format!(
            "        let answer = self\n            .inner\n            .{}({})\n            .await?;\n",
            call.method,
            call_args.join(", ")
        ));
    } else {
        out.push_str(&format!("        let answer = {run}\n"));
    }
    out.push_str(&format!("        Ok({lifted})\n    }}\n"));
}

/// The source of `bindings/dg-ffi/src/generated/calls.rs`.
pub fn calls() -> String {
    let mut records: Vec<&str> = answer_models().map(record_name).collect();
    records.sort_unstable();
    records.dedup();
    let mut out = format!(
        "// @generated by `cargo run -p dg-gen` from dg-core's call table: do not edit.\n\n\
         use crate::client::DeepgramClient;\n\
         use crate::error::DeepgramError;\n\
         use crate::models::{{Lift, {}}};\n",
        records.join(", ")
    );
    enums(&mut out);
    for call in CALLS {
        if let (Pass::Request, Some(request)) = (call.pass, call.request) {
            record(&mut out, call, request);
        }
    }
    out.push_str("\n#[uniffi::export(async_runtime = \"tokio\")]\nimpl DeepgramClient {");
    for call in CALLS {
        method(&mut out, call);
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants() {
        assert_eq!(variant("active"), "Active");
        assert_eq!(variant("self-hosted"), "SelfHosted");
    }
}
