//! The frame loop of a live stream, the same for every live endpoint: binary frames are audio
//! (an empty one ends the audio), text frames are control messages, a control message sent
//! as binary closes with 1008 `DATA-0000`, and no frame at all (audio, text or a WebSocket
//! ping, which tungstenite answers itself) for the configured idle time closes with 1011
//! `NET-0001`. What each frame is answered is the endpoint's [`Session`], which never sees
//! the socket.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::feed::Taken;

pub(super) type Socket = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;

/// What the stream does next.
#[derive(Debug, PartialEq)]
pub(crate) enum Step {
    Go,
    Close(u16, String),
    /// End the connection without a close frame.
    Drop,
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
}

/// The `type` of a message.
pub(super) fn kind(message: &Value) -> Option<&str> {
    message.get("type")?.as_str()
}

/// Runs `session` on `socket` until the stream ends.
pub(super) async fn run<S: Session>(mut socket: Socket, idle: Duration, mut session: S) {
    let mut out = Out::send(session.opened());
    let step = loop {
        let step = send(&mut socket, out).await;
        if step != Step::Go {
            break step;
        }
        let frame = match tokio::time::timeout(idle, socket.next()).await {
            Err(_) => {
                break Step::Close(
                    1011,
                    format!(
                        "NET-0001: no audio or message arrived for {} ms",
                        idle.as_millis()
                    ),
                );
            }
            Ok(Some(Ok(frame))) => frame,
            Ok(_) => return,
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
            Message::Close(_) => return,
            // Pings (tungstenite answers them) and pongs: activity, nothing to answer.
            _ => Out::send(Vec::new()),
        };
    };
    if let Step::Close(code, reason) = step {
        let frame = CloseFrame {
            code: CloseCode::from(code),
            reason: reason.into(),
        };
        let _ = socket.close(Some(frame)).await;
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

async fn send(socket: &mut Socket, out: Out) -> Step {
    for message in out.messages {
        if socket
            .send(Message::text(message.to_string()))
            .await
            .is_err()
        {
            return Step::Close(1011, "the client stopped reading".into());
        }
    }
    out.then
}
