//! HTTP plumbing that knows no endpoint: reading request bodies within a limit, building
//! answers, query strings, and the emulator's only outbound requests (loopback URL fetches
//! and callbacks).

pub(crate) mod body;
pub(crate) mod outbound;
pub(crate) mod query;
pub(crate) mod reply;
