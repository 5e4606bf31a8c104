//! What bench/live.sh's `realtime SESSIONS SECONDS` mode is, once, for both Rust peers (dg's
//! `dg-bench-runner` and the official crate's `dg-live-peer-rust-sdk`, each including this file
//! with `#[path]`), so that only the SDK calls differ between them; the same rules as
//! realtime.py and realtime.mjs (the other languages' copies). Needs tokio (`time`, `sync`)
//! and serde_json only.
//!
//! SESSIONS sessions open together; once all are open each sends SECONDS of 16 kHz linear16
//! silence in 100 ms chunks, one every 100 ms by the wall clock (deadlines from one start, so
//! a late chunk does not delay the next ones), session i starting i/SESSIONS of a chunk after
//! the first so the sends are spread over the 100 ms; then CloseStream, and the session reads
//! to the end. The emulator answers silence with one final result per second of audio, timed
//! by the audio it has received, so each final's `start + duration` names the chunk whose
//! sending made it due. Its latency is its arrival time minus the time that chunk was handed
//! to the SDK.

use std::future::Future;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use tokio::sync::Barrier;

const BYTES_PER_SECOND: f64 = 32_000.0; // 16 kHz, 16-bit mono
const CHUNK_SECONDS: f64 = 0.1;
const CHUNK: usize = 3_200;
static SILENCE: [u8; CHUNK] = [0; CHUNK];

/// Lets every session start sending once all of them are open.
pub struct Gate {
    barrier: Barrier,
    start: OnceLock<Instant>,
}

impl Gate {
    pub fn new(sessions: usize) -> Gate {
        Gate {
            barrier: Barrier::new(sessions),
            start: OnceLock::new(),
        }
    }

    /// The common start, once the last session is open.
    pub async fn opened(&self) -> Instant {
        self.barrier.wait().await;
        *self.start.get_or_init(Instant::now)
    }
}

/// One session's final results, as the reader sees them: all the per-message work is `push`.
#[derive(Default)]
pub struct Finals(Vec<(Instant, f64)>);

impl Finals {
    pub fn push(&mut self, start: f64, duration: f64) {
        self.0.push((Instant::now(), start + duration));
    }
}

/// Sends session `index`'s audio at real-time pace from `start` with `send`; the time each
/// chunk was handed to it.
pub async fn pace<F, Fut>(
    index: usize,
    sessions: usize,
    seconds: usize,
    start: Instant,
    mut send: F,
) -> Result<Vec<Instant>, String>
where
    F: FnMut(&'static [u8]) -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    let chunks = (seconds as f64 / CHUNK_SECONDS).round() as usize;
    let first = start + Duration::from_secs_f64(index as f64 * CHUNK_SECONDS / sessions as f64);
    let mut sent = Vec::with_capacity(chunks);
    for k in 0..chunks {
        tokio::time::sleep_until(
            (first + Duration::from_secs_f64(k as f64 * CHUNK_SECONDS)).into(),
        )
        .await;
        sent.push(Instant::now());
        send(&SILENCE).await?;
    }
    Ok(sent)
}

fn latencies_ms(sent: &[Instant], finals: &Finals) -> Vec<f64> {
    finals
        .0
        .iter()
        .map(|&(arrival, end)| {
            let needed = (end * BYTES_PER_SECOND).round() / CHUNK as f64;
            let k = (needed.ceil() as usize).clamp(1, sent.len()) - 1;
            let ms = arrival.saturating_duration_since(sent[k]).as_secs_f64() * 1000.0;
            (ms * 1000.0).round() / 1000.0
        })
        .collect()
}

/// Prints the result line: finals over all sessions and every final's latency. `sessions`:
/// each session's send times and finals.
pub fn report(peer: &str, elapsed: Duration, sessions: &[(Vec<Instant>, Finals)]) {
    let latencies: Vec<f64> = sessions
        .iter()
        .flat_map(|(sent, finals)| latencies_ms(sent, finals))
        .collect();
    let finals: usize = sessions.iter().map(|(_, f)| f.0.len()).sum();
    println!(
        "{}",
        serde_json::json!({"peer": peer, "workload": "realtime", "n": sessions.len(),
            "concurrency": sessions.len(), "elapsed_s": elapsed.as_secs_f64(), "words": finals,
            "latencies_ms": latencies, "ok": true})
    );
}
