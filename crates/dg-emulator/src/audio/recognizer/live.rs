//! A live stream's audio recognized as it arrives, for audio no recording answers: decoded
//! as it comes ([`Source`]: PCM, or a container spooled to disk), mixed to one channel,
//! resampled and pushed into a [`Track`]. A phrase is recognized as soon as it ends in a
//! pause ([`Endpoint`]), so that its final result follows its last word by the pause and the
//! model's run; speech without a pause goes by [`LIVE_WINDOW`] windows, and silence is passed
//! over without the model.
//!
//! The model runs on a blocking thread, in turn with every other recognition (one at a time:
//! it already uses every core), with the track moved there and back. The stream's frames
//! wait meanwhile, so a client streaming faster than the model recognizes is slowed down by
//! TCP rather than buffered: a stream holds at most a window of samples, and a piece of a
//! frame (or a packet of compressed audio, whose bytes wait on disk).

use std::sync::Arc;

use serde_json::Value;

use super::endpoint::{Endpoint, Next};
use super::resample::RATE;
use super::response::{self, Style};
use super::source::Source;
use super::track::Track;
use super::words::Word;
use super::{Engine, Recognize, RecognizeError, mix_down};
use crate::audio::identify::RawFormat;
use crate::audio::recognition::Heard;
use crate::http::query::Query;

/// A live window, in seconds: the longest stretch recognized at once, for speech that does
/// not pause. Its results wait for it, so it is not long; Whisper hears a sentence better with
/// some context around it, so it is not short either: on 17 s of espeak-ng speech
/// (`tests/recognizer/live.rs`), 10-second windows cut mid-sentence misheard 10% of the words
/// that the whole-file answer got right, and 15-second ones none. Each window is trusted up to
/// the longest pause in its second half (or 2 s before its end), so speech without a pause
/// gets results every 7.5 to 13 s of audio; a phrase that ends in a pause gets them at once.
pub(crate) const LIVE_WINDOW: u32 = 15;

/// Audio shorter than this (0.2 s of 16 kHz samples), all that is left when a `Finalize` or
/// the end comes, is passed over rather than recognized alone: Whisper makes up a word for
/// it. Such a sliver is what follows a phrase cut at its pause when the client finalizes
/// just after (`tests/recognizer/live.rs`: 90 ms, the rest of the pause and the first
/// sound of "When", heard as "What?"), or the end of a word the last `Finalize` cut; either
/// way too little of a word to be heard.
const SLIVER: usize = RATE as usize / 5;

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
        let source = Source::of(head, raw)?;
        let stage = match source.rate() {
            Some(rate) => Stage::Running(Box::new(Track::new(rate, LIVE_WINDOW).ok()?)),
            None => Stage::Waiting,
        };
        Some(Listener {
            engine: Arc::clone(engine),
            source,
            stage,
            endpoint: Endpoint::default(),
            mix: Vec::new(),
            style: Style::of(query),
        })
    }
}

/// One stream's audio on its way to words.
pub(crate) struct Listener {
    engine: Arc<Engine>,
    source: Source,
    stage: Stage,
    /// Where the phrases of the audio not recognized yet end.
    endpoint: Endpoint,
    mix: Vec<f32>,
    /// How words are written (`punctuate`).
    style: Style,
}

/// The track of a stream's audio.
enum Stage {
    /// Compressed audio whose header has not been decoded yet.
    Waiting,
    Running(Box<Track>),
    /// The model failed.
    Failed,
}

impl Stage {
    /// The track, made for audio at `rate` Hz once it is known.
    fn track(&mut self, rate: u32) -> Result<&mut Track, String> {
        if let Stage::Waiting = self {
            let track = Track::new(rate, LIVE_WINDOW).map_err(|e| e.to_string())?;
            *self = Stage::Running(Box::new(track));
        }
        match self {
            Stage::Running(track) => Ok(track),
            Stage::Waiting | Stage::Failed => Err(failed_before()),
        }
    }
}

