//! How an emulator is started.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

/// 2 GiB, Deepgram's own limit for a pre-recorded upload.
pub(crate) const DEFAULT_MAX_UPLOAD_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Deepgram's idle timeout of a live stream (`NET-0001`).
pub(crate) const DEFAULT_LIVE_IDLE_TIMEOUT: Duration = Duration::from_secs(10);

/// The settings of an [`Emulator`](crate::Emulator).
#[derive(Clone)]
pub struct EmulatorConfig {
    /// Where to listen; the default `127.0.0.1:0` picks a free port.
    pub addr: SocketAddr,
    /// Where to keep the state across restarts; `None` keeps it in memory.
    pub data_dir: Option<PathBuf>,
    /// The owner's API key secret; `None` generates one at each start.
    pub admin_key: Option<String>,
    /// The largest `/v1/listen` body (or fetched URL) accepted; bigger ones get 413.
    pub max_upload_bytes: u64,
    /// A JSON file of projects, members and keys to add at start (see
    /// [`Seed`](crate::Seed)); what the state already holds is kept.
    pub seed: Option<PathBuf>,
    /// How many requests the usage endpoints keep, all projects together; the oldest are
    /// dropped past it (see the `state::usage` module).
    pub max_recorded_requests: usize,
    /// How long a live stream may go without a frame (audio or a control message) before it
    /// is closed with 1011 `NET-0001`, as Deepgram does after about 10 s.
    pub live_idle_timeout: Duration,
    /// The Whisper model folder that transcribes audio without a recorded answer. `None`
    /// looks in `DG_EMULATOR_MODEL_DIR`, then in the cache folder `scripts/fetch-model.sh`
    /// fills; a folder named here or in that variable must hold a model.
    #[cfg(feature = "recognizer")]
    pub model_dir: Option<PathBuf>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            data_dir: None,
            admin_key: None,
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
            live_idle_timeout: DEFAULT_LIVE_IDLE_TIMEOUT,
            seed: None,
            max_recorded_requests: crate::state::usage::DEFAULT_MAX_RECORDED_REQUESTS,
            #[cfg(feature = "recognizer")]
            model_dir: None,
        }
    }
}

impl fmt::Debug for EmulatorConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("EmulatorConfig");
        debug
            .field("addr", &self.addr)
            .field("data_dir", &self.data_dir)
            .field("admin_key", &self.admin_key.as_ref().map(|_| "[redacted]"))
            .field("max_upload_bytes", &self.max_upload_bytes)
            .field("live_idle_timeout", &self.live_idle_timeout)
            .field("seed", &self.seed)
            .field("max_recorded_requests", &self.max_recorded_requests);
        #[cfg(feature = "recognizer")]
        debug.field("model_dir", &self.model_dir);
        debug.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_admin_key() {
        let config = EmulatorConfig {
            admin_key: Some("0123456789abcdef-secret".into()),
            ..EmulatorConfig::default()
        };
        let shown = format!("{config:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("[redacted]"));
    }
}
