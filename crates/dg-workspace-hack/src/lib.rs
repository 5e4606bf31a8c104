//! Build plumbing with no code: see this crate's `Cargo.toml`.
