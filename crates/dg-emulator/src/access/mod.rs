//! Who may call what: the `Authorization` header resolved to a caller, roles and their
//! scopes, API key secrets, and the temporary tokens of `POST /v1/auth/grant`.

pub(crate) mod auth;
pub(crate) mod roles;
pub(crate) mod secret;
pub(crate) mod tokens;
