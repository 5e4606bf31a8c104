//! The route table: every endpoint with the credentials it accepts and the scope it needs,
//! read in one place and enforced by the router before any handler runs.
//!
//! For each request the router
//! 1. finds the route by path, then method: `404` for an unknown path, `405` for a known
//!    path with another method, before credentials are looked at;
//! 2. authenticates the caller as the route's [`Access`] allows: `401 INVALID_AUTH`;
//! 3. checks the path's `{project}`, if it has one: a plain-text `404` when it is no UUID,
//!    `404 PROJECT_NOT_FOUND` when no project has that id, `403 FORBIDDEN` when it is not
//!    the project of the caller's key (a key acts in its own project only);
//! 4. checks the route's scope: `403 FORBIDDEN`;
//! 5. runs the handler with the caller ([`Call`]).
//!
//! Roles are scopes too (`member`, `admin`, `owner`, see [`roles`](crate::access::roles)):
//! only a key acting as an owner holds `owner`, so the test controls need that scope. What
//! the scope alone cannot say is checked by the handler against the target's role
//! ([`roles::may_manage`](crate::access::roles::may_manage)): an admin may remove, invite or
//! re-scope members and admins but never an owner, and never make one; only owners manage
//! owners; the last owner of a project cannot leave, be removed or be demoted (`400`).

use http::Method;
use http::request::Parts;
use hyper::body::Incoming;

use crate::access::auth::{self, Access};
use crate::errors::ApiError;
use crate::handlers::{
    Call, Cx, Handler, Shared, balances, controls, grant, invites, keys, listen, live, members,
    models, projects, requests, usage,
};
use crate::http::reply::{self, Reply};

/// One endpoint: who may call it and what answers it.
pub(crate) struct Route {
    pub(crate) method: Method,
    /// Segments separated by `/`; `{project}` and one other `{…}` (`{key}`, `{member}`,
    /// `{email}`, `{request}`, `{balance}`, `{model}`) each match one segment.
    pub(crate) path: &'static str,
    /// Which credentials it accepts.
    pub(crate) access: Access,
    /// The scope the credential must hold.
    pub(crate) scope: &'static str,
    pub(crate) handler: Handler,
}

const fn endpoint(
    method: Method,
    path: &'static str,
    access: Access,
    scope: &'static str,
    handler: Handler,
) -> Route {
    Route {
        method,
        path,
        access,
        scope,
        handler,
    }
}

use Access::{ApiKeyOnly, ApiKeyOrToken};
const GET: Method = Method::GET;
const POST: Method = Method::POST;
const DELETE: Method = Method::DELETE;
const PATCH: Method = Method::PATCH;
const PUT: Method = Method::PUT;

