#![cfg_attr(test, recursion_limit = "256")]
//! # dg-core
//!
//! The Rust core of dg, a Deepgram speech-to-text client: transcription of a remote URL, a
//! local file, a buffer or any byte stream (`POST /v1/listen`) and API-key management
//! (`/v1/projects/{id}/keys`). Every binding (Python, Node, Swift/Kotlin) and the `dg`
//! command are thin layers over this crate.
//!
//! The modules read top-down: [`settings`] and [`config`] (credentials, base URL, timeouts,
//! retries) ->
//! [`options`] (typed query options, validated before anything is sent) -> [`request`]
//! (pure request building) -> [`transport`] (HTTP, retries) -> [`models`] (lenient response
//! types) -> [`error`].

#![warn(missing_docs)]

pub mod blocking;
pub mod calls;
pub mod client;
pub mod config;
pub mod error;
pub mod invoke;
pub mod key_request;
pub mod live;
pub mod manage_request;
pub mod models;
pub mod options;
pub mod request;
pub mod secret;
pub mod settings;
pub mod source;
pub mod transport;

pub use client::Client;
pub use config::{ClientConfig, ClientConfigBuilder, Credentials, RetryPolicy};
pub use error::{ApiError, Error, ErrorKind, ErrorRecord, Result};
pub use key_request::{CreateKeyRequest, GrantOptions, KeyStatus, ListKeysOptions};
pub use live::{LiveConfig, LiveEvent, LiveSender, LiveSession, LiveSettings, Reconnect};
pub use manage_request::{
    Deployment, Endpoint, InviteRequest, ModelsOptions, RequestMethod, RequestStatus,
    RequestsOptions, UpdateProjectRequest, UpdateScopesRequest, UsageFieldsOptions, UsageGrouping,
    UsageOptions,
};
pub use models::ListenResponse;
pub use options::{FluxConfigure, FluxOptions, ListenOptions};
pub use secret::Secret;
pub use settings::Settings;
pub use source::{ByteStream, FileSource, ProgressFn, Source};
