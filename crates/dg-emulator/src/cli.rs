//! The command line of `dg-emulator` (and of `dg emulator`, which reuses [`Args`] and [`run`]).

use std::fmt;
use std::io::{self, Write as _};
use std::net::SocketAddr;
use std::path::PathBuf;

use serde_json::json;

use crate::config::{DEFAULT_MAX_UPLOAD_BYTES, EmulatorConfig};
use crate::emulator::Emulator;

/// The emulator's command-line options.
#[derive(Clone, clap::Args)]
pub struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: SocketAddr,
    /// Keep projects, members and keys in DIR across restarts (in memory without it).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The owner's API key; one is generated (and printed once) when not given. Prefer the
    /// environment variable: command lines are visible to other users.
    #[arg(
        long,
        value_name = "KEY",
        env = "DG_EMULATOR_ADMIN_KEY",
        hide_env_values = true
    )]
    pub admin_key: Option<String>,
    /// The largest /v1/listen upload accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_UPLOAD_BYTES)]
    pub max_upload_bytes: u64,
    /// How long a live stream may stay silent (no audio, no KeepAlive) before it is closed
    /// with 1011 NET-0001, in milliseconds (Deepgram: about 10 s).
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub live_idle_timeout_ms: u64,
    /// Add the projects, members, keys and invitations of this JSON file at start (kept
    /// when already there). Format: see `crates/dg-emulator/seed.example.json` and
    /// `dg_emulator::Seed`.
    #[arg(long, value_name = "FILE")]
    pub seed: Option<PathBuf>,
    /// How many /v1/listen requests the usage endpoints keep (all projects together); the
    /// oldest are dropped past it.
    #[arg(long, value_name = "N", default_value_t = crate::state::usage::DEFAULT_MAX_RECORDED_REQUESTS)]
    pub max_recorded_requests: usize,
    /// The Whisper model folder for audio without a recorded answer (default:
    /// $DG_EMULATOR_MODEL_DIR, then the cache folder scripts/fetch-model.sh fills).
    #[cfg(feature = "recognizer")]
    #[arg(long, value_name = "DIR")]
    pub model_dir: Option<PathBuf>,
    /// Print one JSON line {"url", "project_id", "owner_key"?, "recognition"} instead of
    /// text.
    #[arg(long)]
    pub json: bool,
}

impl Args {
    /// The emulator configuration these options describe.
    pub fn config(&self) -> EmulatorConfig {
        EmulatorConfig {
            addr: self.addr,
            data_dir: self.data_dir.clone(),
            admin_key: self.admin_key.clone(),
            max_upload_bytes: self.max_upload_bytes,
            live_idle_timeout: std::time::Duration::from_millis(self.live_idle_timeout_ms),
            seed: self.seed.clone(),
            max_recorded_requests: self.max_recorded_requests,
            #[cfg(feature = "recognizer")]
            model_dir: self.model_dir.clone(),
        }
    }
}

impl fmt::Debug for Args {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Args")
            .field("config", &self.config())
            .field("json", &self.json)
            .finish()
    }
}

/// Runs the emulator the options describe until Ctrl-C or SIGTERM.
pub async fn run(args: Args) -> io::Result<()> {
    serve_forever(args.config(), args.json).await
}

/// Starts an emulator, prints where it is to stdout (one JSON line when `json`), and serves
/// until Ctrl-C or SIGTERM.
pub async fn serve_forever(config: EmulatorConfig, json: bool) -> io::Result<()> {
    let emulator = Emulator::start(config).await?;
    // Listening for the stop signals starts before the announcement: whoever reads it may stop
    // the emulator at once, and a signal that comes before its listener exists is lost (the
    // process then never exits).
    let stop = StopSignals::listen()?;
    let mut stdout = io::stdout().lock();
    stdout.write_all(announcement(&emulator, json).as_bytes())?;
    stdout.flush()?;
    drop(stdout);
    let stopped = stop.recv().await;
    emulator.shutdown().await;
    stopped
}

/// What is printed at start: the URL, the project id, only when it was generated the owner
/// key (which is never shown again), and whether audio without a recorded answer gets a real
/// transcript.
fn announcement(emulator: &Emulator, json: bool) -> String {
    let generated_key = emulator
        .owner_key_was_generated()
        .then(|| emulator.owner_key());
    let recognition = emulator.recognition();
    if json {
        let mut line = json!({
            "url": emulator.base_url(),
            "project_id": emulator.project_id(),
            "recognition": recognition.to_json(),
        });
        if let Some(key) = generated_key {
            line["owner_key"] = json!(key);
        }
        return format!("{line}\n");
    }
    let mut text = format!(
        "dg emulator listening on {}\nproject id: {}\nreal recognition: {recognition}\n",
        emulator.base_url(),
        emulator.project_id()
    );
    if let Some(key) = generated_key {
        text.push_str(&format!(
            "owner key: {key}\n  (shown only now; set DG_EMULATOR_ADMIN_KEY to choose your own)\n"
        ));
    }
    text
}

/// Ctrl-C and, on Unix, SIGTERM, listened for from [`StopSignals::listen`] on.
struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn listen() -> io::Result<StopSignals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(StopSignals {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(StopSignals {})
    }

    /// Waits for the first of the signals.
    async fn recv(mut self) -> io::Result<()> {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => {}
                _ = self.terminate.recv() => {}
            }
            Ok(())
        }
        #[cfg(not(unix))]
        tokio::signal::ctrl_c().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn json_announcement_is_one_line_with_the_generated_key() {
        let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
        let line = announcement(&emulator, true);
        assert_eq!(line.lines().count(), 1);
        let parsed: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(parsed["url"], emulator.base_url());
        assert_eq!(parsed["project_id"], emulator.project_id());
        assert_eq!(parsed["owner_key"], emulator.owner_key());
        assert_eq!(parsed["recognition"], emulator.recognition().to_json());
        assert!(parsed["recognition"]["enabled"].is_boolean());
    }

    #[tokio::test]
    async fn a_given_admin_key_is_never_printed() {
        let config = EmulatorConfig {
            admin_key: Some("my-own-admin-key".into()),
            ..EmulatorConfig::default()
        };
        let emulator = Emulator::start(config).await.unwrap();
        for json in [true, false] {
            let printed = announcement(&emulator, json);
            assert!(!printed.contains("my-own-admin-key"), "{printed}");
            assert!(printed.contains(emulator.project_id()));
        }
        let line: serde_json::Value = serde_json::from_str(&announcement(&emulator, true)).unwrap();
        assert!(line.get("owner_key").is_none());
    }
}
