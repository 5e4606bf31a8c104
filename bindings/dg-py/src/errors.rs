//! Core errors as the exceptions of `dg/errors.py` (pure Python, so they pickle and read like
//! any other): one table from the kind of error to its class, and the fields each carries
//! (`request_sent` on the network and timeout classes is the core's `Error::request_sent`).

use dg_core::{Error, ErrorKind};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

use crate::secret::Secret;

static ERRORS_MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// The class of `dg.errors` that each error is raised as.
fn class_name(error: &Error) -> &'static str {
    match error {
        Error::KeyCreatedUndecodable { .. } => return "KeyCreatedUndecodableError",
        Error::Io { source, .. } => {
            return match source.kind() {
                std::io::ErrorKind::NotFound => "MissingFileError",
                std::io::ErrorKind::PermissionDenied => "FileAccessError",
                _ => "FileError",
            };
        }
        _ => {}
    }
    match error.kind() {
        ErrorKind::InvalidOptions => "InvalidOptionsError",
        ErrorKind::Auth => "AuthError",
        ErrorKind::PermissionDenied => "PermissionDeniedError",
        ErrorKind::NotFound => "NotFoundError",
        ErrorKind::RateLimited => "RateLimitError",
        ErrorKind::BadRequest => "BadRequestError",
        ErrorKind::PaymentRequired => "PaymentRequiredError",
        ErrorKind::Server => "ServerError",
        ErrorKind::Timeout => "TimeoutError",
        ErrorKind::Network => "NetworkError",
        ErrorKind::Io => "FileError",
        ErrorKind::Decode => "DecodeError",
        _ => "DeepgramError",
    }
}

/// The exception for a core error. Its text is the error's `Display`, which never holds a
/// secret; a created key's unreadable answer stays reachable as a `Secret` in `raw`.
pub(crate) fn to_pyerr(py: Python<'_>, error: Error) -> PyErr {
    exception(py, &error).unwrap_or_else(|failed| failed)
}

/// An [`Error::InvalidOptions`] for arguments the binding could not turn into core types.
pub(crate) fn invalid_options(py: Python<'_>, message: String) -> PyErr {
    to_pyerr(py, Error::InvalidOptions(message))
}

fn exception(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let module = ERRORS_MODULE.get_or_try_init(py, || py.import("dg.errors").map(Bound::unbind))?;
    let class = module.bind(py).getattr(class_name(error))?;
    let api = error.api_error();
    let fields = PyDict::new(py);
    fields.set_item(
        "message",
        api.map_or_else(|| error.to_string(), |a| a.message.clone()),
    )?;
    fields.set_item("status", error.status())?;
    fields.set_item("code", error.code())?;
    fields.set_item("request_id", error.request_id())?;
    fields.set_item("details", api.and_then(|a| a.details.as_deref()))?;
    match error {
        Error::RateLimited { retry_after, .. } => {
            fields.set_item("retry_after", retry_after.map(|d| d.as_secs_f64()))?;
        }
        Error::Io { path, source } => {
            fields.set_item("filename", path.as_os_str())?;
            fields.set_item("errno", source.raw_os_error())?;
        }
        Error::KeyCreatedUndecodable { raw, .. } => {
            fields.set_item("raw", Secret::from(raw.clone()))?;
        }
        _ => {}
    }
    if matches!(error.kind(), ErrorKind::Network | ErrorKind::Timeout) {
        fields.set_item("request_sent", error.request_sent())?;
    }
    Ok(PyErr::from_value(
        class.call((error.to_string(),), Some(&fields))?,
    ))
}
