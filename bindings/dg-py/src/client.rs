//! `Client` and `AsyncClient`: settings, transcription, closing. Both are made by one macro, so
//! they cannot drift: each method converts its arguments, calls the core, and returns the
//! answer (blocking) or an awaitable of it (async). Their namespaces (`keys`, `projects`,
//! `auth`) and those calls are generated from the core's call table (`generated/calls.rs`);
//! `listen` (live streaming) is [`crate::live`].

use std::sync::{Arc, RwLock};

use dg_core::options::schema::Fields;
use dg_core::settings::SETTING_NAMES;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::errors::to_pyerr;
use crate::generated::calls::{AsyncAuth, AsyncKeys, AsyncProjects, Auth, Keys, Projects};
use crate::live::{AsyncListen, Listen};
use crate::models::Answer;
use crate::options::{listen_options, read_args};
use crate::runtime::{Failure, Mode, run, runtime};
use crate::source;

/// The core client that a Python client and its namespaces share; `None` once closed.
#[derive(Clone)]
pub(crate) struct Handle(Arc<RwLock<Option<dg_core::Client>>>);

impl Handle {
    pub(crate) fn client(&self) -> PyResult<dg_core::Client> {
        let guard = self.0.read().unwrap_or_else(|p| p.into_inner());
        guard
            .clone()
            .ok_or_else(|| PyRuntimeError::new_err("the client is closed"))
    }

    fn close(&self) {
        self.0.write().unwrap_or_else(|p| p.into_inner()).take();
    }

    /// `Client(api_key=..., base_url=..., ...)`: the keyword arguments are dg-core's
    /// `Settings` (names, types, defaults and the credential rule are all the core's);
    /// `None` means unset.
    fn connect(py: Python<'_>, settings: dg_core::Settings) -> PyResult<Handle> {
        let (major, minor) = (py.version_info().major, py.version_info().minor);
        let suffix = format!("python/{major}.{minor} dg-py/{}", env!("CARGO_PKG_VERSION"));
        let config = settings
            .into_config(Some(suffix))
            .map_err(|e| to_pyerr(py, e))?;
        // The HTTP client is made inside the runtime that will drive its connections.
        let _entered = runtime().enter();
        let client = dg_core::Client::with_config(config).map_err(|e| to_pyerr(py, e))?;
        Ok(Handle(Arc::new(RwLock::new(Some(client)))))
    }

    /// What a client's repr shows: where it points and how it authenticates, never with what.
    fn describe(&self, class: &str) -> String {
        match &*self.0.read().unwrap_or_else(|p| p.into_inner()) {
            Some(client) => {
                let config = client.config();
                let auth = match config.credentials {
                    dg_core::Credentials::ApiKey(_) => "api_key",
                    dg_core::Credentials::AccessToken(_) => "access_token",
                };
                format!("{class}(base_url='{}', auth={auth})", config.base_url)
            }
            None => format!("{class}(closed)"),
        }
    }
}

macro_rules! client_classes {
    (
        $(#[$doc:meta])*
        $client:ident, $keys:ident, $projects:ident, $auth:ident, $listen:ident, $mode:expr,
        { $($context_manager:tt)* }
    ) => {
        $(#[$doc])*
        #[pyclass(frozen, module = "dg._native")]
        pub(crate) struct $client {
            handle: Handle,
            /// API keys: `create`, `list`, `get`, `delete`.
            #[pyo3(get)]
            keys: Py<$keys>,
            /// Projects: `list`.
            #[pyo3(get)]
            projects: Py<$projects>,
            /// Temporary tokens: `grant_token`.
            #[pyo3(get)]
            auth: Py<$auth>,
            /// Live streaming: `live`, `flux`.
            #[pyo3(get)]
            listen: Py<$listen>,
        }

        #[pymethods]
        impl $client {
            #[new]
            #[pyo3(signature = (
                api_key=None, *, access_token=None, base_url=None, timeout_ms=None,
                connect_timeout_ms=None, retries=None
            ))]
            // One argument per setting of dg-core's `Settings`, as Python callers name them.
            #[allow(clippy::too_many_arguments)]
            fn new(
                py: Python<'_>,
                api_key: Option<Bound<'_, PyAny>>,
                access_token: Option<Bound<'_, PyAny>>,
                base_url: Option<Bound<'_, PyAny>>,
                timeout_ms: Option<Bound<'_, PyAny>>,
                connect_timeout_ms: Option<Bound<'_, PyAny>>,
                retries: Option<Bound<'_, PyAny>>,
            ) -> PyResult<Self> {
                let settings: dg_core::Settings = read_args(
                    py,
                    &[
                        ("api_key", api_key.as_ref()),
                        ("access_token", access_token.as_ref()),
                        ("base_url", base_url.as_ref()),
                        ("timeout_ms", timeout_ms.as_ref()),
                        ("connect_timeout_ms", connect_timeout_ms.as_ref()),
                        ("retries", retries.as_ref()),
                    ],
                    SETTING_NAMES,
                    Fields::Settings,
                )?;
                let handle = Handle::connect(py, settings)?;
                Ok($client {
                    keys: Py::new(py, $keys(handle.clone()))?,
                    projects: Py::new(py, $projects(handle.clone()))?,
                    auth: Py::new(py, $auth(handle.clone()))?,
                    listen: Py::new(py, $listen(handle.clone()))?,
                    handle,
                })
            }

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
                let options = listen_options("transcribe_url", options)?;
                let client = self.handle.client()?;
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
                let options = listen_options("transcribe_file", options)?;
                let client = self.handle.client()?;
                let source::Audio { source, failure } = source::audio(audio, content_type)?;
                run(py, $mode, async move {
                    failure.result(client.transcribe(source, &options).await).map(Answer)
                })
            }

            /// Closes the client: later calls raise `RuntimeError`; calls in flight finish.
            fn close(&self) {
                self.handle.close();
            }

            fn __repr__(&self) -> String {
                self.handle.describe(stringify!($client))
            }

            $($context_manager)*
        }
    };
}

client_classes! {
    /// A Deepgram client whose calls block (releasing the GIL) until the answer is in.
    /// `Client(api_key=None, *, access_token=None, base_url=None, timeout_ms=None,
    /// connect_timeout_ms=None, retries=None)`; `with Client(...) as client:` closes it on exit.
    Client, Keys, Projects, Auth, Listen, Mode::Blocking,
    {
        fn __enter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
            slf
        }

        #[pyo3(signature = (*_exc_info))]
        fn __exit__(&self, _exc_info: &Bound<'_, PyTuple>) {
            self.handle.close();
        }
    }
}

client_classes! {
    /// A Deepgram client whose calls return asyncio awaitables (call them from a running event
    /// loop); cancelling one cancels its request. `async with AsyncClient(...) as client:`
    /// closes it on exit.
    AsyncClient, AsyncKeys, AsyncProjects, AsyncAuth, AsyncListen, Mode::Async,
    {
        fn __aenter__(slf: Bound<'_, Self>) -> PyResult<Bound<'_, PyAny>> {
            let py = slf.py();
            let client = slf.unbind();
            run(py, Mode::Async, async move { Ok::<_, Failure>(client) })
        }

        #[pyo3(signature = (*_exc_info))]
        fn __aexit__<'py>(&self, py: Python<'py>, _exc_info: &Bound<'py, PyTuple>) -> PyResult<Bound<'py, PyAny>> {
            self.handle.close();
            run(py, Mode::Async, async { Ok::<_, Failure>(()) })
        }
    }
}
