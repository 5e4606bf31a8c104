//! Live streaming: `NativeClient.listenLive` / `listenFlux` (generated from dg-core's `STREAMS`)
//! open dg-core's [`LiveSession`] and resolve to a [`LiveStream`], which maps it and nothing
//! else: its send buffer (the backpressure of `send`), paced sending (`stream`: the core's
//! `send_source`), keep-alive, parsing and closing are the core's. The JS layer
//! (`node/lib/live.js`) makes the public `LiveSession` of it (async iteration, a `Writable`).

use std::future::Future;
use std::task::Poll;

use dg_core::live::{LiveRequest, Pace, SharedSession, send_source};
use dg_core::options::Spelling;
use dg_core::{FluxConfigure, LiveSettings, Source};
use napi::bindgen_prelude::{ClassInstance, Either3, PromiseRaw, Uint8Array};
use napi::{Env, Result};
use napi_derive::napi;
use serde_json::{Map, Value};
use tokio_util::sync::CancellationToken;

use crate::call::{self, AbortHandle};
use crate::client::NativeClient;
use crate::failure::{self, Failure};
use crate::settle;
use crate::sink::AudioSink;

/// An open live stream (from `NativeClient.listenLive` or `listenFlux`).
///
/// Its `AbortHandle` (the one the opening call was given, if any) also governs the stream:
/// once it fires, reads reject with kind `aborted`; the JS layer then calls `abort()`, which
/// closes the socket at once. Dropping the object (garbage collection) closes it too.
#[napi]
pub struct LiveStream {
    session: SharedSession,
    aborted: CancellationToken,
}

/// An object argument (absent: empty) as the core reads it.
fn object(value: Option<Map<String, Value>>) -> Value {
    Value::Object(value.unwrap_or_default())
}

/// A Promise of `work`, resolving to nothing.
fn empty_promise<'env>(
    env: &'env Env,
    work: impl Future<Output = dg_core::Result<()>> + Send + 'static,
) -> Result<PromiseRaw<'env, ()>> {
    call::spawn(env, None, work, |_, ()| Ok(()))
}

impl NativeClient {
    /// Opens the stream `request` reads (with the settings) as a call that `abort` can cancel,
    /// the abort then closing the stream: what the generated `listenLive`, `listenFlux`, … do.
    pub(crate) fn open<'env>(
        &self,
        env: &'env Env,
        abort: Option<&AbortHandle>,
        settings: Option<Map<String, Value>>,
        request: impl FnOnce() -> dg_core::Result<LiveRequest> + Send + 'static,
    ) -> Result<PromiseRaw<'env, LiveStream>> {
        let token = abort.map_or_else(CancellationToken::new, AbortHandle::token);
        let client = self.inner.clone();
        let opening = async move {
            let request = request()?;
            let config = LiveSettings::config_from(settings.map(Value::Object), Spelling::Camel)?;
            client.open_stream(&request, config).await
        };
        call::spawn(env, abort, opening, move |_, session| {
            Ok(LiveStream {
                session: session.into(),
                aborted: token,
            })
        })
    }
}

#[napi]
impl LiveStream {
    /// The stream's request id (`dg-request-id` of the upgrade).
    #[napi(getter)]
    pub fn request_id(&self) -> Option<String> {
        self.session.request_id().map(str::to_owned)
    }

