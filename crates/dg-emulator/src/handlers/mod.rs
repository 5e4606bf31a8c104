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

pub(crate) mod controls;
pub(crate) mod grant;
pub(crate) mod keys;
pub(crate) mod listen;
pub(crate) mod live;
pub(crate) mod projects;

/// Everything the requests of one emulator share.
pub(crate) struct Shared {
    pub(crate) store: Store,
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
    /// The `{key}` segment of the path, for routes that have one.
    pub(crate) key: Option<&'a str>,
    pub(crate) body: &'a mut Incoming,
}

impl<'a> Call<'a> {
    /// The `{key}` of the path.
    ///
    /// # Panics
    /// If the route's pattern has none: a mistake in the route table.
    pub(crate) fn key(&self) -> &'a str {
        self.key
            .expect("the route table gives this handler a `{key}` path")
    }
}

/// A handler's answer, still to be awaited.
pub(crate) type Answer<'a> = Pin<Box<dyn Future<Output = Result<Reply, ApiError>> + Send + 'a>>;

/// How the route table names a handler.
pub(crate) type Handler = for<'a> fn(Call<'a>) -> Answer<'a>;
