//! How a core future meets Python: blocked on with the GIL released (the `Client`), or run as
//! a task that an asyncio coroutine waits for (the `AsyncClient`). Both use one tokio runtime.
//!
//! Async calls never touch Python from a runtime thread. A task that set its asyncio future
//! from a foreign thread (as pyo3-async-runtimes does) can still be inside the interpreter
//! when the program's last `await` returns and Python shuts down, which crashed about one run
//! in eight of a short script. Here a finished task only stores its outcome in Rust and queues
//! its call id. One thread that Python itself started (`dg._aio`'s waker, a daemon stopped
//! and joined by an `atexit` hook before the interpreter finalizes) waits for ids with the GIL
//! released and wakes each call's event loop with `call_soon_threadsafe`; the loop's thread
//! converts the outcome. Nothing here is platform-specific: no socket, no `add_reader`, so the
//! Windows proactor loop works as well as the selector loops.

use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::Duration;

use pyo3::IntoPyObjectExt;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use crate::errors;

/// The tokio runtime every client shares.
pub(crate) fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .thread_name("dg-py-io")
            .enable_all()
            .build()
            .expect("the I/O runtime must start")
    })
}

/// Why a call failed, kept as Rust data until the GIL is held to make the exception.
pub(crate) enum Failure {
    /// dg-core's error.
    Core(dg_core::Error),
    /// The exception a Python object raised (a file object's `read`).
    Python(PyErr),
}

impl From<dg_core::Error> for Failure {
    fn from(error: dg_core::Error) -> Self {
        Failure::Core(error)
    }
}

impl Failure {
    fn into_pyerr(self, py: Python<'_>) -> PyErr {
        match self {
            Failure::Core(error) => errors::to_pyerr(py, error),
            Failure::Python(error) => error,
        }
    }
}

/// How often a blocking call looks for signals (Ctrl-C) while it waits.
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// Wakes every waiting blocking call each [`SIGNAL_CHECK`], so it can look for Ctrl-C. One
/// thread for the process rather than a timer per call: a tokio timer costs every call about
/// a thousand instructions (the timer wheel, clock reads), a `Notify` waiter a few dozen. The
/// thread never touches Python and does nothing when no call waits.
fn signal_tick() -> &'static tokio::sync::Notify {
    static TICK: OnceLock<tokio::sync::Notify> = OnceLock::new();
    TICK.get_or_init(|| {
        std::thread::Builder::new()
            .name("dg-py-signals".into())
            .spawn(|| {
                loop {
                    std::thread::sleep(SIGNAL_CHECK);
                    signal_tick().notify_waiters();
                }
            })
            .expect("the signal thread must start");
        tokio::sync::Notify::new()
    })
}

/// Which way a client's calls return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Wait for the answer, other Python threads running meanwhile.
    Blocking,
    /// Return a coroutine; cancelling the task that awaits it drops the request.
    Async,
}

/// Runs a call the way `mode` says: its result (blocking) or a coroutine of it (async).
pub(crate) fn run<'py, F, T>(py: Python<'py>, mode: Mode, call: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = Result<T, Failure>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    match mode {
        Mode::Blocking => {
            let mut call = pin!(call);
            loop {
                // The GIL is released while the request runs: other threads (and the helper
                // thread reading a Python file object for this very upload) keep running.
                let tick = signal_tick();
                let step = py.detach(|| {
                    runtime().block_on(async {
                        tokio::select! {
                            biased;
                            out = &mut call => Some(out),
                            () = tick.notified() => None,
                        }
                    })
                });
                match step {
                    Some(out) => return out.map_err(|f| f.into_pyerr(py))?.into_bound_py_any(py),
                    // Ctrl-C (or any signal handler that raises) stops the call: returning drops
                    // the future, and with it the request.
                    None => py.check_signals()?,
                }
            }
        }
        Mode::Async => coroutine(py, call),
    }
}

/// A result already known, returned the way `mode` returns results: the value itself
/// (blocking), or an awaitable that gives it at once without going through the runtime and the
/// waker (async), which costs a tenth of a call that has to wait.
pub(crate) fn ready<'py>(mode: Mode, value: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    match mode {
        Mode::Blocking => Ok(value),
        Mode::Async => Ok(Bound::new(value.py(), Ready(value.unbind()))?.into_any()),
    }
}

/// An awaitable whose result is already there: its `__await__` iterator stops at once with it.
#[pyclass(frozen, module = "dg._native")]
struct Ready(Py<PyAny>);

#[pymethods]
impl Ready {
    fn __await__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<()> {
        Err(pyo3::exceptions::PyStopIteration::new_err((self
            .0
            .clone_ref(py),)))
    }
}

