//! A 1 GiB file whose upload the server resets partway is sent again from its first byte, whole:
//! the retry announces the full length and the server receives exactly the file.

mod common;

use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::{Arc, Mutex};

use common::raw::{RawServer, Step, hex};
use common::*;
use dg_core::ListenOptions;
use sha2::{Digest, Sha256};

const SIZE: u64 = 1 << 30;
const CUT: u64 = 16 << 20;

/// A sparse 1 GiB WAV with distinct bytes at its start and end, and its SHA-256.
fn sparse_file(dir: &std::path::Path) -> (std::path::PathBuf, String, Vec<u8>) {
    let path = dir.join("big.wav");
    let mut f = std::fs::File::create(&path).unwrap();
    let mut head = wav_header((SIZE - 44) as u32);
    head.extend((0..4096u32).map(|i| (i % 253) as u8));
    f.write_all(&head).unwrap();
    f.set_len(SIZE).unwrap();
    f.seek(SeekFrom::Start(SIZE - 4096)).unwrap();
    f.write_all(&[0xA5; 4096]).unwrap();
    drop(f);

    let mut hasher = Sha256::new();
    let mut file = std::fs::File::open(&path).unwrap();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match file.read(&mut buf).unwrap() {
            0 => break,
            n => hasher.update(&buf[..n]),
        }
    }
    (path, hex(&hasher.finalize()), head[..64].to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_upload_of_one_gib_is_resent_whole_from_its_start() {
    let dir = tempfile::tempdir().unwrap();
    let (path, sha256, first_bytes) = sparse_file(dir.path());
    let response = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/responses/c4e1c0031174878d8f0e3dbd87916ee16d56f1c610ac525af5712ea37226a455-a17f4880c5b4cf124ac54d06d77c9f0ab7f3fe1052ff1c7b090f7eaf8ede5b76-response.json"
    ))
    .unwrap();
    let server = RawServer::start(vec![
        Step::ResetUpload { after: CUT },
        Step::json(200, &response),
    ])
    .await;

    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&progress);
    let report: dg_core::ProgressFn = Arc::new(move |sent, total| {
        assert_eq!(total, Some(SIZE));
        seen.lock().unwrap().push(sent);
    });
    let r = raw_client(&server.url, "interrupted-upload-key", fast_retries(1), None)
        .transcribe_file_with_progress(&path, &ListenOptions::default(), Some(report))
        .await
        .unwrap();
    assert!(r.transcript().unwrap().starts_with(PREAMBLE_START));

    let attempts = server.attempts();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0].body_len, CUT, "the first attempt was cut");
    let retry = &attempts[1];
    assert_eq!(
        retry.header("content-length"),
        Some(SIZE.to_string().as_str())
    );
    assert_eq!(retry.body_head, first_bytes, "the retry starts at offset 0");
    assert_eq!(retry.body_len, SIZE);
    assert_eq!(retry.body_sha256, sha256, "the retry is exactly the file");

    // Progress ran up, started over from the beginning, and reached the end once.
    let progress = progress.lock().unwrap();
    let restart = progress
        .windows(2)
        .position(|w| w[1] < w[0])
        .expect("progress restarts with the retry");
    assert!(
        progress[restart + 1] <= 1 << 20,
        "{}",
        progress[restart + 1]
    );
    assert_eq!(progress.last(), Some(&SIZE));
    assert_eq!(progress.iter().filter(|&&p| p == SIZE).count(), 1);
}
