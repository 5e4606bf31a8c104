//! Cutting a live stream of 16 kHz samples into the windows Whisper reads, with only the
//! current window in memory: shorter than the 30 seconds Whisper reads, since results wait
//! for their window. (A file is cut where it is quietest instead, into windows recognized
//! independently: [`super::cuts`].)
//!
//! A window that ends mid-word would lose or garble that word, so each window but the last is
//! trusted only up to a word that ends well before the cut, and the next window starts where
//! that word ends (the way Whisper's own transcribe loop seeks to its last complete segment).
//! That word is the one before the longest pause in the second half of the window, when there
//! is one: a window that starts mid-sentence loses words (Whisper tends to skip a sentence it
//! hears only the end of), and one that starts after a pause does not.

use super::loudness::is_silent;
use super::resample::RATE;
use super::words::{self, Word};

/// Whisper's input: 30 seconds, the longest window.
pub(crate) const WINDOW: usize = 30 * RATE as usize;

/// Words ending in the last `GUARD` seconds of a window that is not the last are heard again
/// at the start of the next one.
const GUARD: f64 = 2.0;

/// However the words fall, each window moves the stream on by at least its length divided by
/// this (10 s of a 30-second window).
const MIN_ADVANCE_DIVISOR: f64 = 3.0;

/// Pauses after the window's length divided by this are where the next one may start: later
/// than half the window, so that cutting at a pause costs at most twice as many windows.
const PAUSES_FROM_DIVISOR: f64 = 2.0;

/// A gap between words shorter than this is not a pause.
const MIN_PAUSE: f64 = 0.2;

/// One audio track on its way to words.
pub(crate) struct Windows {
    /// The window length, in samples: at most [`WINDOW`].
    length: usize,
    /// Samples from `start` on; never much more than one window.
    buffer: Vec<f32>,
    /// The position of `buffer[0]` in the stream, in samples: every word before it is known.
    start: u64,
    /// The words recognized and not taken yet.
    words: Vec<Word>,
    /// The end of the last word recognized: no later word starts before it.
    floor: f64,
}

impl Windows {
    /// Windows of `seconds` (at most 30).
    pub(crate) fn new(seconds: u32) -> Windows {
        let length = (seconds as usize * RATE as usize).clamp(RATE as usize, WINDOW);
        Windows {
            length,
            buffer: Vec::with_capacity(length),
            start: 0,
            words: Vec::new(),
            floor: 0.0,
        }
    }

    /// Where new samples go; call [`Windows::recognize_full`] after adding some.
    pub(crate) fn buffer(&mut self) -> &mut Vec<f32> {
        &mut self.buffer
    }

    /// Whether the buffer holds a full window.
    pub(crate) fn is_full(&self) -> bool {
        self.buffer.len() >= self.length
    }

    /// Seconds from the start of the stream up to which every word is known.
    pub(crate) fn known_until(&self) -> f64 {
        self.start as f64 / f64::from(RATE)
    }

    /// Runs `recognize` (words timed from the start of the samples it gets) on every full
    /// window in the buffer.
    pub(crate) fn recognize_full<E>(
        &mut self,
        recognize: &mut impl FnMut(&[f32]) -> Result<Vec<Word>, E>,
    ) -> Result<(), E> {
        while self.is_full() {
            self.step(self.length, false, recognize)?;
        }
        Ok(())
    }

    /// Recognizes every sample in the buffer, the partial window last (the end of the stream,
    /// or of a live stream's audio so far), so that every word so far is known.
    pub(crate) fn flush<E>(
        &mut self,
        recognize: &mut impl FnMut(&[f32]) -> Result<Vec<Word>, E>,
    ) -> Result<(), E> {
        self.recognize_full(recognize)?;
        if !self.buffer.is_empty() {
            self.step(self.buffer.len(), true, recognize)?;
        }
        Ok(())
    }

    /// The words recognized since the last call, in order and timed from the start of the
    /// stream.
    pub(crate) fn take_words(&mut self) -> Vec<Word> {
        std::mem::take(&mut self.words)
    }

    fn step<E>(
        &mut self,
        len: usize,
        last: bool,
        recognize: &mut impl FnMut(&[f32]) -> Result<Vec<Word>, E>,
    ) -> Result<(), E> {
        let window = &self.buffer[..len];
        let heard = if is_silent(window) {
            Vec::new()
        } else {
            recognize(window)?
        };
        let length = len as f64 / f64::from(RATE);
        let (kept, advance) = if last || heard.is_empty() {
            (heard.len(), length)
        } else {
            trusted(&heard, length)
        };
        let offset = self.start as f64 / f64::from(RATE);
        for word in heard.into_iter().take(kept) {
            let word = words::place(word, offset, length, &mut self.floor);
            self.words.push(word);
        }
        let advance = ((advance * f64::from(RATE)) as usize).clamp(1, len);
        self.buffer.drain(..advance);
        self.start += advance as u64;
        Ok(())
    }
}

