//! The blocking facade, used from plain threads.

mod common;

use std::sync::Arc;

use common::*;
use dg_core::{ClientConfig, ListenOptions};

#[test]
fn blocking_client_from_several_threads() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let emu = rt.block_on(emulator());
    let config = ClientConfig::builder()
        .base_url(emu.base_url())
        .api_key(emu.owner_key())
        .build()
        .unwrap();
    let c = Arc::new(dg_core::blocking::Client::with_config(config).unwrap());
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
