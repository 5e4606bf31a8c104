//! Response models (work in progress).
