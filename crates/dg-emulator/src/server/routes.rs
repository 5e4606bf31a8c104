//! Which handler answers which method and path.

use http::Method;
use http::request::Parts;
use hyper::body::Incoming;

use crate::errors::ApiError;
use crate::handlers::controls;
use crate::handlers::grant;
use crate::handlers::keys;
use crate::handlers::listen;
use crate::handlers::projects;
use crate::http::reply::{self, Reply};
use crate::server::connections::Shared;

/// What a handler gets besides the body.
pub(crate) struct Cx<'a> {
    pub(crate) shared: &'a Shared,
    pub(crate) parts: &'a Parts,
    pub(crate) request_id: &'a str,
}

enum Endpoint<'p> {
    Projects,
    Project(&'p str),
    Keys(&'p str),
    Key(&'p str, &'p str),
    Grant,
    Listen,
    Faults,
    Members,
    Stats,
}

fn endpoint(path: &str) -> Option<Endpoint<'_>> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    Some(match segments.as_slice() {
        ["v1", "projects"] => Endpoint::Projects,
        ["v1", "projects", project] => Endpoint::Project(project),
        ["v1", "projects", project, "keys"] => Endpoint::Keys(project),
        ["v1", "projects", project, "keys", key] => Endpoint::Key(project, key),
        ["v1", "auth", "grant"] => Endpoint::Grant,
        ["v1", "listen"] => Endpoint::Listen,
        ["__emulator", "faults"] => Endpoint::Faults,
        ["__emulator", "members"] => Endpoint::Members,
        ["__emulator", "stats"] => Endpoint::Stats,
        _ => return None,
    })
}

pub(crate) async fn route(
    parts: &Parts,
    body: &mut Incoming,
    shared: &Shared,
    request_id: &str,
) -> Reply {
    let cx = Cx {
        shared,
        parts,
        request_id,
    };
    let answer = match (endpoint(parts.uri.path()), &parts.method) {
        (Some(Endpoint::Projects), &Method::GET) => projects::list(&cx),
        (Some(Endpoint::Project(project)), &Method::GET) => projects::get(&cx, project),
        (Some(Endpoint::Keys(project)), &Method::GET) => keys::list(&cx, project),
        (Some(Endpoint::Keys(project)), &Method::POST) => keys::create(&cx, project, body).await,
        (Some(Endpoint::Key(project, key)), &Method::GET) => keys::get(&cx, project, key),
        (Some(Endpoint::Key(project, key)), &Method::DELETE) => keys::delete(&cx, project, key),
        (Some(Endpoint::Grant), &Method::POST) => grant::grant(&cx, body).await,
        (Some(Endpoint::Listen), &Method::POST) => listen::listen(&cx, body).await,
        (Some(Endpoint::Faults), &Method::POST) => controls::faults(&cx, body).await,
        (Some(Endpoint::Members), &Method::POST) => controls::members(&cx, body).await,
        (Some(Endpoint::Stats), &Method::GET) => controls::stats(&cx),
        (Some(_), _) => Err(ApiError::MethodNotAllowed),
        (None, _) => Err(ApiError::NotFound {
            code: "NOT_FOUND",
            message: format!("No route for {} {}.", parts.method, parts.uri.path()),
        }),
    };
    answer.unwrap_or_else(|error| reply::error(error.status(), &error.body(), request_id))
}
