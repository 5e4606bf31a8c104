//! dg-py's view classes (`bindings/dg-py/src/generated/views.rs`): one Python class per core
//! model the Python API returns, written from [`MODELS`](dg_core::models::schema::MODELS).
//! Each class is a view into the shared parsed answer (`Shared<Model>`): an attribute per
//! field, named as in the JSON and documented with the model's doc, plus the unknown fields
//! through `__getattr__`, `to_dict`, `to_json`, `__eq__` and a bounded `__repr__`. What those
//! do is dg-py's (`bindings/dg-py/src/models/views.rs`); this writes only what differs per
//! model.

use dg_core::models::schema::{FieldSchema, ModelSchema};

use crate::reach::{doc, reachable};

/// The model a transcription returns; with the calls' answers and the live events' models
/// ([`dg_core::LiveEvent::EVENTS`]), the classes are these and every model they contain.
const LISTEN_ROOT: &str = "ListenResponse";

/// Attributes a class has beyond its model's fields (Rust source, inside `#[pymethods]`).
const EXTRAS: &[(&str, &str)] = &[
    (
        "ListenResponse",
        "    /// The transcript of the first channel's best alternative (`None` for a callback
    /// request's answer).
    #[getter]
    fn transcript(&self) -> Option<&str> {
        self.0.get().transcript()
    }
",
    ),
    (
        "CreatedKey",
        "    /// The key's secret (the same as `key`).
    #[getter]
    fn secret<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        views::field(py, &self.0, |v| &v.key)
    }
",
    ),
];

/// Python keywords and builtins' names a JSON field could collide with as an attribute.
const PY_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// The Python type of a view's attribute: the field's schema type in Python's words, `| None`
/// when the Rust field is an `Option` (a list or map the JSON lacks reads as empty).
fn py_type(f: &FieldSchema) -> String {
    let ty = python_type(&(f.ty)());
    match f.rust.starts_with("Option<") {
        true => format!("{ty} | None"),
        false => ty,
    }
}

/// A schema type (see [`dg_core::models::schema`]) as the views return it.
fn python_type(schema: &str) -> String {
    if let Some(item) = schema.strip_suffix("[]") {
        return format!("ViewList[{}]", python_type(item));
    }
    if let Some(value) = schema
        .strip_prefix("map<string, ")
        .and_then(|v| v.strip_suffix('>'))
    {
        return format!("dict[str, {}]", python_type(value));
    }
    let python = match schema {
        "string" => "str",
        "integer" => "int",
        "number" => "float",
        "boolean" => "bool",
        "any" => "Any",
        "secret" => "Secret",
        model => model,
    };
    python.to_owned()
}

/// The Python attribute of a field: its JSON name.
fn attribute(json: &str) -> &str {
    assert!(
        !PY_KEYWORDS.contains(&json) && json.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        "the JSON field `{json}` is not a Python attribute name"
    );
    json
}

fn class(out: &mut String, m: &ModelSchema) {
    let name = m.name;
    out.push('\n');
    doc(out, "", m.doc);
    out.push_str(&format!(
        "#[pyclass(frozen, module = \"dg._native\")]\n\
         pub(crate) struct {name}(Shared<m::{name}>);\n\n\
         #[pymethods]\nimpl {name} {{\n"
    ));
    for f in m.fields {
        doc(out, "    ", f.doc);
        let py = attribute(f.json);
        let getter = if py == f.name {
            "#[getter]".to_owned()
        } else {
            format!("#[getter]\n    #[pyo3(name = \"{py}\")]")
        };
        out.push_str(&format!(
            "    {getter}\n    \
             fn {0}<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {{\n        \
             views::field(py, &self.0, |v| &v.{0})\n    }}\n\n",
            f.name
        ));
    }
    if let Some((_, extra)) = EXTRAS.iter().find(|(model, _)| *model == name) {
        out.push_str(extra);
        out.push('\n');
    }
    let reprs: String = m
        .fields
        .iter()
        .map(|f| {
            format!(
                "            (\"{}\", v.{}.repr_value()),\n",
                attribute(f.json),
                f.name
            )
        })
        .collect();
    out.push_str(&format!(
        "    fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {{
        views::unknown_field(py, \"{name}\", &self.0.get().other, name)
    }}

    /// Every field as plain Python data (dicts, lists, ...), unknown ones included.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {{
        views::to_dict(py, *self.0.get())
    }}

    /// Every field as JSON text, unknown ones included.
    fn to_json(&self) -> PyResult<String> {{
        views::to_json(*self.0.get())
    }}

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {{
        other.cast::<Self>().is_ok_and(|o| *o.get().0.get() == *self.0.get())
    }}

    fn __repr__(&self) -> String {{
        let v = *self.0.get();
        views::repr(
            \"{name}\",
            &[
{reprs}            ],
        )
    }}
}}

