//! `phrases PATH RATE CHANNELS` (issue 19, run by `bench/live-recognizer.sh`): how soon a
//! live stream's phrases are final when the emulator recognizes them. PATH holds raw linear16
//! audio at RATE Hz; it is streamed to `/v1/listen` at real-time pace, in 100 ms chunks with
//! deadlines from one start (a late chunk does not delay the next ones), followed by a second
//! of silence so that the last phrase ends in a pause too, then `CloseStream`.
//!
//! A phrase ends where a pause starts: 20 ms frames under -50 dBFS (RMS) for at least
//! 260 ms, after a louder one (the numbers of the emulator's endpointing, in
//! crates/dg-emulator/src/audio/recognizer/endpoint.rs). Its delay is the arrival of the final
//! result holding the last word that started before the pause, minus the time the chunk
//! holding the pause's start was handed to the SDK: what a caller waits, once the speaker has
//! stopped, to read the phrase as final (the pause itself included). Prints one JSON line:
//! each phrase's delay (ms, in order), their median (nearest rank) and maximum, and the
//! transcript.

use std::time::{Duration, Instant};

use dg_core::{Client, ListenOptions, LiveConfig, LiveEvent};
use serde_json::json;

/// A pause: this many 20 ms frames under [`QUIET`].
const PAUSE_FRAMES: usize = 13;
/// -50 dBFS, as an RMS of 16-bit samples.
const QUIET: f64 = 0.003 * 32_768.0;
const CHUNK_SECONDS: f64 = 0.1;
const TRAILING_SILENCE: f64 = 1.0;

/// Streams the file and prints the delays; an error says what failed.
pub async fn run(
    client: &Client,
    options: &ListenOptions,
    path: &str,
    rate: u32,
    channels: u32,
) -> Result<(), String> {
    let mut audio = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let ends = pauses(&audio, rate, channels);
    let bytes_per_second = rate as usize * channels as usize * 2;
    audio.resize(
        audio.len() + (TRAILING_SILENCE * bytes_per_second as f64) as usize,
        0,
    );
    let options = ListenOptions {
        encoding: Some(dg_core::options::Encoding::Linear16),
        sample_rate: Some(rate),
        channels: Some(channels),
        punctuate: Some(true),
        ..options.clone()
    };
    let mut session = client
        .listen_live(&options, LiveConfig::default())
        .await
        .map_err(|e| e.to_string())?;
    let sender = session.sender();
    let chunk = (CHUNK_SECONDS * bytes_per_second as f64) as usize & !1;
    let feeding = tokio::spawn(async move {
        let start = Instant::now();
        let mut sent = Vec::new();
        for (index, piece) in audio.chunks(chunk).enumerate() {
            let due = start + Duration::from_secs_f64(index as f64 * CHUNK_SECONDS);
            tokio::time::sleep_until(due.into()).await;
            sender
                .send(piece.to_vec())
                .await
                .map_err(|e| e.to_string())?;
            sent.push(Instant::now());
        }
        sender.close().await.map_err(|e| e.to_string())?;
        Ok::<_, String>(sent)
    });
    // (start of the word, arrival of its final) for every word in a final result.
    let mut words = Vec::new();
    let mut transcript = Vec::new();
    while let Some(event) = session.next_event().await {
        let arrived = Instant::now();
        let LiveEvent::Results(result) = event.map_err(|e| e.to_string())? else {
            continue;
        };
        if result.is_final != Some(true) {
            continue;
        }
        let Some(best) = result.best_alternative() else {
            continue;
        };
        words.extend(best.words.iter().map(|w| (w.start, arrived)));
        if !best.transcript.is_empty() {
            transcript.push(best.transcript.clone());
        }
    }
    let sent = feeding.await.map_err(|e| e.to_string())??;
    let mut delays: Vec<f64> = Vec::new();
    let mut heard = 0;
    for end in ends {
        let before = words[heard..].iter().take_while(|w| w.0 < end).count();
        if before == 0 {
            continue; // a pause after a sound no word was heard in
        }
        heard += before;
        let arrived = words[heard - 1].1;
        let chunk = ((end / CHUNK_SECONDS) as usize).min(sent.len() - 1);
        let waited = arrived.saturating_duration_since(sent[chunk]);
        delays.push((waited.as_secs_f64() * 1000.0).round());
    }
    let mut sorted = delays.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted.get(sorted.len() / 2).copied();
    println!(
        "{}",
        json!({
            "workload": "phrases",
            "ok": true,
            "phrases": delays.len(),
            "words": words.len(),
            "delays_ms": delays,
            "median_ms": median,
            "max_ms": sorted.last(),
            "transcript": transcript.join(" "),
        })
    );
    Ok(())
}

/// Where the pauses of raw linear16 `audio` start, in seconds.
fn pauses(audio: &[u8], rate: u32, channels: u32) -> Vec<f64> {
    let channels = channels.max(1) as usize;
    let frame = rate as usize / 50;
    let samples: Vec<f64> = audio
        .chunks_exact(2 * channels)
        .map(|pcm| {
            let sum: f64 = pcm
                .chunks_exact(2)
                .map(|s| f64::from(i16::from_le_bytes([s[0], s[1]])))
                .sum();
            sum / channels as f64
        })
        .collect();
    let mut starts = Vec::new();
    let (mut sound, mut quiet) = (false, 0);
    for (index, frame) in samples.chunks(frame).enumerate() {
        let rms = (frame.iter().map(|s| s * s).sum::<f64>() / frame.len() as f64).sqrt();
        if rms >= QUIET {
            (sound, quiet) = (true, 0);
            continue;
        }
        quiet += 1;
        if sound && quiet == PAUSE_FRAMES {
            starts.push((index + 1 - PAUSE_FRAMES) as f64 / 50.0);
            sound = false;
        }
    }
    if sound {
        starts.push(samples.len() as f64 / f64::from(rate));
    }
    starts
}
