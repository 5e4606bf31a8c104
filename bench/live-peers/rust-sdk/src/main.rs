//! The official Rust crate's live client (`deepgram` =0.14.0 on crates.io) in the shape of
//! dg's `dg-bench-runner live SECONDS`: SECONDS of 16 kHz linear16 silence in 32 KiB chunks
//! (the same bytes and chunk size as dg-core's `send_reader` with `Pace::Max`), as fast as
//! the server takes them, then CloseStream; every message is read until the server closes,
//! and the count of final results is printed as `words` in one JSON line, as dg's runner does.
//!
//! It uses the crate's documented streaming API (examples/transcription/websocket/
//! stream_futures.rs): `Deepgram::with_base_url_and_api_key` (the crate's own switch for a
//! self-hosted server; an `http://` base becomes `ws://` for live), then
//! `transcription().stream_request_with_options(..).stream(audio)`. At the end of the audio
//! that API sends Finalize and then CloseStream (dg's runner sends only CloseStream).
//!
//! `realtime SESSIONS SECONDS`: SESSIONS concurrent sessions at real-time pace, as
//! `../realtime.rs` says; each session's audio stream is the receiving end of a channel that
//! holds one chunk, so a chunk is "handed to the SDK" when the crate has taken the previous one.

use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use futures::stream::{self, StreamExt};
use tokio::sync::mpsc;

use deepgram::common::options::{Encoding, Model, Options};
use deepgram::common::stream_response::StreamResponse;
use deepgram::Deepgram;

#[path = "../../realtime.rs"]
mod realtime;

const PEER: &str = "official-rust";
/// dg-core's `MAX_CHUNK` (crates/dg-core/src/live/pace.rs): the chunk dg's runner sends.
const CHUNK: usize = 32 * 1024;
/// 16 kHz, 16-bit mono.
const BYTES_PER_SECOND: u64 = 32_000;

fn fail(err: &str) -> ! {
    println!(
        "{}",
        serde_json::json!({"peer": PEER, "workload": "live", "ok": false, "error": err})
    );
    std::process::exit(1)
}

async fn live(base: &str, key: &str, seconds: u64) -> Result<usize, String> {
    let dg = Deepgram::with_base_url_and_api_key(base, key).map_err(|e| e.to_string())?;
    let options = options();
    let zeros = Bytes::from(vec![0u8; CHUNK]);
    let total = seconds * BYTES_PER_SECOND;
    let chunks = (total as usize).div_ceil(CHUNK);
    let audio = stream::iter((0..chunks).map(move |i| {
        let len = CHUNK.min(total as usize - i * CHUNK);
        Ok::<Bytes, std::io::Error>(zeros.slice(..len))
    }));
    let mut results = dg
        .transcription()
        .stream_request_with_options(options)
        .encoding(Encoding::Linear16)
        .sample_rate(16_000)
        .stream(audio)
        .await
        .map_err(|e| e.to_string())?;
    let mut finals = 0;
    while let Some(message) = results.next().await {
        if let StreamResponse::TranscriptResponse {
            is_final: true,
            channel,
            ..
        } = message.map_err(|e| e.to_string())?
        {
            // dg-core's `final_transcript()`: a final result with a best alternative.
            if !channel.alternatives.is_empty() {
                finals += 1;
            }
        }
    }
    Ok(finals)
}

fn options() -> Options {
    Options::builder()
        .model(Model::Nova3)
        .smart_format(true)
        .build()
}

/// One session of `realtime`: `index` of `sessions`, `seconds` of audio at real-time pace.
async fn realtime_session(
    dg: &Deepgram,
    index: usize,
    sessions: usize,
    seconds: usize,
    gate: &realtime::Gate,
) -> Result<(Vec<Instant>, realtime::Finals), String> {
    let (tx, mut rx) = mpsc::channel::<Bytes>(1);
    let audio = stream::poll_fn(move |cx| {
        rx.poll_recv(cx)
            .map(|chunk| chunk.map(Ok::<Bytes, std::io::Error>))
    });
    let mut results = dg
        .transcription()
        .stream_request_with_options(options())
        .encoding(Encoding::Linear16)
        .sample_rate(16_000)
        .stream(audio)
        .await
        .map_err(|e| e.to_string())?;
    let start = gate.opened().await;
    let feeding = tokio::spawn(async move {
        realtime::pace(index, sessions, seconds, start, |audio| {
            let tx = &tx;
            async move {
                tx.send(Bytes::from_static(audio))
                    .await
                    .map_err(|e| e.to_string())
            }
        })
        .await
        // Dropping `tx` ends the audio: the crate sends Finalize and CloseStream.
    });
    let mut finals = realtime::Finals::default();
    while let Some(message) = results.next().await {
        if let StreamResponse::TranscriptResponse {
            is_final: true,
            channel,
            start,
            duration,
            ..
        } = message.map_err(|e| e.to_string())?
        {
            if !channel.alternatives.is_empty() {
                finals.push(start, duration);
            }
        }
    }
    let sent = feeding.await.map_err(|e| e.to_string())??;
    Ok((sent, finals))
}

async fn realtime_sessions(base: &str, key: &str, sessions: usize, seconds: usize) {
    let dg = Arc::new(
        Deepgram::with_base_url_and_api_key(base, key).unwrap_or_else(|e| fail(&e.to_string())),
    );
    let gate = Arc::new(realtime::Gate::new(sessions));
    let t = Instant::now();
    let tasks: Vec<_> = (0..sessions)
        .map(|i| {
            let (dg, gate) = (dg.clone(), gate.clone());
            tokio::spawn(async move { realtime_session(&dg, i, sessions, seconds, &gate).await })
        })
        .collect();
    let mut results = Vec::with_capacity(sessions);
    for task in tasks {
        match task.await {
            Ok(Ok(r)) => results.push(r),
            Ok(Err(e)) => fail(&e),
            Err(e) => fail(&e.to_string()),
        }
    }
    realtime::report(PEER, t.elapsed(), &results);
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let var = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_owned());
    let base = var("DG_BENCH_URL", "http://127.0.0.1:18391");
    let key = var("DG_BENCH_KEY", "bench-secret-key");
    if args.first().map(String::as_str) == Some("realtime") {
        let num = |i: usize| -> usize {
            args.get(i)
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| fail("SESSIONS and SECONDS must be numbers"))
        };
        realtime_sessions(&base, &key, num(1), num(2)).await;
        return;
    }
    let seconds: u64 = match (args.first().map(String::as_str), args.get(1)) {
        (Some("live"), Some(s)) => s
            .parse()
            .unwrap_or_else(|_| fail("SECONDS is not a number")),
        _ => {
            eprintln!("usage: dg-live-peer-rust-sdk live SECONDS | realtime SESSIONS SECONDS");
            std::process::exit(2)
        }
    };
    let t = Instant::now();
    let finals = live(&base, &key, seconds)
        .await
        .unwrap_or_else(|e| fail(&e));
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({"peer": PEER, "workload": "live", "n": 1, "concurrency": 1, "elapsed_s": secs, "rps": 1.0 / secs, "words": finals, "ok": true})
    );
}
