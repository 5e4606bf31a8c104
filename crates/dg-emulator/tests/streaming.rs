//! A large upload is hashed as it arrives: the emulator (running in this process) must not
//! grow by anything near the upload's size. Alone in its own test binary so that no other
//! test's memory is counted. Without the recognizer only: with it, this noise would be
//! transcribed (46 minutes of it), and `tests/recognizer` checks flat memory for an hour-long
//! file instead.
#![cfg(all(target_os = "linux", not(feature = "recognizer")))]

use std::sync::{Arc, Mutex};

use aws_lc_rs::digest::{Context, SHA256};
use bytes::Bytes;
use dg_emulator::{Emulator, EmulatorConfig};
use futures_util::{StreamExt as _, stream};

const CHUNK: usize = 1024 * 1024;
const CHUNKS: u32 = 512;
const SAMPLE_RATE: u32 = 48_000;
const CHANNELS: u16 = 2;

/// Reads a `/proc/self/status` field in KiB.
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|line| {
            line.strip_prefix(field)?
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("{field} in /proc/self/status"))
}

fn wav_header(data_len: u32) -> Vec<u8> {
    let block_align = CHANNELS * 2;
    let mut header = b"RIFF".to_vec();
    header.extend_from_slice(&(36 + data_len).to_le_bytes());
    header.extend_from_slice(b"WAVEfmt \x10\0\0\0\x01\0");
    header.extend_from_slice(&CHANNELS.to_le_bytes());
    header.extend_from_slice(&SAMPLE_RATE.to_le_bytes());
    header.extend_from_slice(&(SAMPLE_RATE * u32::from(block_align)).to_le_bytes());
    header.extend_from_slice(&block_align.to_le_bytes());
    header.extend_from_slice(&16u16.to_le_bytes());
    header.extend_from_slice(b"data");
    header.extend_from_slice(&data_len.to_le_bytes());
    header
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_upload_is_hashed_in_flight_with_flat_memory() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let url = format!("{}/v1/listen", emulator.base_url());
    let auth = format!("Token {}", emulator.owner_key());
    // A first request, so lazily built state exists before measuring.
    let warm_up = http
        .post(&url)
        .header("authorization", &auth)
        .body(wav_header(0))
        .send()
        .await
        .unwrap();
    assert_eq!(warm_up.status(), 200);

    let data_len = CHUNKS * CHUNK as u32;
    let header = wav_header(data_len);
    let total = (header.len() + CHUNKS as usize * CHUNK) as u64;
    let pattern: Vec<u8> = (0..CHUNK).map(|i| (i * 7 + i / 977) as u8).collect();
    let sent = Arc::new(Mutex::new(Context::new(&SHA256)));
    sent.lock().unwrap().update(&header);
    let chunks = {
        let sent = Arc::clone(&sent);
        stream::iter((0..CHUNKS).map(move |index| {
            let mut chunk = pattern.clone();
            chunk[..4].copy_from_slice(&index.to_le_bytes());
            sent.lock().unwrap().update(&chunk);
            Ok::<_, std::io::Error>(Bytes::from(chunk))
        }))
    };
    let body = stream::iter([Ok(Bytes::from(header))]).chain(chunks);

    let rss_before = status_kib("VmRSS:");
    let answer = http
        .post(&url)
        .header("authorization", &auth)
        .header("content-type", "audio/wav")
        .body(reqwest::Body::wrap_stream(body))
        .send()
        .await
        .unwrap();
    let peak = status_kib("VmHWM:");
    assert_eq!(answer.status(), 200);
    let answer: serde_json::Value = serde_json::from_str(&answer.text().await.unwrap()).unwrap();

    let expected: String = sent
        .lock()
        .unwrap()
        .clone()
        .finish()
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(answer["metadata"]["sha256"], expected);
    let seconds = f64::from(data_len) / f64::from(SAMPLE_RATE * u32::from(CHANNELS) * 2);
    assert_eq!(
        answer["metadata"]["duration"],
        (seconds * 1e6).round() / 1e6
    );
    assert_eq!(emulator.stats().audio_bytes_received, total + 44);

    // Buffering the upload would add its 512 MiB; hashing it in flight adds a few buffers.
    let growth_mib = peak.saturating_sub(rss_before) / 1024;
    assert!(
        growth_mib < 64,
        "peak memory grew by {growth_mib} MiB during a 512 MiB upload"
    );
}
