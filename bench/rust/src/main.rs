//! dg-core's runner for the shared benchmark harness (`../shared/bench`, "Runner protocol" in
//! its README): `dg-bench-runner seq N | conc N C | big | upload PATH | upload-stream PATH |
//! keys N`, pointed at `DG_BENCH_URL`, printing one JSON line; and `live SECONDS` and
//! `realtime SESSIONS SECONDS` (not in the harness yet: `bench/live.sh` runs them against the
//! emulator; the second as `bench/live-peers/realtime.rs` says), and `phrases PATH RATE
//! CHANNELS` (`bench/live-recognizer.sh`: see [`phrases`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

mod phrases;
#[path = "../../live-peers/realtime.rs"]
mod realtime;

use dg_core::key_request::CreateKeyRequest;
use dg_core::live::{Pace, send_reader};
use dg_core::{Client, ClientConfig, ListenOptions};

const PEER: &str = "dg-rust";

struct Bench {
    client: Client,
    options: ListenOptions,
    audio_url: String,
    project: String,
}

impl Bench {
    async fn url(&self) -> Result<usize, String> {
        let r = self
            .client
            .transcribe_url(&self.audio_url, &self.options)
            .await
            .map_err(|e| e.to_string())?;
        Ok(r.words().len())
    }

    async fn file(&self, path: &str) -> Result<usize, String> {
        let r = self
            .client
            .transcribe_file(path, &self.options)
            .await
            .map_err(|e| e.to_string())?;
        Ok(r.words().len())
    }

    /// Streams `seconds` of 16 kHz linear16 silence live, as fast as the server takes it;
    /// the number of final results.
    async fn live(&self, seconds: usize) -> Result<usize, String> {
        let options = self.live_options();
        let mut session = self
            .client
            .listen_live(&options, dg_core::LiveConfig::default())
            .await
            .map_err(|e| e.to_string())?;
        let sender = session.sender();
        let audio = tokio::io::AsyncReadExt::take(tokio::io::repeat(0), seconds as u64 * 32_000);
        let feeding = tokio::spawn(async move {
            let sent = send_reader(&sender, audio, &options, Pace::Max).await;
            sent.and(sender.close().await)
        });
        let mut finals = 0;
        while let Some(event) = session.next_event().await {
            if event
                .map_err(|e| e.to_string())?
                .final_transcript()
                .is_some()
            {
                finals += 1;
            }
        }
        feeding
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
        Ok(finals)
    }

    fn live_options(&self) -> ListenOptions {
        ListenOptions {
            encoding: Some(dg_core::options::Encoding::Linear16),
            sample_rate: Some(16_000),
            ..self.options.clone()
        }
    }

    /// One session of `realtime`: `index` of `sessions`, `seconds` of audio at real-time pace.
    async fn realtime_session(
        &self,
        index: usize,
        sessions: usize,
        seconds: usize,
        gate: &realtime::Gate,
    ) -> Result<(Vec<Instant>, realtime::Finals), String> {
        let mut session = self
            .client
            .listen_live(&self.live_options(), dg_core::LiveConfig::default())
            .await
            .map_err(|e| e.to_string())?;
        let sender = session.sender();
        let start = gate.opened().await;
        let feeding = tokio::spawn(async move {
            let sent = realtime::pace(index, sessions, seconds, start, |audio| {
                let sender = &sender;
                async move { sender.send(audio).await.map_err(|e| e.to_string()) }
            })
            .await?;
            sender.close().await.map_err(|e| e.to_string())?;
            Ok::<_, String>(sent)
        });
        let mut finals = realtime::Finals::default();
        while let Some(event) = session.next_event().await {
            // `final_transcript()`: a final result with a best alternative.
            if let dg_core::LiveEvent::Results(r) = event.map_err(|e| e.to_string())? {
                if r.is_final == Some(true) && r.transcript().is_some() {
                    finals.push(r.start, r.duration);
                }
            }
        }
        let sent = feeding.await.map_err(|e| e.to_string())??;
        Ok((sent, finals))
    }

    async fn key(&self, i: usize) -> Result<usize, String> {
        let req = CreateKeyRequest {
            comment: format!("bench key {i}"),
            scopes: vec!["usage:read".into()],
            ..Default::default()
        };
        let key = self
            .client
            .create_key(&self.project, &req)
            .await
            .map_err(|e| e.to_string())?;
        if key.key.is_empty() {
            return Err("the created key has no secret".into());
        }
        Ok(0)
    }
}

fn fail(workload: &str, err: &str) -> ! {
    println!(
        "{}",
        serde_json::json!({"peer": PEER, "workload": workload, "ok": false, "error": err})
    );
    std::process::exit(1)
}

