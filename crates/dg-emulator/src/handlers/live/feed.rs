//! The audio a live stream has received: how much, its hash, and, once its first bytes have
//! come, how to time it and what answers it (v1's [`Transcript`], Flux's [`Turns`]). The
//! first [`STREAM_HEAD`] bytes say both, as they say Deepgram's decoder which format it reads:
//! a WAV header or the query's `encoding` gives the clock, and the embedded recording that
//! starts with those bytes (or holds them, for a resumed stream) gives the words.
//!
//! [`Transcript`]: crate::audio::streaming::Transcript
//! [`Turns`]: crate::audio::turns::Turns

use std::time::Duration;

use serde_json::Value;

use super::socket::Step;
use crate::audio::identify::{AudioDigest, RawFormat};
use crate::audio::streaming::Clock;
use crate::handlers::Cx;
use crate::http::query::Query;
use crate::state::recordings::{Library, STREAM_HEAD};

/// A fault cutting the stream once `after_audio` of audio has arrived: dropped without a
/// close frame, or closed with `code`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cut {
    pub(crate) after_audio: Duration,
    pub(crate) code: Option<u16>,
}

/// The recorded answer a stream's audio matched, and where in it the stream starts
/// (seconds); `None` for unknown audio.
pub(super) type Recorded<'a> = Option<(&'a Value, f64)>;

pub(super) struct Feed<T> {
    library: &'static Library,
    raw: Option<RawFormat>,
    /// Picks among the recordings of the same audio.
    query: Query,
    cut: Option<Cut>,
    digest: AudioDigest,
    received: u64,
    head: Vec<u8>,
    /// Set once the first bytes have said how to time the audio.
    started: Option<(Clock, T)>,
}

impl<T> Feed<T> {
    /// The feed of the stream `cx` opens, its audio read as `raw` says when it has no
    /// container; `query` picks among the recordings of the same audio.
    pub(super) fn new(cx: &Cx<'_>, raw: Option<RawFormat>, query: Query) -> Feed<T> {
        let cut = cx.parts.extensions.get::<Cut>().copied();
        Feed::with(cx.shared.library, raw, query, cut)
    }

    pub(super) fn with(
        library: &'static Library,
        raw: Option<RawFormat>,
        query: Query,
        cut: Option<Cut>,
    ) -> Feed<T> {
        Feed {
            library,
            raw,
            query,
            cut,
            digest: AudioDigest::new(),
            received: 0,
            head: Vec::new(),
            started: None,
        }
    }

    /// Takes a frame of `audio`, or with `None` makes the results due now (`Finalize`,
    /// `CloseStream`: a stream shorter than the head starts then). Once the stream has
    /// started (`start` makes its answerer), the seconds of audio heard and the answerer;
    /// `None` while the head is still coming, or before any audio. A `Step` ends the
    /// stream: undecodable audio, or the `Cut` fault.
    pub(super) fn take(
        &mut self,
        audio: Option<&[u8]>,
        start: impl FnOnce(Recorded<'_>) -> T,
    ) -> Result<Option<(f64, &mut T)>, Step> {
        if let Some(audio) = audio {
            self.digest.update(audio);
            self.received += audio.len() as u64;
            if self.started.is_none() {
                let room = STREAM_HEAD.saturating_sub(self.head.len());
                self.head.extend_from_slice(&audio[..audio.len().min(room)]);
            }
        }
        let head_complete = self.head.len() >= STREAM_HEAD;
        if self.started.is_none() && !self.head.is_empty() && (head_complete || audio.is_none()) {
            self.start(start)?;
        }
        let received = self.received;
        let Some((clock, answerer)) = self.started.as_mut() else {
            return Ok(None);
        };
        let now = clock.heard(received);
        if let Some(cut) = self
            .cut
            .filter(|c| audio.is_some() && now >= c.after_audio.as_secs_f64())
        {
            return Err(match cut.code {
                Some(code) => Step::Close(code, "the emulator cut this stream (a fault)".into()),
                None => Step::Drop,
            });
        }
        Ok(Some((now, answerer)))
    }

    /// Times the audio and finds its recording from the first bytes.
    fn start(&mut self, start: impl FnOnce(Recorded<'_>) -> T) -> Result<(), Step> {
        let Some(clock) = Clock::of(&self.head, self.raw.as_ref()) else {
            return Err(Step::Close(
                1008,
                "DATA-0000: the audio could not be decoded (no known container, and no `encoding` given)".into(),
            ));
        };
        let recording = self.library.for_stream_head(&self.head, &self.query);
        let answerer = start(recording.map(|(r, offset)| (&r.response, offset)));
        self.started = Some((clock, answerer));
        Ok(())
    }

    /// What answers the stream, once it has started.
    pub(super) fn answerer(&self) -> Option<&T> {
        self.started.as_ref().map(|(_, answerer)| answerer)
    }

    /// The SHA-256 of the audio so far (the hash starts over after it).
    pub(super) fn sha256(&mut self) -> String {
        std::mem::replace(&mut self.digest, AudioDigest::new())
            .finish()
            .sha256
    }
}
