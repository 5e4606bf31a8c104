//! Integration tests: a real emulator on 127.0.0.1:0, driven over HTTP with reqwest.

mod common;

mod auth;
mod billing;
#[cfg(unix)]
mod cli;
mod controls;
mod faults;
mod flux;
mod grants;
mod keys;
mod listen;
mod openapi;
#[cfg(unix)]
mod persistence;
mod projects;
mod ssrf;
mod team;
mod usage;
