//! Live streaming: `client.listen.live(**options)` (`/v1/listen`) and
//! `client.listen.flux(**options)` (Flux) open dg-core's `LiveSession`, shown as Python expects
//! it and nothing more: the buffer, keep-alive, parsing and closing are the core's.
//!
//! - `LiveSession` (from `Client`): `with ... as session:`, `session.send(chunk)` (blocks,
//!   releasing the GIL, while the core's send buffer is full) or `session.stream(audio,
//!   speed=1.0)` (the core's `send_source`, paced), `for event in session:`.
//! - `AsyncLiveSession` (from `AsyncClient`): `async with ... as session:` (which opens it; so
//!   does `await`), `await session.send(chunk)`, `async for event in session:`.
//!
//! `close()` sends `CloseStream` after the audio already given and returns; iterating then
//! yields the remaining events and ends when the server closes. Leaving the `with` block (or
//! `abort()`) closes the socket at once. Events are the core's models as views; a message dg
//! does not know, and a reconnection, are plain dicts.

use std::sync::{Arc, Mutex};
use std::task::Poll;

use bytes::Bytes;
use dg_core::live::{LiveRequest, Pace, SharedSession, send_source};
use dg_core::options::Spelling;
use dg_core::{FluxConfigure, LiveConfig, LiveEvent, LiveSettings};
use pyo3::exceptions::{PyRuntimeError, PyStopAsyncIteration, PyStopIteration};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::errors::to_pyerr;
use crate::models::Answer;
use crate::runtime::{Failure, Mode, lock, ready, run};
use crate::source;

/// A session object's state: what to open (until opened), then the stream.
#[derive(Default)]
struct Slot {
    pending: Option<(dg_core::Client, LiveRequest, LiveConfig)>,
    stream: Option<SharedSession>,
}

type SharedSlot = Arc<Mutex<Slot>>;

/// Opens the stream `slot` waits for.
async fn open_slot(slot: SharedSlot) -> Result<(), Failure> {
    let (client, request, config) = lock(&slot)
        .pending
        .take()
        .ok_or_else(|| Failure::Python(PyRuntimeError::new_err("the session is already open")))?;
    let session = client.open_stream(&request, config).await?;
    lock(&slot).stream = Some(session.into());
    Ok(())
}

fn opened(slot: &SharedSlot) -> PyResult<SharedSession> {
    lock(slot).stream.clone().ok_or_else(|| {
        PyRuntimeError::new_err(
            "the session is not open: use `async with client.listen.live(...)` or await it",
        )
    })
}

/// The next event as `mode` returns results, or `end` (the iteration's stop) once the stream
/// has ended normally: at once when it is already known, else by waiting on the runtime.
fn next<'py>(
    py: Python<'py>,
    slot: &SharedSlot,
    mode: Mode,
    end: fn() -> PyErr,
) -> PyResult<Bound<'py, PyAny>> {
    let stream = opened(slot)?;
    match stream.try_next_event() {
        Poll::Ready(Some(Ok(event))) => ready(mode, Event(event).into_pyobject(py)?),
        Poll::Ready(Some(Err(error))) => Err(to_pyerr(py, error)),
        Poll::Ready(None) => Err(end()),
        Poll::Pending => run(py, mode, next_event(stream, end)),
    }
}

/// The next event, or `end` (the iteration's stop) once the stream has ended normally.
async fn next_event(stream: SharedSession, end: fn() -> PyErr) -> Result<Event, Failure> {
    match stream.next_event().await {
        Some(Ok(event)) => Ok(Event(event)),
        Some(Err(error)) => Err(error.into()),
        None => Err(Failure::Python(end())),
    }
}

/// An event on its way to Python: the view of its model.
struct Event(LiveEvent);

impl<'py> IntoPyObject<'py> for Event {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        event(py, self.0)
    }
}

include!("generated/events.rs");

/// A message dg does not know, a reconnection, or a kind newer than this binding: its JSON.
fn json<'py>(py: Python<'py>, event: &LiveEvent) -> PyResult<Bound<'py, PyAny>> {
    let json: serde_json::Value = serde_json::from_str(&event.to_json())
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    Ok(pythonize::pythonize(py, &json)?)
}

