//! The way out of a live stream's messages, and the live faults that act on it: holding
//! every message back (`delay_live_results_ms`), and cutting the stream after a number of
//! messages (`cut_live_after_messages`). Both endpoints send through it, so both get them.
//!
//! Messages go through a bounded queue to a writer that runs beside the frame loop (in the
//! same task, so it ends with the stream and with the emulator). Each message is stamped when
//! it is produced and written no earlier than its stamp plus the delay: the delay is the
//! same for every message, so the queue stays in order, and the frame loop goes on reading
//! audio meanwhile instead of sleeping before each send (which would slow the audio down by
//! the delay at every message). A queue rather than a timer per message keeps the order
//! without any bookkeeping and bounds memory: at most [`QUEUE`] messages wait; a stream
//! producing more than that within the delay (or whose client stops reading) makes the frame
//! loop wait for room, which slows the client down through TCP, as a slow socket would.

use std::time::Duration;

use futures_util::SinkExt;
use futures_util::stream::SplitSink;
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::socket::{Socket, Step};
use crate::state::faults::FaultAction;

/// How many messages may wait to be written. Messages are small (a few KiB of JSON) and a
/// stream sends a few a second, so this covers several seconds of delay.
const QUEUE: usize = 64;

/// The faults acting on a stream's way out.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Faults {
    /// How long each message is held back.
    delay: Option<Duration>,
    /// Cut after this many messages: dropped, or closed with the code.
    cut_after: Option<(u32, Option<u16>)>,
}

impl Faults {
    /// The faults of the stream a request opens, from the fault it drew (if any).
    pub(super) fn of(fault: Option<&FaultAction>) -> Faults {
        match fault {
            Some(&FaultAction::DelayLiveResults(delay)) => Faults {
                delay: Some(delay),
                cut_after: None,
            },
            Some(&FaultAction::CutLiveStreamAfterMessages {
                after_messages,
                code,
            }) => Faults {
                delay: None,
                cut_after: Some((after_messages, code)),
            },
            _ => Faults::default(),
        }
    }
}

enum Queued {
    /// A message, and when it was produced.
    Message(Instant, String),
    /// What the stream does after its last message.
    End(Step),
}

/// Where the frame loop puts the messages to send.
pub(super) struct Outbox {
    queue: mpsc::Sender<Queued>,
}

/// The writer's end of an [`Outbox`].
pub(super) struct Writer {
    queued: mpsc::Receiver<Queued>,
    faults: Faults,
}

/// An outbox and the writer that empties it into the socket.
pub(super) fn outbox(faults: Faults) -> (Outbox, Writer) {
    let (queue, queued) = mpsc::channel(QUEUE);
    (Outbox { queue }, Writer { queued, faults })
}

impl Outbox {
    /// Queues `messages`, waiting for room; `false` once the writer has ended the stream.
    pub(super) async fn send(&self, messages: Vec<serde_json::Value>) -> bool {
        for message in messages {
            let queued = Queued::Message(Instant::now(), message.to_string());
            if self.queue.send(queued).await.is_err() {
                return false;
            }
        }
        true
    }

    /// Ends the stream with `step` once every message queued has been written.
    pub(super) async fn end(&self, step: Step) {
        let _ = self.queue.send(Queued::End(step)).await;
    }
}

impl Writer {
    /// Writes the queued messages, each once its delay is over, until the stream ends: the
    /// frame loop's last step, a cut, or a client that stopped reading. The connection is
    /// dropped when this returns.
    pub(super) async fn write(mut self, mut sink: SplitSink<Socket, Message>) {
        let mut sent = 0u32;
        let step = loop {
            let Some(queued) = self.queued.recv().await else {
                return; // the outbox is gone: the stream has ended already
            };
            let (produced, text) = match queued {
                Queued::Message(produced, text) => (produced, text),
                Queued::End(step) => break step,
            };
            if let Some(delay) = self.faults.delay {
                tokio::time::sleep_until(produced + delay).await;
            }
            if sink.send(Message::text(text)).await.is_err() {
                break Step::Close(1011, "the client stopped reading".into());
            }
            sent += 1;
            if let Some((_, code)) = self.faults.cut_after.filter(|&(after, _)| sent >= after) {
                break Step::cut(code);
            }
        };
        if let Step::Close(code, reason) = step {
            let frame = CloseFrame {
                code: CloseCode::from(code),
                reason: reason.into(),
            };
            let _ = sink.send(Message::Close(Some(frame))).await;
        }
    }
}
