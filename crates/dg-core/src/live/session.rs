//! A live session: one task reads the socket, keeps it alive and reconnects it; audio and
//! control messages go out through the [`Wire`] it shares with the senders (written on the
//! sender's thread when the socket is free, else queued for the task, in order either way).
//! Dropping the session closes the socket at once.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::{SinkExt, Stream};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::connect::Socket;
use super::replay::Replay;
use super::wire::{CLOSE_STREAM, Command, Direct, Incoming, Wire};
use super::{AudioFormat, LiveConfig, LiveEvent, Reconnect};
use crate::config::ClientConfig;
use crate::error::{Error, Result};
use crate::options::FluxConfigure;

/// Which protocol the stream speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Protocol {
    /// `/v1/listen`: `KeepAlive` messages, `Finalize`, reconnection.
    Listen,
    /// Flux, `/v2/listen`: kept alive by WebSocket pings, `Configure`.
    Flux,
}

/// An open live stream. Events are read with [`LiveSession::next_event`] (or as a
/// [`Stream`]); audio is sent with [`LiveSession::send`], or from another task through a
/// [`LiveSender`]. Dropping the session closes the socket at once, without waiting for
/// results; [`LiveSession::close`] is the orderly end.
pub struct LiveSession {
    request_id: Option<String>,
    format: AudioFormat,
    sender: LiveSender,
    events: mpsc::Receiver<Result<LiveEvent>>,
}

/// Sends audio and control messages into a [`LiveSession`]; cheap to clone.
#[derive(Clone, Debug)]
pub struct LiveSender {
    wire: Arc<Wire>,
    commands: mpsc::Sender<Command>,
    protocol: Protocol,
    task: tokio::task::AbortHandle,
    /// Set by [`LiveSender::abort`], so nothing is queued after it (the task ends a moment
    /// later, when the runtime gets to it).
    aborted: Arc<AtomicBool>,
    /// Set by [`LiveSender::close`]: after `CloseStream` the server takes no more audio, so
    /// nothing more is queued.
    closing: Arc<AtomicBool>,
}

impl std::fmt::Debug for LiveSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveSession")
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

impl LiveSession {
    pub(crate) fn start(
        socket: Socket,
        request_id: Option<String>,
        format: AudioFormat,
        config: &LiveConfig,
        protocol: Protocol,
        resume: Option<Resume>,
    ) -> Self {
        let (commands, commands_rx) = mpsc::channel(config.send_buffer.max(1));
        let (events_tx, events) = mpsc::channel(config.event_buffer.max(1));
        let replay = resume
            .as_ref()
            .map(|resume| Replay::new(resume.policy.replay_seconds));
        let wire = Arc::new(Wire::new(socket, format.clone(), replay));
        let driver = Driver {
            wire: wire.clone(),
            commands: commands_rx,
            events: events_tx,
            keep_alive: config.keep_alive,
            protocol,
            request_id: request_id.clone(),
            resume,
            closing: false,
        };
        let task = tokio::spawn(driver.run()).abort_handle();
        LiveSession {
            request_id,
            format,
            sender: LiveSender {
                wire,
                commands,
                protocol,
                task,
                aborted: Arc::default(),
                closing: Arc::default(),
            },
            events,
        }
    }

    /// The stream's request id (from the upgrade's `dg-request-id`).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// What the stream's options say of its audio (what paces headerless audio).
    pub fn format(&self) -> &AudioFormat {
        &self.format
    }

    /// A sender for another task.
    pub fn sender(&self) -> LiveSender {
        self.sender.clone()
    }

    /// Sends a chunk of audio (see [`LiveSender::send`]).
    pub async fn send(&self, audio: impl Into<Bytes>) -> Result<()> {
        self.sender.send(audio).await
    }

    /// Asks the server for the results of all audio so far (see [`LiveSender::finalize`]).
    pub async fn finalize(&self) -> Result<()> {
        self.sender.finalize().await
    }

    /// Changes a Flux stream's settings (see [`LiveSender::configure`]).
    pub async fn configure(&self, configure: &FluxConfigure) -> Result<()> {
        self.sender.configure(configure).await
    }

