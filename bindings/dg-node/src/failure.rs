//! A failed call as the JS `Error` the JS layer turns into a `DeepgramError` subclass. Every
//! field of the core's [`dg_core::ErrorRecord`] (made with camelCase option names) becomes a
//! property, unset ones left out: `kind` (the kind's data name, `invalid_options`, ...,
//! `key_created_undecodable`, or `aborted`), `status`, `apiCode` (napi owns `code`),
//! `requestId`, `details`, `requestSent` (always), `retryAfterMs`, `option`, `path`, and
//! `rawAnswer` (a [`Secret`], from [`dg_core::Error::raw_answer`]). Messages are the core's,
//! which never puts a secret in one.

use dg_core::options::Spelling;
use napi::bindgen_prelude::Object;
use napi::{Env, JsValue};

use crate::secret::Secret;

/// Why a call failed.
pub enum Failure {
    /// The core's error.
    Core(dg_core::Error),
    /// The call's `AbortHandle` fired while the request was under way.
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
            o.set("kind", "aborted")?;
            // It was under way: the server may have received it.
            o.set("requestSent", true)?;
            return Ok(o);
        }
        Failure::Core(e) => e,
    };
    let record = e.record_spelled(Spelling::Camel);
    let mut o = env.create_error(napi::Error::from_reason(record.message))?;
    o.set("kind", record.kind.name())?;
    o.set("requestSent", record.request_sent)?;
    if let Some(status) = record.status {
        o.set("status", status)?;
    }
    if let Some(code) = record.code {
        o.set("apiCode", code)?;
    }
    if let Some(id) = record.request_id {
        o.set("requestId", id)?;
    }
    if let Some(details) = record.details {
        o.set("details", details)?;
    }
    if let Some(ms) = record.retry_after_ms {
        o.set("retryAfterMs", ms as f64)?;
    }
    if let Some(option) = record.option {
        o.set("option", option)?;
    }
    if let Some(path) = record.path {
        o.set("path", path)?;
    }
    if let Some(raw) = e.raw_answer() {
        o.set("rawAnswer", Secret::from(raw.clone()))?;
    }
    Ok(o)
}
