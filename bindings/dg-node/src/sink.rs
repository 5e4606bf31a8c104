//! `AudioSink`: how a Node `Readable` reaches the core without being collected whole. JS writes
//! chunks into a bounded channel that the upload drains; a write that finds the channel full
//! waits for room, which is the backpressure that pauses the `Readable`.

use std::sync::Mutex;

use bytes::Bytes;
use dg_core::ByteStream;
use napi::bindgen_prelude::PromiseRaw;
use napi::{Env, Error, Result, Status};
use napi_derive::napi;
use tokio::sync::mpsc::{self, error::TrySendError};

use crate::settle;

/// Chunks buffered between JS and the upload (Node's streams read 64 KiB at a time: 1 MiB).
const CAPACITY: usize = 16;

type Chunk = std::io::Result<Bytes>;

/// The JS end of a streamed upload: `tryWrite`/`write` chunks, then `end()` or `fail()`.
/// Passed to `NativeClient.transcribeStream`, which drains it once.
#[napi]
pub struct AudioSink {
    sender: Mutex<Option<mpsc::Sender<Chunk>>>,
    receiver: Mutex<Option<mpsc::Receiver<Chunk>>>,
}

fn closed() -> Error {
    Error::new(
        Status::Cancelled,
        "the upload is over: no more audio is read",
    )
}

#[napi]
impl AudioSink {
    /// An empty sink.
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        let (sender, receiver) = mpsc::channel(CAPACITY);
        AudioSink {
            sender: Mutex::new(Some(sender)),
            receiver: Mutex::new(Some(receiver)),
        }
    }

    /// Queues a copy of `chunk` if there is room: `true` if queued, `false` if full (then
    /// `write` it). Throws once the upload is over (sent, failed or aborted).
    #[napi]
    pub fn try_write(&self, chunk: &[u8]) -> Result<bool> {
        let sender = self.sender()?;
        match sender.try_reserve() {
            Ok(permit) => {
                permit.send(Ok(Bytes::copy_from_slice(chunk)));
                Ok(true)
            }
            Err(TrySendError::Full(())) => Ok(false),
            Err(TrySendError::Closed(())) => Err(closed()),
        }
    }

    /// Queues a copy of `chunk`, resolving once there was room. Rejects once the upload is over.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn write<'env>(&self, env: &'env Env, chunk: &[u8]) -> Result<PromiseRaw<'env, ()>> {
        let sender = self.sender()?;
        let bytes = Bytes::copy_from_slice(chunk);
        settle::promise(
            env,
            async move {
                let permit = sender.reserve().await.map_err(|_| closed())?;
                permit.send(Ok(bytes));
                Ok(())
            },
            |_, sent| sent,
        )
    }

    /// The audio is complete: the upload ends after the queued chunks.
    #[napi]
    pub fn end(&self) {
        self.sender.lock().expect("sink lock").take();
    }

    /// The source failed: the upload fails with `message` after the queued chunks.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn fail<'env>(&self, env: &'env Env, message: String) -> Result<PromiseRaw<'env, ()>> {
        let sender = self.sender.lock().expect("sink lock").take();
        let failing = async move {
            if let Some(sender) = sender {
                // A closed channel means the upload already ended another way: nothing to tell.
                let _ = sender.send(Err(std::io::Error::other(message))).await;
            }
        };
        settle::promise(env, failing, |_, ()| Ok(()))
    }

    /// `true` once nothing more can be written.
    #[napi(getter)]
    pub fn closed(&self) -> bool {
        self.sender
            .lock()
            .expect("sink lock")
            .as_ref()
            .is_none_or(|s| s.is_closed())
    }

    fn sender(&self) -> Result<mpsc::Sender<Chunk>> {
        self.sender
            .lock()
            .expect("sink lock")
            .clone()
            .ok_or_else(closed)
    }

    /// The upload's end of the channel, as a stream of chunks; `None` if already taken.
    pub fn take_stream(&self) -> Option<ByteStream> {
        let receiver = self.receiver.lock().expect("sink lock").take()?;
        let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
            receiver.recv().await.map(|chunk| (chunk, receiver))
        });
        Some(Box::pin(stream))
    }
}
