//! `DeepgramClient`: one async method per [`dg_core::Client`] call. The transcription methods
//! are here; the management calls are generated from the core's call table by `dg-gen`
//! (`generated/calls.rs`).
//!
//! The methods run on UniFFI's tokio integration: the core's future is polled from the foreign
//! executor inside a tokio context, so when a Kotlin coroutine or a Swift task is cancelled,
//! UniFFI frees the Rust future, which drops the request and its connection.

use std::sync::Arc;

use dg_core::ListenOptions;

use crate::error::DeepgramError;
use crate::options::{ClientSettings, TranscribeOptions};
use crate::results::ListenResult;

/// A Deepgram client over one connection pool; its methods may run concurrently.
///
/// Its generated `toString`/`description` is the core client's `Debug`, with the
/// credentials redacted.
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Display)]
pub struct DeepgramClient {
    pub(crate) inner: dg_core::Client,
}

impl std::fmt::Display for DeepgramClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeepgramClient({})", self.inner.config().base_url)
    }
}

type Result<T> = std::result::Result<T, DeepgramError>;

#[uniffi::export(async_runtime = "tokio")]
impl DeepgramClient {
    /// A client made from `settings` by the core's rules (see [`ClientSettings`]).
    #[uniffi::constructor(default(settings))]
    pub fn new(settings: ClientSettings) -> Result<Arc<Self>> {
        let config = dg_core::Settings::from(settings).into_config(Some("uniffi".into()))?;
        // reqwest's connector is built without I/O, so no tokio context is needed here.
        let inner = dg_core::Client::with_config(config)?;
        Ok(Arc::new(DeepgramClient { inner }))
    }

    /// The base URL requests go to (always ends with `/`).
    pub fn base_url(&self) -> String {
        self.inner.config().base_url.to_string()
    }

    /// Transcribes audio that Deepgram fetches from `url`.
    #[uniffi::method(default(options = None))]
    pub async fn transcribe_url(
        &self,
        url: String,
        options: Option<TranscribeOptions>,
    ) -> Result<ListenResult> {
        let options = listen_options(options)?;
        self.inner.transcribe_url(&url, &options).await?.try_into()
    }

    /// Transcribes a local file, streamed from disk by the core (never loaded into memory).
    #[uniffi::method(default(options = None))]
    pub async fn transcribe_file(
        &self,
        path: String,
        options: Option<TranscribeOptions>,
    ) -> Result<ListenResult> {
        let options = listen_options(options)?;
        self.inner.transcribe_file(path, &options).await?.try_into()
    }

    /// Transcribes audio in memory; the content type is sniffed unless given.
    #[uniffi::method(default(content_type = None, options = None))]
    pub async fn transcribe_bytes(
        &self,
        audio: Vec<u8>,
        content_type: Option<String>,
        options: Option<TranscribeOptions>,
    ) -> Result<ListenResult> {
        let options = listen_options(options)?;
        self.inner
            .transcribe_bytes(audio, content_type.as_deref(), &options)
            .await?
            .try_into()
    }
}

pub(crate) fn listen_options(options: Option<TranscribeOptions>) -> Result<ListenOptions> {
    options
        .as_ref()
        .map_or_else(|| Ok(ListenOptions::default()), ListenOptions::try_from)
}