    /// Ends the audio (see [`LiveSender::close`]); keep reading events until they end.
    pub async fn close(&self) -> Result<()> {
        self.sender.close().await
    }

    /// The next event; `None` once the server closed the stream normally. A close with
    /// another code, or a broken connection, is the last item, an error.
    pub async fn next_event(&mut self) -> Option<Result<LiveEvent>> {
        self.events.recv().await
    }

    /// What [`LiveSession::next_event`] would give if it is already known (an event waiting,
    /// or the end), without waiting: `Poll::Pending` when it has to wait.
    pub fn try_next_event(&mut self) -> Poll<Option<Result<LiveEvent>>> {
        match self.events.try_recv() {
            Ok(event) => Poll::Ready(Some(event)),
            Err(mpsc::error::TryRecvError::Empty) => Poll::Pending,
            Err(mpsc::error::TryRecvError::Disconnected) => Poll::Ready(None),
        }
    }
}

impl Stream for LiveSession {
    type Item = Result<LiveEvent>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.events.poll_recv(cx)
    }
}

impl Drop for LiveSession {
    fn drop(&mut self) {
        self.sender.abort();
    }
}

fn closed() -> Error {
    Error::Closed {
        what: "live stream",
    }
}

impl LiveSender {
    /// Sends a chunk of audio: written to the socket on this thread when it has taken
    /// everything before, else queued for the session's task, waiting while the send buffer is
    /// full (backpressure). An empty chunk is skipped: a zero-length frame would end the stream.
    pub async fn send(&self, audio: impl Into<Bytes>) -> Result<()> {
        let audio = audio.into();
        if audio.is_empty() {
            return Ok(());
        }
        self.command(Command::Audio(audio)).await
    }

    /// Sends a chunk of audio as [`LiveSender::send`] does if that needs no waiting: `None` when
    /// it was written or queued (or was empty), the chunk back when the socket is busy and the
    /// send buffer full (then [`LiveSender::send`] waits for room). Lets a binding answer most
    /// sends without a trip through its runtime.
    pub fn try_send(&self, audio: impl Into<Bytes>) -> Result<Option<Bytes>> {
        let audio = audio.into();
        if audio.is_empty() {
            return Ok(None);
        }
        let Some(command) = self.write_now(Command::Audio(audio))? else {
            return Ok(None);
        };
        let ticket = self.wire.ticket();
        match self.commands.try_send(command) {
            Ok(()) => {
                ticket.queued();
                Ok(None)
            }
            Err(mpsc::error::TrySendError::Full(Command::Audio(audio))) => Ok(Some(audio)),
            Err(_) => Err(closed()),
        }
    }

    /// Asks the server to send the results of all audio so far (`Finalize`), after the audio
    /// already queued. A Flux stream has no `Finalize` (its turns end by themselves): there
    /// it is an [`Error::InvalidOptions`], and nothing is sent.
    pub async fn finalize(&self) -> Result<()> {
        if self.protocol == Protocol::Flux {
            return Err(Error::invalid(
                "a Flux stream has no Finalize: its turns end by themselves (EndOfTurn)",
            ));
        }
        self.control(FINALIZE.to_owned()).await
    }

    /// Changes a Flux stream's end-of-turn settings, key terms or language hints
    /// (`Configure`), after the audio already queued; the server answers with a
    /// [`LiveEvent::ConfigureSuccess`] or [`LiveEvent::ConfigureFailure`]. Checked first
    /// ([`FluxConfigure::validate`]); on a `/v1/listen` stream it is an
    /// [`Error::InvalidOptions`], and nothing is sent.
    pub async fn configure(&self, configure: &FluxConfigure) -> Result<()> {
        if self.protocol != Protocol::Flux {
            return Err(Error::invalid(
                "Configure is a Flux message: open the stream with `listen_flux`",
            ));
        }
        self.control(configure.to_message()?).await
    }

