//! Transcription against the emulator: every source kind, recorded answers, streaming rules.

mod common;

use bytes::Bytes;
use common::*;
use dg_core::{Error, ErrorKind, ListenOptions, Source};

#[tokio::test]
async fn file_upload_gets_the_recorded_answer() {
    let emu = emulator().await;
    let resp = client(&emu)
        .transcribe_file(fixture("preamble-rest.wav"), &ListenOptions::default())
        .await
        .unwrap();
    assert!(
        resp.transcript().unwrap().starts_with(PREAMBLE_START),
        "{:?}",
        resp.transcript()
    );
    assert_eq!(
        resp.metadata.sha256.as_deref(),
        Some("95dc40091b6a8456a1554ddfc4f163768217afd66bee70a10c74bb52805cd0d9")
    );
    assert!(!resp.words().is_empty());
}

#[tokio::test]
async fn url_source_gets_the_recorded_answer_and_options_pick_the_summary() {
    let emu = emulator().await;
    let c = client(&emu);
    let plain = c
        .transcribe_url(BUELLER_URL, &ListenOptions::default())
        .await
        .unwrap();
    assert!(
        plain
            .transcript()
            .unwrap()
            .contains("Life moves pretty fast")
    );
    let opts: ListenOptions = serde_json::from_value(
        serde_json::json!({"summarize": "v2", "smart_format": true, "model": "nova-3"}),
    )
    .unwrap();
    let summarized = c.transcribe_url(BUELLER_URL, &opts).await.unwrap();
    let as_json = serde_json::to_value(&summarized).unwrap();
    assert!(
        as_json["results"]["summary"]["short"].is_string(),
        "{as_json}"
    );
}

#[tokio::test]
async fn bytes_and_stream_sources() {
    let emu = emulator().await;
    let c = client(&emu);
    let audio = std::fs::read(fixture("preamble-rest.wav")).unwrap();
    let r = c
        .transcribe_bytes(audio.clone(), None, &ListenOptions::default())
        .await
        .unwrap();
    assert!(r.transcript().unwrap().starts_with(PREAMBLE_START));

    let chunks: Vec<std::io::Result<Bytes>> = audio
        .chunks(100_000)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    let stream = Box::pin(futures_util::stream::iter(chunks));
    let r = c
        .transcribe_stream(
            stream,
            Some(audio.len() as u64),
            Some("audio/wav"),
            &ListenOptions::default(),
        )
        .await
        .unwrap();
    assert!(r.transcript().unwrap().starts_with(PREAMBLE_START));
}

#[tokio::test]
async fn a_stream_shorter_than_announced_fails_instead_of_sending_short() {
    let emu = emulator().await;
    let before = emu.stats();
    let chunks: Vec<std::io::Result<Bytes>> = vec![Ok(Bytes::from_static(b"RIFF\0\0\0\0WAVE"))];
    let err = client(&emu)
        .transcribe_stream(
            Box::pin(futures_util::stream::iter(chunks)),
            Some(1000),
            None,
            &ListenOptions::default(),
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("ended after 12 of 1000 bytes"),
        "{err}"
    );
    // The body was cut short: the emulator never received the 1000 bytes announced.
    assert!(emu.stats().audio_bytes_received - before.audio_bytes_received < 1000);
}

#[tokio::test]
async fn raw_answer_is_the_body_as_sent() {
    let emu = emulator().await;
    let raw = client(&emu)
        .transcribe_raw(
            Source::Url(BUELLER_URL.into()),
            &ListenOptions::default(),
            None,
        )
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&raw).unwrap();
    assert_eq!(
        v["metadata"]["sha256"],
        "5324da68ede209a16ac69a38e8cd29cee4d754434a041166cda3a1f5e0b24566"
    );
}

#[tokio::test]
async fn invalid_input_fails_before_sending() {
    let emu = emulator().await;
    let c = client(&emu);
    let before = emu.stats().requests;
    let bad: ListenOptions =
        serde_json::from_value(serde_json::json!({"model": "nova-2", "keyterm": ["x"]})).unwrap();
    let err = c.transcribe_url(BUELLER_URL, &bad).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidOptions, "{err}");
    let err = c
        .transcribe_url("not a url", &ListenOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidOptions);
    let err = c
        .transcribe_file("/nonexistent/x.wav", &ListenOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Io { path, .. } if path.ends_with("x.wav")),
        "{err}"
    );
    let err = c
        .transcribe_bytes(Vec::new(), None, &ListenOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidOptions);
    assert_eq!(emu.stats().requests, before, "nothing may reach the server");
}

#[tokio::test]
async fn unknown_audio_gets_true_metadata_and_a_warning() {
    let emu = emulator().await;
    // 1 s of 16 kHz mono silence: not in the emulator's library.
    let data_len: u32 = 32_000;
    let mut wav = wav_header(data_len);
    wav.resize(44 + data_len as usize, 0);
    let r = client(&emu)
        .transcribe_bytes(wav, None, &ListenOptions::default())
        .await
        .unwrap();
    assert_eq!(r.transcript(), Some(""));
    assert!((r.duration().unwrap() - 1.0).abs() < 1e-6);
    let json = serde_json::to_value(&r).unwrap();
    assert!(
        !json["metadata"]["warnings"].as_array().unwrap().is_empty(),
        "{json}"
    );
}
