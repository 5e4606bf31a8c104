//! How each type found in an answer reaches Python. (The stubs name these types from the core's
//! model schema: `python/scripts/stubs.py`.)

use std::collections::BTreeMap;

use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::{Map, Value};

use super::Shared;
use super::list::ViewList;
use crate::secret::Secret;

/// A type that appears in an answer.
pub(crate) trait ToPython: Sized + Send + Sync + 'static {
    /// `node` as a Python object. Views and lists keep `node` (and so the answer) alive;
    /// scalars are copied out.
    fn to_python<'py>(py: Python<'py>, node: Shared<Self>) -> PyResult<Bound<'py, PyAny>>;

    /// A short form for reprs, bounded whatever the size of the value.
    fn repr_value(&self) -> String;
}

/// Longest text shown by a repr before it is cut.
const REPR_TEXT: usize = 60;

/// A Python-style quoted string, cut to [`REPR_TEXT`] characters.
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars().take(REPR_TEXT) {
        match c {
            '\'' => out.push_str("\\'"),
            c => out.extend(c.escape_debug()),
        }
    }
    if text.chars().nth(REPR_TEXT).is_some() {
        out.push('…');
    }
    out.push('\'');
    out
}

/// A type copied out to Python: the value converted, and how a repr shows it.
macro_rules! scalar {
    ($($t:ty => |$v:ident| $value:expr, |$r:ident| $repr:expr;)*) => {$(
        impl ToPython for $t {
            fn to_python<'py>(py: Python<'py>, node: Shared<Self>) -> PyResult<Bound<'py, PyAny>> {
                let $v: &$t = node.get();
                $value.into_bound_py_any(py)
            }

            fn repr_value(&self) -> String {
                let $r = self;
                $repr
            }
        }
    )*};
}

scalar! {
    f64 => |v| v, |v| v.to_string();
    u32 => |v| v, |v| v.to_string();
    u64 => |v| v, |v| v.to_string();
    bool => |v| v, |v| if *v { "True" } else { "False" }.to_owned();
    String => |v| v.as_str(), |v| quoted(v);
    Box<str> => |v| &**v, |v| quoted(v);
}

impl<T: ToPython> ToPython for Option<T> {
    fn to_python<'py>(py: Python<'py>, node: Shared<Self>) -> PyResult<Bound<'py, PyAny>> {
        match node.try_map_project(|value, _| value.as_ref().ok_or(())) {
            Ok(inner) => T::to_python(py, inner),
            Err(()) => Ok(py.None().into_bound(py)),
        }
    }

    fn repr_value(&self) -> String {
        self.as_ref()
            .map_or_else(|| "None".to_owned(), T::repr_value)
    }
}

impl<T: ToPython> ToPython for Vec<T> {
    fn to_python<'py>(py: Python<'py>, node: Shared<Self>) -> PyResult<Bound<'py, PyAny>> {
        Ok(Bound::new(py, ViewList::new(node))?.into_any())
    }

    fn repr_value(&self) -> String {
        format!("[…{} items]", self.len())
    }
}

impl<T: ToPython> ToPython for BTreeMap<String, T> {
    fn to_python<'py>(py: Python<'py>, node: Shared<Self>) -> PyResult<Bound<'py, PyAny>> {
        let dict = PyDict::new(py);
        for key in node.get().keys() {
            let key = key.clone();
            let Ok(value) = node.try_map_project_cloned(|map, _| map.get(&key).ok_or(())) else {
                continue;
            };
            dict.set_item(&key, T::to_python(py, value)?)?;
        }
        Ok(dict.into_any())
    }

    fn repr_value(&self) -> String {
        format!("{{…{} items}}", self.len())
    }
}

impl ToPython for Value {
    fn to_python<'py>(py: Python<'py>, node: Shared<Self>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, node.get())?)
    }

    fn repr_value(&self) -> String {
        match self {
            Value::String(s) => quoted(s),
            Value::Array(_) | Value::Object(_) => "…".to_owned(),
            other => other.to_string(),
        }
    }
}

impl ToPython for Map<String, Value> {
    fn to_python<'py>(py: Python<'py>, node: Shared<Self>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, node.get())?)
    }

    fn repr_value(&self) -> String {
        format!("{{…{} items}}", self.len())
    }
}

impl ToPython for dg_core::Secret {
    fn to_python<'py>(py: Python<'py>, node: Shared<Self>) -> PyResult<Bound<'py, PyAny>> {
        Secret::from((*node.get()).clone()).into_bound_py_any(py)
    }

    fn repr_value(&self) -> String {
        format!("Secret('{self}')")
    }
}
