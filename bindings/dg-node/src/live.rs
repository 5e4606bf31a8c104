//! Live streaming: `NativeClient.listenLive` / `listenFlux` open dg-core's [`LiveSession`] and
//! resolve to a [`LiveStream`], which maps it and nothing else: its send buffer (the
//! backpressure of `send`), keep-alive, parsing and closing are the core's. The JS layer
//! (`node/lib/live.js`) makes the public `LiveSession` of it (async iteration, a `Writable`).

use std::future::Future;
use std::sync::Arc;

use dg_core::options::schema::{Fields, read_spelled};
use dg_core::options::{FLUX_CONFIGURE_FIELDS, Spelling};
use dg_core::{
    FluxConfigure, FluxOptions, ListenOptions, LiveConfig, LiveSender, LiveSession, LiveSettings,
};
use napi::bindgen_prelude::{PromiseRaw, Uint8Array};
use napi::{Env, Result};
use napi_derive::napi;
use serde_json::{Map, Value};
use tokio_util::sync::CancellationToken;

use crate::call::{self, AbortHandle};
use crate::client::NativeClient;
use crate::failure::{self, Failure};

/// An open live stream (from `NativeClient.listenLive` or `listenFlux`).
///
/// Its `AbortHandle` (the one the opening call was given, if any) also governs the stream:
/// once it fires, reads reject with kind `aborted`; the JS layer then calls `abort()`, which
/// closes the socket at once. Dropping the object (garbage collection) closes it too.
#[napi]
pub struct LiveStream {
    request_id: Option<String>,
    sender: LiveSender,
    /// Read by one `next()` at a time, in order.
    events: Arc<tokio::sync::Mutex<LiveSession>>,
    aborted: CancellationToken,
}

fn open_stream(session: LiveSession, aborted: CancellationToken) -> LiveStream {
    LiveStream {
        request_id: session.request_id().map(str::to_owned),
        sender: session.sender(),
        events: Arc::new(tokio::sync::Mutex::new(session)),
        aborted,
    }
}

/// The `settings` of the opening call (camelCase `LiveSettings`) as the session's config, read
/// and checked by the core: a bad one is a `ConfigError` naming it (camelCase).
fn live_config(settings: Option<Map<String, Value>>) -> dg_core::Result<LiveConfig> {
    LiveSettings::from_value(Value::Object(settings.unwrap_or_default()), Spelling::Camel)?
        .into_config()
}

/// A Promise of `work`, resolving to nothing.
fn settle<'env>(
    env: &'env Env,
    work: impl Future<Output = dg_core::Result<()>> + Send + 'static,
) -> Result<PromiseRaw<'env, ()>> {
    call::spawn(env, None, work, |_, ()| Ok(()))
}

#[napi]
impl NativeClient {
    /// Opens a `/v1/listen` stream with these (camelCase) options and `LiveSettings`, read and
    /// checked by the core before connecting. A refused upgrade is the same failure as a refused REST call.
    #[napi(ts_return_type = "Promise<LiveStream>")]
    pub fn listen_live<'env>(
        &self,
        env: &'env Env,
        options: Option<Map<String, Value>>,
        settings: Option<Map<String, Value>>,
        abort: Option<&AbortHandle>,
    ) -> Result<PromiseRaw<'env, LiveStream>> {
        self.open(env, abort, |client| async move {
            let options = ListenOptions::from_value(
                Value::Object(options.unwrap_or_default()),
                Spelling::Camel,
            )?;
            client.listen_live(&options, live_config(settings)?).await
        })
    }

    /// Opens a Flux stream (`/v2/listen`) with these (camelCase) options and `LiveSettings`,
    /// read and checked by the core before connecting.
    #[napi(ts_return_type = "Promise<LiveStream>")]
    pub fn listen_flux<'env>(
        &self,
        env: &'env Env,
        options: Option<Map<String, Value>>,
        settings: Option<Map<String, Value>>,
        abort: Option<&AbortHandle>,
    ) -> Result<PromiseRaw<'env, LiveStream>> {
        self.open(env, abort, |client| async move {
            let options = FluxOptions::from_value(
                Value::Object(options.unwrap_or_default()),
                Spelling::Camel,
            )?;
            client.listen_flux(&options, live_config(settings)?).await
        })
    }
}

