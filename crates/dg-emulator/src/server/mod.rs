//! The request path: accepting connections, queued faults, the route table (which also
//! says who may call each endpoint) and draining bodies.

pub(crate) mod connections;
pub(crate) mod routes;
