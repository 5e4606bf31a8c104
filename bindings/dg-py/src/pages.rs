//! `client.usage.requests(project_id, **filters)`: every request a project made, as an
//! iterator (`Client`) or an async iterator (`AsyncClient`) over the core's `RequestPages`,
//! which fetches one page at a time as items are read and decides where the listing ends.
//! The filters are `usage.list_requests`'s, read by the core (`limit` is the page size).

use std::sync::Arc;

use dg_core::client::RequestPages;
use dg_core::options::Spelling;
use dg_core::options::schema::{Fields, read_spelled};
use pyo3::exceptions::{PyStopAsyncIteration, PyStopIteration};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use tokio::sync::Mutex;

use crate::client::Handle;
use crate::errors::to_pyerr;
use crate::generated::calls::{AsyncUsage, Usage};
use crate::models::Answer;
use crate::runtime::{Failure, Mode, run};

type Shared = Arc<Mutex<RequestPages>>;

/// The pages `filters` select, read by the core before anything is sent.
fn pages(
    py: Python<'_>,
    handle: &Handle,
    project_id: &str,
    filters: Option<&Bound<'_, PyDict>>,
) -> PyResult<Shared> {
    let value = match filters {
        Some(filters) => pythonize::depythonize(filters.as_any())?,
        None => serde_json::Value::Object(Default::default()),
    };
    let names = dg_core::RequestsOptions::FIELDS;
    let options = read_spelled(value, names, Spelling::Snake, Fields::Request)
        .map_err(|e| to_pyerr(py, e))?;
    Ok(Arc::new(Mutex::new(
        handle.client()?.requests(project_id, options),
    )))
}

/// The next request, or `end` (the iteration's stop) after the last.
fn next<'py>(
    py: Python<'py>,
    pages: &Shared,
    mode: Mode,
    end: fn() -> PyErr,
) -> PyResult<Bound<'py, PyAny>> {
    let pages = Arc::clone(pages);
    run(py, mode, async move {
        match pages.lock().await.next().await? {
            Some(request) => Ok(Answer(request)),
            None => Err(Failure::Python(end())),
        }
    })
}

/// Every request a project made that the filters select, newest first (from `Client`).
#[pyclass(frozen, module = "dg._native")]
pub(crate) struct RequestIterator(Shared);

#[pymethods]
impl RequestIterator {
    fn __iter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        next(py, &self.0, Mode::Blocking, || PyStopIteration::new_err(()))
    }
}

/// Every request a project made that the filters select, newest first (from `AsyncClient`).
#[pyclass(frozen, module = "dg._native")]
pub(crate) struct AsyncRequestIterator(Shared);

#[pymethods]
impl AsyncRequestIterator {
    fn __aiter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        next(py, &self.0, Mode::Async, || {
            PyStopAsyncIteration::new_err(())
        })
    }
}

#[pymethods]
impl Usage {
    /// Every request a project made that `filters` select (`usage.list_requests`'s), fetched a
    /// page at a time as it is iterated.
    #[pyo3(signature = (project_id, **filters))]
    fn requests(
        &self,
        py: Python<'_>,
        project_id: &str,
        filters: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<RequestIterator> {
        Ok(RequestIterator(pages(py, &self.0, project_id, filters)?))
    }
}

#[pymethods]
impl AsyncUsage {
    /// Every request a project made that `filters` select, as an async iterator.
    #[pyo3(signature = (project_id, **filters))]
    fn requests(
        &self,
        py: Python<'_>,
        project_id: &str,
        filters: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<AsyncRequestIterator> {
        Ok(AsyncRequestIterator(pages(
            py, &self.0, project_id, filters,
        )?))
    }
}
