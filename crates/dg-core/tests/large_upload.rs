//! A 1 GiB file is streamed: the process's peak memory does not grow with the file.
//! (Its own test binary, so no other test allocates while the peak is measured.)

mod common;

use std::io::Write;

use common::*;
use dg_core::ListenOptions;

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_gib_sparse_file_streams_in_flat_memory() {
    const SIZE: u64 = 1 << 30;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.wav");
    let mut f = std::fs::File::create(&path).unwrap();
    // A WAV header, then a sparse hole of silence.
    let data_len = (SIZE - 44) as u32;
    f.write_all(&wav_header(data_len)).unwrap();
    f.set_len(SIZE).unwrap();
    drop(f);

    let emu = emulator().await;
    let c = client(&emu);
    // Warm up the pools so their one-off allocations are not counted.
    c.transcribe_file(fixture("preamble-rest.wav"), &ListenOptions::default())
        .await
        .unwrap();
    std::fs::write("/proc/self/clear_refs", "5").expect("reset the peak RSS (Linux)");
    let base = status_kib("VmHWM:");
    let audio_before = emu.stats().audio_bytes_received;

    let r = c
        .transcribe_file(&path, &ListenOptions::default())
        .await
        .unwrap();
    let grown_mib = (status_kib("VmHWM:") - base) / 1024;
    assert_eq!(emu.stats().audio_bytes_received - audio_before, SIZE);
    assert!((r.duration().unwrap() - (SIZE - 44) as f64 / 32_000.0).abs() < 0.01);
    // Client and emulator share this process: both must stream.
    assert!(
        grown_mib < 30,
        "peak RSS grew by {grown_mib} MiB for a 1 GiB upload"
    );
}
