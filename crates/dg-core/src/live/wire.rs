//! The socket a live session writes to, shared by the session's task and its senders. A
//! sender writes its frame itself, on its own thread, when nothing is queued ahead of it and
//! the socket took everything written so far; otherwise the frame is queued for the task,
//! behind the others. In real time the task's wake-up for every chunk of audio was most of a
//! session's CPU (a thread woken and parked again to move 3 KiB); now the task wakes for what
//! the server sends, a socket that cannot take more, and the keep-alive.
//!
//! One lock orders every frame and the replay buffer's record of the audio, so the order of
//! the frames is the order of the calls that made them, whichever thread writes them. Memory
//! stays bounded: a sender writes only into a socket that has taken everything else; while it
//! has not, frames wait in the task's bounded queue.

use std::pin::Pin;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use futures_util::{Sink, Stream};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

use super::AudioFormat;
use super::connect::Socket;
use super::replay::Replay;

/// What the session asks of the socket, in order.
pub(super) enum Command {
    Audio(Bytes),
    /// A control message (`Finalize`, Flux's `Configure`, `KeepAlive`), as JSON text.
    Control(String),
    /// A WebSocket ping (Flux's keep-alive).
    Ping,
    Close,
}

pub(super) const CLOSE_STREAM: &str = r#"{"type":"CloseStream"}"#;

/// What became of a sender's frame.
pub(super) enum Direct {
    /// It is on the socket.
    Written,
    /// It has to be queued for the task (given back).
    Queue(Command),
    /// `CloseStream` went out, or the session was aborted: nothing more is sent.
    Closed,
}

pub(super) type Incoming = std::result::Result<Message, WsError>;

pub(super) struct Wire {
    state: Mutex<State>,
}

impl std::fmt::Debug for Wire {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wire").finish_non_exhaustive()
    }
}

struct State {
    /// `None` while a reconnection is under way and once the session is over.
    socket: Option<Socket>,
    /// Commands in the task's queue not yet written: a sender queues behind them.
    queued: usize,
    /// A sender's frame is written but not all of it is on the socket yet: the task finishes
    /// it, and senders queue meanwhile.
    unflushed: bool,
    /// A sender's write failed: the task ends the connection with it.
    failed: Option<WsError>,
    /// `CloseStream` was written, or the session aborted.
    closed: bool,
    /// What a reconnection sends again (when reconnection is on).
    replay: Option<Replay>,
    format: AudioFormat,
    /// When a frame last went out (what the keep-alive counts from).
    last_write: Instant,
    /// The task, to wake when a sender leaves it something to do.
    task: Option<Waker>,
}

/// The frame for a command, the audio kept for a replay on its way out.
fn frame(
    command: Command,
    replay: &mut Option<Replay>,
    format: &AudioFormat,
    closed: &mut bool,
) -> Message {
    match command {
        Command::Audio(audio) => {
            if let Some(replay) = replay.as_mut() {
                replay.sent(&audio, format);
            }
            Message::Binary(audio)
        }
        Command::Control(message) => Message::text(message),
        Command::Ping => Message::Ping(Bytes::new()),
        Command::Close => {
            *closed = true;
            Message::text(CLOSE_STREAM)
        }
    }
}

/// A command in the task's queue, counted until the task takes it; uncounted again if it never
/// got there (a full queue, a cancelled send).
pub(super) struct Ticket<'a> {
    wire: &'a Wire,
    queued: bool,
}

impl Ticket<'_> {
    /// The command is in the queue: the task uncounts it once written.
    pub(super) fn queued(mut self) {
        self.queued = true;
    }
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        if !self.queued {
            self.wire.lock().queued -= 1;
        }
    }
}

