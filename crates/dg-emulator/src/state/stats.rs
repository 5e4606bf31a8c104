//! Counters that tests read to check what a client really sent.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

/// What the emulator has received since it started. The `/__emulator/` endpoints are not
/// counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Every API request, faulted ones included.
    pub requests: u64,
    /// Requests that reached `/v1/listen`'s handler.
    pub listen_requests: u64,
    /// Bytes of raw audio bodies read by `/v1/listen` (not bytes fetched from URLs).
    pub audio_bytes_received: u64,
    /// Keys created through `POST /v1/projects/{id}/keys` (not by [`crate::Emulator::add_member`]).
    pub keys_created: u64,
    /// Live streams (`/v1/listen`, `/v2/listen`) upgraded since the start.
    #[serde(default)]
    pub live_streams_opened: u64,
    /// Live streams whose connection is still open: a client that closes or drops its socket
    /// shows here as soon as the emulator notices.
    #[serde(default)]
    pub live_streams_open: u64,
}

#[derive(Default)]
pub(crate) struct Counters {
    requests: AtomicU64,
    listen_requests: AtomicU64,
    audio_bytes_received: AtomicU64,
    keys_created: AtomicU64,
    live_streams_opened: AtomicU64,
    live_streams_open: Arc<AtomicU64>,
}

/// Counts a live stream as open until dropped (when its connection has ended).
pub(crate) struct OpenStream(Arc<AtomicU64>);

impl Drop for OpenStream {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Counters {
    pub(crate) fn request(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn listen_request(&self) {
        self.listen_requests.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn audio_bytes(&self, count: u64) {
        self.audio_bytes_received
            .fetch_add(count, Ordering::Relaxed);
    }

    pub(crate) fn key_created(&self) {
        self.keys_created.fetch_add(1, Ordering::Relaxed);
    }

    /// A live stream was upgraded; it counts as open while the guard lives.
    pub(crate) fn live_stream(&self) -> OpenStream {
        self.live_streams_opened.fetch_add(1, Ordering::Relaxed);
        self.live_streams_open.fetch_add(1, Ordering::Relaxed);
        OpenStream(Arc::clone(&self.live_streams_open))
    }

    pub(crate) fn snapshot(&self) -> Stats {
        Stats {
            requests: self.requests.load(Ordering::Relaxed),
            listen_requests: self.listen_requests.load(Ordering::Relaxed),
            audio_bytes_received: self.audio_bytes_received.load(Ordering::Relaxed),
            keys_created: self.keys_created.load(Ordering::Relaxed),
            live_streams_opened: self.live_streams_opened.load(Ordering::Relaxed),
            live_streams_open: self.live_streams_open.load(Ordering::Relaxed),
        }
    }
}
