//! Where a live stream's phrases end, found in the audio itself: sound followed by a pause.
//! A phrase is recognized as soon as its pause has lasted [`PAUSE`], so its final result does
//! not wait for a window to fill; a stream with no pause for a whole window still goes a
//! window at a time, and stretches without any sound are passed over without the model.
//!
//! Loudness is judged per 20 ms frame against the threshold the windows use to tell silence
//! ([`SILENCE_RMS`], about -50 dBFS). Measured on the audio the tests and benches stream
//! (frame levels of each file): espeak-ng's pauses are digital silence, the preamble
//! recording's background sits at -58 to -60 dBFS and Bueller's at -64 to -67, while their
//! speech is mostly above -45. Noisier audio, with no frame under the threshold, finds no pause
//! and goes by windows as before.

use super::loudness::{FRAME, SILENCE_RMS};

/// A pause ends a phrase once it has lasted this long, in 20 ms frames: 260 ms. Measured
/// (runs of frames under the threshold): espeak-ng pauses 280-320 ms between sentences and
/// 140-160 ms at commas; the preamble recording 300-520 ms between most of its clauses,
/// 200-240 ms between a few, and at most 100 ms inside them (stops, breaths). 260 ms cuts
/// espeak-ng's speech at each sentence and never at a comma, cuts the preamble at its longer
/// pauses only, and leaves most of the 1.5 s a final may take for the model (a short phrase
/// takes it a few hundred ms).
const PAUSE: usize = 13;

/// Quiet audio kept before the next sound, in frames (300 ms), when silence is passed over:
/// a word may start softer than the threshold (a breath, an `f` or `h`), and Whisper gets
/// that start, and a little silence before it, with the phrase.
const LEAD_IN: usize = 15;

/// What to do with the samples not recognized yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// The first this many samples are a phrase that has ended: recognize them at once.
    Phrase(usize),
    /// A whole window holds no pause: recognize it as a window.
    Window,
    /// The first this many samples hold no sound: no words in them.
    Silence(usize),
    /// Wait for more audio.
    Wait,
}

/// The loudness of a stream's samples not recognized yet, frame by frame.
#[derive(Default)]
pub(crate) struct Endpoint {
    /// Whether each whole frame from the first sample not recognized yet is louder than
    /// the threshold.
    loud: Vec<bool>,
}

impl Endpoint {
    /// What to do with `pending`, the samples not recognized yet (they start where they
    /// started at the last call, unless [`Endpoint::moved`] was called since), read in
    /// windows of `window` samples.
    pub(crate) fn next(&mut self, pending: &[f32], window: usize) -> Next {
        let frames = pending.chunks_exact(FRAME).skip(self.loud.len());
        self.loud.extend(frames.map(is_loud));
        let mut sound = false;
        let mut quiet = 0;
        for (index, &loud) in self.loud.iter().enumerate() {
            if loud {
                sound = true;
                quiet = 0;
                continue;
            }
            quiet += 1;
            if sound && quiet == PAUSE {
                let end = (index + 1) * FRAME;
                if end <= window {
                    return Next::Phrase(end);
                }
                break;
            }
        }
        if pending.len() >= window {
            Next::Window
        } else if !sound && self.loud.len() > LEAD_IN {
            Next::Silence((self.loud.len() - LEAD_IN) * FRAME)
        } else {
            Next::Wait
        }
    }

    /// The samples not recognized yet start somewhere else now (some were recognized or
    /// passed over).
    pub(crate) fn moved(&mut self) {
        self.loud.clear();
    }
}

fn is_loud(frame: &[f32]) -> bool {
    let energy: f32 = frame.iter().map(|s| s * s).sum();
    (energy / frame.len() as f32).sqrt() >= SILENCE_RMS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::recognizer::resample::RATE;

    const WINDOW: usize = 15 * RATE as usize;

    /// Loud and quiet stretches, in frames.
    fn audio(stretches: &[(bool, usize)]) -> Vec<f32> {
        stretches
            .iter()
            .flat_map(|&(loud, frames)| {
                let level = if loud { 0.1 } else { 0.001 };
                (0..frames * FRAME).map(move |i| if i % 2 == 0 { level } else { -level })
            })
            .collect()
    }

    #[test]
    fn a_phrase_ends_once_its_pause_has_lasted() {
        let mut endpoint = Endpoint::default();
        // Sound, a comma's pause, more sound, then a pause not long enough yet.
        let mut pending = audio(&[(false, 5), (true, 40), (false, 8), (true, 30), (false, 12)]);
        assert_eq!(endpoint.next(&pending, WINDOW), Next::Wait);
        // A frame more, given in pieces that do not end on a frame.
        pending.extend(audio(&[(false, 2)]));
        assert_eq!(
            endpoint.next(&pending[..pending.len() - FRAME - 7], WINDOW),
            Next::Wait
        );
        assert_eq!(
            endpoint.next(&pending, WINDOW),
            Next::Phrase((5 + 40 + 8 + 30 + 13) * FRAME)
        );
        // The first pause long enough ends the phrase, even when more audio came at once.
        let mut endpoint = Endpoint::default();
        let pending = audio(&[(true, 10), (false, 20), (true, 10), (false, 20)]);
        assert_eq!(
            endpoint.next(&pending, WINDOW),
            Next::Phrase((10 + 13) * FRAME)
        );
    }

    #[test]
    fn speech_without_a_pause_goes_by_windows() {
        let mut endpoint = Endpoint::default();
        let long = audio(&[(true, 700), (false, 5), (true, 45)]);
        assert_eq!(long.len(), WINDOW);
        assert_eq!(endpoint.next(&long[..WINDOW - 1], WINDOW), Next::Wait);
        assert_eq!(endpoint.next(&long, WINDOW), Next::Window);
        // A pause whose end is past the window: the window first.
        let mut endpoint = Endpoint::default();
        let late = audio(&[(true, 745), (false, 20)]);
        assert_eq!(endpoint.next(&late, WINDOW), Next::Window);
    }

    #[test]
    fn silence_is_passed_over_but_for_its_last_frames() {
        let mut endpoint = Endpoint::default();
        let quiet = audio(&[(false, 10)]);
        assert_eq!(endpoint.next(&quiet, WINDOW), Next::Wait);
        let quiet = audio(&[(false, 40)]);
        assert_eq!(endpoint.next(&quiet, WINDOW), Next::Silence(25 * FRAME));
        // What is left after passing over it starts somewhere else.
        endpoint.moved();
        let rest = audio(&[(false, 15), (true, 3)]);
        assert_eq!(endpoint.next(&rest, WINDOW), Next::Wait);
        // Digital silence, as espeak-ng's pauses are, is quiet too.
        let mut endpoint = Endpoint::default();
        assert_eq!(
            endpoint.next(&vec![0.0; 16 * FRAME], WINDOW),
            Next::Silence(FRAME)
        );
    }
}
