//! `GET /v1/listen` with a WebSocket upgrade: live streaming. The route table has already
//! checked the credentials (header, or the browser's `Sec-WebSocket-Protocol: token, <key>`)
//! and the scope; this answers 101 and runs the stream on the upgraded connection.
//!
//! The stream follows Deepgram: binary frames are audio, text frames are `KeepAlive`,
//! `Finalize` and `CloseStream`; results come as the audio arrives
//! ([`Transcript`](crate::audio::streaming::Transcript)); `CloseStream` (or an empty binary
//! frame) flushes the last results, sends `Metadata` and closes with 1000. A control message
//! sent as binary, or audio that cannot be decoded, closes with 1008 `DATA-0000`; no frame for
//! the configured idle time closes with 1011 `NET-0001`.

use std::time::Duration;

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use http::header::{CONNECTION, HeaderValue, SEC_WEBSOCKET_ACCEPT, UPGRADE};
use http::{Response, StatusCode};
use http_body_util::Full;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role};

use crate::access::auth;
use crate::audio::identify::AudioDigest;
use crate::audio::listen_options::ListenOptions;
use crate::audio::streaming::{Asked, Clock, Transcript};
use crate::errors::ApiError;
use crate::handlers::Call;
use crate::http::query::Query;
use crate::http::reply::Reply;
use crate::state::recordings::{Library, STREAM_HEAD};

pub(crate) async fn upgrade(call: Call<'_>) -> Result<Reply, ApiError> {
    let cx = &call.cx;
    let headers = &cx.parts.headers;
    let wants_websocket = headers
        .get(UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    let key = headers.get("sec-websocket-key");
    let on_upgrade = cx
        .parts
        .extensions
        .get::<hyper::upgrade::OnUpgrade>()
        .cloned();
    let (true, Some(key), Some(on_upgrade)) = (wants_websocket, key, on_upgrade) else {
        return Err(ApiError::BadRequest(
            "GET /v1/listen is live streaming: open it as a WebSocket".into(),
        ));
    };
    let query = Query::parse(cx.parts.uri.query());
    let options = ListenOptions::parse(&query)?;
    let stream = Stream {
        library: cx.shared.library,
        request_id: cx.request_id.to_owned(),
        idle: cx.shared.live_idle_timeout,
        asked: Asked {
            interim: query.get("interim_results") == Some("true"),
            endpointing_ms: query.get("endpointing").and_then(|v| v.parse().ok()),
            utterance_end_ms: query.get("utterance_end_ms").and_then(|v| v.parse().ok()),
            vad_events: query.get("vad_events") == Some("true"),
        },
        raw: options.raw,
        query,
        cut: cx.parts.extensions.get::<Cut>().copied(),
    };
    let stopping = cx.shared.stopping.clone();
    tokio::spawn(async move {
        let serve = async move {
            if let Ok(upgraded) = on_upgrade.await {
                let socket =
                    WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, None)
                        .await;
                stream.run(socket).await;
            }
        };
        // The stream outlives its request: it ends with the emulator, closing its connection.
        tokio::select! {
            () = serve => {}
            () = stopping.cancelled() => {}
        }
    });
    let mut reply = Response::new(Full::new(Bytes::new()));
    *reply.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let out = reply.headers_mut();
    out.insert(UPGRADE, HeaderValue::from_static("websocket"));
    out.insert(CONNECTION, HeaderValue::from_static("Upgrade"));
    let accept = derive_accept_key(key.as_bytes());
    out.insert(
        SEC_WEBSOCKET_ACCEPT,
        HeaderValue::from_str(&accept).expect("base64 is a valid header value"),
    );
    // Deepgram answers the subprotocol form with the scheme alone (never the secret).
    if let Some((scheme, _)) = auth::subprotocol(headers) {
        let scheme = if scheme.eq_ignore_ascii_case("bearer") {
            "bearer"
        } else {
            "token"
        };
        out.insert("sec-websocket-protocol", HeaderValue::from_static(scheme));
    }
    Ok(reply)
}

/// A fault cutting the stream once `after_audio` of audio has arrived: dropped without a
/// close frame, or closed with `code`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cut {
    pub(crate) after_audio: Duration,
    pub(crate) code: Option<u16>,
}

/// One live stream, run on its upgraded connection.
struct Stream {
    library: &'static Library,
    request_id: String,
    idle: Duration,
    asked: Asked,
    raw: Option<crate::audio::identify::RawFormat>,
    query: Query,
    cut: Option<Cut>,
}

type Socket = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;

/// What the audio so far has made of the stream.
struct Heard {
    digest: AudioDigest,
    received: u64,
    head: Vec<u8>,
    /// Set once the first bytes say how to time the audio.
    started: Option<(Clock, Transcript)>,
}

enum Step {
    Go,
    Close(u16, String),
    /// End the connection without a close frame.
    Drop,
}