    /// Closes the socket at once, without waiting for results (what dropping the session
    /// does), for a binding whose session object outlives its use (a `with` block left, a
    /// coroutine cancelled). The events end after those already received.
    pub fn abort(&self) {
        self.aborted.store(true, Ordering::Release);
        self.task.abort();
        self.wire.shut();
    }

    async fn control(&self, message: String) -> Result<()> {
        self.command(Command::Control(message)).await
    }

    /// Whether the stream takes no more commands: aborted, or `CloseStream` queued.
    fn is_closed(&self) -> bool {
        self.aborted.load(Ordering::Acquire) || self.closing.load(Ordering::Acquire)
    }

    /// Writes the command on this thread when the socket is free, else queues it for the task
    /// (waiting while the queue is full).
    async fn command(&self, command: Command) -> Result<()> {
        match self.write_now(command)? {
            None => Ok(()),
            Some(command) => self.queue(command).await,
        }
    }

    /// Writes the command on this thread if it may go out now: `None` once written, the
    /// command back when it has to be queued for the task; refused once the stream is closed.
    fn write_now(&self, command: Command) -> Result<Option<Command>> {
        if self.is_closed() {
            return Err(closed());
        }
        match self.wire.try_write(command) {
            Direct::Written => Ok(None),
            Direct::Queue(command) => Ok(Some(command)),
            Direct::Closed => Err(closed()),
        }
    }

    async fn queue(&self, command: Command) -> Result<()> {
        let ticket = self.wire.ticket();
        self.commands.send(command).await.map_err(|_| closed())?;
        ticket.queued();
        Ok(())
    }

    /// Sends `CloseStream` once the audio already queued is out: the server then sends the
    /// remaining results and `Metadata` and closes. Returns without waiting for them. Closing
    /// again does nothing; anything else sent afterwards is an [`Error::Closed`].
    pub async fn close(&self) -> Result<()> {
        if self.aborted.load(Ordering::Acquire) {
            return Err(closed());
        }
        if self.closing.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        // Through the task, which must know the audio is over (no more keep-alive).
        self.queue(Command::Close).await
    }
}

struct Driver {
    wire: Arc<Wire>,
    commands: mpsc::Receiver<Command>,
    events: mpsc::Sender<Result<LiveEvent>>,
    keep_alive: Option<std::time::Duration>,
    protocol: Protocol,
    request_id: Option<String>,
    /// How to open another connection, when reconnection is on.
    resume: Option<Resume>,
    /// `CloseStream` was sent: the user's audio is over.
    closing: bool,
}

/// What reconnecting needs.
pub(crate) struct Resume {
    pub(crate) config: ClientConfig,
    pub(crate) url: url::Url,
    pub(crate) subprotocol_auth: bool,
    pub(crate) policy: Reconnect,
}

const KEEP_ALIVE: &str = r#"{"type":"KeepAlive"}"#;
const FINALIZE: &str = r#"{"type":"Finalize"}"#;

/// Whether a stream that ended this way may be picked up on a new connection: a dropped
/// connection, or a server that failed or restarted; never a normal close or a refusal of
/// the audio.
fn resumable(error: &Error) -> bool {
    matches!(
        error,
        Error::StreamClosed {
            close_code: 1006 | 1011 | 1012 | 1013,
            ..
        }
    )
}

impl Driver {
    async fn run(mut self) {
        let outcome = self.pump_resuming().await;
        // Refuse commands before the caller can see the end: a send made after reading the
        // stream's error (or its end) must fail, not be queued for a socket that is gone.
        self.commands.close();
        self.wire.shut();
        if let Err(error) = outcome {
            let _ = self.events.send(Err(error)).await;
        }
    }

