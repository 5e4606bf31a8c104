//! The Node.js binding of dg: napi-rs classes over [`dg_core::Client`], loaded by the `node/`
//! package, whose JavaScript layer turns them into the public `DeepgramClient` API.
//!
//! Every call returns a Promise resolved on napi's tokio runtime, so Node's event loop never
//! waits on the network. Nothing here decides anything the core decides: options and key
//! requests are deserialized into the core's own types (which validate them), and errors keep
//! the core's kinds.
//!
//! - [`client`]: `NativeClient`, one method per core call.
//! - [`settings`]: the constructor's options, into a [`dg_core::ClientConfig`].
//! - [`js_fields`]: camelCase JS objects into the core's snake_case serde types.
//! - [`call`]: a core future as a cancellable Promise (`AbortHandle`).
//! - [`failure`]: a core error as the JS `Error` the JS layer makes a `DeepgramError` of.
//! - [`answers`]: management answers as JS objects, secrets kept in [`secret::Secret`].
//! - [`sink`]: `AudioSink`, the bounded channel a Node `Readable` is pumped into.

#![warn(missing_docs)]
#![deny(clippy::all)]

pub mod answers;
pub mod call;
pub mod client;
pub mod failure;
pub mod js_fields;
pub mod secret;
pub mod settings;
pub mod sink;
