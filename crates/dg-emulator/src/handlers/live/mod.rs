//! Live streaming: `GET /v1/listen` and Flux's `GET /v2/listen`, upgraded to WebSocket. The
//! route table has already checked the credentials (header, or the browser's
//! `Sec-WebSocket-Protocol: token, <key>`) and the scope, the same for both.
//!
//! The two endpoints differ in what they answer (results or turns), not in how a stream
//! runs, so that part is written once:
//! - `upgrade`: the 101 answer (accept key, subprotocol echo) and the task the stream runs in;
//! - `socket`: the frame loop (idle timeout `NET-0001`, a control message sent as binary,
//!   closing), calling a [`socket::Session`] that each endpoint implements without
//!   touching the socket, so that sessions are tested without one;
//! - `outbox`: sending: the queue of messages, the writer, and the faults acting on them
//!   (`delay_live_results_ms`, `cut_live_after_messages`);
//! - `feed`: the audio so far: its clock, the recording its first bytes match (or the
//!   recognizer that transcribes it), the `cut_live_after_ms` fault;
//! - `pacing`: when the answerer hears of each frame: at once for a recording, once its
//!   phrase (or window) is recognized for live recognition;
//! - `v1` and `flux`: the two sessions.

mod feed;
pub(crate) mod flux;
mod outbox;
mod pacing;
mod socket;
mod upgrade;
pub(crate) mod v1;