    /// Runs connections until one ends for good.
    async fn pump_resuming(&mut self) -> Result<()> {
        let mut attempt = 0u32;
        let mut progress = 0.0;
        loop {
            let error = match self.pump().await {
                Ok(()) => return Ok(()),
                Err(error) => error,
            };
            let Some(resume) = self.resume.as_ref() else {
                return Err(error);
            };
            let can_resume = self.wire.replay(|r| r.can_resume()).unwrap_or(false);
            if !resumable(&error) || !can_resume {
                return Err(error);
            }
            // Senders queue for the task until the new connection has the audio again.
            drop(self.wire.take());
            // A connection that gave new final results resets the count; one that keeps
            // dropping before any does not, so a failing server is not retried forever.
            let final_until = self.wire.replay(|r| r.final_until()).unwrap_or(0.0);
            if final_until > progress {
                attempt = 0;
                progress = final_until;
            }
            let mut socket = loop {
                if attempt >= resume.policy.backoff.max_retries {
                    return Err(error);
                }
                tokio::time::sleep(crate::transport::backoff(&resume.policy.backoff, attempt))
                    .await;
                attempt += 1;
                match super::connect::connect(&resume.config, &resume.url, resume.subprotocol_auth)
                    .await
                {
                    Ok((socket, request_id)) => {
                        self.request_id = request_id;
                        break socket;
                    }
                    Err(e)
                        if e.kind() == crate::ErrorKind::Network
                            || e.kind() == crate::ErrorKind::Timeout
                            || e.kind() == crate::ErrorKind::Server =>
                    {
                        continue;
                    }
                    Err(e) => return Err(e),
                }
            };
            let (replayed, frames) = self
                .wire
                .replay(|r| (r.buffered_seconds(), r.resume()))
                .unwrap_or_default();
            let event = LiveEvent::Reconnected {
                attempt,
                request_id: self.request_id.clone(),
                replayed_seconds: replayed,
            };
            if self.events.send(Ok(event)).await.is_err() {
                return Ok(());
            }
            for audio in frames {
                socket
                    .send(Message::Binary(audio))
                    .await
                    .map_err(|e| broken(e, &self.request_id))?;
            }
            if self.closing {
                socket
                    .send(Message::text(CLOSE_STREAM))
                    .await
                    .map_err(|e| broken(e, &self.request_id))?;
            }
            self.wire.install(socket);
            attempt = 0;
        }
    }

    /// Moves frames until the server closes; `Ok` for a normal close.
    async fn pump(&mut self) -> Result<()> {
        let idle = tokio::time::sleep(self.keep_alive.unwrap_or_default());
        tokio::pin!(idle);
        loop {
            tokio::select! {
                command = self.commands.recv(), if !self.closing => {
                    let queued = command.is_some();
                    // None: every sender gone (the session dropped its own only with itself).
                    let command = command.unwrap_or(Command::Close);
                    self.closing = matches!(command, Command::Close);
                    if let Err(e) = self.wire.write(command, queued).await {
                        return self.after_failed_send(broken(e, &self.request_id)).await;
                    }
                }
                () = &mut idle, if self.keep_alive.is_some() && !self.closing => {
                    let every = self.keep_alive.unwrap_or_default();
                    // Audio the senders wrote themselves counts as activity too.
                    let due = self.wire.last_write() + every;
                    if due > tokio::time::Instant::now() {
                        idle.as_mut().reset(due);
                        continue;
                    }
                    let frame = match self.protocol {
                        Protocol::Listen => Command::Control(KEEP_ALIVE.to_owned()),
                        // Flux has no KeepAlive message: a ping keeps the stream open.
                        Protocol::Flux => Command::Ping,
                    };
                    self.wire.write(frame, false).await.map_err(|e| broken(e, &self.request_id))?;
                    idle.as_mut().reset(tokio::time::Instant::now() + every);
                }
                sent = std::future::poll_fn(|cx| self.wire.poll_senders(cx)) => {
                    if let Err(e) = sent {
                        return self.after_failed_send(broken(e, &self.request_id)).await;
                    }
                }
                message = self.wire.read() => {
                    let Some(message) = message else {
                        return Err(ended(&self.request_id));
                    };
                    if let Some(end) = self.deliver(message).await {
                        return end;
                    }
                }
            }
        }
    }

    /// After a send failed: the server may have closed first (1011, 1008), and its close
    /// frame, with any results before it, is still to be read and says more than the broken
    /// write.
    async fn after_failed_send(&self, failed: Error) -> Result<()> {
        loop {
            let Ok(Some(message)) = tokio::time::timeout(LINGER, self.wire.read()).await else {
                return Err(failed);
            };
            if let Some(end) = self.deliver(message).await {
                // A normal close while audio was still going out is still a failure.
                return end.and(Err(failed));
            }
        }
    }