    /// Queues a copy of `chunk`, resolving once the core's send buffer took it (it waits while
    /// the buffer is full). An empty chunk is skipped. Rejects once the stream is closed.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn send<'env>(&self, env: &'env Env, chunk: &[u8]) -> Result<PromiseRaw<'env, ()>> {
        let sender = self.session.sender().clone();
        let audio = bytes::Bytes::copy_from_slice(chunk);
        empty_promise(env, async move { sender.send(audio).await })
    }

    /// Queues a copy of `chunk` if the send buffer has room now, without a Promise: `true` when
    /// it was queued (or was empty), `false` when the buffer is full (then `send` waits for
    /// room). Throws once the stream is closed.
    #[napi]
    pub fn try_send(&self, env: &Env, chunk: &[u8]) -> Result<bool> {
        match self
            .session
            .sender()
            .try_send(bytes::Bytes::copy_from_slice(chunk))
        {
            Ok(queued) => Ok(queued.is_none()),
            Err(error) => Err(failure::to_js(env, error.into())),
        }
    }

    /// Sends `audio` (a file path, bytes, or what is written into an `AudioSink`) through the
    /// core's `send_source`, at `speed` times real time or, without a speed, as fast as the
    /// server takes it; resolves to the bytes sent. The stream stays open. The core refuses a
    /// speed that is not a positive number, and pacing audio whose byte rate it cannot tell.
    /// Once the `AbortHandle` fired, rejects with kind `aborted`.
    #[napi(ts_return_type = "Promise<number>")]
    pub fn stream<'env>(
        &self,
        env: &'env Env,
        audio: Either3<String, Uint8Array, ClassInstance<'env, AudioSink>>,
        speed: Option<f64>,
    ) -> Result<PromiseRaw<'env, i64>> {
        let source = match audio {
            Either3::A(path) => Source::File(std::path::PathBuf::from(path).into()),
            Either3::B(bytes) => Source::Bytes {
                data: bytes::Bytes::from_owner(bytes),
                content_type: None,
            },
            Either3::C(sink) => Source::Stream {
                stream: sink.take_stream().ok_or_else(|| {
                    failure::to_js(
                        env,
                        dg_core::Error::invalid("this AudioSink was already used").into(),
                    )
                })?,
                len: None,
                content_type: None,
            },
        };
        let pace = speed.map_or(Pace::Max, Pace::Speed);
        let session = self.session.clone();
        let aborted = self.aborted.clone();
        let sending = async move {
            let sent = send_source(session.sender(), source, session.format().clone(), pace);
            match aborted.run_until_cancelled(sent).await {
                None => Err(Failure::Aborted),
                // A send refused because the abort closed the stream is the abort's (see next()).
                Some(Err(_)) if aborted.is_cancelled() => Err(Failure::Aborted),
                Some(sent) => Ok(sent?),
            }
        };
        settle::promise(env, sending, |env, outcome| {
            outcome
                .map(|sent| i64::try_from(sent).unwrap_or(i64::MAX))
                .map_err(|failure| failure::to_js(env, failure))
        })
    }

    /// Asks for the results of all audio so far (`Finalize`; refused on Flux).
    #[napi(ts_return_type = "Promise<void>")]
    pub fn finalize<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, ()>> {
        let sender = self.session.sender().clone();
        empty_promise(env, async move { sender.finalize().await })
    }

    /// Changes a Flux stream's settings (camelCase `FluxConfigure` fields), read and checked by
    /// the core before anything is sent (a bad one throws).
    #[napi(ts_return_type = "Promise<void>")]
    pub fn configure<'env>(
        &self,
        env: &'env Env,
        settings: Option<Map<String, Value>>,
    ) -> Result<PromiseRaw<'env, ()>> {
        let configure = FluxConfigure::from_value(object(settings), Spelling::Camel)
            .map_err(|e| failure::to_js(env, e.into()))?;
        let sender = self.session.sender().clone();
        empty_promise(env, async move { sender.configure(&configure).await })
    }

    /// Sends `CloseStream` after the audio already queued; resolves once it is queued. The
    /// remaining events still arrive, then the events end.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn close<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, ()>> {
        let sender = self.session.sender().clone();
        empty_promise(env, async move { sender.close().await })
    }

    /// Closes the socket at once, without waiting for results; the events end after those
    /// already received.
    #[napi]
    pub fn abort(&self) {
        self.session.sender().abort();
    }

    /// The next event's JSON if it is already here, without a Promise; `null` when `next()` has
    /// to wait (or the stream is over, or the `AbortHandle` fired: `next()` says which). The
    /// stream's error, if that is what came, is thrown.
    #[napi]
    pub fn try_next(&self, env: &Env) -> Result<Option<String>> {
        if self.aborted.is_cancelled() {
            return Ok(None);
        }
        match self.session.try_next_event() {
            Poll::Ready(Some(Ok(event))) => Ok(Some(event.to_json())),
            Poll::Ready(Some(Err(error))) => Err(failure::to_js(env, Failure::Core(error))),
            Poll::Ready(None) | Poll::Pending => Ok(None),
        }
    }

    /// The next event as the JSON the server sent (`LiveEvent::to_json`), or `null` once the
    /// server closed the stream normally. A close with another code, or a broken connection,
    /// rejects with its failure; after the `AbortHandle` fired, kind `aborted`.
    #[napi(ts_return_type = "Promise<string | null>")]
    pub fn next<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, Option<String>>> {
        let session = self.session.clone();
        let aborted = self.aborted.clone();
        let read = async move {
            match aborted.run_until_cancelled(session.next_event()).await {
                None => Err(Failure::Aborted),
                // The abort cancels the token before it closes the socket, and a read woken by
                // both may see the end first (run_until_cancelled favours the future): an end
                // that comes with the token cancelled is the abort's.
                Some(None) if aborted.is_cancelled() => Err(Failure::Aborted),
                Some(None) => Ok(None),
                Some(Some(Ok(event))) => Ok(Some(event.to_json())),
                Some(Some(Err(error))) => Err(Failure::Core(error)),
            }
        };
        // Polled on the JS thread: the stream's task, receiving an event, wakes that thread
        // alone, instead of a runtime thread that would then wake it.
        settle::local(env, read, |env, outcome| {
            outcome.map_err(|failure| failure::to_js(env, failure))
        })
    }
}
