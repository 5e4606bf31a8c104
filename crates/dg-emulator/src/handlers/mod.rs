//! One module per group of endpoints: each handler gets a request the router has already
//! authenticated and authorized, and answers it.

pub(crate) mod controls;
pub(crate) mod grant;
pub(crate) mod keys;
pub(crate) mod listen;
pub(crate) mod projects;
