//! The audio a live stream has received: how much, its hash, and, once its first bytes have
//! come, how to time it and what answers it (v1's [`Transcript`], Flux's [`Turns`]). The
//! first [`STREAM_HEAD`] bytes say both, as they say Deepgram's decoder which format it reads:
//! a WAV header or the query's `encoding` gives the clock, and the embedded recording that
//! starts with those bytes (or holds them, for a resumed stream) gives the words. Audio no
//! recording matches is recognized as it streams when the emulator has a recognizer
//! ([`Pacing`] says when its words are answered), and gets empty results otherwise.
//!
//! [`Transcript`]: crate::audio::streaming::Transcript
//! [`Turns`]: crate::audio::turns::Turns

use std::time::Duration;

use serde_json::Value;

use super::pacing::{Answerer, Pacing};
use super::socket::Step;
use crate::audio::identify::{AudioDigest, RawFormat};
use crate::audio::recognition::Live;
use crate::audio::streaming::Clock;
use crate::handlers::Cx;
use crate::http::query::Query;
use crate::state::faults::FaultAction;
use crate::state::recordings::{Library, STREAM_HEAD};

/// A fault cutting the stream once `after_audio` of audio has arrived: dropped without a
/// close frame, or closed with `code`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Cut {
    pub(super) after_audio: Duration,
    pub(super) code: Option<u16>,
}

/// The recorded answer a stream's audio matched (or, for audio the recognizer transcribes,
/// an answer naming its model, without words), and where in it the stream starts (seconds);
/// `None` for audio nothing answers.
pub(super) type Recorded<'a> = Option<(&'a Value, f64)>;

/// What the stream's answer is due for.
#[derive(Clone, Copy)]
pub(super) enum Input<'a> {
    /// A frame of audio (never empty).
    Audio(&'a [u8]),
    /// `Finalize`: the results of all the audio so far.
    Finalize,
    /// The end of the audio (`CloseStream`, or an empty frame).
    End,
}

/// Once the stream has started: the seconds of audio heard, the answerer, and the messages
/// owed already (those of frames whose words were waiting for the recognizer).
pub(super) type Taken<'a, T> = Result<Option<(f64, &'a mut T, Vec<Value>)>, Step>;

pub(super) struct Feed<T> {
    library: &'static Library,
    live: Live,
    raw: Option<RawFormat>,
    /// Picks among the recordings of the same audio.
    query: Query,
    cut: Option<Cut>,
    digest: AudioDigest,
    received: u64,
    /// Every byte until the stream starts, in whole frames: at least [`STREAM_HEAD`] then.
    head: Vec<u8>,
    /// Set once the first bytes have said how to time the audio.
    started: Option<Started<T>>,
}

struct Started<T> {
    clock: Clock,
    answerer: T,
    pacing: Pacing,
}

impl<T: Answerer> Feed<T> {
    /// The feed of the stream `cx` opens, its audio read as `raw` says when it has no
    /// container; `query` picks among the recordings of the same audio.
    pub(super) fn new(cx: &Cx<'_>, raw: Option<RawFormat>, query: Query) -> Feed<T> {
        let cut = match cx.parts.extensions.get::<FaultAction>() {
            Some(&FaultAction::CutLiveStream { after_audio, code }) => {
                Some(Cut { after_audio, code })
            }
            _ => None,
        };
        Feed::with(cx.shared.library, cx.shared.speech.live(), raw, query, cut)
    }

    pub(super) fn with(
        library: &'static Library,
        live: Live,
        raw: Option<RawFormat>,
        query: Query,
        cut: Option<Cut>,
    ) -> Feed<T> {
        Feed {
            library,
            live,
            raw,
            query,
            cut,
            digest: AudioDigest::new(),
            received: 0,
            head: Vec::new(),
            started: None,
        }
    }

    /// Takes `input` (a `Finalize` or the end make the results due now: a stream shorter
    /// than the head starts then). `start` makes the answerer when the stream starts.
    /// `None` while the head is still coming, or before any audio. A `Step` ends the stream:
    /// undecodable audio, the `Cut` fault, or a recognizer that failed.
    pub(super) async fn take(
        &mut self,
        input: Input<'_>,
        start: impl FnOnce(Recorded<'_>) -> T,
    ) -> Taken<'_, T> {
        let audio = match input {
            Input::Audio(audio) => Some(audio),
            Input::Finalize | Input::End => None,
        };
        if let Some(audio) = audio {
            self.digest.update(audio);
            self.received += audio.len() as u64;
            if self.started.is_none() {
                self.head.extend_from_slice(audio);
            }
        }
        let head_complete = self.head.len() >= STREAM_HEAD;
        let mut unheard = audio.unwrap_or_default();
        let head;
        if self.started.is_none() && !self.head.is_empty() && (head_complete || audio.is_none()) {
            self.start(start)?;
            head = std::mem::take(&mut self.head);
            unheard = &head;
        }
        let received = self.received;
        let Some(started) = self.started.as_mut() else {
            return Ok(None);
        };
        let now = started.clock.heard(received);
        if let Some(cut) = self
            .cut
            .filter(|c| audio.is_some() && now >= c.after_audio.as_secs_f64())
        {
            return Err(Step::cut(cut.code));
        }
        let (answerer, pacing) = (&mut started.answerer, &mut started.pacing);
        pacing.take(unheard, answerer).await?;
        // Compressed audio is timed by what the recognizer has decoded of it.
        let owed = match input {
            Input::Audio(_) => {
                let heard = pacing.decoded().unwrap_or(now);
                pacing.heard(heard, answerer)
            }
            Input::Finalize => pacing.catch_up(false, answerer).await?,
            Input::End => pacing.catch_up(true, answerer).await?,
        };
        Ok(Some((pacing.decoded().unwrap_or(now), answerer, owed)))
    }

    /// Times the audio and finds what answers it from the first bytes.
    fn start(&mut self, start: impl FnOnce(Recorded<'_>) -> T) -> Result<(), Step> {
        let Some(clock) = Clock::of(&self.head, self.raw.as_ref()) else {
            return Err(Step::Close(
                1008,
                "DATA-0000: the audio could not be decoded (no known container, and no `encoding` given)".into(),
            ));
        };
        let head = &self.head[..self.head.len().min(STREAM_HEAD)];
        let (answerer, listener) = match self.library.for_stream_head(head, &self.query) {
            Some((recording, offset)) => (start(Some((&recording.response, offset))), None),
            None => match self.live.listen(&self.head, self.raw.as_ref(), &self.query) {
                Some(listener) => (start(Some((&listener.answer(), 0.0))), Some(listener)),
                None => (start(None), None),
            },
        };
        self.started = Some(Started {
            clock,
            answerer,
            pacing: Pacing::new(listener),
        });
        Ok(())
    }

    /// The seconds of audio heard so far (0 before the stream has started).
    pub(super) fn heard(&self) -> f64 {
        self.started.as_ref().map_or(0.0, |started| {
            started
                .pacing
                .decoded()
                .unwrap_or_else(|| started.clock.heard(self.received))
        })
    }

    /// What answers the stream, once it has started.
    pub(super) fn answerer(&self) -> Option<&T> {
        self.started.as_ref().map(|started| &started.answerer)
    }

    /// What answers the stream, once it has started, to change.
    pub(super) fn answerer_mut(&mut self) -> Option<&mut T> {
        self.started.as_mut().map(|started| &mut started.answerer)
    }

    /// The SHA-256 of the audio so far (the hash starts over after it).
    pub(super) fn sha256(&mut self) -> String {
        std::mem::replace(&mut self.digest, AudioDigest::new())
            .finish()
            .sha256
    }
}