/// What a live stream adds: a phrase that ends in a pause ([`super::endpoint`]) recognized at
/// once, and silence passed over, between the windows.
impl Windows {
    /// The samples not recognized yet.
    pub(crate) fn pending(&self) -> &[f32] {
        &self.buffer
    }

    /// The window length, in samples.
    pub(crate) fn length(&self) -> usize {
        self.length
    }

    /// Recognizes the first `len` samples (at most a window) as one phrase: it ends in a
    /// pause, so every word in it is trusted, and the next window starts after it.
    pub(crate) fn recognize_phrase<E>(
        &mut self,
        len: usize,
        recognize: &mut impl FnMut(&[f32]) -> Result<Vec<Word>, E>,
    ) -> Result<(), E> {
        let len = len.min(self.length).min(self.buffer.len());
        if len > 0 {
            self.step(len, true, recognize)?;
        }
        Ok(())
    }

    /// Moves past the first `len` samples, which hold no words (no sound, or a sliver).
    pub(crate) fn skip(&mut self, len: usize) {
        let len = len.min(self.buffer.len());
        self.buffer.drain(..len);
        self.start += len as u64;
    }
}

/// How many of a window's words to keep, and how far to move on: up to the first word that
/// ends inside the guard zone at the end of the window.
fn trusted(heard: &[Word], length: f64) -> (usize, f64) {
    let pauses_from = length / PAUSES_FROM_DIVISOR;
    let min_advance = length / MIN_ADVANCE_DIVISOR;
    let cutoff = length - GUARD;
    let Some(first_unsure) = heard.iter().position(|w| w.end > cutoff) else {
        return (heard.len(), cutoff);
    };
    let pause = (1..=first_unsure)
        .filter(|&next| heard[next - 1].end >= pauses_from)
        .map(|next| (next, heard[next].start - heard[next - 1].end))
        .filter(|&(_, gap)| gap >= MIN_PAUSE)
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((next, _)) = pause {
        return (next, heard[next - 1].end);
    }
    let boundary = match first_unsure {
        0 => heard[0].start,
        n => heard[n - 1].end,
    };
    if boundary >= min_advance {
        return (first_unsure, boundary);
    }
    // A word that seems to span most of the window: move on anyway.
    let kept = heard.iter().take_while(|w| w.start < min_advance).count();
    (kept, min_advance)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::recognizer::words::word;

    const SECOND: usize = RATE as usize;

    /// A fake model: the stream is "speech" everywhere, with a word every second starting on
    /// each whole second of the stream; `recognize` reports the whole words in a window,
    /// plus a garbled one cut by the window's end.
    struct Fake {
        /// Stream positions (in samples) of the windows it was given.
        windows: Vec<(u64, usize)>,
    }

    /// Streams `seconds` of the fake's speech through windows of `window` seconds, in pieces
    /// of 7_777 samples, with a `Finalize` (a flush) after each of the pieces `flushes` counts.
    fn run(seconds: usize, window: u32, flushes: &[usize]) -> (Vec<Word>, Vec<(u64, usize)>) {
        let mut fake = Fake {
            windows: Vec::new(),
        };
        // The sample value encodes its position, so the fake knows where a window starts.
        let samples: Vec<f32> = (0..seconds * SECOND).map(|i| i as f32).collect();
        let mut windows = Windows::new(window);
        let mut recognize = |window: &[f32]| -> Result<Vec<Word>, ()> {
            let start = window[0] as u64;
            fake.windows.push((start, window.len()));
            let from = start as f64 / SECOND as f64;
            let to = from + window.len() as f64 / SECOND as f64;
            let mut heard = Vec::new();
            let mut second = from.ceil();
            while second < to {
                let end = second + 0.6;
                let text = if end <= to {
                    format!("w{second}")
                } else {
                    "garbled".into()
                };
                heard.push(word(&text, second - from, end.min(to) - from));
                second += 1.0;
            }
            Ok(heard)
        };
        let mut words = Vec::new();
        let mut pushed = 0;
        for (piece, chunk) in samples.chunks(7_777).enumerate() {
            if flushes.contains(&piece) {
                windows.flush(&mut recognize).unwrap();
                assert_eq!(windows.known_until(), pushed as f64 / SECOND as f64);
            }
            windows.buffer().extend_from_slice(chunk);
            pushed += chunk.len();
            windows.recognize_full(&mut recognize).unwrap();
            assert!(windows.known_until() <= pushed as f64 / SECOND as f64);
            // Taken as a live stream takes them: each window's, as soon as it is recognized.
            words.extend(windows.take_words());
        }
        windows.flush(&mut recognize).unwrap();
        words.extend(windows.take_words());
        (words, fake.windows)
    }

    /// Each word heard once, in order, timed from the start of the stream.
    fn assert_every_word(words: &[Word], seconds: usize) {
        let texts: Vec<String> = words.iter().map(|w| w.punctuated.clone()).collect();
        let expected: Vec<String> = (0..seconds).map(|s| format!("w{s}")).collect();
        assert_eq!(texts, expected);
        for (i, w) in words.iter().enumerate() {
            assert!((w.start - i as f64).abs() < 1e-9, "{w:?}");
        }
    }

    #[test]
    fn every_word_of_a_long_stream_is_heard_once_in_order() {
        let (words, windows) = run(95, 30, &[]);
        assert_every_word(&words, 95);
        assert!(windows.len() >= 4, "{windows:?}");
        assert!(windows.iter().all(|&(_, len)| len <= WINDOW));
    }

    /// A live stream's short windows, and `Finalize`s (after 48 and 80 pieces: 23.3 s and
    /// 38.9 s) that recognize the partial window mid-stream.
    #[test]
    fn short_windows_and_flushes_mid_stream_keep_every_word_and_its_time() {
        let (words, windows) = run(50, 10, &[]);
        assert_every_word(&words, 50);
        assert!(windows.iter().all(|&(_, len)| len <= 10 * SECOND));
        assert!(windows.len() >= 6, "{windows:?}");
        let (words, windows) = run(50, 10, &[48, 80]);
        assert!(windows.iter().all(|&(_, len)| len <= 10 * SECOND));
        // A flush cuts where it is, maybe mid-word: that word is garbled, every other heard.
        let texts: Vec<&str> = words.iter().map(|w| w.punctuated.as_str()).collect();
        assert!(
            texts.iter().filter(|t| **t == "garbled").count() <= 2,
            "{texts:?}"
        );
        let heard: Vec<&Word> = words.iter().filter(|w| w.punctuated != "garbled").collect();
        assert!(heard.len() >= 48, "{texts:?}");
        for w in heard {
            let second: f64 = w.punctuated[1..].parse().unwrap();
            assert!((w.start - second).abs() < 1e-9, "{w:?}");
        }
        assert!(
            words.windows(2).all(|p| p[0].end <= p[1].start),
            "{words:?}"
        );
    }

    #[test]
    fn the_next_window_starts_after_the_longest_pause_in_the_second_half() {
        let heard = [
            word("a", 1.0, 12.0),
            // The longest pause, but too early: cutting there would halve the step.
            word("b", 14.0, 16.0),
            word("c", 16.5, 19.0),
            word("d", 20.0, 26.0),
            word("e", 26.3, 29.0),
        ];
        assert_eq!(trusted(&heard, 30.0), (3, 19.0));
        // Gaps too short to be pauses: as far as the guard allows.
        let heard = [
            word("a", 1.0, 16.0),
            word("b", 16.1, 27.5),
            word("c", 27.6, 29.0),
        ];
        assert_eq!(trusted(&heard, 30.0), (2, 27.5));
    }

    #[test]
    fn a_window_is_trusted_up_to_its_last_word_before_the_guard() {
        let heard = [
            word("a", 1.0, 2.0),
            word("b", 20.0, 27.5),
            word("c", 27.6, 29.0),
        ];
        assert_eq!(trusted(&heard, 30.0), (2, 27.5));
        let heard = [word("a", 1.0, 2.0), word("b", 20.0, 27.0)];
        assert_eq!(trusted(&heard, 30.0), (2, 28.0));
        let heard = [word("a", 1.0, 2.0), word("long", 2.5, 29.5)];
        assert_eq!(trusted(&heard, 30.0), (2, 10.0));
    }

    #[test]
    fn silence_is_not_recognized_and_still_moves_time_on() {
        let mut windows = Windows::new(30);
        let mut calls = 0;
        let mut recognize = |window: &[f32]| -> Result<Vec<Word>, ()> {
            calls += 1;
            let len = window.len() as f64 / SECOND as f64;
            Ok(vec![word("hello", len - 1.0, len - 0.5)])
        };
        windows.buffer().resize(70 * SECOND, 0.0);
        windows
            .buffer()
            .extend((0..SECOND).map(|i| (i as f32 / 10.0).sin()));
        windows.flush(&mut recognize).unwrap();
        let words = windows.take_words();
        assert_eq!(calls, 1);
        assert_eq!(words.len(), 1);
        assert!((words[0].start - 70.0).abs() < 1e-9, "{words:?}");
    }
}