impl Stream {
    async fn run(self, mut socket: Socket) {
        let mut heard = Heard {
            digest: AudioDigest::new(),
            received: 0,
            head: Vec::new(),
            started: None,
        };
        let step = loop {
            let frame = match tokio::time::timeout(self.idle, socket.next()).await {
                Err(_) => {
                    break Step::Close(
                        1011,
                        format!(
                            "NET-0001: no audio or message arrived for {} ms",
                            self.idle.as_millis()
                        ),
                    );
                }
                Ok(Some(Ok(frame))) => frame,
                Ok(_) => return,
            };
            let step = match frame {
                Message::Binary(audio) if audio.is_empty() => {
                    self.finish(&mut socket, &mut heard).await
                }
                Message::Binary(audio) => self.audio(&mut socket, &mut heard, &audio).await,
                Message::Text(text) => match control(&text).as_deref() {
                    Some("CloseStream") => self.finish(&mut socket, &mut heard).await,
                    Some("Finalize") => self.finalize(&mut socket, &mut heard).await,
                    _ => Step::Go, // KeepAlive, and messages this emulator does not know
                },
                Message::Close(_) => return,
                _ => Step::Go,
            };
            if !matches!(step, Step::Go) {
                break step;
            }
        };
        if let Step::Close(code, reason) = step {
            let frame = CloseFrame {
                code: CloseCode::from(code),
                reason: reason.into(),
            };
            let _ = socket.close(Some(frame)).await;
        }
    }

    async fn audio(&self, socket: &mut Socket, heard: &mut Heard, audio: &[u8]) -> Step {
        // Only a frame that starts like JSON can be a control message; audio is not copied.
        if audio.first() == Some(&b'{') && control(&String::from_utf8_lossy(audio)).is_some() {
            return Step::Close(
                1008,
                "DATA-0000: a control message was sent as a binary frame".into(),
            );
        }
        heard.digest.update(audio);
        heard.received += audio.len() as u64;
        if heard.started.is_none() {
            let room = STREAM_HEAD.saturating_sub(heard.head.len());
            heard
                .head
                .extend_from_slice(&audio[..audio.len().min(room)]);
            if heard.head.len() < STREAM_HEAD {
                return Step::Go;
            }
            if let Err(step) = self.start(heard) {
                return step;
            }
        }
        let Some((clock, transcript)) = heard.started.as_mut() else {
            return Step::Go;
        };
        let now = clock.heard(heard.received);
        if let Some(cut) = self.cut.filter(|c| now >= c.after_audio.as_secs_f64()) {
            return match cut.code {
                Some(code) => Step::Close(code, "the emulator cut this stream (a fault)".into()),
                None => Step::Drop,
            };
        }
        let messages = transcript.advance(now);
        send(socket, messages).await
    }

    /// Starts a stream shorter than the head the start waits for, when its results are due
    /// (`Finalize`, `CloseStream`); nothing before any audio.
    fn start_early(&self, heard: &mut Heard) -> Result<(), Step> {
        if heard.started.is_none() && !heard.head.is_empty() {
            self.start(heard)?;
        }
        Ok(())
    }

    /// Times the audio and finds its recording from the first bytes.
    fn start(&self, heard: &mut Heard) -> Result<(), Step> {
        let Some(clock) = Clock::of(&heard.head, self.raw.as_ref()) else {
            return Err(Step::Close(
                1008,
                "DATA-0000: the audio could not be decoded (no known container, and no `encoding` given)".into(),
            ));
        };
        let recording = self.library.for_stream_head(&heard.head, &self.query);
        let transcript = Transcript::new(
            recording.map(|(r, offset)| (&r.response, offset)),
            &self.request_id,
            self.asked,
        );
        heard.started = Some((clock, transcript));
        Ok(())
    }

    async fn finalize(&self, socket: &mut Socket, heard: &mut Heard) -> Step {
        if let Err(step) = self.start_early(heard) {
            return step;
        }
        let Some((clock, transcript)) = heard.started.as_mut() else {
            return Step::Go;
        };
        let messages = transcript.flush(clock.heard(heard.received), true);
        send(socket, messages).await
    }

    /// `CloseStream`: the last results, `Metadata`, then 1000.
    async fn finish(&self, socket: &mut Socket, heard: &mut Heard) -> Step {
        if let Err(step) = self.start_early(heard) {
            return step;
        }
        let (duration, mut messages, tail) = match heard.started.as_mut() {
            Some((clock, transcript)) => {
                let duration = clock.heard(heard.received);
                let results = transcript.flush(duration, false);
                (duration, results, Some(transcript))
            }
            None => (0.0, Vec::new(), None),
        };
        let digest = std::mem::replace(&mut heard.digest, AudioDigest::new()).finish();
        let empty = Transcript::new(None, &self.request_id, Asked::default());
        let transcript = tail.map_or(&empty, |t| &*t);
        messages.push(transcript.metadata_message(&self.request_id, &digest.sha256, duration));
        match send(socket, messages).await {
            Step::Go => Step::Close(1000, String::new()),
            other => other,
        }
    }
}

/// The `type` of a control message (`{"type":"KeepAlive"}`), if `text` is one.
fn control(text: &str) -> Option<String> {
    let value: Value = serde_json::from_str(text).ok()?;
    let kind = value.get("type")?.as_str()?;
    matches!(kind, "KeepAlive" | "Finalize" | "CloseStream").then(|| kind.to_owned())
}

async fn send(socket: &mut Socket, messages: Vec<Value>) -> Step {
    for message in messages {
        if socket
            .send(Message::text(message.to_string()))
            .await
            .is_err()
        {
            return Step::Close(1011, "the client stopped reading".into());
        }
    }
    Step::Go
}
