//! A live stream's audio recognized as it arrives, for audio no recording answers: decoded
//! as it comes ([`Pcm`]), mixed to one channel, resampled and cut into [`LIVE_WINDOW`]
//! windows by the same [`Track`] an upload goes through, each window recognized as soon as it
//! is full.
//!
//! The model runs on a blocking thread, in turn with every other recognition (one at a time:
//! it already uses every core), with the track moved there and back. The stream's frames
//! wait meanwhile, so a client streaming faster than the model recognizes is slowed down by
//! TCP rather than buffered: a stream holds at most a window of samples, and a piece of a
//! frame.

use std::sync::Arc;

use serde_json::Value;

use super::pcm::Pcm;
use super::response::{self, Style};
use super::track::Track;
use super::words::Word;
use super::{Engine, RecognizeError, mix_down};
use crate::audio::identify::RawFormat;
use crate::http::query::Query;

/// A live window, in seconds. Results wait for their window, so it is not long; Whisper
/// hears a sentence better with some context around it, so it is not short either: on 17 s of
/// espeak-ng speech (`tests/recognizer/live.rs`), 10-second windows misheard 10% of the words
/// that the whole-file answer got right, and 15-second ones none. Each window but the last is
/// trusted up to the longest pause in its second half (or 2 s before its end), so results come
/// every 7.5 to 13 s of audio, or at once on `Finalize`. A run of the model costs about the
/// same for any window up to 30 s (Whisper pads it), so it runs about once per 10 s of audio.
pub(crate) const LIVE_WINDOW: u32 = 15;

/// Bytes decoded at a time: however large a frame, at most this much audio is added to the
/// window before a full window is recognized.
const PIECE: usize = 16 * 1024;

/// What recognizes unknown live audio: the engine, when the emulator has a model.
#[derive(Clone)]
pub(crate) struct Live(pub(super) Option<Arc<Engine>>);

impl Live {
    /// Nothing recognizes live audio.
    #[cfg(test)]
    pub(crate) fn none() -> Live {
        Live(None)
    }

    /// A listener for the stream that starts with `head` (read as `raw` says when it has no
    /// header), its words written as `query` asks; `None` without a model, or for audio it
    /// does not decode.
    pub(crate) fn listen(
        &self,
        head: &[u8],
        raw: Option<&RawFormat>,
        query: &Query,
    ) -> Option<Listener> {
        let engine = self.0.as_ref()?;
        let pcm = Pcm::of(head, raw)?;
        let track = Track::new(pcm.rate(), LIVE_WINDOW).ok()?;
        Some(Listener {
            engine: Arc::clone(engine),
            pcm,
            track: Some(track),
            mix: Vec::new(),
            style: Style::of(query),
        })
    }
}

/// One stream's audio on its way to words.
pub(crate) struct Listener {
    engine: Arc<Engine>,
    pcm: Pcm,
    /// `None` only after the model failed.
    track: Option<Track>,
    mix: Vec<f32>,
    /// How words are written (`punctuate`).
    style: Style,
}

/// How much of the track to recognize.
#[derive(Clone, Copy)]
enum Upto {
    FullWindows,
    /// The partial window too (`Finalize`).
    Everything,
    /// The partial window and the resampler's last samples (the end of the stream).
    End,
}

impl Listener {
    /// An answer with this recognizer's model and no words: what the stream's results and
    /// `Metadata` name as their model.
    pub(crate) fn answer(&self) -> Value {
        response::empty(&self.engine.located)
    }

    /// Seconds from the start of the stream up to which every word is known.
    pub(crate) fn known_until(&self) -> f64 {
        self.track.as_ref().map_or(0.0, Track::known_until)
    }

    /// Takes a frame of the stream (from its first byte, header included): the words of the
    /// windows it completes, written as recorded answers write them.
    pub(crate) async fn hear(&mut self, bytes: &[u8]) -> Result<Vec<Value>, String> {
        let mut words = Vec::new();
        for piece in bytes.chunks(PIECE) {
            mix_down(self.pcm.decode(piece), &mut self.mix);
            let track = self.track.as_mut().ok_or_else(failed_before)?;
            track.push(&self.mix).map_err(|e| e.to_string())?;
            if track.is_full() {
                words.extend(self.recognize(Upto::FullWindows).await?);
            }
        }
        Ok(words)
    }

    /// The words of all the audio so far (`end`: the stream has ended).
    pub(crate) async fn catch_up(&mut self, end: bool) -> Result<Vec<Value>, String> {
        self.recognize(if end { Upto::End } else { Upto::Everything })
            .await
    }

    async fn recognize(&mut self, upto: Upto) -> Result<Vec<Value>, String> {
        let mut track = self.track.take().ok_or_else(failed_before)?;
        let mut track = self
            .engine
            .blocking(move |engine, _| {
                engine.with_model(|mut recognize| match upto {
                    Upto::FullWindows => track.recognize_full(&mut recognize),
                    Upto::Everything => track.flush(&mut recognize),
                    Upto::End => track.finish(&mut recognize),
                })??;
                Ok(track)
            })
            .await
            .map_err(|e: RecognizeError| e.to_string())?;
        let words: Vec<Word> = track.take_words();
        self.track = Some(track);
        Ok(self.style.words(&words))
    }
}

fn failed_before() -> String {
    "the recognizer failed earlier in this stream".into()
}
