//! The frame loop of a live stream, the same for every live endpoint: binary frames are audio
//! (an empty one ends the audio), text frames are control messages, a control message sent
//! as binary closes with 1008 `DATA-0000`, and no frame at all (audio, text or a WebSocket
//! ping, which tungstenite answers itself) for the configured idle time closes with 1011
//! `NET-0001`. What each frame is answered is the endpoint's [`Session`], which never sees
//! the socket; the answers go out through the [`Outbox`], and the stream ends after them.

use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::SplitStream;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;

use super::feed::Taken;
use super::outbox::{self, Faults, Outbox};

pub(super) type Socket = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;

/// What the stream does next.
#[derive(Debug, PartialEq)]
pub(crate) enum Step {
    Go,
    Close(u16, String),
    /// End the connection without a close frame.
    Drop,
}

impl Step {
    /// How a fault cuts a stream: dropped without a close frame, or closed with `code`.
    pub(super) fn cut(code: Option<u16>) -> Step {
        match code {
            Some(code) => Step::Close(code, "the emulator cut this stream (a fault)".into()),
            None => Step::Drop,
        }
    }
}

/// The answer to a frame: messages to send, then the next step.
#[derive(Debug)]
pub(super) struct Out {
    pub(super) messages: Vec<Value>,
    pub(super) then: Step,
}

impl Out {
    pub(super) fn send(messages: Vec<Value>) -> Out {
        Out {
            messages,
            then: Step::Go,
        }
    }

    pub(super) fn stop(step: Step) -> Out {
        Out {
            messages: Vec::new(),
            then: step,
        }
    }

    /// The answer to a frame or a control message, from what the stream's feed gave: the
    /// messages owed already, then `answer`'s, once the stream has started; nothing before;
    /// or the step that ends it.
    pub(super) fn of<T>(
        taken: Taken<'_, T>,
        answer: impl FnOnce(f64, &mut T) -> Vec<Value>,
    ) -> Out {
        match taken {
            Ok(Some((now, answerer, mut owed))) => {
                owed.extend(answer(now, answerer));
                Out::send(owed)
            }
            Ok(None) => Out::send(Vec::new()),
            Err(step) => Out::stop(step),
        }
    }

    /// The last messages, then a normal close (1000).
    pub(super) fn last(messages: Vec<Value>) -> Out {
        Out {
            messages,
            then: Step::Close(1000, String::new()),
        }
    }
}

/// What a live endpoint answers; [`run`] does the rest. An answer may take a while (the
/// recognizer transcribing a window of live audio): the stream reads no frame meanwhile, so a
/// client sending faster than it is answered is slowed down by TCP, and no idle time runs.
pub(super) trait Session: Send + 'static {
    /// The `type`s of its control messages.
    const CONTROLS: &'static [&'static str];
    /// The messages sent as soon as the connection is open.
    fn opened(&mut self) -> Vec<Value>;
    /// A binary frame of audio (never empty).
    fn audio(&mut self, audio: &[u8]) -> impl Future<Output = Out> + Send;
    /// A text frame, parsed (`Null` when it is not JSON).
    fn text(&mut self, message: &Value) -> impl Future<Output = Out> + Send;
    /// The end of the audio: an empty binary frame.
    fn end(&mut self) -> impl Future<Output = Out> + Send;
    /// The seconds of audio heard so far: what the stream is recorded with when it ends.
    fn heard(&self) -> f64;
}

/// The `type` of a message.
pub(super) fn kind(message: &Value) -> Option<&str> {
    message.get("type")?.as_str()
}

/// Runs `session` on `socket` until the stream ends, its messages going out through an
/// [`Outbox`] that `faults` act on. The frame loop and the outbox's writer run side by side:
/// the writer ends the stream (after the loop's last step, a cut, or a client that stopped
/// reading); the loop alone ends it at once when the client closes or the connection fails.
/// Returns the seconds of audio the stream heard.
pub(super) async fn run<S: Session>(
    socket: Socket,
    idle: Duration,
    faults: Faults,
    mut session: S,
) -> f64 {
    let (sink, frames) = socket.split();
    let (outbox, writer) = outbox::outbox(faults);
    {
        let reading = async {
            if let Some(step) = read(frames, idle, &mut session, &outbox).await {
                outbox.end(step).await;
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            () = writer.write(sink) => {}
            () = reading => {}
        }
    }
    session.heard()
}

/// The frame loop: reads frames until the stream ends, queueing their answers; the step that
/// ends the stream after the messages queued, or `None` to end it at once.
async fn read<S: Session>(
    mut frames: SplitStream<Socket>,
    idle: Duration,
    session: &mut S,
    outbox: &Outbox,
) -> Option<Step> {
    let mut out = Out::send(session.opened());
    loop {
        if !outbox.send(out.messages).await {
            return None;
        }
        if out.then != Step::Go {
            return Some(out.then);
        }
        let frame = match tokio::time::timeout(idle, frames.next()).await {
            Err(_) => {
                return Some(Step::Close(
                    1011,
                    format!(
                        "NET-0001: no audio or message arrived for {} ms",
                        idle.as_millis()
                    ),
                ));
            }
            Ok(Some(Ok(frame))) => frame,
            Ok(_) => return None,
        };
        out = match frame {
            Message::Binary(audio) if audio.is_empty() => session.end().await,
            Message::Binary(audio) if is_control(&audio, S::CONTROLS) => Out::stop(Step::Close(
                1008,
                "DATA-0000: a control message was sent as a binary frame".into(),
            )),
            Message::Binary(audio) => session.audio(&audio).await,
            Message::Text(text) => {
                session
                    .text(&serde_json::from_str(&text).unwrap_or(Value::Null))
                    .await
            }
            Message::Close(_) => return None,
            // Pings (tungstenite answers them) and pongs: activity, nothing to answer.
            _ => Out::send(Vec::new()),
        };
    }
}

/// Whether a binary frame is one of `controls`. Only a frame that starts like JSON can be
/// one; audio is not copied.
fn is_control(frame: &[u8], controls: &[&str]) -> bool {
    frame.first() == Some(&b'{')
        && serde_json::from_slice::<Value>(frame)
            .ok()
            .is_some_and(|m| kind(&m).is_some_and(|k| controls.contains(&k)))
}
