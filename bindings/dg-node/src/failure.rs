//! A failed call as the JS `Error` the JS layer turns into a `DeepgramError` subclass, its
//! fields in properties: `kind`, `status?`, `apiCode?`, `requestId?`, `details?`,
//! `retryAfterMs?`, `path?`, `rawAnswer?`, and `requestSent` on network and timeout failures
//! (the core's [`dg_core::Error::request_sent`]; `code` is napi's own).
//! `kind` is the core's [`dg_core::ErrorKind`] name, or `Aborted`. Messages come from the
//! core, which never puts a secret in one.

use dg_core::ErrorKind;
use napi::bindgen_prelude::Object;
use napi::{Env, JsValue};

use crate::secret::Secret;

/// Why a call failed.
pub enum Failure {
    /// The core's error.
    Core(dg_core::Error),
    /// The call's `AbortHandle` fired.
    Aborted,
}

impl From<dg_core::Error> for Failure {
    fn from(e: dg_core::Error) -> Self {
        Failure::Core(e)
    }
}

/// The error to reject (or throw) with, or a plain error if even making it failed. napi passes
/// a JS `Error` through as it is (any other value would be flattened into a message).
pub fn to_js(env: &Env, failure: Failure) -> napi::Error {
    match describe(env, failure) {
        Ok(object) => napi::Error::from(object.to_unknown()),
        Err(e) => e,
    }
}

fn describe(env: &Env, failure: Failure) -> napi::Result<Object<'_>> {
    let e = match failure {
        Failure::Aborted => {
            let mut o = env.create_error(napi::Error::from_reason("the request was aborted"))?;
            o.set("kind", "Aborted")?;
            return Ok(o);
        }
        Failure::Core(e) => e,
    };
    let mut o = env.create_error(napi::Error::from_reason(e.to_string()))?;
    o.set("kind", format!("{:?}", e.kind()))?;
    if let Some(status) = e.status() {
        o.set("status", status)?;
    }
    if let Some(code) = e.code() {
        o.set("apiCode", code)?;
    }
    if let Some(id) = e.request_id() {
        o.set("requestId", id)?;
    }
    if let Some(details) = e.api_error().and_then(|a| a.details.as_deref()) {
        o.set("details", details)?;
    }
    if matches!(e.kind(), ErrorKind::Network | ErrorKind::Timeout) {
        o.set("requestSent", e.request_sent())?;
    }
    match e {
        dg_core::Error::RateLimited {
            retry_after: Some(wait),
            ..
        } => o.set("retryAfterMs", wait.as_millis() as f64)?,
        dg_core::Error::Io { path, .. } => o.set("path", path.to_string_lossy().into_owned())?,
        dg_core::Error::KeyCreatedUndecodable { raw, .. } => {
            o.set("rawAnswer", Secret::from(raw))?
        }
        _ => {}
    }
    Ok(o)
}
