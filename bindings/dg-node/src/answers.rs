//! The core's answers as JS values. Management answers go through napi's serde serializer
//! (every field, unknown ones included, under the API's own names); secrets are moved out first
//! and handed over as [`Secret`] objects, so they never become JS strings unasked. A
//! transcription is handed over as its JSON text for V8's `JSON.parse`, which builds objects
//! far faster than setting them up field by field from Rust.

use bytes::Bytes;
use dg_core::Error;
use napi::bindgen_prelude::{Object, Unknown};
use napi::{Env, JsValue, Result};
use serde::Serialize;

use crate::secret::Secret;

/// A serializable answer as a JS value.
pub fn plain<'env, T: Serialize>(env: &'env Env, value: &T) -> Result<Unknown<'env>> {
    env.to_js_value(value)
}

/// An answer with its secret fields as [`Secret`] objects: `take` moves each out (with
/// [`take`]) and names the JS property it goes in.
pub fn with_secrets<'env, T: Serialize, const N: usize>(
    env: &'env Env,
    mut value: T,
    take: impl FnOnce(&mut T) -> [(&'static str, dg_core::Secret); N],
) -> Result<Unknown<'env>> {
    let secrets = take(&mut value);
    // A struct serializes to an object.
    let mut object = Object::from_raw(env.raw(), plain(env, &value)?.raw());
    for (field, secret) in secrets {
        object.set(field, Secret::from(secret))?;
    }
    Ok(object.to_unknown())
}

/// A secret moved out of an answer, an empty one left in its place.
pub fn take(secret: &mut dg_core::Secret) -> dg_core::Secret {
    std::mem::replace(secret, dg_core::Secret::new(""))
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