/// Every endpoint the emulator answers.
#[rustfmt::skip]
pub(crate) const ROUTES: &[Route] = &[
    // The management API: API keys only.
    endpoint(GET,    "/v1/projects",                      ApiKeyOnly,    "project:read", |c| Box::pin(projects::list(c))),
    endpoint(GET,    "/v1/projects/{project}",            ApiKeyOnly,    "project:read", |c| Box::pin(projects::get(c))),
    endpoint(PATCH,  "/v1/projects/{project}",            ApiKeyOnly,    "project:write", |c| Box::pin(projects::update(c))),
    endpoint(DELETE, "/v1/projects/{project}",            ApiKeyOnly,    "project:write:destroy", |c| Box::pin(projects::delete(c))),
    // Any member may leave (the last owner may not: the handler says 400).
    endpoint(DELETE, "/v1/projects/{project}/leave",      ApiKeyOnly,    "project:read", |c| Box::pin(projects::leave(c))),
    endpoint(GET,    "/v1/projects/{project}/keys",       ApiKeyOnly,    "keys:read",    |c| Box::pin(keys::list(c))),
    endpoint(POST,   "/v1/projects/{project}/keys",       ApiKeyOnly,    "keys:write",   |c| Box::pin(keys::create(c))),
    endpoint(GET,    "/v1/projects/{project}/keys/{key}", ApiKeyOnly,    "keys:read",    |c| Box::pin(keys::get(c))),
    endpoint(DELETE, "/v1/projects/{project}/keys/{key}", ApiKeyOnly,    "keys:write",   |c| Box::pin(keys::delete(c))),
    // Members and invitations: admins and owners. Writing also needs the scope that manages
    // the target's role (members:write, admins:write, owners:write), checked by the handler.
    endpoint(GET,    "/v1/projects/{project}/members",    ApiKeyOnly,    "members:read",  |c| Box::pin(members::list(c))),
    endpoint(DELETE, "/v1/projects/{project}/members/{member}", ApiKeyOnly, "members:write", |c| Box::pin(members::remove(c))),
    endpoint(GET,    "/v1/projects/{project}/members/{member}/scopes", ApiKeyOnly, "members:read", |c| Box::pin(members::scopes(c))),
    endpoint(PUT,    "/v1/projects/{project}/members/{member}/scopes", ApiKeyOnly, "members:write", |c| Box::pin(members::update_scopes(c))),
    endpoint(GET,    "/v1/projects/{project}/invites",    ApiKeyOnly,    "members:read",  |c| Box::pin(invites::list(c))),
    endpoint(POST,   "/v1/projects/{project}/invites",    ApiKeyOnly,    "members:write", |c| Box::pin(invites::send(c))),
    endpoint(DELETE, "/v1/projects/{project}/invites/{email}", ApiKeyOnly, "members:write", |c| Box::pin(invites::delete(c))),
    // Usage: every role reads it.
    endpoint(GET,    "/v1/projects/{project}/requests",   ApiKeyOnly,    "usage:read",   |c| Box::pin(requests::list(c))),
    endpoint(GET,    "/v1/projects/{project}/requests/{request}", ApiKeyOnly, "usage:read", |c| Box::pin(requests::get(c))),
    endpoint(GET,    "/v1/projects/{project}/usage",      ApiKeyOnly,    "usage:read",   |c| Box::pin(usage::summary(c))),
    endpoint(GET,    "/v1/projects/{project}/usage/fields", ApiKeyOnly,  "usage:read",   |c| Box::pin(usage::fields(c))),
    endpoint(GET,    "/v1/projects/{project}/usage/breakdown", ApiKeyOnly, "usage:read", |c| Box::pin(usage::breakdown(c))),
    // Billing: admins and owners.
    endpoint(GET,    "/v1/projects/{project}/balances",   ApiKeyOnly,    "billing:read", |c| Box::pin(balances::list(c))),
    endpoint(GET,    "/v1/projects/{project}/balances/{balance}", ApiKeyOnly, "billing:read", |c| Box::pin(balances::get(c))),
    // Models: anyone who may read the project (the global list too, from any project's key).
    endpoint(GET,    "/v1/projects/{project}/models",     ApiKeyOnly,    "project:read", |c| Box::pin(models::list(c))),
    endpoint(GET,    "/v1/projects/{project}/models/{model}", ApiKeyOnly, "project:read", |c| Box::pin(models::get(c))),
    endpoint(GET,    "/v1/models",                        ApiKeyOnly,    "project:read", |c| Box::pin(models::list(c))),
    endpoint(GET,    "/v1/models/{model}",                ApiKeyOnly,    "project:read", |c| Box::pin(models::get(c))),
    // A token cannot mint tokens.
    endpoint(POST,   "/v1/auth/grant",                    ApiKeyOnly,    "usage:write",  |c| Box::pin(grant::grant(c))),
    // Transcription: a temporary token opens it and the live streams below, nothing else.
    endpoint(POST,   "/v1/listen",                        ApiKeyOrToken, "usage:write",  |c| Box::pin(listen::listen(c))),
    // Live streaming: the WebSocket upgrade of the same path, with the same rule.
    endpoint(GET,    "/v1/listen",                        ApiKeyOrToken, "usage:write",  |c| Box::pin(live::v1::upgrade(c))),
    // Flux, turn-based live streaming: the same rule as /v1/listen.
    endpoint(GET,    "/v2/listen",                        ApiKeyOrToken, "usage:write",  |c| Box::pin(live::flux::upgrade(c))),
    // The test controls: an owner's API key.
    endpoint(POST,   "/__emulator/faults",                ApiKeyOnly,    "owner",        |c| Box::pin(controls::faults(c))),
    endpoint(POST,   "/__emulator/members",               ApiKeyOnly,    "owner",        |c| Box::pin(controls::members(c))),
    endpoint(GET,    "/__emulator/stats",                 ApiKeyOnly,    "owner",        |c| Box::pin(controls::stats(c))),
];

