//! What every view class does. The classes themselves, one per answer model of dg-core, are
//! generated from the core's model schema (`generated/views.rs`, by `cargo run -p dg-gen`):
//! their attributes are the JSON's fields (unknown fields too, through `__getattr__`), and
//! `to_dict()` / `to_json()` give back everything the API sent.

use pyo3::exceptions::{PyAttributeError, PyValueError};
use pyo3::prelude::*;
use serde::Serialize;

use super::{Shared, ToPython, project};

/// A field of a view as a Python object.
pub(crate) fn field<'py, M: 'static, T: ToPython>(
    py: Python<'py>,
    node: &Shared<M>,
    get: for<'a> fn(&'a M) -> &'a T,
) -> PyResult<Bound<'py, PyAny>> {
    T::to_python(py, project(node, get))
}

/// A field the model has no name for (kept in the core's `other` map).
pub(crate) fn unknown_field<'py>(
    py: Python<'py>,
    class: &str,
    other: &serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> PyResult<Bound<'py, PyAny>> {
    match other.get(name) {
        Some(value) => Ok(pythonize::pythonize(py, value)?),
        None => Err(PyAttributeError::new_err(format!(
            "'{class}' object has no attribute '{name}'"
        ))),
    }
}

/// The model as plain Python data, exactly the JSON it came from.
pub(crate) fn to_dict<'py>(py: Python<'py>, model: &impl Serialize) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, model)?)
}

/// The model as JSON text, exactly the JSON it came from.
pub(crate) fn to_json(model: &impl Serialize) -> PyResult<String> {
    serde_json::to_string(model).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// `Class(field=value, ...)`, each value already bounded by [`ToPython::repr_value`].
pub(crate) fn repr(class: &str, fields: &[(&str, String)]) -> String {
    let fields: Vec<String> = fields.iter().map(|(n, v)| format!("{n}={v}")).collect();
    format!("{class}({})", fields.join(", "))
}
