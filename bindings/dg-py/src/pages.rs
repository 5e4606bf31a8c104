//! A listing read a page at a time (`client.usage.requests(project_id, **filters)`, generated
//! from the core's call table with the listing call's arguments): an iterator (`Pages`, from
//! `Client`) or an async iterator (`AsyncPages`, from `AsyncClient`) over the core's pages,
//! which fetch one page at a time as items are read and decide where the listing ends.

use std::sync::Arc;

use dg_core::client::RequestPages;
use pyo3::exceptions::{PyStopAsyncIteration, PyStopIteration};
use pyo3::prelude::*;
use tokio::sync::Mutex;

use crate::models::Answer;
use crate::runtime::{Failure, Mode, run};

/// The next item as `mode` returns results, or `end` (the iteration's stop) after the last.
fn next<'py>(
    py: Python<'py>,
    pages: &Arc<Mutex<RequestPages>>,
    mode: Mode,
    end: fn() -> PyErr,
) -> PyResult<Bound<'py, PyAny>> {
    let pages = Arc::clone(pages);
    run(py, mode, async move {
        match pages.lock().await.next().await? {
            Some(item) => Ok(Answer(item)),
            None => Err(Failure::Python(end())),
        }
    })
}

macro_rules! pages_class {
    ($(#[$doc:meta])* $class:ident, $mode:expr, $iter:ident, $next:ident, $stop:ty) => {
        $(#[$doc])*
        #[pyclass(frozen, module = "dg._native")]
        pub(crate) struct $class(Arc<Mutex<RequestPages>>);

        impl $class {
            pub(crate) fn new(pages: RequestPages) -> Self {
                Self(Arc::new(Mutex::new(pages)))
            }
        }

        #[pymethods]
        impl $class {
            fn $iter(slf: Bound<'_, Self>) -> Bound<'_, Self> {
                slf
            }

            fn $next<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                next(py, &self.0, $mode, || <$stop>::new_err(()))
            }
        }
    };
}

pages_class! {
    /// A listing's items, fetched a page at a time as they are read (from `Client`).
    Pages, Mode::Blocking, __iter__, __next__, PyStopIteration
}

pages_class! {
    /// A listing's items as an async iterator (from `AsyncClient`).
    AsyncPages, Mode::Async, __aiter__, __anext__, PyStopAsyncIteration
}
