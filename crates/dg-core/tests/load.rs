//! 1,000 concurrent transcriptions through one client: every one succeeds, and neither
//! descriptors nor memory are left behind. (Its own test binary, so nothing else runs in the
//! process while it is measured; the emulator runs in it too, so both sides are measured.)
//!
//! Round 0 warms up: the runtime's workers, the allocator's arenas and the pool's connections
//! come into being. The measured rounds after it repeat the same work; a leak grows the process
//! by about the same amount every round, and a warm process does not.
#![cfg(all(target_os = "linux", target_env = "gnu"))]

mod common;

use std::time::{Duration, Instant};

use common::*;
use dg_core::ListenOptions;
use dg_emulator::{Fault, FaultAction};
use tokio::task::JoinSet;

const CALLS: usize = 1000;
/// Measured rounds after the warm-up one: memory is compared between the first and the last.
const ROUNDS: usize = 2;
/// The emulator holds every request this long before answering, so a round's 1,000 requests
/// are in flight together rather than one after another (a hold, not a deadline: nothing is
/// timed).
const HOLD: Duration = Duration::from_millis(500);
/// Descriptors that may differ between two readings without being a leak: the runtime's own
/// and a socket not closed yet.
const FD_SLACK: usize = 8;
const MIB: usize = 1 << 20;
/// Bytes malloc has handed out and not had back (glibc's `mallinfo2`: every arena, and the
/// blocks it mmaps): the process's live heap, to within a few KiB. It moved by under 0.1 MiB a
/// round here. A leak of 1 KiB a request adds 1 MiB a round; half of that is allowed.
const HEAP_SLACK_PER_ROUND: usize = 512 * 1024;
/// RSS (after `malloc_trim`, which hands free pages back) also holds the allocator's
/// fragmentation, which moved by up to about 1 MiB a round here: 4 MiB plus 2% of the process
/// is well above that and far below what keeping a whole answer (KiBs) per request would add.
const RSS_SLACK: usize = 4 * MIB;
const RSS_SLACK_PERCENT: usize = 2;
/// How long descriptors are given to go back down (sockets close on the runtime's threads).
const SETTLE: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy)]
struct Reading {
    fds: usize,
    heap: usize,
    rss: usize,
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

/// The descriptor count once it is down to `target`, or else stops changing.
async fn settle(target: Option<usize>) -> usize {
    let deadline = Instant::now() + SETTLE;
    let mut count = open_fds();
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let previous = count;
        count = open_fds();
        if count <= target.map_or(previous, |t| t + FD_SLACK) {
            break;
        }
    }
    count
}

async fn read_process(fds: Option<usize>) -> Reading {
    let fds = settle(fds).await;
    // SAFETY: both only read and tidy glibc's own allocator state.
    let info = unsafe {
        libc::malloc_trim(0);
        libc::mallinfo2()
    };
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let rss_kib: usize = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .expect("VmRSS in /proc/self/status");
    Reading {
        fds,
        heap: info.uordblks + info.hblkhd,
        rss: rss_kib * 1024,
    }
}

/// Room for 1,000 connections at each end where the soft limit is the common 1,024.
fn raise_descriptor_limit(wanted: u64) {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is a valid rlimit for the call to fill and then to read.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        if limit.rlim_cur < wanted {
            limit.rlim_cur = wanted.min(limit.rlim_max);
            assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_concurrent_transcriptions_leak_neither_descriptors_nor_memory() {
    raise_descriptor_limit(4 * CALLS as u64);
    let emu = emulator().await;
    let before = open_fds();
    // No retries: a failed request fails the round instead of being hidden.
    let client = client_with(&emu, emu.owner_key(), 0);
    let mut readings: Vec<Reading> = Vec::new();
    // 10 ms of silence, a 364-byte WAV: the emulator answers with its true duration.
    let audio = bytes::Bytes::from([wav_header(320), vec![0; 320]].concat());
    for _ in 0..=ROUNDS {
        emu.inject(Fault {
            count: CALLS as u32,
            path_prefix: Some("/v1/listen".into()),
            action: FaultAction::Delay(HOLD),
        });
        let mut calls = JoinSet::new();
        for _ in 0..CALLS {
            let client = client.clone();
            let audio = audio.clone();
            calls.spawn(async move {
                let answer = client
                    .transcribe_bytes(audio, None, &ListenOptions::default())
                    .await
                    .expect("every call succeeds");
                assert_eq!(answer.duration(), Some(0.01));
                answer.request_id().unwrap().to_owned()
            });
        }
        let ids: std::collections::HashSet<String> = calls.join_all().await.into_iter().collect();
        assert_eq!(ids.len(), CALLS);
        // From the first measured round on, descriptors are expected back at its count.
        let target = readings.get(1).map(|r| r.fds);
        readings.push(read_process(target).await);
    }
    let shown: Vec<String> = readings
        .iter()
        .enumerate()
        .map(|(i, r)| {
            format!(
                "round {i}: fds {}, heap {:.1} MiB, RSS {:.1} MiB",
                r.fds,
                r.heap as f64 / MIB as f64,
                r.rss as f64 / MIB as f64
            )
        })
        .collect();
    println!("rust, 1,000 tasks: {}", shown.join("; "));
    let (first, last) = (readings[1], readings[ROUNDS]);
    for r in &readings[1..] {
        // At most one connection per call in flight at each end, the same ones every round.
        assert!(
            r.fds <= before + 2 * CALLS + FD_SLACK,
            "{r:?}, {before} before"
        );
        assert!(r.fds.abs_diff(first.fds) <= FD_SLACK, "{first:?} -> {r:?}");
    }
    let grown = ROUNDS - 1;
    assert!(
        last.heap.saturating_sub(first.heap) <= grown * HEAP_SLACK_PER_ROUND,
        "{first:?} -> {last:?}"
    );
    assert!(
        last.rss.saturating_sub(first.rss) <= RSS_SLACK + first.rss * RSS_SLACK_PERCENT / 100,
        "{first:?} -> {last:?}"
    );
    // Dropping the client closes its pooled connections, and the emulator's ends with them.
    drop(client);
    let closed = settle(Some(before)).await;
    assert!(
        closed <= before + FD_SLACK,
        "{before} descriptors before the client, {closed} after it"
    );
}
