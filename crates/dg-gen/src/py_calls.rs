//! dg-py's client and group classes (`bindings/dg-py/src/generated/calls.rs`): `Client` and
//! `AsyncClient` themselves (their constructor, one keyword argument per setting of the core's
//! [`SETTING_NAMES`], and one attribute per namespace), for each group of [`GROUPS`] a class
//! for each client (`Keys`, `AsyncKeys`, ...), and for each call of [`CALLS`] its method,
//! written from the core's call table. A method reads its named arguments into the call's
//! request type through dg-py's `read_args` (the core's serde and wording), calls the core and
//! returns the answer's view (or a coroutine of it). The clients' other methods (transcription,
//! closing, context managers) are hand-written in `client.rs`, in a second `#[pymethods]`.

use dg_core::calls::{CALLS, CallSpec, GROUPS};
use dg_core::live::STREAMS;
use dg_core::settings::SETTING_NAMES;

use crate::reach::{doc, pascal as class_name, request_binding};

/// A method taking `call`'s arguments: its doc, signature and the start of its body (the
/// named arguments read into the call's request type); `returns` is its Rust return type.
fn head(
    out: &mut String,
    call: &CallSpec,
    name: &str,
    lines: &[&str],
    returns: &str,
) -> Vec<String> {
    let lines: Vec<String> = lines.iter().map(|l| format!(" {l}")).collect();
    doc(
        out,
        "    ",
        &lines.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let mut signature: Vec<String> = call.path.iter().map(|p| (*p).to_owned()).collect();
    if !call.args.is_empty() {
        if !call.path.is_empty() {
            signature.push("*".to_owned());
        }
        for a in call.args {
            signature.push(if a.required {
                a.name.to_owned()
            } else {
                format!("{}=None", a.name)
            });
        }
    }
    out.push_str(&format!(
        "    #[pyo3(signature = ({}))]\n",
        signature.join(", ")
    ));
    if call.path.len() + call.args.len() > 5 {
        out.push_str("    #[allow(clippy::too_many_arguments)]\n");
    }
    out.push_str(&format!(
        "    fn {name}<'py>(\n        &self,\n        py: Python<'py>,\n"
    ));
    for p in call.path {
        out.push_str(&format!("        {p}: String,\n"));
    }
    for a in call.args {
        let ty = if a.required {
            "Bound<'py, PyAny>".to_owned()
        } else {
            "Option<Bound<'py, PyAny>>".to_owned()
        };
        out.push_str(&format!("        {}: {ty},\n", a.name));
    }
    out.push_str(&format!("    ) -> PyResult<{returns}> {{\n"));
    let mut call_args: Vec<String> = call.path.iter().map(|p| format!("&{p}")).collect();
    if let Some(request) = call.request {
        let given: Vec<String> = call
            .args
            .iter()
            .map(|a| {
                if a.required {
                    format!("(\"{0}\", Some(&{0}))", a.name)
                } else {
                    format!("(\"{0}\", {0}.as_ref())", a.name)
                }
            })
            .collect();
        let binding = request_binding(call, request, &mut call_args);
        out.push_str(&format!(
            "        let {binding} = read_args(\n            py,\n            &[{}],\n            \
             dg_core::{request}::FIELDS,\n            Fields::Request,\n        )?;\n",
            given.join(", ")
        ));
    }
    call_args
}

fn method(out: &mut String, call: &CallSpec, mode: &str) {
    let call_args = head(out, call, call.name, call.doc, "Bound<'py, PyAny>");
    let wrap = if call.list { "answers" } else { "Answer" };
    out.push_str(&format!(
        "        let client = self.0.clone();\n        \
         run(py, Mode::{mode}, async move {{\n            \
         Ok({wrap}(client.{}({}).await?))\n        }})\n    }}\n\n",
        call.method,
        call_args.join(", ")
    ));
    if let Some(paged) = call.paged {
        // The listing's items, one page after another: `Pages` (blocking) or `AsyncPages`.
        let pages = if mode == "Async" {
            "AsyncPages"
        } else {
            "Pages"
        };
        let call_args = head(out, call, paged.name, paged.doc, pages);
        out.push_str(&format!(
            "        Ok({pages}::new(self.0.{}({})))\n    }}\n\n",
            paged.name,
            call_args.join(", ").replace("&request", "request")
        ));
    }
}

/// The namespaces that are not management groups: `listen` (live streaming, `live.rs`).
const OTHER_NAMESPACES: &[(&str, &str)] = &[("listen", "Live streaming: `live`, `flux`.")];

/// Each client class: its prefix (`Async`), its mode and its doc.
const CLIENTS: &[(&str, &str, &[&str])] = &[
    (
        "",
        "Blocking",
        &[
            " A Deepgram client whose calls block (releasing the GIL) until the answer is in;",
            " `with Client(...) as client:` closes it on exit. The keyword arguments are dg-core's",
            " settings (`tests/schema/settings.json`); `api_key` may also be given by position.",
        ],
    ),
    (
        "Async",
        "Async",
        &[
            " A Deepgram client whose calls return asyncio awaitables (call them from a running",
            " event loop); cancelling one cancels its request. `async with AsyncClient(...) as",
            " client:` closes it on exit. Its arguments are `Client`'s.",
        ],
    ),
];

/// A client class: its struct (the core client, shared with its namespaces, and one attribute
/// per namespace) and its
/// constructor.
fn client(out: &mut String, prefix: &str, doc_lines: &[&str]) {
    let class = format!("{prefix}Client");
    let namespaces: Vec<(&str, &str)> = GROUPS
        .iter()
        .map(|g| (g.name, g.doc))
        .chain(OTHER_NAMESPACES.iter().copied())
        .collect();
    out.push('\n');
    doc(out, "", doc_lines);
    out.push_str(&format!(
        "#[pyclass(frozen, module = \"dg._native\")]\npub(crate) struct {class} {{\n    \
         pub(crate) client: dg_core::Client,\n"
    ));
    for (name, what) in &namespaces {
        out.push_str(&format!(
            "    /// {what}\n    #[pyo3(get)]\n    {name}: Py<{prefix}{}>,\n",
            class_name(name)
        ));
    }
    let signature: Vec<String> = SETTING_NAMES
        .iter()
        .enumerate()
        .map(|(i, n)| match i {
            1 => format!("*, {n}=None"),
            _ => format!("{n}=None"),
        })
        .collect();
    out.push_str(&format!(
        "}}\n\n#[pymethods]\nimpl {class} {{\n    #[new]\n    \
         #[pyo3(signature = ({}))]\n    #[allow(clippy::too_many_arguments)]\n    \
         fn new(\n        py: Python<'_>,\n",
        signature.join(", ")
    ));
    for name in SETTING_NAMES {
        out.push_str(&format!("        {name}: Option<Bound<'_, PyAny>>,\n"));
    }
    let given: Vec<String> = SETTING_NAMES
        .iter()
        .map(|n| format!("(\"{n}\", {n}.as_ref())"))
        .collect();
    out.push_str(&format!(
        "    ) -> PyResult<Self> {{\n        \
         let settings: dg_core::Settings =\n            \
         read_args(py, &[{}], SETTING_NAMES, Fields::Settings)?;\n        \
         let client = connect(py, settings)?;\n        Ok({class} {{\n",
        given.join(", ")
    ));
    for (name, _) in &namespaces {
        out.push_str(&format!(
            "            {name}: Py::new(py, {prefix}{}(client.clone()))?,\n",
            class_name(name)
        ));
    }
    out.push_str("            client,\n        })\n    }\n}\n");
}

/// The `listen` namespace of a client: a method per live stream of the core's [`STREAMS`],
/// each reading its options and opening the stream through dg-py's `open` (which opens it
/// before returning for `Client`, and leaves it to `async with` or `await` for `AsyncClient`).
fn listen(out: &mut String, prefix: &str, mode: &str) {
    let class = format!("{prefix}Listen");
    out.push_str(&format!(
        "\n/// Live streaming: `{}`.\n#[pyclass(frozen, module = \"dg._native\")]\n\
         pub(crate) struct {class}(pub(crate) dg_core::Client);\n\n#[pymethods]\nimpl {class} {{\n",
        STREAMS
            .iter()
            .map(|s| s.name)
            .collect::<Vec<_>>()
            .join("`, `")
    ));
    for stream in STREAMS {
        let lines: Vec<String> = stream.doc.iter().map(|l| format!(" {l}")).collect();
        doc(
            out,
            "    ",
            &lines.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        out.push_str(&format!(
            "    #[pyo3(signature = (*, settings=None, **options))]\n    \
             fn {name}<'py>(\n        &self,\n        py: Python<'py>,\n        \
             settings: Option<&Bound<'py, PyAny>>,\n        \
             options: Option<&Bound<'py, PyDict>>,\n    ) -> PyResult<Bound<'py, PyAny>> {{\n        \
             let options = read_options(\"{name}\", options)?;\n        \
             open(py, &self.0, LiveRequest::{request}(options), settings, Mode::{mode})\n    }}\n\n",
            name = stream.name,
            request = stream.request,
        ));
    }
    out.push_str(&format!(
        "    fn __repr__(&self) -> &'static str {{\n        \"<{class}>\"\n    }}\n}}\n"
    ));
}

/// The source of `bindings/dg-py/src/generated/calls.rs`.
pub fn calls() -> String {
    let mut out = String::from(
        "// @generated by `cargo run -p dg-gen` from dg-core's settings and call table: do not edit.\n\n\
         use dg_core::live::LiveRequest;\n\
         use dg_core::options::schema::Fields;\n\
         use dg_core::settings::SETTING_NAMES;\n\
         use pyo3::prelude::*;\n\
         use pyo3::types::PyDict;\n\n\
         use crate::client::connect;\n\
         use crate::live::open;\n\
         use crate::models::{Answer, answers};\n\
         use crate::options::{read_args, read_options};\n\
         use crate::pages::{AsyncPages, Pages};\n\
         use crate::runtime::{Mode, run};\n",
    );
    for (prefix, _, doc_lines) in CLIENTS {
        client(&mut out, prefix, doc_lines);
    }
    for (prefix, mode, _) in CLIENTS {
        for group in GROUPS {
            let class = format!("{prefix}{}", class_name(group.name));
            out.push('\n');
            doc(&mut out, "", &[&format!(" {}", group.doc)]);
            out.push_str(&format!(
                "#[pyclass(frozen, module = \"dg._native\")]\n\
                 pub(crate) struct {class}(pub(crate) dg_core::Client);\n\n\
                 #[pymethods]\nimpl {class} {{\n"
            ));
            for call in CALLS.iter().filter(|c| c.group == group.name) {
                method(&mut out, call, mode);
            }
            out.push_str(&format!(
                "    fn __repr__(&self) -> &'static str {{\n        \"<{class}>\"\n    }}\n}}\n"
            ));
        }
    }
    for (prefix, mode, _) in CLIENTS {
        listen(&mut out, prefix, mode);
    }
    out.push_str(
        "\n/// Adds every group class to the module.\n\
         pub(crate) fn add_classes(module: &Bound<'_, PyModule>) -> PyResult<()> {\n",
    );
    for (prefix, _, _) in CLIENTS {
        out.push_str(&format!("    module.add_class::<{prefix}Client>()?;\n"));
        for group in GROUPS {
            out.push_str(&format!(
                "    module.add_class::<{prefix}{}>()?;\n",
                class_name(group.name)
            ));
        }
        out.push_str(&format!("    module.add_class::<{prefix}Listen>()?;\n"));
    }
    out.push_str("    Ok(())\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names() {
        assert_eq!(class_name("keys"), "Keys");
        assert_eq!(class_name("member_scopes"), "MemberScopes");
    }

    #[test]
    fn every_call_has_a_method() {
        let text = calls();
        for call in CALLS {
            assert!(
                text.contains(&format!("fn {}<'py>(", call.name)),
                "{}",
                call.name
            );
            assert!(
                text.contains(&format!("client.{}(", call.method)),
                "{}",
                call.method
            );
        }
        for stream in STREAMS {
            assert_eq!(
                text.matches(&format!("fn {}<'py>(", stream.name)).count(),
                2,
                "{} on Listen and AsyncListen",
                stream.name
            );
        }
    }
}