/// The `{project}` and other `{…}` segments of a matched path.
#[derive(Debug, Default, PartialEq, Eq)]
struct Captures<'p> {
    project: Option<&'p str>,
    /// `{key}`, `{member}`, …: the one other named segment.
    id: Option<&'p str>,
}

/// The captures of `path` if it matches `pattern`.
fn matches<'p>(pattern: &str, path: &'p str) -> Option<Captures<'p>> {
    let mut wanted = pattern.trim_matches('/').split('/');
    let mut given = path.trim_matches('/').split('/');
    let mut captures = Captures::default();
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return Some(captures),
            (Some("{project}"), Some(segment)) => captures.project = Some(segment),
            (Some(name), Some(segment)) if name.starts_with('{') => captures.id = Some(segment),
            (Some(literal), Some(segment)) if literal == segment => {}
            _ => return None,
        }
    }
}

enum Found<'p> {
    Route(&'static Route, Captures<'p>),
    /// The path is an endpoint's, the method is not.
    WrongMethod,
    Nothing,
}

fn find<'p>(method: &Method, path: &'p str) -> Found<'p> {
    let mut found = Found::Nothing;
    for route in ROUTES {
        if let Some(captures) = matches(route.path, path) {
            if route.method == *method {
                return Found::Route(route, captures);
            }
            found = Found::WrongMethod;
        }
    }
    found
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
    let answer = match find(&parts.method, parts.uri.path()) {
        Found::Route(route, captures) => run(route, captures, cx, body).await,
        Found::WrongMethod => Err(ApiError::MethodNotAllowed),
        Found::Nothing => Err(ApiError::NotFound {
            code: "NOT_FOUND",
            message: format!("No route for {} {}.", parts.method, parts.uri.path()),
        }),
    };
    answer.unwrap_or_else(|error| reply::error(error.status(), &error.body(), request_id))
}

