//! `dg.Secret`: a created key's secret or a granted token, redacted in every `repr` and `str`.

use pyo3::prelude::*;

/// A secret string (an API key's secret, a temporary token). `repr()` and `str()` show
/// `[redacted]`; `reveal()` returns the value. The value stays in Rust memory, zeroed when the
/// last reference goes.
#[pyclass(frozen, module = "dg._native")]
pub(crate) struct Secret(dg_core::Secret);

impl From<dg_core::Secret> for Secret {
    fn from(secret: dg_core::Secret) -> Self {
        Secret(secret)
    }
}

#[pymethods]
impl Secret {
    #[new]
    fn new(value: String) -> Self {
        Secret(dg_core::Secret::new(value))
    }

    /// The secret value itself.
    fn reveal(&self) -> &str {
        self.0.expose()
    }

    fn __repr__(&self) -> String {
        format!("Secret('{}')", self.0)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Secret>().is_ok_and(|o| o.get().0 == self.0)
    }

    /// Pickling keeps the value (a pickle is the caller's own data, like `reveal()`).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((
            slf.get_type().into_any(),
            (slf.get().0.expose().to_owned(),),
        ))
    }
}
