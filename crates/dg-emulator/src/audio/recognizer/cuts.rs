//! Where a file's 16 kHz audio is cut into the windows Whisper reads, chosen from the audio
//! alone, so that each window can be recognized on its own, at the same time as others: a
//! window ends in the quietest stretch of its last [`SEARCH`] samples (8 seconds), where a
//! pause most likely is, so that a cut seldom splits a word or starts the next window in the
//! middle of a sentence (which Whisper tends to skip). Windows do not overlap: each second
//! of audio is recognized once. Only the window being filled is held.

use super::loudness::{FRAME, frame_energies};
use super::resample::RATE;
use super::windows::WINDOW;

/// The end of a window that is not the last is looked for in its last 8 seconds: so windows
/// are 22 to 30 seconds long.
pub(crate) const SEARCH: usize = 8 * RATE as usize;

/// The cut goes into the quietest stretch of this many 20 ms frames (half a second) of the
/// search: long enough that a pause between sentences beats a gap between two words.
const STRETCH: usize = 25;

/// A window of a file's audio, and where it starts.
#[derive(Debug)]
pub(crate) struct Cut {
    /// Samples from the start of the stream.
    pub(crate) start: u64,
    pub(crate) samples: Vec<f32>,
}

/// A stream of 16 kHz samples on its way to windows.
#[derive(Default)]
pub(crate) struct Cuts {
    /// The samples not cut off yet: at most a window and what was pushed after it.
    buffer: Vec<f32>,
    /// The position of `buffer[0]` in the stream, in samples.
    start: u64,
}

impl Cuts {
    /// Where new samples go; take the windows they complete with [`Cuts::next`].
    pub(crate) fn buffer(&mut self) -> &mut Vec<f32> {
        &mut self.buffer
    }

    /// The next window, once more than a window's samples are held.
    pub(crate) fn next(&mut self) -> Option<Cut> {
        (self.buffer.len() > WINDOW).then(|| self.take(quietest(&self.buffer[..WINDOW])))
    }

    /// The rest of the stream, at its end, as its last window.
    pub(crate) fn rest(&mut self) -> Option<Cut> {
        (!self.buffer.is_empty()).then(|| self.take(self.buffer.len()))
    }

    fn take(&mut self, len: usize) -> Cut {
        let cut = Cut {
            start: self.start,
            samples: self.buffer.drain(..len).collect(),
        };
        self.start += len as u64;
        cut
    }
}

/// Where a full window should end: in the middle of the quietest 20 ms frame of the quietest
/// [`STRETCH`] of its last [`SEARCH`] samples, so that of two pauses the longer wins and the
/// cut falls in its quietest part. Among stretches or frames as quiet (silence), the latest,
/// so that windows stay long.
fn quietest(window: &[f32]) -> usize {
    let from = window.len() - SEARCH;
    let energies = frame_energies(&window[from..]);
    let sum = |first: usize| -> f32 { energies[first..first + STRETCH].iter().sum() };
    let stretch = (0..=energies.len() - STRETCH)
        .rev()
        .min_by(|&a, &b| sum(a).total_cmp(&sum(b)))
        .expect("the search holds a stretch");
    let frame = (stretch..stretch + STRETCH)
        .rev()
        .min_by(|&a, &b| energies[a].total_cmp(&energies[b]))
        .expect("a stretch holds frames");
    from + frame * FRAME + FRAME / 2
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: usize = RATE as usize;

    /// "Speech" (a loud tone) everywhere but in the `pauses` (start and end, in seconds),
    /// where a quieter hiss of `level` is.
    fn speech(seconds: f64, pauses: &[(f64, f64, f32)]) -> Vec<f32> {
        (0..(seconds * SECOND as f64) as usize)
            .map(|i| {
                let t = i as f64 / SECOND as f64;
                match pauses
                    .iter()
                    .find(|&&(from, to, _)| (from..to).contains(&t))
                {
                    Some(&(_, _, level)) => level * if i % 2 == 0 { 1.0 } else { -1.0 },
                    None => 0.3 * (i as f32 * 0.07).sin(),
                }
            })
            .collect()
    }

    fn cuts_of(samples: &[f32], piece: usize) -> Vec<Cut> {
        let mut cuts = Cuts::default();
        let mut windows = Vec::new();
        for chunk in samples.chunks(piece) {
            cuts.buffer().extend_from_slice(chunk);
            windows.extend(std::iter::from_fn(|| cuts.next()));
            assert!(cuts.buffer.len() <= WINDOW + piece, "only a window is held");
        }
        windows.extend(cuts.rest());
        windows
    }

    fn seconds(samples: u64) -> f64 {
        samples as f64 / SECOND as f64
    }

    #[test]
    fn a_window_ends_in_the_quietest_stretch_near_its_end() {
        // Two pauses near the end of the first window: a short one, and a longer, quieter one.
        let audio = speech(50.0, &[(23.0, 23.3, 0.01), (26.0, 27.0, 0.001)]);
        let cuts = cuts_of(&audio, 7_777);
        assert_eq!(cuts.len(), 2);
        let end = seconds(cuts[0].samples.len() as u64);
        assert!((26.0..27.0).contains(&end), "cut at {end} s");
        // A pause earlier than the search is not used, even if it is quieter.
        let audio = speech(50.0, &[(10.0, 12.0, 0.0), (24.0, 24.4, 0.01)]);
        let end = seconds(cuts_of(&audio, 7_777)[0].samples.len() as u64);
        assert!((24.0..24.4).contains(&end), "cut at {end} s");
    }

    #[test]
    fn windows_follow_each_other_without_gaps_or_overlaps() {
        let audio = speech(
            100.0,
            &[(25.0, 25.5, 0.0), (49.0, 49.5, 0.0), (60.0, 61.0, 0.0)],
        );
        let cuts = cuts_of(&audio, 4_096);
        let mut next = 0;
        for cut in &cuts {
            assert_eq!(cut.start, next);
            assert!(cut.samples.len() <= WINDOW);
            assert_eq!(cut.samples[..], audio[next as usize..][..cut.samples.len()]);
            next += cut.samples.len() as u64;
        }
        assert_eq!(next, audio.len() as u64);
        let ends: Vec<f64> = cuts
            .iter()
            .map(|c| seconds(c.start + c.samples.len() as u64))
            .collect();
        assert!((25.0..25.5).contains(&ends[0]), "{ends:?}");
        assert!((49.0..49.5).contains(&ends[1]), "{ends:?}");
        // No pause in the search: somewhere in it all the same, so windows move on.
        assert!(
            ends[2] - ends[1] >= 22.0 && ends[2] - ends[1] <= 30.0,
            "{ends:?}"
        );
    }

    #[test]
    fn silence_is_cut_into_whole_windows() {
        let cuts = cuts_of(&vec![0.0; 70 * SECOND], 10_000);
        let lengths: Vec<usize> = cuts.iter().map(|c| c.samples.len()).collect();
        assert_eq!(
            lengths,
            [WINDOW - FRAME / 2, WINDOW - FRAME / 2, 10 * SECOND + FRAME]
        );
    }

    #[test]
    fn a_short_stream_is_one_window_and_nothing_is_none() {
        let cuts = cuts_of(&vec![0.1; 30 * SECOND], 1_000);
        assert_eq!(cuts.len(), 1);
        assert_eq!(cuts[0].samples.len(), 30 * SECOND);
        assert!(cuts_of(&[], 1).is_empty());
    }
}