macro_rules! session_class {
    (
        $(#[$doc:meta])*
        $class:ident, $mode:expr,
        { $($iteration:tt)* }
    ) => {
        $(#[$doc])*
        #[pyclass(frozen, module = "dg._native")]
        pub(crate) struct $class(SharedSlot);

        #[pymethods]
        impl $class {
            /// The stream's request id (`dg-request-id` of the upgrade).
            #[getter]
            fn request_id(&self) -> PyResult<Option<String>> {
                Ok(opened(&self.0)?.request_id().map(str::to_owned))
            }

            /// Sends a chunk of audio (`bytes`, `bytearray`); waits while the send buffer is
            /// full. An empty chunk is skipped.
            fn send<'py>(&self, py: Python<'py>, audio: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
                let audio: Bytes = audio.extract()?;
                let sender = opened(&self.0)?.sender().clone();
                // Most sends find room in the buffer: those are done here and now.
                match sender.try_send(audio).map_err(|e| to_pyerr(py, e))? {
                    None => ready($mode, py.None().into_bound(py)),
                    Some(audio) => {
                        run(py, $mode, async move { Ok::<_, Failure>(sender.send(audio).await?) })
                    }
                }
            }

            /// Streams `audio` (a path, bytes, a binary file object or an iterable of bytes, as
            /// `transcribe_file` takes it) at `speed` times real time, or as fast as the server
            /// takes it (`speed=None`); the bytes sent. The stream stays open.
            #[pyo3(signature = (audio, *, speed=None))]
            fn stream<'py>(&self, py: Python<'py>, audio: &Bound<'py, PyAny>, speed: Option<f64>) -> PyResult<Bound<'py, PyAny>> {
                let stream = opened(&self.0)?;
                let source::Audio { source, failure } = source::audio(audio, None)?;
                let pace = speed.map_or(Pace::Max, Pace::Speed);
                run(py, $mode, async move {
                    failure.result(send_source(stream.sender(), source, stream.format().clone(), pace).await)
                })
            }

            /// Asks for the results of all audio so far (`Finalize`; not on Flux).
            fn finalize<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                let sender = opened(&self.0)?.sender().clone();
                run(py, $mode, async move { Ok::<_, Failure>(sender.finalize().await?) })
            }

            /// Changes a Flux stream's settings (`eot_threshold`, `eager_eot_threshold`,
            /// `eot_timeout_ms`, `keyterms`, `language_hints`), checked before sending.
            #[pyo3(signature = (**settings))]
            fn configure<'py>(&self, py: Python<'py>, settings: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
                let value = match settings {
                    Some(settings) => pythonize::depythonize(settings.as_any())?,
                    None => serde_json::Value::Object(Default::default()),
                };
                let configure = FluxConfigure::from_value(value, Spelling::Snake)
                    .map_err(|e| to_pyerr(py, e))?;
                let sender = opened(&self.0)?.sender().clone();
                run(py, $mode, async move { Ok::<_, Failure>(sender.configure(&configure).await?) })
            }

            /// Sends `CloseStream` after the audio already given; keep iterating for the
            /// remaining events.
            fn close<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                let sender = opened(&self.0)?.sender().clone();
                run(py, $mode, async move { Ok::<_, Failure>(sender.close().await?) })
            }

            /// Closes the socket at once, without waiting for results.
            fn abort(&self) {
                if let Some(stream) = &lock(&self.0).stream {
                    stream.sender().abort();
                }
            }

            fn __repr__(&self) -> String {
                match &lock(&self.0).stream {
                    Some(s) => format!("{}(request_id={:?})", stringify!($class), s.request_id().unwrap_or("")),
                    None => format!("{}(not open)", stringify!($class)),
                }
            }

            $($iteration)*
        }
    };
}

session_class! {
    /// A live stream for blocking code (from `Client.listen`).
    LiveSession, Mode::Blocking,
    {
        fn __iter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
            slf
        }

        fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            next(py, &self.0, Mode::Blocking, || PyStopIteration::new_err(()))
        }

        fn __enter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
            slf
        }

        #[pyo3(signature = (*_exc_info))]
        fn __exit__(&self, _exc_info: &Bound<'_, PyTuple>) {
            self.abort();
        }
    }
}

session_class! {
    /// A live stream for asyncio (from `AsyncClient.listen`): opened by `async with` or
    /// `await`.
    AsyncLiveSession, Mode::Async,
    {
        fn __aiter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
            slf
        }

        fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            next(py, &self.0, Mode::Async, || PyStopAsyncIteration::new_err(()))
        }

        fn __await__<'py>(slf: Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
            Self::__aenter__(slf)?.call_method0("__await__")
        }

        fn __aenter__(slf: Bound<'_, Self>) -> PyResult<Bound<'_, PyAny>> {
            let py = slf.py();
            let slot = Arc::clone(&slf.get().0);
            let session = slf.unbind();
            run(py, Mode::Async, async move {
                open_slot(slot).await?;
                Ok::<_, Failure>(session)
            })
        }

        #[pyo3(signature = (*_exc_info))]
        fn __aexit__<'py>(&self, py: Python<'py>, _exc_info: &Bound<'py, PyTuple>) -> PyResult<Bound<'py, PyAny>> {
            self.abort();
            run(py, Mode::Async, async { Ok::<_, Failure>(()) })
        }
    }
}

/// Opens the stream `request` names, as `mode` says: before returning (`Client`), or when
/// `async with` or `await` gets to it (`AsyncClient`). `settings` are the session's
/// (`dg.LiveSettings`), read by the core.
pub(crate) fn open<'py>(
    py: Python<'py>,
    client: &dg_core::Client,
    request: LiveRequest,
    settings: Option<&Bound<'py, PyAny>>,
    mode: Mode,
) -> PyResult<Bound<'py, PyAny>> {
    let settings = settings.filter(|s| !s.is_none());
    let value = settings.map(pythonize::depythonize).transpose()?;
    let config = LiveSettings::config_from(value, Spelling::Snake).map_err(|e| to_pyerr(py, e))?;
    let slot = Arc::new(Mutex::new(Slot {
        pending: Some((client.clone(), request, config)),
        stream: None,
    }));
    match mode {
        Mode::Blocking => run(py, mode, async move {
            open_slot(Arc::clone(&slot)).await?;
            Ok::<_, Failure>(LiveSession(slot))
        }),
        Mode::Async => Ok(Bound::new(py, AsyncLiveSession(slot))?.into_any()),
    }
}
