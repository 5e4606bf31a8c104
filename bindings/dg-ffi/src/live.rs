//! Live streaming: `DeepgramClient.listenLive(options)` (`/v1/listen`) and
//! `listenFlux(options)` (Flux, `/v2/listen`) open dg-core's [`dg_core::LiveSession`], and the
//! [`LiveSession`] object maps it and nothing more: the send buffer, keep-alive, parsing and
//! closing are the core's.
//!
//! - `send(audio)` suspends while the core's bounded send buffer is full (backpressure);
//!   `finalize()`, `configure(...)` (Flux) and `closeStream()` (`CloseStream` after the audio
//!   already queued) go out in order after it.
//! - `stream(path, speed)` and `streamBytes(audio, speed)` send a recorded file or audio in
//!   memory through the core's `send_source`, paced at `speed` times real time (or as fast as
//!   the server takes it when `speed` is `null`/`nil`), and return the bytes sent.
//! - `nextEvent()` is the next [`LiveEvent`], `null` once the server closed the stream
//!   normally, a typed `DeepgramException` when it closed otherwise or the connection broke.
//! - `abort()` closes the socket at once, without waiting for results; so does freeing the
//!   object (Kotlin's `close()`/`use {}`, Swift's deinit). Cancelling a `nextEvent()` or
//!   `send()` only drops that call (UniFFI frees its future): Kotlin's `events` flow (in
//!   `Live.kt`) calls `abort()` when its collector is cancelled.

use std::sync::Arc;

use dg_core::Source;
use dg_core::live::{Pace, SharedSession, send_source};
use dg_core::options::Spelling;
use dg_core::{LiveConfig, LiveSettings as CoreSettings};

use crate::client::{DeepgramClient, listen_options};
use crate::error::DeepgramError;
use crate::models::{
    ConfigureFailure, ConfigureSuccess, FluxConnected, ListenMetadata, SpeechStarted, StreamError,
    StreamingResult, TurnInfo, UtteranceEnd,
};
use crate::options::{FluxConfigure, FluxOptions, TranscribeOptions};

type Result<T> = std::result::Result<T, DeepgramError>;

include!("generated/live_settings.rs");

/// The session's config from `settings`, through the core's reader and checks (a `Config`
/// error naming the setting at fault).
fn live_config(settings: Option<LiveSettings>) -> Result<LiveConfig> {
    let value = settings.unwrap_or_default().to_value();
    Ok(CoreSettings::config_from(Some(value), Spelling::Snake)?)
}

include!("generated/events.rs");

/// An open live stream (from `listenLive` or `listenFlux`). Its methods may be called from
/// different coroutines or tasks: sending while another reads the events is the normal use.
/// Freeing it (Kotlin's `close()`, Swift's deinit) closes the socket at once.
///
/// Its generated `toString`/`description` names the stream by its request id (never the
/// credentials it was opened with).
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Display)]
pub struct LiveSession(SharedSession);

impl std::fmt::Display for LiveSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "LiveSession({})",
            self.0.request_id().unwrap_or("no request id")
        )
    }
}

impl LiveSession {
    fn new(session: dg_core::LiveSession) -> Arc<Self> {
        Arc::new(LiveSession(session.into()))
    }

