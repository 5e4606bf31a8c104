//! Options (work in progress).
