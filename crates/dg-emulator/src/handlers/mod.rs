//! One module per group of endpoints. A handler gets a [`Call`]: a request the router has
//! already matched to its route, authenticated by the route's access rule and checked for
//! the route's scope (see `server::routes`), so no handler checks credentials.

use std::future::Future;
use std::pin::Pin;

use http::request::Parts;
use hyper::body::Incoming;

use crate::access::auth::Principal;
use crate::access::tokens::Grants;
use crate::audio::recognition::Speech;
use crate::errors::ApiError;
use crate::http::outbound::Outbound;
use crate::http::reply::Reply;
use crate::state::faults::FaultQueue;
use crate::state::recordings::Library;
use crate::state::stats::Counters;
use crate::state::store::Store;
use crate::state::usage::Ledger;

pub(crate) mod balances;
pub(crate) mod controls;
pub(crate) mod filters;
pub(crate) mod grant;
pub(crate) mod invites;
pub(crate) mod keys;
pub(crate) mod listen;
pub(crate) mod live;
pub(crate) mod members;
pub(crate) mod models;
pub(crate) mod projects;
pub(crate) mod recording;
pub(crate) mod requests;
pub(crate) mod usage;

/// Everything the requests of one emulator share.
pub(crate) struct Shared {
    pub(crate) store: Store,
    /// The requests made and the credit they used, shared with live streams' tasks.
    pub(crate) ledger: std::sync::Arc<Ledger>,
    pub(crate) grants: Grants,
    pub(crate) faults: FaultQueue,
    pub(crate) stats: Counters,
    pub(crate) library: &'static Library,
    pub(crate) outbound: Outbound,
    pub(crate) speech: Speech,
    pub(crate) max_upload_bytes: u64,
    pub(crate) live_idle_timeout: std::time::Duration,
    /// Cancelled when the emulator stops: live streams (which outlive their HTTP request)
    /// close their connection then.
    pub(crate) stopping: tokio_util::sync::CancellationToken,
}

/// What a handler gets besides the caller, the path and the body.
pub(crate) struct Cx<'a> {
    pub(crate) shared: &'a Shared,
    pub(crate) parts: &'a Parts,
    pub(crate) request_id: &'a str,
}

/// One request, as the router hands it to a handler.
pub(crate) struct Call<'a> {
    pub(crate) cx: Cx<'a>,
    /// The caller, holding the route's scope.
    pub(crate) who: Principal,
    /// The path's named segment other than `{project}` (`{key}`, `{member}`, `{email}`, …),
    /// for routes that have one.
    pub(crate) id: Option<&'a str>,
    pub(crate) body: &'a mut Incoming,
}

impl<'a> Call<'a> {
    /// The `{key}`, `{member}`, … of the path.
    ///
    /// # Panics
    /// If the route's pattern has none: a mistake in the route table.
    pub(crate) fn id(&self) -> &'a str {
        self.id
            .expect("the route table gives this handler a path with an id")
    }

    /// The project the path names (the router has checked it is the caller's), or the
    /// caller's own project on a path without one.
    pub(crate) fn project_id(&self) -> uuid::Uuid {
        self.who.project_id
    }
}

/// A handler's answer, still to be awaited.
pub(crate) type Answer<'a> = Pin<Box<dyn Future<Output = Result<Reply, ApiError>> + Send + 'a>>;

/// How the route table names a handler.
pub(crate) type Handler = for<'a> fn(Call<'a>) -> Answer<'a>;

/// A JSON request body as `T`, or Deepgram's `INVALID_JSON` answer.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::InvalidJson(e.to_string()))
}

/// A path id that must be a UUID: Deepgram's plain-text 404 when it is not.
pub(crate) fn path_uuid(segment: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(segment).map_err(|_| ApiError::NotAUuid(segment.to_owned()))
}

/// `404 {"err_code": "NOT_FOUND", "err_msg": message}`.
pub(crate) fn not_found(message: &str) -> ApiError {
    ApiError::NotFound {
        code: "NOT_FOUND",
        message: message.to_owned(),
    }
}
