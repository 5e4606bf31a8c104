//! The Node.js binding of dg: napi-rs classes over [`dg_core::Client`], loaded by the `node/`
//! package, whose JavaScript layer turns them into the public `DeepgramClient` API.
//!
//! Every call returns a Promise resolved on napi's tokio runtime, so Node's event loop never
//! waits on the network. Nothing here decides anything the core decides: settings and options are
//! read by the core (`from_value` in camelCase), key requests are deserialized into the core's
//! own types (which validate them), and errors are the core's records.
//!
//! - [`client`]: `NativeClient`, one method per core call; the management calls are generated
//!   from the core's call table by `dg-gen` (`generated/calls.rs`).
//! - [`settings`]: the constructor's options, read by the core's [`dg_core::Settings`].
//! - [`js_fields`]: the key requests' camelCase objects into the core's serde types.
//! - [`call`]: a core future as a cancellable Promise (`AbortHandle`).
//! - [`settle`]: how every Promise is settled on the JS thread (one threadsafe function per
//!   thread, not one per call).
//! - [`failure`]: a core error as the JS `Error` the JS layer makes a `DeepgramError` of.
//! - [`answers`]: management answers as JS objects, secrets kept in [`secret::Secret`].
//! - [`sink`]: `AudioSink`, the bounded channel a Node `Readable` is pumped into.
//! - [`live`]: `listenLive` / `listenFlux` and `LiveStream`, the core's live session.
//! - [`pages`]: `requests` and `RequestPages`, the core's paging through a project's requests.

#![warn(missing_docs)]
#![deny(clippy::all)]

pub mod answers;
pub mod call;
pub mod client;
/// What dg-gen writes from the core's tables (`cargo run -p dg-gen`), included as written.
mod generated {
    mod calls {
        include!("generated/calls.rs");
    }
}
pub mod failure;
pub mod js_fields;
pub mod live;
pub mod pages;
pub mod secret;
pub mod settings;
pub mod settle;
pub mod sink;