impl Wire {
    pub(super) fn new(socket: Socket, format: AudioFormat, replay: Option<Replay>) -> Wire {
        Wire {
            state: Mutex::new(State {
                socket: Some(socket),
                queued: 0,
                unflushed: false,
                failed: None,
                closed: false,
                replay,
                format,
                last_write: Instant::now(),
                task: None,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing under this lock can leave the state half-changed.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A sender's write: the frame goes out on this thread when nothing is queued ahead of it
    /// and the socket has taken everything so far. Never `Close`: that goes through the task,
    /// which must know the audio is over.
    pub(super) fn try_write(&self, command: Command) -> Direct {
        debug_assert!(
            !matches!(command, Command::Close),
            "Close is queued for the task"
        );
        let mut guard = self.lock();
        let State {
            socket,
            queued,
            unflushed,
            failed,
            closed,
            replay,
            format,
            last_write,
            task,
        } = &mut *guard;
        if *closed {
            return Direct::Closed;
        }
        let Some(socket) = socket.as_mut() else {
            return Direct::Queue(command);
        };
        if *queued > 0 || *unflushed || failed.is_some() {
            return Direct::Queue(command);
        }
        // Nothing waits on this context: what is left undone is handed to the task.
        let mut cx = Context::from_waker(Waker::noop());
        let ready = Pin::new(&mut *socket).poll_ready(&mut cx);
        if !matches!(ready, Poll::Ready(Ok(()))) {
            *unflushed = true;
            wake(task);
            return Direct::Queue(command);
        }
        let frame = frame(command, replay, format, closed);
        *last_write = Instant::now();
        let written = Pin::new(&mut *socket)
            .start_send(frame)
            .map(|()| Pin::new(&mut *socket).poll_flush(&mut cx));
        match written {
            Ok(Poll::Ready(Ok(()))) => return Direct::Written,
            Ok(Poll::Pending) => *unflushed = true,
            Ok(Poll::Ready(Err(e))) | Err(e) => *failed = Some(e),
        }
        wake(task);
        Direct::Written
    }

    /// Counts a command about to be queued for the task.
    pub(super) fn ticket(&self) -> Ticket<'_> {
        self.lock().queued += 1;
        Ticket {
            wire: self,
            queued: false,
        }
    }

    /// The task's write of a command (`queued`: taken from the queue, so uncounted once written)
    /// or of its own frame: done once the socket took all of it, as `SinkExt::send`.
    pub(super) async fn write(&self, command: Command, queued: bool) -> Result<(), WsError> {
        let mut command = Some(command);
        std::future::poll_fn(|cx| {
            let mut guard = self.lock();
            let State {
                socket,
                queued: count,
                unflushed,
                replay,
                format,
                closed,
                last_write,
                ..
            } = &mut *guard;
            let Some(socket) = socket.as_mut() else {
                return Poll::Ready(Err(WsError::AlreadyClosed));
            };
            if let Some(next) = command.take() {
                let ready = Pin::new(&mut *socket).poll_ready(cx);
                if ready.is_pending() {
                    command = Some(next);
                    return Poll::Pending;
                }
                // Sent from here on, even into a socket that just failed: the replay buffer
                // keeps its audio for the next connection, and the queue's count drops.
                let frame = frame(next, replay, format, closed);
                if queued {
                    *count -= 1;
                }
                *last_write = Instant::now();
                if let Poll::Ready(Err(e)) = ready {
                    return Poll::Ready(Err(e));
                }
                Pin::new(&mut *socket).start_send(frame)?;
            }
            let flushed = Pin::new(&mut *socket).poll_flush(cx);
            *unflushed = flushed.is_pending();
            flushed
        })
        .await
    }

    /// What the task does for its senders: finishes a frame a sender could not write whole
    /// (`Pending` meanwhile and after), or hands on a sender's failed write. Registers the
    /// task to be woken when a sender leaves it something.
    pub(super) fn poll_senders(&self, cx: &mut Context<'_>) -> Poll<Result<(), WsError>> {
        let mut guard = self.lock();
        let state = &mut *guard;
        if !state.task.as_ref().is_some_and(|t| t.will_wake(cx.waker())) {
            state.task = Some(cx.waker().clone());
        }
        if let Some(e) = state.failed.take() {
            return Poll::Ready(Err(e));
        }
        if let (true, Some(socket)) = (state.unflushed, state.socket.as_mut()) {
            match Pin::new(socket).poll_flush(cx) {
                Poll::Ready(Ok(())) => state.unflushed = false,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => {}
            }
        }
        Poll::Pending
    }

    /// The next frame the server sent; `None` once the socket is gone or ended.
    pub(super) async fn read(&self) -> Option<Incoming> {
        std::future::poll_fn(|cx| match self.lock().socket.as_mut() {
            Some(socket) => Pin::new(socket).poll_next(cx),
            None => Poll::Ready(None),
        })
        .await
    }

    /// When a frame last went out.
    pub(super) fn last_write(&self) -> Instant {
        self.lock().last_write
    }

    /// Takes the socket away (a broken connection, before a new one): senders queue meanwhile.
    pub(super) fn take(&self) -> Option<Socket> {
        let mut state = self.lock();
        state.unflushed = false;
        state.failed = None;
        state.socket.take()
    }

    /// Writes on a new connection from here on.
    pub(super) fn install(&self, socket: Socket) {
        self.lock().socket = Some(socket);
    }

    /// Ends the session's writing: nothing more is sent, and the socket (if still here) is
    /// closed at once.
    pub(super) fn shut(&self) {
        let socket = {
            let mut state = self.lock();
            state.closed = true;
            state.socket.take()
        };
        drop(socket);
    }

    /// Runs `f` on the replay buffer, when reconnection is on.
    pub(super) fn replay<R>(&self, f: impl FnOnce(&mut Replay) -> R) -> Option<R> {
        self.lock().replay.as_mut().map(f)
    }
}

fn wake(task: &Option<Waker>) {
    if let Some(task) = task {
        task.wake_by_ref();
    }
}
