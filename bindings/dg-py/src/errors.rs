//! Core errors as the exceptions of `dg/errors.py` (pure Python, so they pickle and read like
//! any other). The classes there are generated from the core's kind table
//! (`tests/schema/errors.json`, by `python/scripts/stubs.py`): the class is the kind's
//! `class_stem` + `Error`, and its fields are the core's [`dg_core::ErrorRecord`].

use dg_core::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

use crate::secret::Secret;

static ERRORS_MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// The exception for a core error. Its text is the error's `Display`, which never holds a
/// secret; a created key's unreadable answer stays reachable as a `Secret` in `raw`.
pub(crate) fn to_pyerr(py: Python<'_>, error: Error) -> PyErr {
    exception(py, &error).unwrap_or_else(|failed| failed)
}

fn exception(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let module = ERRORS_MODULE.get_or_try_init(py, || py.import("dg.errors").map(Bound::unbind))?;
    let kind = error.kind();
    let class = module
        .bind(py)
        .getattr(format!("{}Error", kind.class_stem()))?;
    let record = error.record();
    let fields = pythonize::pythonize(py, &record)?.cast_into::<PyDict>()?;
    // The kind is the class itself.
    fields.del_item("kind")?;
    // Python's own idiom on top of the record: `OSError.errno`, and the kept raw answer.
    if let Error::Io { source, .. } = error {
        fields.set_item("errno", source.raw_os_error())?;
    }
    if let Some(raw) = error.raw_answer() {
        fields.set_item("raw", Secret::from(raw.clone()))?;
    }
    Ok(PyErr::from_value(
        class.call((record.message,), Some(&fields))?,
    ))
}
