//! A live stream's audio on its way from source samples to timed words: resampled to 16 kHz
//! and cut into windows that follow its words ([`Windows`]).
//!
//! Pushing samples never runs the model: the caller recognizes the full windows when it
//! chooses, so that a live stream can do it on a blocking thread with the track moved there.

use super::resample::{ResampleError, To16k};
use super::windows::Windows;
use super::words::Word;

/// A channel of audio at its source rate, and its words so far.
pub(crate) struct Track {
    resampler: To16k,
    windows: Windows,
}

impl Track {
    /// A track of audio at `rate` Hz, recognized in windows of `window` seconds.
    pub(crate) fn new(rate: u32, window: u32) -> Result<Track, ResampleError> {
        Ok(Track {
            resampler: To16k::new(rate)?,
            windows: Windows::new(window),
        })
    }

    /// Adds samples; call [`Track::recognize_full`] after.
    pub(crate) fn push(&mut self, samples: &[f32]) -> Result<(), ResampleError> {
        self.resampler.push(samples, self.windows.buffer())
    }

    /// Seconds from the start of the track up to which every word is known.
    pub(crate) fn known_until(&self) -> f64 {
        self.windows.known_until()
    }

    /// Recognizes every full window.
    pub(crate) fn recognize_full<E>(
        &mut self,
        recognize: &mut impl FnMut(&[f32]) -> Result<Vec<Word>, E>,
    ) -> Result<(), E> {
        self.windows.recognize_full(recognize)
    }

    /// Recognizes every sample pushed so far (a live stream's `Finalize`); the few the
    /// resampler still holds wait for the next window.
    pub(crate) fn flush<E>(
        &mut self,
        recognize: &mut impl FnMut(&[f32]) -> Result<Vec<Word>, E>,
    ) -> Result<(), E> {
        self.windows.flush(recognize)
    }

    /// The words recognized since the last call, timed from the start of the track.
    pub(crate) fn take_words(&mut self) -> Vec<Word> {
        self.windows.take_words()
    }
}

/// What a live stream adds: phrases cut at pauses, recognized as they end, and silence passed
/// over ([`super::endpoint`] says where).
impl Track {
    /// The 16 kHz samples not recognized yet (at most about a window).
    pub(crate) fn pending(&self) -> &[f32] {
        self.windows.pending()
    }

    /// The window length, in 16 kHz samples.
    pub(crate) fn window(&self) -> usize {
        self.windows.length()
    }

    /// Recognizes the first `len` pending samples as one phrase, every word of it trusted.
    pub(crate) fn recognize_phrase<E>(
        &mut self,
        len: usize,
        recognize: &mut impl FnMut(&[f32]) -> Result<Vec<Word>, E>,
    ) -> Result<(), E> {
        self.windows.recognize_phrase(len, recognize)
    }

    /// The end of the audio: the resampler's last samples pending too (nothing recognized).
    pub(crate) fn end_of_audio(&mut self) -> Result<(), ResampleError> {
        self.resampler.finish(self.windows.buffer())
    }

    /// Moves past the first `len` pending samples, which hold no words.
    pub(crate) fn skip(&mut self, len: usize) {
        self.windows.skip(len);
    }
}
