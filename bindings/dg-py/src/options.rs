//! Keyword arguments into core request types. The core's serde definitions decide what each
//! argument may be and its checks decide what is valid (when the request is made, so nothing
//! is checked twice): this module only routes the values.

use dg_core::ListenOptions;
use dg_core::options::schema::{Fields, read_spelled};
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
        .map_err(|e| errors::to_pyerr(py, dg_core::Error::invalid(e.to_string())))?;
    ListenOptions::from_value(value, Spelling::Snake).map_err(|e| errors::to_pyerr(py, e))
}

/// A core request type read from a method's arguments by the core (`read_spelled`, which
/// names the argument at fault with the core's wording). Each argument is converted on its own:
/// building a dict first and converting that cost about a tenth of a key creation.
pub(crate) fn read_args<T: DeserializeOwned>(
    py: Python<'_>,
    args: &[(&str, Option<&Bound<'_, PyAny>>)],
    names: &[&str],
    fields: Fields,
) -> PyResult<T> {
    let mut map = serde_json::Map::with_capacity(args.len());
    for (name, value) in args {
        // In Python, `None` means "not set".
        let Some(value) = value.filter(|v| !v.is_none()) else {
            continue;
        };
        let value: serde_json::Value = pythonize::depythonize(value).map_err(|e| {
            errors::to_pyerr(py, fields.error(Some(name), format!("`{name}`: {e}")))
        })?;
        map.insert((*name).to_owned(), value);
    }
    read_spelled(
        serde_json::Value::Object(map),
        names,
        Spelling::Snake,
        fields,
    )
    .map_err(|e| errors::to_pyerr(py, e))
}