/// The route's access rule and scope, then its handler.
async fn run<'a>(
    route: &Route,
    captures: Captures<'a>,
    cx: Cx<'a>,
    body: &'a mut Incoming,
) -> Result<Reply, ApiError> {
    let shared = cx.shared;
    let who = auth::authenticate(
        route.access,
        &shared.store,
        &shared.grants,
        &cx.parts.headers,
    )?;
    if let Some(project) = captures.project {
        projects::check(shared, project, &who)?;
    }
    who.require(route.scope)?;
    let call = Call {
        cx,
        who,
        id: captures.id,
        body,
    };
    (route.handler)(call).await
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::access::auth::TOKEN_SCOPE;
    use crate::access::roles::Role;

    fn rule(method: Method, path: &str) -> &'static Route {
        ROUTES
            .iter()
            .find(|r| r.method == method && r.path == path)
            .unwrap_or_else(|| panic!("no route {method} {path}"))
    }

    #[test]
    fn every_key_route_needs_an_api_key_and_the_keys_scope() {
        let key_routes: Vec<&Route> = ROUTES.iter().filter(|r| r.path.contains("/keys")).collect();
        assert_eq!(key_routes.len(), 4);
        for route in key_routes {
            assert_eq!(route.access, ApiKeyOnly, "{} {}", route.method, route.path);
            let scope = if route.method == Method::GET {
                "keys:read"
            } else {
                "keys:write"
            };
            assert_eq!(route.scope, scope, "{} {}", route.method, route.path);
        }
    }

    #[test]
    fn only_listen_accepts_a_token_and_a_token_holds_its_scope() {
        let listen = rule(POST, "/v1/listen");
        assert_eq!(listen.access, ApiKeyOrToken);
        assert_eq!(listen.scope, "usage:write");
        assert_eq!(TOKEN_SCOPE, listen.scope);
        let by_token: Vec<&str> = ROUTES
            .iter()
            .filter(|r| r.access == ApiKeyOrToken)
            .map(|r| r.path)
            .collect();
        assert_eq!(by_token, ["/v1/listen", "/v1/listen", "/v2/listen"]);
        let live = rule(GET, "/v1/listen");
        assert_eq!((live.access, live.scope), (ApiKeyOrToken, "usage:write"));
        // Minting a token needs the scope a token would use, from an API key.
        let grant = rule(POST, "/v1/auth/grant");
        assert_eq!((grant.access, grant.scope), (ApiKeyOnly, "usage:write"));
    }

    #[test]
    fn flux_is_opened_as_live_streaming_is() {
        let live = rule(GET, "/v1/listen");
        let flux = rule(GET, "/v2/listen");
        assert_eq!((flux.access, flux.scope), (live.access, live.scope));
        assert!(matches!(
            find(&Method::POST, "/v2/listen"),
            Found::WrongMethod
        ));
    }

    #[test]
    fn projects_need_project_read_and_controls_an_owner() {
        assert_eq!(rule(GET, "/v1/projects").scope, "project:read");
        assert_eq!(rule(GET, "/v1/projects/{project}").scope, "project:read");
        let controls: Vec<&Route> = ROUTES
            .iter()
            .filter(|r| r.path.starts_with(controls::PREFIX))
            .collect();
        assert_eq!(controls.len(), 3);
        for route in controls {
            assert_eq!((route.access, route.scope), (ApiKeyOnly, "owner"));
        }
        // Only the owner role holds the `owner` scope.
        for role in [Role::Member, Role::Admin, Role::Owner] {
            assert_eq!(role.scopes().any(|s| s == "owner"), role == Role::Owner);
        }
    }

    #[test]
    fn every_scope_is_one_a_role_grants_and_routes_are_unique() {
        let granted: BTreeSet<&str> = Role::Owner.scopes().collect();
        let mut seen = BTreeSet::new();
        for route in ROUTES {
            assert!(granted.contains(route.scope), "{}", route.scope);
            assert!(
                seen.insert((route.method.as_str(), route.path)),
                "{}",
                route.path
            );
            for segment in route.path.split('/') {
                if segment.starts_with('{') {
                    assert!(
                        matches!(
                            segment,
                            "{project}"
                                | "{key}"
                                | "{member}"
                                | "{email}"
                                | "{request}"
                                | "{balance}"
                                | "{model}"
                        ),
                        "{}",
                        route.path
                    );
                }
            }
        }
    }

    #[test]
    fn member_routes_need_member_scopes_and_billing_an_admin() {
        for route in ROUTES
            .iter()
            .filter(|r| r.path.starts_with("/v1/projects/"))
            .filter(|r| r.path.contains("/members") || r.path.contains("/invites"))
        {
            let scope = if route.method == Method::GET {
                "members:read"
            } else {
                "members:write"
            };
            assert_eq!(route.scope, scope, "{} {}", route.method, route.path);
        }
        for route in ROUTES.iter().filter(|r| r.path.contains("/balances")) {
            assert_eq!(route.scope, "billing:read");
        }
        for role in [Role::Member, Role::Admin, Role::Owner] {
            let scopes: BTreeSet<&str> = role.scopes().collect();
            assert_eq!(scopes.contains("members:write"), role != Role::Member);
            assert_eq!(scopes.contains("billing:read"), role != Role::Member);
            assert_eq!(
                scopes.contains(rule(DELETE, "/v1/projects/{project}").scope),
                role == Role::Owner
            );
            assert!(scopes.contains(rule(GET, "/v1/projects/{project}/usage").scope));
        }
    }

    #[test]
    fn paths_match_by_segment() {
        let Found::Route(route, captures) = find(&Method::DELETE, "/v1/projects/p/keys/k/") else {
            panic!("no route");
        };
        assert_eq!(route.path, "/v1/projects/{project}/keys/{key}");
        assert_eq!(
            captures,
            Captures {
                project: Some("p"),
                id: Some("k")
            }
        );
        assert!(matches!(
            find(&Method::POST, "/v1/projects"),
            Found::WrongMethod
        ));
        assert!(matches!(
            find(&Method::GET, "/v1/projects/p/x"),
            Found::Nothing
        ));
        assert!(matches!(
            find(&Method::GET, "/v1//projects"),
            Found::Nothing
        ));
        assert!(matches!(find(&Method::GET, "/"), Found::Nothing));
    }
}
