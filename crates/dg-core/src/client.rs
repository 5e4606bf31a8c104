//! The async client: transcription and key management over one connection pool.

use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use http::Method;
use tokio::io::AsyncRead;

use crate::config::ClientConfig;
use crate::error::{Error, Result};
use crate::key_request::{CreateKeyRequest, KeyStatus};
use crate::models::{
    CreatedKey, DeleteKeyResponse, GrantedToken, KeyList, KeyWithMember, ListenResponse, Project,
    ProjectList,
};
use crate::options::ListenOptions;
use crate::request;
use crate::secret::Secret;
use crate::source::{Audio, ByteStream, ProgressFn, Source};
use crate::transport::{Answer, Payload, RetryClass, Transport};

mod management;
mod pages;

pub use pages::RequestPages;

/// A Deepgram client. Cheap to clone (clones share the connection pool); `Send + Sync`.
///
/// Every method validates its input before sending anything. Dropping a returned future
/// cancels the request.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: ClientConfig,
    transport: Transport,
}

impl Client {
    /// A client for the production API with this API key.
    pub fn new(api_key: impl Into<Secret>) -> Result<Client> {
        Client::with_config(ClientConfig::builder().api_key(api_key).build()?)
    }

    /// A client configured from the environment (`DEEPGRAM_ACCESS_TOKEN` or `DEEPGRAM_API_KEY`).
    pub fn from_env() -> Result<Client> {
        Client::with_config(ClientConfig::builder().build()?)
    }

