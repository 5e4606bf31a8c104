//! Streams a WAV file live at real-time pace and prints each final stretch of transcript.
//!
//! `cargo run -p dg-core --example listen -- talk.wav` (DEEPGRAM_API_KEY set), or against the
//! emulator: `DG_BASE_URL=http://127.0.0.1:8080 DEEPGRAM_API_KEY=<its owner key> ...`.

use dg_core::live::{Pace, send_reader};
use dg_core::{Client, ClientConfig, ListenOptions, LiveConfig, Reconnect};

#[tokio::main]
async fn main() -> dg_core::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "talk.wav".into());
    let mut config = ClientConfig::builder();
    if let Ok(url) = std::env::var("DG_BASE_URL") {
        config = config.base_url(url);
    }
    let client = Client::with_config(config.build()?)?;
    let options = ListenOptions {
        model: Some("nova-3".parse().expect("a model name")),
        smart_format: Some(true),
        interim_results: Some(true),
        ..Default::default()
    };
    let live = LiveConfig {
        reconnect: Some(Reconnect::default()),
        ..LiveConfig::default()
    };
    let mut session = client.listen_live(&options, live).await?;
    let sender = session.sender();
    let feeding = tokio::spawn(async move {
        let file = tokio::fs::File::open(&path)
            .await
            .map_err(|source| dg_core::Error::Io {
                path: path.into(),
                source,
            });
        let sent = match file {
            Ok(file) => send_reader(&sender, file, &options, Pace::Speed(1.0))
                .await
                .map(drop),
            Err(error) => Err(error),
        };
        // CloseStream: the remaining results and the Metadata still come.
        sent.and(sender.close().await)
    });
    while let Some(event) = session.next_event().await {
        match event?.final_transcript() {
            Some(text) if !text.is_empty() => println!("{text}"),
            _ => {}
        }
    }
    feeding.await.expect("the audio task does not panic")
}