/// How much of the track to recognize.
#[derive(Clone, Copy)]
enum Upto {
    FullWindows,
    /// A phrase: this many samples, ending in a pause.
    Phrase(usize),
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
        match &self.stage {
            Stage::Running(track) => track.known_until(),
            Stage::Waiting | Stage::Failed => 0.0,
        }
    }

    /// Seconds of audio decoded so far, for audio whose bytes do not tell its length
    /// (compressed); `None` when the stream's clock times it.
    pub(crate) fn decoded(&self) -> Option<f64> {
        self.source.decoded()
    }

    /// Takes a frame of the stream (from its first byte, header included): the words of the
    /// phrases it ends and the windows it completes, written as recorded answers write them.
    pub(crate) async fn hear(&mut self, bytes: &[u8]) -> Result<Heard, String> {
        self.decode(bytes, false).await
    }

    /// The words of all the audio so far (`end`: the stream has ended).
    pub(crate) async fn catch_up(&mut self, end: bool) -> Result<Heard, String> {
        let mut heard = self.decode(&[], end).await?;
        if let Stage::Waiting = self.stage {
            return Ok(heard);
        }
        let upto = if end { Upto::End } else { Upto::Everything };
        heard.words.extend(self.recognize(upto).await?);
        Ok(heard)
    }

    /// Decodes what `bytes` (and the audio before them) make decodable, recognizing each
    /// phrase as soon as it ends and each window as soon as it is full.
    async fn decode(&mut self, mut bytes: &[u8], end: bool) -> Result<Heard, String> {
        let mut heard = Heard::default();
        while let Some(planes) = self.source.next(&mut bytes, end)? {
            mix_down(planes, &mut self.mix);
            let rate = self.source.rate().ok_or_else(failed_before)?;
            let track = self.stage.track(rate)?;
            track.push(&self.mix).map_err(|e| e.to_string())?;
            self.settle(&mut heard).await?;
        }
        Ok(heard)
    }

    /// Recognizes the phrases that have ended and the full windows, and passes over the
    /// silence, until the track waits for more audio.
    async fn settle(&mut self, heard: &mut Heard) -> Result<(), String> {
        loop {
            let Stage::Running(track) = &mut self.stage else {
                return Ok(());
            };
            match self.endpoint.next(track.pending(), track.window()) {
                Next::Wait => return Ok(()),
                Next::Silence(len) => {
                    track.skip(len);
                    self.endpoint.moved();
                }
                Next::Phrase(len) => {
                    heard.words.extend(self.recognize(Upto::Phrase(len)).await?);
                    heard.phrase_ends.push(self.known_until());
                }
                Next::Window => heard.words.extend(self.recognize(Upto::FullWindows).await?),
            }
        }
    }

    async fn recognize(&mut self, upto: Upto) -> Result<Vec<Value>, String> {
        let Stage::Running(mut track) = std::mem::replace(&mut self.stage, Stage::Failed) else {
            return Err(failed_before());
        };
        let mut track = self
            .engine
            .blocking(move |engine, _| {
                engine.with_model(|mut recognize| match upto {
                    Upto::FullWindows => track.recognize_full(&mut recognize),
                    Upto::Phrase(len) => track.recognize_phrase(len, &mut recognize),
                    Upto::Everything => recognize_rest(&mut track, false, recognize),
                    Upto::End => recognize_rest(&mut track, true, recognize),
                })??;
                Ok(track)
            })
            .await
            .map_err(|e: RecognizeError| e.to_string())?;
        let words: Vec<Word> = track.take_words();
        self.stage = Stage::Running(track);
        self.endpoint.moved();
        Ok(self.style.words(&words))
    }
}

/// Recognizes all the audio so far (`end`: the resampler's last samples too), except a
/// sliver shorter than [`SLIVER`], which is passed over.
fn recognize_rest(
    track: &mut Track,
    end: bool,
    mut recognize: Recognize<'_>,
) -> Result<(), RecognizeError> {
    if end {
        track.end_of_audio()?;
    }
    let pending = track.pending().len();
    if pending < SLIVER {
        track.skip(pending);
    }
    track.flush(&mut recognize)
}

fn failed_before() -> String {
    "the recognizer failed earlier in this stream".into()
}
