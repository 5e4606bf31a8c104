//! Keyword arguments into core request types. The core's serde definitions decide what each
//! argument may be and its checks decide what is valid (when the request is made, so nothing
//! is checked twice): this module only routes the values.

use dg_core::options::schema::{Fields, read_spelled};
use dg_core::options::{OPTION_NAMES, Spelling};
use dg_core::{CreateKeyRequest, ListenOptions};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors;

/// The options of a transcription, from the keyword arguments of `method`. An argument the
/// core has no option for is a `TypeError` naming it (as Python does for any function); the
/// core reads the rest (`ListenOptions::from_value`: a value of the wrong type is an
/// `InvalidOptionsError` naming the option) and checks them when the request is made
/// (`ListenOptions::query_pairs`), before anything is sent.
pub(crate) fn listen_options(
    method: &str,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<ListenOptions> {
    let Some(kwargs) = kwargs else {
        return Ok(ListenOptions::default());
    };
    let py = kwargs.py();
    let mut unknown = Vec::new();
    for key in kwargs.keys() {
        let name: String = key.extract()?;
        if !OPTION_NAMES.contains(&name.as_str()) {
            unknown.push(format!("'{name}'"));
        }
    }
    if !unknown.is_empty() {
        let plural = if unknown.len() == 1 { "" } else { "s" };
        return Err(PyTypeError::new_err(format!(
            "{method}() got unexpected keyword argument{plural} {} (the options are listed in dg.OPTION_NAMES)",
            unknown.join(", ")
        )));
    }
    let value: serde_json::Value = pythonize::depythonize(kwargs.as_any())
        .map_err(|e| errors::invalid_options(py, None, e.to_string()))?;
    ListenOptions::from_value(value, Spelling::Snake).map_err(|e| errors::to_pyerr(py, e))
}

/// A key request from `keys.create`'s arguments, read by the core
/// (`read_spelled`, which names the field at fault). Each argument is converted on its own:
/// building a dict first and converting that costs about a tenth of the whole call.
pub(crate) fn key_request(
    py: Python<'_>,
    fields: [(&str, Option<&Bound<'_, PyAny>>); 5],
) -> PyResult<CreateKeyRequest> {
    let mut map = serde_json::Map::with_capacity(fields.len());
    for (name, value) in fields {
        // In Python, `None` means "not set".
        let Some(value) = value.filter(|v| !v.is_none()) else {
            continue;
        };
        let value: serde_json::Value = pythonize::depythonize(value)
            .map_err(|e| errors::invalid_options(py, Some(name), format!("`{name}`: {e}")))?;
        map.insert(name.to_owned(), value);
    }
    read_spelled(
        serde_json::Value::Object(map),
        CreateKeyRequest::FIELDS,
        Spelling::Snake,
        Fields::Request,
    )
    .map_err(|e| errors::to_pyerr(py, e))
}
