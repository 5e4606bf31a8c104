//! A blocking facade over [`crate::Client`] for callers without an async runtime.

use std::path::Path;

use bytes::Bytes;

use crate::config::ClientConfig;
use crate::error::{Error, Result};
use crate::key_request::{CreateKeyRequest, KeyStatus};
use crate::manage_request as mr;
use crate::models as m;
use crate::models::{
    CreatedKey, DeleteKeyResponse, GrantedToken, KeyWithMember, ListenResponse, Project,
};
use crate::options::ListenOptions;
use crate::secret::Secret;
use crate::source::ProgressFn;

/// The blocking client: the same methods as [`crate::Client`], each waiting for its answer.
/// It owns a small tokio runtime; do not call it from inside an async runtime's worker.
/// Safe to share between threads (calls from several threads run concurrently).
#[derive(Debug)]
pub struct Client {
    inner: crate::Client,
    runtime: tokio::runtime::Runtime,
}

impl Client {
    /// A client for the production API with this API key.
    pub fn new(api_key: impl Into<Secret>) -> Result<Client> {
        Client::with_config(ClientConfig::builder().api_key(api_key).build()?)
    }

    /// A client configured from the environment.
    pub fn from_env() -> Result<Client> {
        Client::with_config(ClientConfig::builder().build()?)
    }

    /// A client with a full configuration.
    pub fn with_config(config: ClientConfig) -> Result<Client> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("dg-blocking")
            .enable_all()
            .build()
            .map_err(|e| Error::config(None, format!("could not start the I/O runtime: {e}")))?;
        // reqwest's client must be built inside the runtime that drives it.
        let inner = runtime.block_on(async { crate::Client::with_config(config) })?;
        Ok(Client { inner, runtime })
    }

    /// The async client this one drives.
    pub fn as_async(&self) -> &crate::Client {
        &self.inner
    }

    /// See [`crate::Client::transcribe_url`].
    pub fn transcribe_url(&self, url: &str, options: &ListenOptions) -> Result<ListenResponse> {
        self.runtime
            .block_on(self.inner.transcribe_url(url, options))
    }

    /// See [`crate::Client::transcribe_file`].
    pub fn transcribe_file(
        &self,
        path: impl AsRef<Path>,
        options: &ListenOptions,
    ) -> Result<ListenResponse> {
        self.runtime
            .block_on(self.inner.transcribe_file(path, options))
    }

    /// See [`crate::Client::transcribe_file_with_progress`].
    pub fn transcribe_file_with_progress(
        &self,
        path: impl AsRef<Path>,
        options: &ListenOptions,
        progress: Option<ProgressFn>,
    ) -> Result<ListenResponse> {
        self.runtime.block_on(
            self.inner
                .transcribe_file_with_progress(path, options, progress),
        )
    }

    /// See [`crate::Client::transcribe_bytes`].
    pub fn transcribe_bytes(
        &self,
        audio: impl Into<Bytes>,
        content_type: Option<&str>,
        options: &ListenOptions,
    ) -> Result<ListenResponse> {
        self.runtime
            .block_on(self.inner.transcribe_bytes(audio, content_type, options))
    }

    /// Transcribes everything a blocking reader yields, streamed in large chunks from a
    /// helper thread (never collected whole); sent once, never retried.
    pub fn transcribe_reader(
        &self,
        reader: impl std::io::Read + Send + 'static,
        len: Option<u64>,
        content_type: Option<&str>,
        options: &ListenOptions,
    ) -> Result<ListenResponse> {
        let stream = crate::source::pump(crate::source::read_chunks(reader));
        self.runtime.block_on(
            self.inner
                .transcribe_stream(stream, len, content_type, options),
        )
    }

    /// See [`crate::Client::list_projects`].
    pub fn list_projects(&self) -> Result<Vec<Project>> {
        self.runtime.block_on(self.inner.list_projects())
    }

    /// See [`crate::Client::create_key`].
    pub fn create_key(&self, project_id: &str, key: &CreateKeyRequest) -> Result<CreatedKey> {
        self.runtime
            .block_on(self.inner.create_key(project_id, key))
    }

    /// See [`crate::Client::list_keys`].
    pub fn list_keys(
        &self,
        project_id: &str,
        status: Option<KeyStatus>,
    ) -> Result<Vec<KeyWithMember>> {
        self.runtime
            .block_on(self.inner.list_keys(project_id, status))
    }

    /// See [`crate::Client::get_key`].
    pub fn get_key(&self, project_id: &str, key_id: &str) -> Result<KeyWithMember> {
        self.runtime
            .block_on(self.inner.get_key(project_id, key_id))
    }

    /// See [`crate::Client::delete_key`].
    pub fn delete_key(&self, project_id: &str, key_id: &str) -> Result<DeleteKeyResponse> {
        self.runtime
            .block_on(self.inner.delete_key(project_id, key_id))
    }

    /// See [`crate::Client::grant_token`].
    pub fn grant_token(&self, ttl_seconds: Option<u32>) -> Result<GrantedToken> {
        self.runtime.block_on(self.inner.grant_token(ttl_seconds))
    }
}

/// Blocking twins of the async management calls: the same name, arguments and answer.
macro_rules! blocking_calls {
    ($($method:ident($($arg:ident: $ty:ty),*) -> $answer:ty;)*) => {
        impl Client {
            $(
                #[doc = concat!("See [`crate::Client::", stringify!($method), "`].")]
                pub fn $method(&self, $($arg: $ty),*) -> Result<$answer> {
                    self.runtime.block_on(self.inner.$method($($arg),*))
                }
            )*
        }
    };
}

