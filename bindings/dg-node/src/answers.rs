//! The core's answers as JS values. Management answers go through napi's serde serializer
//! (every field, unknown ones included, under the API's own names); secrets are moved out first
//! and handed over as [`Secret`] objects, so they never become JS strings unasked. A
//! transcription is handed over as its JSON text for V8's `JSON.parse`, which builds objects
//! far faster than setting them up field by field from Rust.

use bytes::Bytes;
use dg_core::Error;
use dg_core::models::{CreatedKey, GrantedToken};
use napi::bindgen_prelude::{Object, Unknown};
use napi::{Env, JsValue, Result};
use serde::Serialize;

use crate::secret::Secret;

/// A serializable answer as a JS value.
pub fn plain<'env, T: Serialize>(env: &'env Env, value: &T) -> Result<Unknown<'env>> {
    env.to_js_value(value)
}

/// A created key, its `key` a [`Secret`].
pub fn created_key(env: &Env, mut created: CreatedKey) -> Result<Object<'_>> {
    let secret = std::mem::replace(&mut created.key, dg_core::Secret::new(""));
    with_secret(env, &created, "key", secret)
}

/// A temporary token, its `access_token` a [`Secret`].
pub fn granted_token(env: &Env, mut token: GrantedToken) -> Result<Object<'_>> {
    let secret = std::mem::replace(&mut token.access_token, dg_core::Secret::new(""));
    with_secret(env, &token, "access_token", secret)
}

fn with_secret<'env, T: Serialize>(
    env: &'env Env,
    value: &T,
    field: &str,
    secret: dg_core::Secret,
) -> Result<Object<'env>> {
    // A struct serializes to an object.
    let mut object = Object::from_raw(env.raw(), plain(env, value)?.raw());
    object.set(field, Secret::from(secret))?;
    Ok(object)
}

/// The body of a transcription as text for `JSON.parse`, checked to be UTF-8 (on the runtime's
/// threads). Its JSON is not checked here: a full pass over a large answer costs about as much
/// as half of `JSON.parse` itself, which checks it anyway (the JS layer reports a failure as a
/// `DecodeError`).
pub fn listen_text(body: Bytes) -> dg_core::Result<String> {
    String::from_utf8(Vec::from(body)).map_err(|e| Error::Decode {
        status: 200,
        message: e.utf8_error().to_string(),
        excerpt: dg_core::error::excerpt(e.as_bytes()),
    })
}
