//! The blocking facade, used from plain threads.

mod common;

use std::sync::Arc;

use common::*;
use dg_core::{ClientConfig, ListenOptions};
use dg_emulator::Emulator;

/// A blocking client of an emulator that a runtime of its own serves.
fn blocking_client() -> (dg_core::blocking::Client, tokio::runtime::Runtime, Emulator) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let emu = rt.block_on(emulator());
    let config = ClientConfig::builder()
        .base_url(emu.base_url())
        .api_key(emu.owner_key())
        .build()
        .unwrap();
    let client = dg_core::blocking::Client::with_config(config).unwrap();
    (client, rt, emu)
}

#[test]
fn blocking_client_from_several_threads() {
    let (c, _rt, _emu) = blocking_client();
    let c = Arc::new(c);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let c = c.clone();
            std::thread::spawn(move || {
                c.transcribe_file(fixture("preamble-rest.wav"), &ListenOptions::default())
                    .unwrap()
            })
        })
        .collect();
    for t in threads {
        assert!(
            t.join()
                .unwrap()
                .transcript()
                .unwrap()
                .starts_with(PREAMBLE_START)
        );
    }
    let reader = std::fs::File::open(fixture("preamble-rest.wav")).unwrap();
    let len = reader.metadata().unwrap().len();
    let r = c
        .transcribe_reader(
            reader,
            Some(len),
            Some("audio/wav"),
            &ListenOptions::default(),
        )
        .unwrap();
    assert!(r.transcript().unwrap().starts_with(PREAMBLE_START));
    assert!(!c.list_projects().unwrap().is_empty());
}

#[test]
fn a_live_stream_from_plain_threads() {
    let (client, _rt, _emu) = blocking_client();
    let session = client
        .listen_live(&ListenOptions::default(), dg_core::LiveConfig::default())
        .unwrap();
    let sender = session.sender();
    let feeder = std::thread::spawn(move || {
        let audio = std::fs::read(fixture("preamble-rest.wav")).unwrap();
        for chunk in audio.chunks(8192) {
            sender.send(chunk.to_vec()).unwrap();
        }
        sender.close().unwrap();
    });
    let mut text = Vec::new();
    let mut last = None;
    for event in session {
        let event = event.unwrap();
        if let Some(t) = event.final_transcript().filter(|t| !t.is_empty()) {
            text.push(t.to_owned());
        }
        last = Some(event);
    }
    feeder.join().unwrap();
    assert!(
        text.join(" ")
            .starts_with("We, the people of The United States"),
        "{text:?}"
    );
    assert!(matches!(last, Some(dg_core::LiveEvent::Metadata(_))));
}
