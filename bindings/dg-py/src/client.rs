//! `Client` and `AsyncClient`: transcription and closing, by one macro for both, so they cannot
//! drift: each method converts its arguments, calls the core, and returns the answer
//! (blocking) or an awaitable of it (async). The classes themselves, their constructor (the
//! core's settings) and their namespaces (`keys`, `projects`, `auth`, and `listen`, live
//! streaming in [`crate::live`]) are generated from the core's tables (`generated/calls.rs`).

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::errors::to_pyerr;
use crate::generated::calls::{AsyncClient, Client};
use crate::models::Answer;
use crate::options::read_options;
use crate::runtime::{Failure, Mode, run, runtime};
use crate::source;

/// The core client behind `Client(api_key=..., base_url=..., ...)` and its namespaces (closing
/// one closes all): the keyword arguments are dg-core's `Settings` (names, types, defaults and
/// the credential rule are all the core's); `None` means unset.
pub(crate) fn connect(py: Python<'_>, settings: dg_core::Settings) -> PyResult<dg_core::Client> {
    let (major, minor) = (py.version_info().major, py.version_info().minor);
    let suffix = format!("python/{major}.{minor} dg-py/{}", env!("CARGO_PKG_VERSION"));
    let config = settings
        .into_config(Some(suffix))
        .map_err(|e| to_pyerr(py, e))?;
    // The HTTP client is made inside the runtime that will drive its connections.
    let _entered = runtime().enter();
    dg_core::Client::with_config(config).map_err(|e| to_pyerr(py, e))
}

macro_rules! client_methods {
    ($client:ident, $mode:expr, { $($context_manager:tt)* }) => {
        #[pymethods]
        impl $client {
            /// Transcribes audio that Deepgram fetches from `url`. Options are keyword
            /// arguments named as in the API (`model="nova-3"`, `smart_format=True`,
            /// `keyterm=["a", "b"]`), checked before anything is sent.
            #[pyo3(signature = (url, **options))]
            fn transcribe_url<'py>(
                &self,
                py: Python<'py>,
                url: String,
                options: Option<&Bound<'py, PyDict>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let options = read_options("transcribe_url", options)?;
                let client = self.client.clone();
                run(py, $mode, async move {
                    Ok(Answer(client.transcribe_url(&url, &options).await?))
                })
            }

            /// Transcribes local audio: a path, `bytes`, a binary file object or an iterable
            /// of bytes, streamed as it is sent (never read whole into memory).
            #[pyo3(signature = (audio, *, content_type=None, **options))]
            fn transcribe_file<'py>(
                &self,
                py: Python<'py>,
                audio: &Bound<'py, PyAny>,
                content_type: Option<String>,
                options: Option<&Bound<'py, PyDict>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let options = read_options("transcribe_file", options)?;
                let client = self.client.clone();
                let source::Audio { source, failure } = source::audio(audio, content_type)?;
                run(py, $mode, async move {
                    failure.result(client.transcribe(source, &options).await).map(Answer)
                })
            }

            /// Closes the client: later calls raise `ClosedError`; calls in flight finish.
            fn close(&self) {
                self.client.close();
            }

            fn __repr__(&self) -> String {
                format!("{}({})", stringify!($client), self.client.describe())
            }

            $($context_manager)*
        }
    };
}

client_methods! {
    Client, Mode::Blocking,
    {
        fn __enter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
            slf
        }

        #[pyo3(signature = (*_exc_info))]
        fn __exit__(&self, _exc_info: &Bound<'_, PyTuple>) {
            self.client.close();
        }
    }
}

client_methods! {
    AsyncClient, Mode::Async,
    {
        fn __aenter__(slf: Bound<'_, Self>) -> PyResult<Bound<'_, PyAny>> {
            let py = slf.py();
            let client = slf.unbind();
            run(py, Mode::Async, async move { Ok::<_, Failure>(client) })
        }

        #[pyo3(signature = (*_exc_info))]
        fn __aexit__<'py>(&self, py: Python<'py>, _exc_info: &Bound<'py, PyTuple>) -> PyResult<Bound<'py, PyAny>> {
            self.client.close();
            run(py, Mode::Async, async { Ok::<_, Failure>(()) })
        }
    }
}