    /// Hands one received frame on: a message becomes an event (shifted and deduplicated
    /// when reconnecting); `Some` when the frame ends the stream, with how.
    async fn deliver(&self, message: Incoming) -> Option<Result<()>> {
        match message {
            Ok(Message::Text(text)) => {
                let mut event = Some(LiveEvent::parse(&text));
                if let Some(kept) = self.wire.replay(|r| r.receive(event.take()?)) {
                    event = kept;
                }
                let event = event?;
                // Nobody reads the events any more: the stream is over for this session.
                self.events.send(Ok(event)).await.is_err().then_some(Ok(()))
            }
            Ok(Message::Close(frame)) => Some(close_outcome(frame, &self.request_id)),
            Ok(_) => None, // pings are answered by the socket itself
            Err(e) => Some(Err(broken(e, &self.request_id))),
        }
    }
}

/// How long a failed send waits for the server's close frame that may explain it.
const LINGER: std::time::Duration = std::time::Duration::from_secs(1);

fn ended(request_id: &Option<String>) -> Error {
    Error::StreamClosed {
        close_code: 1006,
        code: None,
        message: "the connection ended without a close frame".into(),
        request_id: request_id.clone(),
    }
}

/// The end of a stream the server closed: `Ok` for 1000, else the typed error.
fn close_outcome(frame: Option<CloseFrame>, request_id: &Option<String>) -> Result<()> {
    let (code, reason) = frame.map_or((1005, String::new()), |f| {
        (u16::from(f.code), f.reason.to_string())
    });
    if code == u16::from(CloseCode::Normal) {
        return Ok(());
    }
    let deepgram_code = reason
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .find(|w| is_deepgram_code(w))
        .map(str::to_owned);
    let message = if reason.is_empty() {
        match code {
            1008 => "the server could not use the audio or a message (policy violation)".into(),
            1011 => "the server gave up (no result or no audio in time)".into(),
            _ => format!("closed with code {code}"),
        }
    } else {
        reason
    };
    Err(Error::StreamClosed {
        close_code: code,
        code: deepgram_code,
        message,
        request_id: request_id.clone(),
    })
}

fn broken(error: tokio_tungstenite::tungstenite::Error, request_id: &Option<String>) -> Error {
    Error::StreamClosed {
        close_code: 1006,
        code: None,
        message: format!("the connection broke: {error}"),
        request_id: request_id.clone(),
    }
}

/// `NET-0001`, `DATA-0000`: capitals, a dash, four digits.
fn is_deepgram_code(word: &str) -> bool {
    word.split_once('-').is_some_and(|(area, number)| {
        !area.is_empty()
            && area.chars().all(|c| c.is_ascii_uppercase())
            && number.len() == 4
            && number.chars().all(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_codes_become_typed_errors() {
        let frame = |code: u16, reason: &str| {
            Some(CloseFrame {
                code: CloseCode::from(code),
                reason: reason.to_owned().into(),
            })
        };
        let id = Some("r1".to_owned());
        assert!(close_outcome(frame(1000, ""), &id).is_ok());
        let kind = |code, reason| close_outcome(frame(code, reason), &id).unwrap_err();
        let timeout = kind(1011, "NET-0001: no audio");
        assert_eq!(timeout.kind(), crate::ErrorKind::Timeout);
        assert_eq!(timeout.code(), Some("NET-0001"));
        assert_eq!(timeout.request_id(), Some("r1"));
        let data = kind(1008, "DATA-0000 bad audio");
        assert_eq!(
            (data.kind(), data.code()),
            (crate::ErrorKind::BadRequest, Some("DATA-0000"))
        );
        assert_eq!(kind(1011, "").kind(), crate::ErrorKind::Server);
        assert_eq!(kind(1012, "restarting").kind(), crate::ErrorKind::Network);
        assert!(!is_deepgram_code("NET-01") && !is_deepgram_code("net-0001"));
    }
}
