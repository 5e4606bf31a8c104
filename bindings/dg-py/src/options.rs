//! Keyword arguments into core request types. The core's serde definitions decide what each
//! argument may be and its checks decide what is valid (when the request is made, so nothing
//! is checked twice): this module only routes the values.

use dg_core::ListenOptions;
use dg_core::options::{OPTION_NAMES, Spelling};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::de::DeserializeOwned;

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

/// The arguments that are not `None`: in Python, `None` means "not set".
pub(crate) fn set_fields<'py>(fields: &Bound<'py, PyDict>) -> PyResult<Bound<'py, PyDict>> {
    let set = PyDict::new(fields.py());
    for (key, value) in fields.iter() {
        if !value.is_none() {
            set.set_item(key, value)?;
        }
    }
    Ok(set)
}

/// Deserializes a core type from a dict with the core's serde rules, naming the field at
/// fault when a value has the wrong type. The values go through JSON values first, which keep
/// Python's types exactly (deserializing from Python objects directly would take any truthy
/// value, even the string "false", for `True`).
pub(crate) fn from_fields<T: DeserializeOwned>(fields: &Bound<'_, PyDict>) -> PyResult<T> {
    let py = fields.py();
    let value: serde_json::Value = pythonize::depythonize(fields.as_any())
        .map_err(|e| errors::invalid_options(py, None, e.to_string()))?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let field = e.path().iter().next().map(|s| s.to_string());
        let message = match e.path().to_string() {
            path if path == "." => e.inner().to_string(),
            path => format!("`{path}`: {}", e.inner()),
        };
        errors::invalid_options(py, field.as_deref(), message)
    })
}