blocking_calls! {
    get_project(project_id: &str) -> m::ProjectDetails;
    update_project(project_id: &str, update: &mr::UpdateProjectRequest) -> m::ApiMessage;
    delete_project(project_id: &str) -> m::ApiMessage;
    leave_project(project_id: &str) -> m::ApiMessage;
    list_members(project_id: &str) -> Vec<m::ProjectMember>;
    remove_member(project_id: &str, member_id: &str) -> m::ApiMessage;
    get_member_scopes(project_id: &str, member_id: &str) -> m::MemberScopes;
    update_member_scopes(project_id: &str, member_id: &str, update: &mr::UpdateScopesRequest) -> m::ApiMessage;
    list_invites(project_id: &str) -> Vec<m::Invite>;
    send_invite(project_id: &str, invite: &mr::InviteRequest) -> m::ApiMessage;
    delete_invite(project_id: &str, email: &str) -> m::ApiMessage;
    list_requests(project_id: &str, options: &mr::RequestsOptions) -> m::RequestPage;
    get_request(project_id: &str, request_id: &str) -> m::RequestAnswer;
    get_usage(project_id: &str, options: &mr::UsageOptions) -> m::UsageSummary;
    get_usage_fields(project_id: &str, options: &mr::UsageFieldsOptions) -> m::UsageFields;
    get_usage_breakdown(project_id: &str, options: &mr::UsageOptions) -> m::UsageBreakdown;
    list_balances(project_id: &str) -> Vec<m::Balance>;
    get_balance(project_id: &str, balance_id: &str) -> m::Balance;
    list_models(options: &mr::ModelsOptions) -> m::ModelCatalog;
    get_model(model_id: &str) -> m::CatalogModel;
    list_project_models(project_id: &str, options: &mr::ModelsOptions) -> m::ModelCatalog;
    get_project_model(project_id: &str, model_id: &str) -> m::CatalogModel;
}

impl Client {
    /// Opens a live stream (see [`crate::Client::listen_live`]); the session is driven by this
    /// client's runtime, so keep the client while the session lives.
    pub fn listen_live(
        &self,
        options: &ListenOptions,
        config: crate::LiveConfig,
    ) -> Result<LiveSession> {
        let inner = self
            .runtime
            .block_on(self.inner.listen_live(options, config))?;
        Ok(self.blocking_session(inner))
    }

    /// Opens a Flux stream (see [`crate::Client::listen_flux`]), as [`Client::listen_live`].
    pub fn listen_flux(
        &self,
        options: &crate::FluxOptions,
        config: crate::LiveConfig,
    ) -> Result<LiveSession> {
        let inner = self
            .runtime
            .block_on(self.inner.listen_flux(options, config))?;
        Ok(self.blocking_session(inner))
    }

    fn blocking_session(&self, inner: crate::LiveSession) -> LiveSession {
        let runtime = self.runtime.handle().clone();
        let sender = LiveSender {
            inner: inner.sender(),
            runtime: runtime.clone(),
        };
        LiveSession {
            inner,
            sender,
            runtime,
        }
    }
}

/// A live session for blocking code: the same as [`crate::LiveSession`], each call waiting.
/// Iterate it for the events; send from another thread through [`LiveSession::sender`].
#[derive(Debug)]
pub struct LiveSession {
    inner: crate::LiveSession,
    /// Its own sender: `send`, `finalize` and `close` go through it.
    sender: LiveSender,
    runtime: tokio::runtime::Handle,
}

/// Sends audio into a blocking [`LiveSession`] from any thread; cheap to clone.
#[derive(Clone, Debug)]
pub struct LiveSender {
    inner: crate::LiveSender,
    runtime: tokio::runtime::Handle,
}

impl LiveSession {
    /// The stream's request id.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id()
    }

    /// A sender for another thread.
    pub fn sender(&self) -> LiveSender {
        self.sender.clone()
    }

    /// See [`crate::LiveSession::send`]: waits while the send buffer is full.
    pub fn send(&self, audio: impl Into<Bytes>) -> Result<()> {
        self.sender.send(audio)
    }

    /// See [`crate::LiveSession::finalize`].
    pub fn finalize(&self) -> Result<()> {
        self.sender.finalize()
    }

    /// See [`crate::LiveSession::configure`].
    pub fn configure(&self, configure: &crate::FluxConfigure) -> Result<()> {
        self.sender.configure(configure)
    }

    /// See [`crate::LiveSession::close`].
    pub fn close(&self) -> Result<()> {
        self.sender.close()
    }
}

impl Iterator for LiveSession {
    type Item = Result<crate::LiveEvent>;

    /// The next event, waiting for it; `None` once the server closed the stream normally.
    fn next(&mut self) -> Option<Self::Item> {
        self.runtime.block_on(self.inner.next_event())
    }
}

impl LiveSender {
    /// See [`crate::LiveSender::send`].
    pub fn send(&self, audio: impl Into<Bytes>) -> Result<()> {
        self.runtime.block_on(self.inner.send(audio))
    }

    /// See [`crate::LiveSender::finalize`].
    pub fn finalize(&self) -> Result<()> {
        self.runtime.block_on(self.inner.finalize())
    }

    /// See [`crate::LiveSender::configure`].
    pub fn configure(&self, configure: &crate::FluxConfigure) -> Result<()> {
        self.runtime.block_on(self.inner.configure(configure))
    }

    /// See [`crate::LiveSender::close`].
    pub fn close(&self) -> Result<()> {
        self.runtime.block_on(self.inner.close())
    }
}
