//! The `audio` argument of `transcribe_file` as a core [`Source`], never read whole into
//! memory: a path is streamed from disk by the core; `bytes` are shared with the core without
//! a copy; a real file object is handed to the core as an open file; any other
//! binary reader, or iterable of bytes, is read in chunks on a helper thread as the upload
//! consumes them.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use dg_core::source::{ByteStream, FILE_CHUNK};
use dg_core::{FileSource, Source};

use crate::runtime::{Failure, lock};
use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyIterator, PyMemoryView, PyString};

/// What to upload, and where the helper thread reading a Python object leaves the exception
/// that object raised.
pub(crate) struct Audio {
    pub(crate) source: Source,
    pub(crate) failure: PythonFailure,
}

/// The exception a Python `read()` or `next()` raised during an upload. The core only sees
/// "reading the audio stream failed"; the call raises the original exception instead.
#[derive(Clone, Default)]
pub(crate) struct PythonFailure(Arc<Mutex<Option<PyErr>>>);

impl PythonFailure {
    fn set(&self, err: PyErr) {
        lock(&self.0).get_or_insert(err);
    }

    /// The call's result, with the Python object's own exception in place of the core's error
    /// when reading that object is what failed.
    pub(crate) fn result<T>(&self, result: dg_core::Result<T>) -> Result<T, Failure> {
        result.map_err(|e| {
            lock(&self.0)
                .take()
                .map_or(Failure::Core(e), Failure::Python)
        })
    }
}

/// Turns the `audio` argument into a source.
pub(crate) fn audio(audio: &Bound<'_, PyAny>, content_type: Option<String>) -> PyResult<Audio> {
    let py = audio.py();
    let failure = PythonFailure::default();
    let bytes = |data: Bytes| Source::Bytes {
        data,
        content_type: content_type.clone(),
    };
    let file = |source: FileSource| {
        Source::File(match content_type.clone() {
            Some(t) => source.content_type(t),
            None => source,
        })
    };
    let source = if audio.is_instance_of::<PyBytes>() || audio.is_instance_of::<PyByteArray>() {
        bytes(audio.extract()?)
    } else if audio.is_instance_of::<PyMemoryView>() {
        bytes(audio.call_method0(intern!(py, "tobytes"))?.extract()?)
    } else if audio.is_instance_of::<PyString>() || audio.is_instance(&path_like(py)?)? {
        file(FileSource::path(audio.extract::<PathBuf>()?))
    } else if audio.hasattr(intern!(py, "read"))? {
        if audio.is_instance(&py.import("io")?.getattr("TextIOBase")?)? {
            return Err(PyTypeError::new_err(
                "audio is a text file: open it in binary mode ('rb')",
            ));
        }
        match from_descriptor(audio)? {
            Some(source) => file(source),
            None => Source::Stream {
                stream: pump(Chunks::Reader(audio.clone().unbind()), failure.clone()),
                len: None,
                content_type,
            },
        }
    } else if let Ok(iterator) = audio.try_iter() {
        Source::Stream {
            stream: pump(Chunks::Iterator(iterator.unbind()), failure.clone()),
            len: None,
            content_type,
        }
    } else {
        return Err(PyTypeError::new_err(format!(
            "audio must be a path, bytes, a binary file object or an iterable of bytes, not {}",
            audio.get_type().name()?
        )));
    };
    Ok(Audio { source, failure })
}

fn path_like(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    py.import("os")?.getattr("PathLike")
}

/// A file object backed by a regular file: handed to the core as an open file (a duplicate of
/// its descriptor) from its current position, which the core reads with positioned reads, so a
/// failed attempt can be retried and the object's own position is left alone. `None` for
/// objects without a descriptor (`BytesIO`) or with one that is not a regular file (a pipe),
/// which are read through Python instead.
#[cfg(unix)]
fn from_descriptor(file: &Bound<'_, PyAny>) -> PyResult<Option<FileSource>> {
    let py = file.py();
    let Ok(fd) = file
        .call_method0(intern!(py, "fileno"))
        .and_then(|n| n.extract())
    else {
        return Ok(None);
    };
    let name = file
        .getattr(intern!(py, "name"))
        .and_then(|n| n.extract::<PathBuf>())
        .unwrap_or_else(|_| PathBuf::from("<file object>"));
    // SAFETY: `fd` is the object's open descriptor, borrowed only while the core duplicates it.
    let fd = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
    match FileSource::duplicate(fd, name)? {
        Some(source) => {
            let position: u64 = file.call_method0(intern!(py, "tell"))?.extract()?;
            Ok(Some(source.offset(position)))
        }
        None => Ok(None),
    }
}

#[cfg(not(unix))]
fn from_descriptor(_file: &Bound<'_, PyAny>) -> PyResult<Option<FileSource>> {
    Ok(None)
}

/// A Python object that yields audio chunks.
enum Chunks {
    /// Anything with `read(size)` returning bytes (empty at the end).
    Reader(Py<PyAny>),
    /// An iterator of bytes.
    Iterator(Py<PyIterator>),
}

impl Chunks {
    /// The next chunk, `None` at the end.
    fn next(&self, py: Python<'_>) -> PyResult<Option<Bytes>> {
        let item = match self {
            Chunks::Reader(reader) => reader
                .bind(py)
                .call_method1(intern!(py, "read"), (FILE_CHUNK,))?,
            Chunks::Iterator(iterator) => match iterator.bind(py).clone().next() {
                Some(item) => item?,
                None => return Ok(None),
            },
        };
        let chunk: Bytes = if item.is_instance_of::<PyMemoryView>() {
            item.call_method0(intern!(py, "tobytes"))?.extract()?
        } else {
            item.extract().map_err(|_| {
                let kind = item
                    .get_type()
                    .name()
                    .map_or_else(|_| "?".to_owned(), |n| n.to_string());
                PyTypeError::new_err(format!("audio chunks must be bytes, got {kind}"))
            })?
        };
        match self {
            Chunks::Reader(_) if chunk.is_empty() => Ok(None),
            _ => Ok(Some(chunk)),
        }
    }
}

/// Reads `chunks` through the core's pump (a helper thread a few chunks ahead of the upload),
/// taking the GIL for each read only. A Python exception ends the upload and is kept in
/// `failure`, so the call raises it instead of the core's error.
fn pump(chunks: Chunks, failure: PythonFailure) -> ByteStream {
    let chunks = Held(Some(chunks));
    dg_core::source::pump(move || {
        Python::attach(|py| chunks.0.as_ref().map_or(Ok(None), |c| c.next(py))).map_err(|err| {
            let message = err.to_string();
            failure.set(err);
            std::io::Error::other(message)
        })
    })
}

/// The Python object being read, released with the GIL held as soon as the upload is done
/// with it (a plain drop from the pump thread would leave it to whenever pyo3 next runs).
struct Held(Option<Chunks>);

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(chunks) = self.0.take() {
            Python::attach(|_| drop(chunks));
        }
    }
}