fn usage() -> ! {
    eprintln!(
        "usage: dg-bench-runner seq N | conc N C | big | upload PATH | upload-stream PATH | keys N | live SECONDS | realtime SESSIONS SECONDS | phrases PATH RATE CHANNELS"
    );
    std::process::exit(2)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize| -> usize {
        args.get(i)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| usage())
    };
    let var = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_owned());
    let config = ClientConfig::builder()
        .base_url(var("DG_BENCH_URL", "http://127.0.0.1:18300"))
        .api_key(var("DG_BENCH_KEY", "bench-secret-key"))
        .build()
        .unwrap_or_else(|e| fail("setup", &e.to_string()));
    let bench = Arc::new(Bench {
        client: Client::with_config(config).unwrap_or_else(|e| fail("setup", &e.to_string())),
        options: ListenOptions {
            model: Some("nova-3".parse().expect("model")),
            smart_format: Some(true),
            ..Default::default()
        },
        audio_url: var("DG_BENCH_AUDIO_URL", "https://dpgr.am/spacewalk.wav"),
        project: var("DG_BENCH_PROJECT", "3e7b4a1c-5d2f-4c8e-9a6b-1f0d2c3b4a59"),
    });
    let workload = args
        .first()
        .map(String::as_str)
        .unwrap_or_else(|| usage())
        .to_owned();
    let t = Instant::now();
    let (n, conc, words) = match workload.as_str() {
        "seq" => {
            let mut words = 0;
            for _ in 0..num(1) {
                words = bench.url().await.unwrap_or_else(|e| fail("seq", &e));
            }
            (num(1), 1, words)
        }
        "conc" => {
            let (n, c) = (num(1), num(2));
            let next = Arc::new(AtomicUsize::new(0));
            let tasks: Vec<_> = (0..c.max(1))
                .map(|_| {
                    let (bench, next) = (bench.clone(), next.clone());
                    tokio::spawn(async move {
                        let mut words = 0;
                        while next.fetch_add(1, Ordering::Relaxed) < n {
                            words = bench.url().await?;
                        }
                        Ok::<usize, String>(words)
                    })
                })
                .collect();
            let mut words = 0;
            for t in tasks {
                match t.await {
                    Ok(Ok(w)) => words = words.max(w),
                    Ok(Err(e)) => fail("conc", &e),
                    Err(e) => fail("conc", &e.to_string()),
                }
            }
            (n, c, words)
        }
        "big" => (1, 1, bench.url().await.unwrap_or_else(|e| fail("big", &e))),
        "upload" => {
            let path = args.get(1).unwrap_or_else(|| usage());
            (
                1,
                1,
                bench
                    .file(path)
                    .await
                    .unwrap_or_else(|e| fail("upload", &e)),
            )
        }
        "upload-stream" => {
            println!(
                "{}",
                serde_json::json!({"peer": PEER, "workload": "upload-stream", "ok": true, "skip": "same as upload (dg streams files)"})
            );
            return;
        }
        "live" => (
            1,
            1,
            bench
                .live(num(1))
                .await
                .unwrap_or_else(|e| fail("live", &e)),
        ),
        "realtime" => {
            let (sessions, seconds) = (num(1), num(2));
            let gate = Arc::new(realtime::Gate::new(sessions));
            let tasks: Vec<_> = (0..sessions)
                .map(|i| {
                    let (bench, gate) = (bench.clone(), gate.clone());
                    tokio::spawn(async move {
                        bench.realtime_session(i, sessions, seconds, &gate).await
                    })
                })
                .collect();
            let mut results = Vec::with_capacity(sessions);
            for task in tasks {
                match task.await {
                    Ok(Ok(r)) => results.push(r),
                    Ok(Err(e)) => fail("realtime", &e),
                    Err(e) => fail("realtime", &e.to_string()),
                }
            }
            realtime::report(PEER, t.elapsed(), &results);
            return;
        }
        "phrases" => {
            let path = args.get(1).unwrap_or_else(|| usage());
            let (rate, channels) = (num(2) as u32, num(3) as u32);
            phrases::run(&bench.client, &bench.options, path, rate, channels)
                .await
                .unwrap_or_else(|e| fail("phrases", &e));
            return;
        }
        "keys" => {
            for i in 0..num(1) {
                bench.key(i).await.unwrap_or_else(|e| fail("keys", &e));
            }
            (num(1), 1, 0)
        }
        _ => usage(),
    };
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({"peer": PEER, "workload": workload, "n": n, "concurrency": conc, "elapsed_s": secs, "rps": n as f64 / secs, "words": words, "ok": true})
    );
}