static AWAIT_CALL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The coroutine `dg._aio.await_call(pending)`: it starts the call when first awaited, waits
/// until the waker says the call finished, then takes the outcome. Being a coroutine, it can be made
/// outside a running loop and handed to `asyncio.run` or `create_task`; cancelling it aborts
/// the task, which drops the call and with it the request.
fn coroutine<'py, F, T>(py: Python<'py>, call: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = Result<T, Failure>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    static NEXT_ID: AtomicU64 = AtomicU64::new(1);
    let erased: PendingFuture =
        Box::pin(async move { call.await.map(|out| Erased(Box::new(out))) });
    let pending = PendingCall {
        id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        call: Mutex::new(Some(erased)),
        task: Mutex::new(None),
        outcome: Arc::new(Mutex::new(None)),
    };
    let await_call = AWAIT_CALL.import(py, "dg._aio", "await_call")?;
    await_call.call1((pending,))
}

type PendingFuture = Pin<Box<dyn Future<Output = Result<Erased, Failure>> + Send>>;
type Outcome = Arc<Mutex<Option<Result<Erased, Failure>>>>;

/// `m`'s content, whether or not a thread panicked holding it (the content stays consistent).
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The ids of calls whose outcome is in, for the waker thread.
struct Finished {
    ids: Mutex<Vec<u64>>,
    ready: Condvar,
    stopped: AtomicBool,
}

static FINISHED: Finished = Finished {
    ids: Mutex::new(Vec::new()),
    ready: Condvar::new(),
    stopped: AtomicBool::new(false),
};

/// Blocks, with the GIL released, until some calls have finished; their ids, or `None` once
/// [`stop_waking`] was called (the waker thread then ends).
#[pyfunction]
pub(crate) fn wait_finished(py: Python<'_>) -> Option<Vec<u64>> {
    py.detach(|| {
        let mut ids = lock(&FINISHED.ids);
        loop {
            if FINISHED.stopped.load(Ordering::Acquire) {
                return None;
            }
            if !ids.is_empty() {
                return Some(std::mem::take(&mut *ids));
            }
            ids = FINISHED.ready.wait(ids).unwrap_or_else(|p| p.into_inner());
        }
    })
}

/// Ends [`wait_finished`] for good: called at interpreter exit, before finalization.
#[pyfunction]
pub(crate) fn stop_waking() {
    FINISHED.stopped.store(true, Ordering::Release);
    let _ids = lock(&FINISHED.ids);
    FINISHED.ready.notify_all();
}

/// One async call, driven by `dg._aio.await_call`.
#[pyclass(frozen, module = "dg._native")]
struct PendingCall {
    /// What the waker thread knows the call by.
    #[pyo3(get)]
    id: u64,
    /// The call, until started.
    call: Mutex<Option<PendingFuture>>,
    /// The running task, to abort it.
    task: Mutex<Option<tokio::task::AbortHandle>>,
    outcome: Outcome,
}

#[pymethods]
impl PendingCall {
    /// Starts the call on the runtime; its id is queued for the waker once it is done.
    fn start(&self) -> PyResult<()> {
        let call = lock(&self.call)
            .take()
            .ok_or_else(|| PyRuntimeError::new_err("this call was already awaited"))?;
        let outcome = Arc::clone(&self.outcome);
        let id = self.id;
        let task = runtime().spawn(async move {
            let out = call.await;
            *lock(&outcome) = Some(out);
            lock(&FINISHED.ids).push(id);
            FINISHED.ready.notify_one();
        });
        *lock(&self.task) = Some(task.abort_handle());
        Ok(())
    }

    /// The call's result (or exception), once the waker said it finished.
    fn result(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match lock(&self.outcome).take() {
            Some(Ok(out)) => out.0.into_python(py),
            Some(Err(failure)) => Err(failure.into_pyerr(py)),
            None => Err(PyRuntimeError::new_err("the call has not finished")),
        }
    }

    /// Stops the call if it still runs (its future, and so its request, is dropped).
    fn cancel(&self) {
        if let Some(task) = lock(&self.task).take() {
            task.abort();
        }
    }
}

impl Drop for PendingCall {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// A call's result of any type, turned into a Python object once the GIL is held.
struct Erased(Box<dyn IntoPython>);

trait IntoPython: Send {
    fn into_python(self: Box<Self>, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

impl<T: for<'a> IntoPyObject<'a> + Send> IntoPython for T {
    fn into_python(self: Box<Self>, py: Python<'_>) -> PyResult<Py<PyAny>> {
        (*self).into_py_any(py)
    }
}