    /// A client with a full configuration (see [`ClientConfig::builder`]).
    pub fn with_config(config: ClientConfig) -> Result<Client> {
        let transport = Transport::new(&config)?;
        Ok(Client {
            inner: Arc::new(Inner { config, transport }),
        })
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// Closes this client and every clone of it: any later call fails with [`Error::Closed`]
    /// before anything is sent. Calls and live streams already under way finish; the pooled
    /// connections close once they have.
    pub fn close(&self) {
        self.inner.transport.close();
    }

    /// Whether [`Client::close`] was called.
    pub fn is_closed(&self) -> bool {
        self.inner.transport.is_closed()
    }

    /// [`Error::Closed`] once the client is closed.
    fn check_open(&self) -> Result<()> {
        match self.is_closed() {
            true => Err(Error::Closed { what: "client" }),
            false => Ok(()),
        }
    }

    /// How the client shows itself: its base URL and kind of credentials (never the
    /// credentials), or that it is closed.
    pub fn describe(&self) -> String {
        match self.is_closed() {
            true => "closed".to_owned(),
            false => self.inner.config.describe(),
        }
    }

    /// Transcribes audio that Deepgram fetches from `url`.
    pub async fn transcribe_url(
        &self,
        url: &str,
        options: &ListenOptions,
    ) -> Result<ListenResponse> {
        self.transcribe(Source::Url(url.to_owned()), options).await
    }

    /// Transcribes a local file, streamed from disk in large reads with its `Content-Length`
    /// and a content type sniffed from its first bytes. A file that cannot be opened or read
    /// fails with [`Error::Io`] naming it; retried attempts resend it from the start.
    pub async fn transcribe_file(
        &self,
        path: impl AsRef<Path>,
        options: &ListenOptions,
    ) -> Result<ListenResponse> {
        self.transcribe(Source::File(path.as_ref().into()), options)
            .await
    }

    /// [`Client::transcribe_file`], calling `progress(sent, total)` as the upload advances.
    pub async fn transcribe_file_with_progress(
        &self,
        path: impl AsRef<Path>,
        options: &ListenOptions,
        progress: Option<ProgressFn>,
    ) -> Result<ListenResponse> {
        let answer = self
            .listen(Source::File(path.as_ref().into()), options, progress)
            .await?;
        self.decode_listen(&answer)
    }

    /// Transcribes audio held in memory. The content type is sniffed unless given.
    pub async fn transcribe_bytes(
        &self,
        audio: impl Into<Bytes>,
        content_type: Option<&str>,
        options: &ListenOptions,
    ) -> Result<ListenResponse> {
        let source = Source::Bytes {
            data: audio.into(),
            content_type: content_type.map(str::to_owned),
        };
        self.transcribe(source, options).await
    }

    /// Transcribes a stream of audio chunks, sent as they come (never collected whole). With
    /// `len` the request carries a `Content-Length` and a stream that ends early or runs long
    /// fails rather than sending a short body; without it the body is sent chunked. A stream
    /// is sent once: it is never retried.
    pub async fn transcribe_stream(
        &self,
        stream: ByteStream,
        len: Option<u64>,
        content_type: Option<&str>,
        options: &ListenOptions,
    ) -> Result<ListenResponse> {
        let source = Source::Stream {
            stream,
            len,
            content_type: content_type.map(str::to_owned),
        };
        self.transcribe(source, options).await
    }

    /// Transcribes everything `reader` yields, read in large chunks (see
    /// [`Client::transcribe_stream`]).
    pub async fn transcribe_reader(
        &self,
        reader: impl AsyncRead + Send + 'static,
        len: Option<u64>,
        content_type: Option<&str>,
        options: &ListenOptions,
    ) -> Result<ListenResponse> {
        let stream = tokio_util::io::ReaderStream::with_capacity(reader, crate::source::FILE_CHUNK);
        self.transcribe_stream(Box::pin(stream), len, content_type, options)
            .await
    }

    /// Transcribes any [`Source`] into the typed response.
    pub async fn transcribe(
        &self,
        source: Source,
        options: &ListenOptions,
    ) -> Result<ListenResponse> {
        self.decode_listen(&self.listen(source, options, None).await?)
    }

    /// Transcribes any [`Source`] and returns the answer's JSON body as received, undecoded:
    /// for bindings whose runtime parses JSON natively faster than it can build objects from
    /// Rust (the body is exactly what the API sent, unknown fields included).
    pub async fn transcribe_raw(
        &self,
        source: Source,
        options: &ListenOptions,
        progress: Option<ProgressFn>,
    ) -> Result<Bytes> {
        Ok(self.listen(source, options, progress).await?.body)
    }

    async fn listen(
        &self,
        source: Source,
        options: &ListenOptions,
        progress: Option<ProgressFn>,
    ) -> Result<Answer> {
        let endpoint = request::listen_url(&self.inner.config.base_url, options)?;
        let audio = match source {
            Source::Url(url) => {
                let body = request::url_body(&url)?;
                return self
                    .send(
                        Method::POST,
                        endpoint,
                        Payload::Json(body),
                        RetryClass::Replayable,
                    )
                    .await;
            }
            Source::File(file) => Audio::file(file).await?,
            Source::Bytes { data, content_type } => Audio::bytes(data, content_type.as_deref())?,
            Source::Stream {
                stream,
                len,
                content_type,
            } => Audio::stream(stream, len, content_type.as_deref()),
        };
        self.send(
            Method::POST,
            endpoint,
            Payload::Audio(&audio, progress),
            RetryClass::Replayable,
        )
        .await
    }

    /// Opens a live stream (`wss://…/v1/listen`) with these options (the live-only ones, such
    /// as `interim_results`, included): see [`crate::live`]. A refused upgrade is the same
    /// typed error as a refused REST request.
    pub async fn listen_live(
        &self,
        options: &ListenOptions,
        config: crate::LiveConfig,
    ) -> Result<crate::LiveSession> {
        let url = request::live_url(&self.inner.config.base_url, options)?;
        self.open_live(url, options.into(), config, crate::live::Protocol::Listen)
            .await
    }

    /// Opens a Flux stream (`wss://…/v2/listen`, turn-based): the same
    /// [`LiveSession`](crate::LiveSession), whose events are `Connected`, `TurnInfo` and the
    /// answers to [`LiveSession::configure`](crate::LiveSession::configure). Keep-alive sends
    /// WebSocket pings (Flux has no `KeepAlive` message). With reconnection, the audio no
    /// `EndOfTurn` covers is sent again and turn numbers and times run on.
    pub async fn listen_flux(
        &self,
        options: &crate::options::FluxOptions,
        config: crate::LiveConfig,
    ) -> Result<crate::LiveSession> {
        let url = request::flux_url(&self.inner.config.base_url, options)?;
        self.open_live(url, options.into(), config, crate::live::Protocol::Flux)
            .await
    }

    /// Opens the stream `request` names: [`Client::listen_live`] or [`Client::listen_flux`],
    /// for a binding that reads either from its caller's arguments.
    pub async fn open_stream(
        &self,
        request: &crate::live::LiveRequest,
        config: crate::LiveConfig,
    ) -> Result<crate::LiveSession> {
        match request {
            crate::live::LiveRequest::Listen(options) => self.listen_live(options, config).await,
            crate::live::LiveRequest::Flux(options) => self.listen_flux(options, config).await,
        }
    }

    async fn open_live(
        &self,
        url: url::Url,
        format: crate::live::AudioFormat,
        config: crate::LiveConfig,
        protocol: crate::live::Protocol,
    ) -> Result<crate::LiveSession> {
        self.check_open()?;
        let (socket, request_id) =
            crate::live::connect(&self.inner.config, &url, config.subprotocol_auth).await?;
        let resume = config.reconnect.clone().map(|policy| crate::live::Resume {
            config: self.inner.config.clone(),
            url,
            subprotocol_auth: config.subprotocol_auth,
            policy,
        });
        Ok(crate::LiveSession::start(
            socket, request_id, format, &config, protocol, resume,
        ))
    }

    /// The projects these credentials can see.
    pub async fn list_projects(&self) -> Result<Vec<Project>> {
        let url = request::projects_url(&self.inner.config.base_url)?;
        let list: ProjectList = self.get(url).await?;
        Ok(list.projects)
    }

    /// Creates an API key and returns it with its secret, which the API shows only this once.
    ///
    /// Never retried once the request may have reached the server (only connection failures
    /// before sending, and 429s, are retried), so a retry cannot create a second key. If the
    /// key was created but its answer cannot be decoded, the error
    /// ([`Error::KeyCreatedUndecodable`]) keeps the raw answer so the secret is not lost.
    ///
    /// When the connection fails, times out or the server fails (5xx), the error's message
    /// says whether the key may have been created anyway (see [`Error::request_sent`]).
    pub async fn create_key(&self, project_id: &str, key: &CreateKeyRequest) -> Result<CreatedKey> {
        let url = request::keys_url(&self.inner.config.base_url, project_id, None)?;
        let body = Bytes::from(key.to_json()?);
        let answer = self
            .send(
                Method::POST,
                url,
                Payload::Json(body),
                RetryClass::NotIdempotent,
            )
            .await
            .map_err(note_key_outcome)?;
        serde_json::from_slice::<CreatedKey>(&answer.body).map_err(|e| {
            Error::KeyCreatedUndecodable {
                // Only the class and position: serde's own text quotes values from the
                // answer, which here may be the secret.
                message: format!(
                    "{:?} error at line {} column {}",
                    e.classify(),
                    e.line(),
                    e.column()
                ),
                raw: Secret::new(String::from_utf8_lossy(&answer.body)),
            }
        })
    }

    /// The keys of a project (never their secrets), optionally only active or expired ones.
    pub async fn list_keys(
        &self,
        project_id: &str,
        status: Option<KeyStatus>,
    ) -> Result<Vec<KeyWithMember>> {
        let url = request::keys_url(&self.inner.config.base_url, project_id, status)?;
        let list: KeyList = self.get(url).await?;
        Ok(list.api_keys)
    }

    /// One key and its member (never its secret).
    pub async fn get_key(&self, project_id: &str, key_id: &str) -> Result<KeyWithMember> {
        let url = request::key_url(&self.inner.config.base_url, project_id, key_id)?;
        self.get(url).await
    }

    /// Deletes a key; returns the API's message.
    pub async fn delete_key(&self, project_id: &str, key_id: &str) -> Result<DeleteKeyResponse> {
        let url = request::key_url(&self.inner.config.base_url, project_id, key_id)?;
        let answer = self
            .send(Method::DELETE, url, Payload::Empty, RetryClass::Replayable)
            .await?;
        self.decode(&answer)
    }

    /// A temporary token (`Bearer`, for `/v1/listen` only) that lives `ttl_seconds` (1..=3600,
    /// the API's default of 30 when `None`).
    pub async fn grant_token(&self, ttl_seconds: Option<u32>) -> Result<GrantedToken> {
        let (url, body) = request::grant_request(&self.inner.config.base_url, ttl_seconds)?;
        // A token is cheap and harmless to mint twice, so this POST may be retried.
        let answer = self
            .send(
                Method::POST,
                url,
                Payload::Json(body),
                RetryClass::Replayable,
            )
            .await?;
        self.decode(&answer)
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, url: url::Url) -> Result<T> {
        let answer = self
            .send(Method::GET, url, Payload::Empty, RetryClass::Replayable)
            .await?;
        self.decode(&answer)
    }

    fn decode<T: serde::de::DeserializeOwned>(&self, answer: &Answer) -> Result<T> {
        self.inner
            .transport
            .decode(answer, |body| serde_json::from_slice(body))
    }

    fn decode_listen(&self, answer: &Answer) -> Result<ListenResponse> {
        self.inner
            .transport
            .decode(answer, crate::models::parse_listen)
    }

    async fn send(
        &self,
        method: Method,
        url: url::Url,
        payload: Payload<'_>,
        class: RetryClass,
    ) -> Result<Answer> {
        self.inner.transport.send(method, url, payload, class).await
    }
}

/// Says in a failed key creation's message whether the key may exist, so that every caller
/// (and every binding) tells its user whether creating it again could make a second key.
fn note_key_outcome(err: Error) -> Error {
    let note = match err.request_sent() {
        true => {
            "the key may have been created anyway: list the project's keys before creating another"
        }
        false => "the key was not created",
    };
    match err {
        Error::Network {
            message,
            request_sent,
            source,
        } => Error::Network {
            message: format!("{message}; {note}"),
            request_sent,
            source,
        },
        Error::Timeout {
            message,
            request_sent,
        } => Error::Timeout {
            message: format!("{message}; {note}"),
            request_sent,
        },
        Error::Api(mut e) if e.status >= 500 => {
            e.message = format!("{}; {note}", e.message);
            Error::Api(e)
        }
        other => other,
    }
}