    /// Sends `source` through the core's `send_source`, at `speed` times real time or as
    /// fast as the server takes it (`None`); the bytes sent.
    async fn send_paced(&self, source: Source, speed: Option<f64>) -> Result<u64> {
        let pace = speed.map_or(Pace::Max, Pace::Speed);
        Ok(send_source(self.0.sender(), source, self.0.format().clone(), pace).await?)
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl LiveSession {
    /// The stream's request id (`dg-request-id` of the upgrade).
    pub fn request_id(&self) -> Option<String> {
        self.0.request_id().map(str::to_owned)
    }

    /// Sends a chunk of audio; suspends while the send buffer is full. An empty chunk is
    /// skipped. Fails with `InvalidOptions` once the stream is closed or aborted.
    pub async fn send(&self, audio: Vec<u8>) -> Result<()> {
        Ok(self.0.sender().send(audio).await?)
    }

    /// Streams the audio file at `path` (read from disk as it goes, never loaded whole) at
    /// `speed` times real time (1.0: as a microphone would), or as fast as the server takes
    /// it when `speed` is `null`/`nil`; returns the bytes sent. The stream stays open: call
    /// `closeStream()` after it for the last results. Pacing needs the audio's byte rate
    /// (a WAV header, or the stream's `encoding` and `sample_rate`); without it, or with a
    /// speed that is not a positive number, it fails with `InvalidOptions`.
    #[uniffi::method(default(speed = None))]
    pub async fn stream(&self, path: String, speed: Option<f64>) -> Result<u64> {
        self.send_paced(Source::File(path.into()), speed).await
    }

    /// Streams audio in memory as `stream(path, speed)` streams a file; returns the bytes
    /// sent.
    #[uniffi::method(default(speed = None))]
    pub async fn stream_bytes(&self, audio: Vec<u8>, speed: Option<f64>) -> Result<u64> {
        let source = Source::Bytes {
            data: audio.into(),
            content_type: None,
        };
        self.send_paced(source, speed).await
    }

    /// Asks for the results of all audio so far (`Finalize`), after the audio already queued.
    /// Not on Flux (`InvalidOptions`, nothing sent).
    pub async fn finalize(&self) -> Result<()> {
        Ok(self.0.sender().finalize().await?)
    }

    /// Changes a Flux stream's settings (`Configure`), checked before it is sent; the server
    /// answers with a `ConfigureSuccess` or `ConfigureFailure` event. Not on `/v1/listen`.
    pub async fn configure(&self, configure: FluxConfigure) -> Result<()> {
        let configure = dg_core::FluxConfigure::try_from(&configure)?;
        Ok(self.0.sender().configure(&configure).await?)
    }

    /// Sends `CloseStream` after the audio already queued, and returns: keep reading events
    /// for the remaining results and `Metadata`; they end when the server closes. (Not named
    /// `close`: Kotlin's `close()` is the object's `AutoCloseable.close`, which frees it and
    /// so closes the socket at once.)
    pub async fn close_stream(&self) -> Result<()> {
        Ok(self.0.sender().close().await?)
    }

    /// Closes the socket at once, without waiting for results. Events already received are
    /// still read, then they end; later sends fail.
    pub fn abort(&self) {
        self.0.sender().abort();
    }

    /// The next event; `null`/`nil` once the server closed the stream normally (or after
    /// `abort()`). A close with another code, or a broken connection, is a typed error.
    pub async fn next_event(&self) -> Result<Option<LiveEvent>> {
        match self.0.next_event().await {
            Some(Ok(event)) => Ok(Some(event.into())),
            Some(Err(error)) => Err(error.into()),
            None => Ok(None),
        }
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl DeepgramClient {
    /// Opens a live stream (`wss://…/v1/listen`) with the transcription options (the live-only
    /// ones, `interim_results`, `endpointing`, ..., allowed). The options are checked before
    /// connecting, then the `settings` (a `Config` error naming the one at fault). Keep-alive
    /// is on unless the settings turn it off: a pause in the audio does not end the stream.
    /// With `reconnect`, a dropped stream is picked up (a `Reconnected` event).
    #[uniffi::method(default(options = None, settings = None))]
    pub async fn listen_live(
        &self,
        options: Option<TranscribeOptions>,
        settings: Option<LiveSettings>,
    ) -> Result<Arc<LiveSession>> {
        let options = listen_options(options)?;
        let config = live_config(settings)?;
        let session = self.inner.listen_live(&options, config).await?;
        Ok(LiveSession::new(session))
    }

    /// Opens a Flux stream (`wss://…/v2/listen`, turn-based; `model` is required). The options
    /// are checked before connecting. Its events are `Connected`, `TurnInfo` and the answers
    /// to `configure()`. The `settings` as for `listenLive` (`reconnect` is `/v1/listen`'s).
    #[uniffi::method(default(settings = None))]
    pub async fn listen_flux(
        &self,
        options: FluxOptions,
        settings: Option<LiveSettings>,
    ) -> Result<Arc<LiveSession>> {
        let options = dg_core::FluxOptions::try_from(&options)?;
        let config = live_config(settings)?;
        let session = self.inner.listen_flux(&options, config).await?;
        Ok(LiveSession::new(session))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_event_becomes_its_variant_and_unknown_ones_keep_their_json() {
        let parse = |text: &str| LiveEvent::from(dg_core::LiveEvent::parse(text));
        match parse(
            r#"{"type":"Results","channel_index":[0,1],"duration":1.0,"start":0.0,"is_final":true,"channel":{"alternatives":[{"transcript":"hi","confidence":0.9,"words":[]}]}}"#,
        ) {
            LiveEvent::Results { result } => {
                assert_eq!(result.is_final, Some(true));
                assert_eq!(result.channel.alternatives[0].transcript, "hi");
            }
            other => panic!("{other:?}"),
        }
        match parse(
            r#"{"type":"TurnInfo","event":"EndOfTurn","transcript":"Hello.","words":[{"word":"Hello.","confidence":0.9}],"x_new":1}"#,
        ) {
            LiveEvent::TurnInfo { turn } => {
                assert_eq!(
                    (turn.event.as_str(), turn.transcript.as_str()),
                    ("EndOfTurn", "Hello.")
                );
                assert_eq!(turn.other_json.as_deref(), Some(r#"{"x_new":1}"#));
            }
            other => panic!("{other:?}"),
        }
        match parse(r#"{"type":"Brand-New","x":1}"#) {
            LiveEvent::Unknown { json } => {
                let v: serde_json::Value = serde_json::from_str(&json).unwrap();
                assert_eq!(v, serde_json::json!({"type":"Brand-New","x":1}));
            }
            other => panic!("{other:?}"),
        }
        let reconnected = dg_core::LiveEvent::Reconnected {
            attempt: 1,
            request_id: None,
            replayed_seconds: 0.5,
        };
        assert!(matches!(
            LiveEvent::from(reconnected),
            LiveEvent::Reconnected { attempt: 1, request_id: None, replayed_seconds } if replayed_seconds == 0.5
        ));
    }

    #[test]
    fn settings_go_through_the_cores_checks() {
        let config = live_config(Some(LiveSettings {
            keep_alive_ms: Some(0),
            reconnect: Some(true),
            replay_seconds: Some(5.0),
            ..Default::default()
        }))
        .unwrap();
        assert_eq!(config.keep_alive, None);
        assert_eq!(config.reconnect.unwrap().replay_seconds, 5.0);
        assert!(live_config(None).unwrap().reconnect.is_none());
        for (settings, option) in [
            (
                LiveSettings {
                    keep_alive_ms: Some(20_000),
                    ..Default::default()
                },
                "keepAliveMs",
            ),
            (
                LiveSettings {
                    replay_seconds: Some(5.0),
                    ..Default::default()
                },
                "replaySeconds",
            ),
        ] {
            match live_config(Some(settings)) {
                Err(DeepgramError::Config { option: got, .. }) => {
                    assert_eq!(got.as_deref(), Some(option))
                }
                other => panic!("{other:?}"),
            }
        }
    }
}
