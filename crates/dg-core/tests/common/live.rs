//! What the live-streaming tests (`/v1/listen` and Flux) share: the preamble and its
//! recorded words, and reading a session to its end.

use std::time::Duration;

use dg_core::{LiveEvent, LiveSession};
use dg_emulator::{Emulator, EmulatorConfig};

use super::fixture;

/// The audio chunk the tests send.
pub const CHUNK: usize = 8 * 1024;

pub fn preamble() -> Vec<u8> {
    std::fs::read(fixture("preamble-rest.wav")).unwrap()
}

/// The recorded REST answer's words for the preamble (nova-3, smart_format).
pub fn recorded_words() -> Vec<String> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/responses"
    );
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        if value.pointer("/metadata/sha256").and_then(|s| s.as_str())
            == Some("95dc40091b6a8456a1554ddfc4f163768217afd66bee70a10c74bb52805cd0d9")
            && value.pointer("/results/summary").is_none()
        {
            return value["results"]["channels"][0]["alternatives"][0]["words"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w["punctuated_word"].as_str().unwrap().to_owned())
                .collect();
        }
    }
    panic!("no recorded preamble answer");
}

/// Every event until the stream ends, and how it ended.
pub async fn drain(session: &mut LiveSession) -> (Vec<LiveEvent>, Option<dg_core::Error>) {
    let mut events = Vec::new();
    while let Some(event) = session.next_event().await {
        match event {
            Ok(event) => events.push(event),
            Err(error) => return (events, Some(error)),
        }
    }
    (events, None)
}

/// Sends `audio` in chunks from another task (pausing `pause` between chunks), then closes;
/// every event until the stream ends, and how it ended.
pub async fn stream(
    session: &mut LiveSession,
    audio: Vec<u8>,
    pause: Option<Duration>,
) -> (Vec<LiveEvent>, Option<dg_core::Error>) {
    let sender = session.sender();
    let feeding = tokio::spawn(async move {
        for chunk in audio.chunks(CHUNK) {
            sender.send(chunk.to_vec()).await.unwrap();
            if let Some(pause) = pause {
                tokio::time::sleep(pause).await;
            }
        }
        sender.close().await.unwrap();
    });
    let drained = drain(session).await;
    feeding.await.unwrap();
    drained
}

/// An emulator that ends a stream after 400 ms without a frame (Deepgram's 10 s, shortened).
pub async fn idle_emulator() -> Emulator {
    Emulator::start(EmulatorConfig {
        live_idle_timeout: Duration::from_millis(400),
        ..EmulatorConfig::default()
    })
    .await
    .unwrap()
}
