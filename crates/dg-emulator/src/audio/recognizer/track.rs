//! One channel on its way from source samples to timed words: resampled to 16 kHz and cut
//! into windows. The one pipeline of both paths: an upload's channels (or their mix) are
//! tracks, and so is a live stream's audio.
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

    /// Adds samples; call [`Track::recognize_full`] once [`Track::is_full`].
    pub(crate) fn push(&mut self, samples: &[f32]) -> Result<(), ResampleError> {
        self.resampler.push(samples, self.windows.buffer())
    }

    /// Whether a full window is waiting to be recognized.
    pub(crate) fn is_full(&self) -> bool {
        self.windows.is_full()
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

    /// The end of the audio: the resampler emptied, and everything recognized.
    pub(crate) fn finish<E: From<ResampleError>>(
        &mut self,
        recognize: &mut impl FnMut(&[f32]) -> Result<Vec<Word>, E>,
    ) -> Result<(), E> {
        self.resampler.finish(self.windows.buffer())?;
        self.windows.flush(recognize)
    }

    /// The words recognized since the last call, timed from the start of the track.
    pub(crate) fn take_words(&mut self) -> Vec<Word> {
        self.windows.take_words()
    }
}
