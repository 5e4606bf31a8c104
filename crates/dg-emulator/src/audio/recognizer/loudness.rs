//! How loud 16 kHz audio is, in 20 ms frames: whether a window holds any sound at all, and
//! where its quiet stretches are.

use super::resample::RATE;

/// Samples in a 20 ms frame.
pub(crate) const FRAME: usize = RATE as usize / 50;

/// A window none of whose 20 ms frames is louder than this (RMS, about -50 dBFS) is silence:
/// it is not run through the model, which invents words ("Thank you.") in silence.
pub(crate) const SILENCE_RMS: f32 = 0.003;

/// Whether no 20 ms frame of `samples` is louder than [`SILENCE_RMS`].
pub(crate) fn is_silent(samples: &[f32]) -> bool {
    samples
        .chunks(FRAME)
        .all(|frame| (energy(frame) / frame.len() as f32).sqrt() < SILENCE_RMS)
}

/// The energy (sum of squares) of each whole 20 ms frame of `samples`.
pub(crate) fn frame_energies(samples: &[f32]) -> Vec<f32> {
    samples.chunks_exact(FRAME).map(energy).collect()
}

fn energy(samples: &[f32]) -> f32 {
    samples.iter().map(|s| s * s).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silence_is_every_frame_under_the_threshold() {
        let mut samples = vec![0.001; 10 * FRAME];
        assert!(is_silent(&samples));
        samples[5 * FRAME + 3] = 0.5;
        assert!(!is_silent(&samples));
        assert!(is_silent(&[]));
    }

    #[test]
    fn energies_are_per_whole_frame() {
        let mut samples = vec![0.0; 3 * FRAME + 7];
        samples[FRAME] = 2.0;
        assert_eq!(frame_energies(&samples), [0.0, 4.0, 0.0]);
    }
}