impl ToPython for m::{name} {{
    fn to_python<'py>(py: Python<'py>, node: Shared<Self>) -> PyResult<Bound<'py, PyAny>> {{
        Ok(Bound::new(py, {name}(node))?.into_any())
    }}

    fn repr_value(&self) -> String {{
        \"{name}(…)\".to_owned()
    }}
}}
"
    ));
}

/// The roots and the live events' models.
fn roots() -> Vec<&'static str> {
    std::iter::once(LISTEN_ROOT)
        .chain(dg_core::calls::CALLS.iter().map(|c| c.answer))
        .chain(dg_core::LiveEvent::EVENTS.iter().map(|e| e.model))
        .collect()
}

/// The source of `bindings/dg-py/src/generated/views.rs`.
pub fn views() -> String {
    let models = reachable(&roots());
    let mut out = String::from(
        "// @generated by `cargo run -p dg-gen` from dg-core's answer models: do not edit.\n\n\
         use dg_core::models as m;\n\
         use pyo3::prelude::*;\n\n\
         use crate::models::views;\n\
         use crate::models::{Shared, ToPython};\n",
    );
    for m in &models {
        class(&mut out, m);
    }
    out.push_str(
        "\n/// Adds every view class to the module.\n\
         pub(crate) fn add_classes(module: &Bound<'_, PyModule>) -> PyResult<()> {\n",
    );
    for m in &models {
        out.push_str(&format!("    module.add_class::<{}>()?;\n", m.name));
    }
    out.push_str(
        "    Ok(())\n}\n\n\
         /// The attributes of every view class and their Python types, for the stub generator\n\
         /// (`python/scripts/stubs.py`): `[(class, [(attribute, type), ...]), ...]`.\n\
         #[pyfunction]\n\
         pub(crate) fn view_fields() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {\n    \
         vec![\n",
    );
    for m in &models {
        out.push_str(&format!(
            "        (\n            \"{}\",\n            vec![\n",
            m.name
        ));
        for f in m.fields {
            out.push_str(&format!(
                "                (\"{}\", \"{}\"),\n",
                attribute(f.json),
                py_type(f)
            ));
        }
        out.push_str("            ],\n        ),\n");
    }
    out.push_str("    ]\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extra_names_a_generated_class() {
        let models = reachable(&roots());
        for (name, _) in EXTRAS {
            assert!(models.iter().any(|m| m.name == *name), "{name}");
        }
    }

    #[test]
    fn stub_types_follow_the_rust_types() {
        let fields = |model: &str| {
            let m = reachable(&roots())
                .into_iter()
                .find(|m| m.name == model)
                .unwrap();
            m.fields
                .iter()
                .map(|f| (f.json, py_type(f)))
                .collect::<Vec<_>>()
        };
        // A model field the JSON may lack reads as an empty model, a string as `None`.
        let response = fields("ListenResponse");
        assert_eq!(response[0], ("metadata", "ListenMetadata".to_owned()));
        assert_eq!(response[2], ("request_id", "str | None".to_owned()));
        let metadata = fields("ListenMetadata");
        let of = |name: &str| {
            metadata
                .iter()
                .find(|(json, _)| *json == name)
                .unwrap()
                .1
                .clone()
        };
        assert_eq!(of("model_info"), "dict[str, ModelInfo]");
        assert_eq!(of("models"), "ViewList[str]");
        assert_eq!(of("duration"), "float | None");
    }

    #[test]
    #[should_panic(expected = "not a Python attribute name")]
    fn a_keyword_field_is_refused() {
        attribute("from");
    }
}
