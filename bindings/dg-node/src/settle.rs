//! The Promise of a future run on napi's tokio runtime ([`promise`]), or polled on the JS thread
//! itself ([`local`]), settled on the JS thread through one threadsafe function per JS thread,
//! made on its first call and kept for the thread's life.
//!
//! napi-rs's `spawn_future_with_callback` makes (and, on the JS thread, destroys) a threadsafe
//! function for every call, and spawns a second tokio task to catch a panic: on a key creation
//! those were about a tenth of the JS thread's work (perf, `bench/run.sh` `keys`). Here a call
//! costs a Promise, one task and one message to the thread's function. The function keeps the
//! event loop alive only while some call is under way (Node would otherwise exit with its
//! Promise unsettled), as a per-call function did.

use std::cell::{Cell, RefCell};
use std::ffi::c_void;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::task::{Context, Poll, Wake, Waker};

use futures_util::FutureExt;
use napi::bindgen_prelude::{FromNapiValue, PromiseRaw, ToNapiValue};
use napi::{Env, Error, JsError, Result, check_status, sys};

/// Runs `work` and returns its Promise; `settle` turns its output into the Promise's value (or
/// its rejection) on the JS thread. A panic in `work` rejects the Promise.
pub fn promise<'env, T, F, S, V>(env: &'env Env, work: F, settle: S) -> Result<PromiseRaw<'env, V>>
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
    S: FnOnce(&'env Env, T) -> Result<V> + Send + 'static,
    V: ToNapiValue,
{
    let (channel, deferred, promise) = begin(env)?;
    napi::bindgen_prelude::spawn(async move {
        let outcome = AssertUnwindSafe(work).catch_unwind().await;
        let settle = settler(settle, outcome.map_err(|_| panicked()));
        channel.send(Job::Done(Done { deferred, settle }));
    });
    unsafe { PromiseRaw::from_napi_value(env.raw(), promise) }
}

/// Polls `work` on the JS thread and returns its Promise, settled as [`promise`] settles it
/// (at once when `work` is ready at its first poll). For futures that only wait for another
/// thread (an event from a stream's task): whoever wakes one posts its next poll to the JS
/// thread, so no runtime thread is woken to poll it, then again to pass its output on. `work`
/// must not need the runtime's context (no sockets or timers of its own).
pub fn local<'env, T, F, S, V>(env: &'env Env, work: F, settle: S) -> Result<PromiseRaw<'env, V>>
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
    S: FnOnce(&'env Env, T) -> Result<V> + Send + 'static,
    V: ToNapiValue,
{
    let (channel, deferred, promise) = begin(env)?;
    let mut work = Box::pin(work);
    let mut settle = Some((deferred, settle));
    let poll: PollFn = Box::new(move |raw, cx| {
        let outcome = match panic::catch_unwind(AssertUnwindSafe(|| work.as_mut().poll(cx))) {
            Ok(Poll::Pending) => return Poll::Pending,
            Ok(Poll::Ready(output)) => Ok(output),
            Err(_) => Err(panicked()),
        };
        let (deferred, settle) = settle
            .take()
            .expect("a finished future is not polled again");
        let settle = settler(settle, outcome);
        unsafe { Done { deferred, settle }.settle(raw) };
        Poll::Ready(())
    });
    let task = Arc::new(Local {
        channel,
        posted: AtomicBool::new(false),
        poll: Mutex::new(Some(poll)),
    });
    task.run(env.raw());
    unsafe { PromiseRaw::from_napi_value(env.raw(), promise) }
}

/// A call's Promise, counted as under way, and the channel that settles it.
fn begin(env: &Env) -> Result<(Arc<Channel>, Deferred, sys::napi_value)> {
    let channel = channel(env)?;
    let (mut deferred, mut promise) = (ptr::null_mut(), ptr::null_mut());
    check_status!(unsafe { sys::napi_create_promise(env.raw(), &mut deferred, &mut promise) })?;
    started(env, &channel)?;
    Ok((channel, Deferred(deferred), promise))
}

/// The rejection of a call whose future panicked.
fn panicked() -> Error {
    Error::from_reason("dg panicked: a bug in dg")
}

/// Makes the settled value on the JS thread.
type Settle = Box<dyn FnOnce(sys::napi_env) -> Result<sys::napi_value> + Send>;

/// What settles a call with `outcome`: `settle` turns its output into a JS value there.
fn settler<'env, T, S, V>(settle: S, outcome: Result<T>) -> Settle
where
    T: Send + 'static,
    S: FnOnce(&'env Env, T) -> Result<V> + Send + 'static,
    V: ToNapiValue,
{
    Box::new(move |raw| {
        let env = Env::from_raw(raw);
        // SAFETY: what `settle` makes with this `Env` becomes a JS value before it is dropped.
        let env = unsafe { std::mem::transmute::<&Env, &'env Env>(&env) };
        unsafe { V::to_napi_value(raw, settle(env, outcome?)?) }
    })
}

/// One poll of a [`local`] future, which settles its Promise once it is ready.
type PollFn = Box<dyn FnMut(sys::napi_env, &mut Context<'_>) -> Poll<()> + Send>;

/// What the runtime's threads post to the JS thread.
enum Job {
    /// A call finished: settle its Promise.
    Done(Done),
    /// A [`local`] future was woken: poll it.
    Poll(Arc<Local>),
}

/// A finished call on its way to the JS thread.
struct Done {
    deferred: Deferred,
    settle: Settle,
}

impl Done {
    /// Settles the Promise (on the JS thread); the call is no longer under way.
    unsafe fn settle(self, env: sys::napi_env) {
        finished(env);
        unsafe {
            match (self.settle)(env) {
                Ok(value) => sys::napi_resolve_deferred(env, self.deferred.0, value),
                Err(error) => sys::napi_reject_deferred(
                    env,
                    self.deferred.0,
                    JsError::from(error).into_value(env),
                ),
            };
        }
    }
}

/// A future polled on the JS thread; waking it posts a poll there.
struct Local {
    channel: Arc<Channel>,
    /// Set from a wake until the poll it posted runs, so a burst of wakes posts one poll.
    posted: AtomicBool,
    /// `None` once the future finished (and dropped what it held).
    poll: Mutex<Option<PollFn>>,
}

impl Local {
    /// Polls the future (on the JS thread).
    fn run(self: &Arc<Self>, env: sys::napi_env) {
        self.posted.store(false, Ordering::Release);
        let waker = Waker::from(Arc::clone(self));
        let mut slot = self.poll.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(poll) = slot.as_mut() {
            if poll(env, &mut Context::from_waker(&waker)).is_ready() {
                *slot = None;
            }
        }
    }
}

impl Wake for Local {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if !self.posted.swap(true, Ordering::AcqRel) {
            self.channel.send(Job::Poll(Arc::clone(self)));
        }
    }
}

struct Deferred(sys::napi_deferred);

// SAFETY: the handle is only used on the JS thread that made it (in `dispatch`).
unsafe impl Send for Deferred {}

/// A JS thread's threadsafe function, which the runtime's threads post finished calls to.
struct Channel {
    function: sys::napi_threadsafe_function,
    /// `false` once Node finalized the function (its environment is torn down): posting then
    /// would touch freed memory, so a call finishing later is dropped.
    open: Arc<RwLock<bool>>,
}

// SAFETY: `napi_call_threadsafe_function` may be called from any thread; `open` guards it.
unsafe impl Send for Channel {}
unsafe impl Sync for Channel {}

impl Channel {
    fn is_open(&self) -> bool {
        *self.open.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn send(&self, job: Job) {
        let open = self.open.read().unwrap_or_else(PoisonError::into_inner);
        if *open {
            let data = Box::into_raw(Box::new(job)).cast();
            let mode = sys::ThreadsafeFunctionCallMode::nonblocking;
            if unsafe { sys::napi_call_threadsafe_function(self.function, data, mode) } != 0 {
                drop(unsafe { Box::from_raw(data.cast::<Job>()) });
            }
        }
    }
}

thread_local! {
    /// This JS thread's channel, and how many of its calls are under way.
    static CHANNEL: RefCell<Option<Arc<Channel>>> = const { RefCell::new(None) };
    static UNDER_WAY: Cell<usize> = const { Cell::new(0) };
}

/// The calling JS thread's channel, made on first use (or anew after its environment went).
fn channel(env: &Env) -> Result<Arc<Channel>> {
    if let Some(channel) = CHANNEL.with_borrow(|c| c.clone().filter(|c| c.is_open())) {
        return Ok(channel);
    }
    let raw = env.raw();
    let mut name = ptr::null_mut();
    check_status!(unsafe { sys::napi_create_string_utf8(raw, c"dg".as_ptr(), 2, &mut name) })?;
    let open = Arc::new(RwLock::new(true));
    let mut function = ptr::null_mut();
    check_status!(unsafe {
        sys::napi_create_threadsafe_function(
            raw,
            ptr::null_mut(),
            ptr::null_mut(),
            name,
            0,
            1,
            Arc::into_raw(Arc::clone(&open)).cast_mut().cast(),
            Some(finalized),
            ptr::null_mut(),
            Some(dispatch),
            &mut function,
        )
    })?;
    check_status!(unsafe { sys::napi_unref_threadsafe_function(raw, function) })?;
    let channel = Arc::new(Channel { function, open });
    UNDER_WAY.set(0);
    CHANNEL.set(Some(Arc::clone(&channel)));
    Ok(channel)
}

/// A call started: the loop stays alive until it is settled.
fn started(env: &Env, channel: &Channel) -> Result<()> {
    let count = UNDER_WAY.get();
    if count == 0 {
        check_status!(unsafe { sys::napi_ref_threadsafe_function(env.raw(), channel.function) })?;
    }
    UNDER_WAY.set(count + 1);
    Ok(())
}

/// Runs a job posted to the JS thread (`env` is null at teardown: it is dropped).
unsafe extern "C" fn dispatch(
    env: sys::napi_env,
    _callback: sys::napi_value,
    _context: *mut c_void,
    data: *mut c_void,
) {
    let job = unsafe { Box::from_raw(data.cast::<Job>()) };
    if env.is_null() {
        return;
    }
    match *job {
        Job::Done(done) => unsafe { done.settle(env) },
        Job::Poll(task) => task.run(env),
    }
}

/// A call is settled: once none is under way, the loop need not wait for one.
fn finished(env: sys::napi_env) {
    let count = UNDER_WAY.get().saturating_sub(1);
    UNDER_WAY.set(count);
    if count == 0 {
        if let Some(channel) = CHANNEL.with_borrow(Clone::clone) {
            unsafe { sys::napi_unref_threadsafe_function(env, channel.function) };
        }
    }
}

/// Node finalized the function (its environment is going): no thread may post to it any more.
unsafe extern "C" fn finalized(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    let open = unsafe { Arc::from_raw(data.cast_const().cast::<RwLock<bool>>()) };
    *open.write().unwrap_or_else(PoisonError::into_inner) = false;
}