impl NativeClient {
    /// Runs `opening` (this client's) as a call that `abort` can cancel, and wraps the session
    /// it opens, the abort then closing the stream.
    fn open<'env, W>(
        &self,
        env: &'env Env,
        abort: Option<&AbortHandle>,
        opening: impl FnOnce(dg_core::Client) -> W,
    ) -> Result<PromiseRaw<'env, LiveStream>>
    where
        W: Future<Output = dg_core::Result<dg_core::LiveSession>> + Send + 'static,
    {
        let token = abort.map_or_else(CancellationToken::new, AbortHandle::token);
        call::spawn(
            env,
            abort,
            opening(self.inner.clone()),
            move |_, session| Ok(open_stream(session, token)),
        )
    }
}

#[napi]
impl LiveStream {
    /// The stream's request id (`dg-request-id` of the upgrade).
    #[napi(getter)]
    pub fn request_id(&self) -> Option<String> {
        self.request_id.clone()
    }

    /// Queues a copy of `chunk`, resolving once the core's send buffer took it (it waits while
    /// the buffer is full). An empty chunk is skipped. Rejects once the stream is closed.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn send<'env>(&self, env: &'env Env, chunk: Uint8Array) -> Result<PromiseRaw<'env, ()>> {
        let sender = self.sender.clone();
        let audio = bytes::Bytes::copy_from_slice(&chunk);
        settle(env, async move { sender.send(audio).await })
    }

    /// Asks for the results of all audio so far (`Finalize`; refused on Flux).
    #[napi(ts_return_type = "Promise<void>")]
    pub fn finalize<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, ()>> {
        let sender = self.sender.clone();
        settle(env, async move { sender.finalize().await })
    }

    /// Changes a Flux stream's settings (camelCase `FluxConfigure` fields), read and checked by
    /// the core before anything is sent (a bad one throws).
    #[napi(ts_return_type = "Promise<void>")]
    pub fn configure<'env>(
        &self,
        env: &'env Env,
        settings: Option<Map<String, Value>>,
    ) -> Result<PromiseRaw<'env, ()>> {
        let configure: FluxConfigure = read_spelled(
            Value::Object(settings.unwrap_or_default()),
            FLUX_CONFIGURE_FIELDS,
            Spelling::Camel,
            Fields::Request,
        )
        .map_err(|e| failure::to_js(env, e.into()))?;
        let sender = self.sender.clone();
        settle(env, async move { sender.configure(&configure).await })
    }

    /// Sends `CloseStream` after the audio already queued; resolves once it is queued. The
    /// remaining events still arrive, then the events end.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn close<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, ()>> {
        let sender = self.sender.clone();
        settle(env, async move { sender.close().await })
    }

    /// Closes the socket at once, without waiting for results; the events end after those
    /// already received.
    #[napi]
    pub fn abort(&self) {
        self.sender.abort();
    }

    /// The next event as the JSON the server sent (`LiveEvent::to_json`), or `null` once the
    /// server closed the stream normally. A close with another code, or a broken connection,
    /// rejects with its failure; after the `AbortHandle` fired, kind `aborted`.
    #[napi(ts_return_type = "Promise<string | null>")]
    pub fn next<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, Option<String>>> {
        let events = Arc::clone(&self.events);
        let aborted = self.aborted.clone();
        let read = async move {
            let next = async { events.lock().await.next_event().await };
            match aborted.run_until_cancelled(next).await {
                None => Err(Failure::Aborted),
                Some(None) => Ok(None),
                Some(Some(Ok(event))) => Ok(Some(event.to_json())),
                Some(Some(Err(error))) => Err(Failure::Core(error)),
            }
        };
        env.spawn_future_with_callback(async move { Ok(read.await) }, |env, outcome| {
            outcome.map_err(|failure| failure::to_js(env, failure))
        })
    }
}
