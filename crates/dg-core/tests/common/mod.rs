//! Shared by the integration tests: an emulator per test and clients pointed at it.
#![allow(dead_code)] // each test binary uses a different subset

pub mod live;
pub mod raw;

use std::path::PathBuf;
use std::time::Duration;

use dg_core::{Client, ClientConfig, RetryPolicy};
use dg_emulator::{Emulator, EmulatorConfig};

pub async fn emulator() -> Emulator {
    Emulator::start(EmulatorConfig::default())
        .await
        .expect("emulator starts")
}

pub fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(200),
    }
}

pub fn client_with(emu: &Emulator, key: &str, retries: u32) -> Client {
    let config = ClientConfig::builder()
        .base_url(emu.base_url())
        .api_key(key)
        .retry_policy(fast_retries(retries))
        .build()
        .expect("config");
    Client::with_config(config).expect("client")
}

/// A client of `base_url` with fast retries and, when given, a short overall timeout.
pub fn raw_client(
    base_url: &str,
    key: &str,
    retry: RetryPolicy,
    timeout: Option<Duration>,
) -> Client {
    let mut builder = ClientConfig::builder()
        .base_url(base_url)
        .api_key(key)
        .retry_policy(retry);
    if let Some(timeout) = timeout {
        builder = builder.timeout(timeout);
    }
    Client::with_config(builder.build().expect("config")).expect("client")
}

pub fn client(emu: &Emulator) -> Client {
    client_with(emu, emu.owner_key(), 2)
}

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/audio")
        .join(name)
}

pub const PREAMBLE_START: &str = "We, the people of The United States";
pub const BUELLER_URL: &str =
    "https://static.deepgram.com/examples/Bueller-Life-moves-pretty-fast.wav";

/// The 44-byte header of a 16 kHz mono 16-bit PCM WAV whose data chunk is `data_len` bytes.
pub fn wav_header(data_len: u32) -> Vec<u8> {
    let mut h = Vec::with_capacity(44);
    h.extend_from_slice(b"RIFF");
    h.extend_from_slice(&(36 + data_len).to_le_bytes());
    h.extend_from_slice(b"WAVEfmt ");
    h.extend_from_slice(&16u32.to_le_bytes());
    h.extend_from_slice(&[1, 0, 1, 0]); // PCM, one channel
    h.extend_from_slice(&16_000u32.to_le_bytes());
    h.extend_from_slice(&32_000u32.to_le_bytes());
    h.extend_from_slice(&[2, 0, 16, 0]); // block align 2, 16 bits
    h.extend_from_slice(b"data");
    h.extend_from_slice(&data_len.to_le_bytes());
    h
}
