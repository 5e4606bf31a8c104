//! Converting one channel to the 16 kHz Whisper listens at, as it is decoded, with rubato's
//! FFT resampler (band-limited, so no aliasing from 44.1 or 48 kHz sources).

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Indexing, Resampler as _};

/// Whisper's sample rate.
pub(crate) const RATE: u32 = 16_000;

/// Input frames per resampler call: small enough to keep the pending input tiny, big enough
/// for the FFT to be efficient.
const CHUNK: usize = 1024;

/// Source rates outside this range are refused: a forged header asking for billions of
/// samples per second would otherwise size the resampler's FFT to match.
const RATES: std::ops::RangeInclusive<u32> = 1_000..=384_000;

#[derive(Debug, thiserror::Error)]
pub(crate) enum ResampleError {
    #[error("a sample rate of {0} Hz is not supported (1 kHz to 384 kHz are)")]
    Rate(u32),
    #[error("resampling failed: {0}")]
    Failed(String),
}

/// A streaming converter from one rate to 16 kHz for one channel.
pub(crate) struct To16k {
    rate: u32,
    /// `None` when the source already is at 16 kHz.
    resampler: Option<Fft<f32>>,
    pending: Vec<f32>,
    scratch: Vec<f32>,
    /// Output frames still to drop: the resampler's delay, so the output lines up with the
    /// input.
    delay: usize,
    consumed: u64,
    produced: u64,
}

impl To16k {
    pub(crate) fn new(rate: u32) -> Result<To16k, ResampleError> {
        if !RATES.contains(&rate) {
            return Err(ResampleError::Rate(rate));
        }
        let resampler = (rate != RATE)
            .then(|| Fft::new(rate as usize, RATE as usize, CHUNK, 1, FixedSync::Input))
            .transpose()
            .map_err(|e| ResampleError::Failed(e.to_string()))?;
        let (scratch, delay) = resampler.as_ref().map_or((Vec::new(), 0), |r| {
            (vec![0.0; r.output_frames_max()], r.output_delay())
        });
        Ok(To16k {
            rate,
            resampler,
            pending: Vec::new(),
            scratch,
            delay,
            consumed: 0,
            produced: 0,
        })
    }

    /// Converts `input` and appends the 16 kHz samples ready so far to `out`.
    pub(crate) fn push(&mut self, input: &[f32], out: &mut Vec<f32>) -> Result<(), ResampleError> {
        self.consumed += input.len() as u64;
        if self.resampler.is_none() {
            self.produced += input.len() as u64;
            out.extend_from_slice(input);
            return Ok(());
        }
        self.pending.extend_from_slice(input);
        while self.pending.len() >= self.input_needed() {
            let used = self.process(None, out)?;
            self.pending.drain(..used);
        }
        Ok(())
    }

    /// Converts what is left (padding the input with silence to flush the resampler) and
    /// appends exactly as many samples as the whole input is long at 16 kHz.
    pub(crate) fn finish(&mut self, out: &mut Vec<f32>) -> Result<(), ResampleError> {
        if self.resampler.is_none() {
            return Ok(());
        }
        let expected = (self.consumed * u64::from(RATE)).div_ceil(u64::from(self.rate));
        while self.produced < expected {
            let partial = self.pending.len().min(self.input_needed());
            let used = self.process(Some(partial), out)?;
            self.pending.drain(..used.min(partial));
        }
        let extra = (self.produced - expected) as usize;
        out.truncate(out.len() - extra);
        self.produced = expected;
        Ok(())
    }

    fn input_needed(&self) -> usize {
        self.resampler
            .as_ref()
            .map_or(0, |resampler| resampler.input_frames_next())
    }

    /// One resampler call on the start of `pending` (`partial` frames of it, the rest
    /// silence, when given); returns the input frames it used.
    fn process(
        &mut self,
        partial: Option<usize>,
        out: &mut Vec<f32>,
    ) -> Result<usize, ResampleError> {
        let resampler = self
            .resampler
            .as_mut()
            .expect("only called when resampling");
        let needed = resampler.input_frames_next();
        let failed = |e: &dyn std::fmt::Display| ResampleError::Failed(e.to_string());
        // A partial chunk still needs a buffer of full size.
        let padded;
        let input = if self.pending.len() >= needed {
            &self.pending[..needed]
        } else {
            padded = {
                let mut buffer = self.pending.clone();
                buffer.resize(needed, 0.0);
                buffer
            };
            &padded[..]
        };
        let input = InterleavedSlice::new(input, 1, needed).map_err(|e| failed(&e))?;
        let frames_out = self.scratch.len();
        let mut output =
            InterleavedSlice::new_mut(&mut self.scratch, 1, frames_out).map_err(|e| failed(&e))?;
        let indexing = partial.map(|frames| Indexing::new().partial_len(frames));
        let (used, written) = resampler
            .process_into_buffer(&input, &mut output, indexing.as_ref())
            .map_err(|e| failed(&e))?;
        let skip = self.delay.min(written);
        self.delay -= skip;
        out.extend_from_slice(&self.scratch[skip..written]);
        self.produced += (written - skip) as u64;
        Ok(used)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(rate: u32, hz: f32, frames: usize) -> Vec<f32> {
        (0..frames)
            .map(|i| (i as f32 / rate as f32 * hz * std::f32::consts::TAU).sin() * 0.5)
            .collect()
    }

    /// Resamples `input` fed in uneven pieces.
    fn convert(rate: u32, input: &[f32]) -> Vec<f32> {
        let mut to16k = To16k::new(rate).unwrap();
        let mut out = Vec::new();
        for piece in input.chunks(777) {
            to16k.push(piece, &mut out).unwrap();
        }
        to16k.finish(&mut out).unwrap();
        out
    }

    #[test]
    fn the_output_has_the_input_duration_at_16k() {
        for rate in [8_000, 22_050, 44_100, 48_000] {
            let input = tone(rate, 440.0, rate as usize * 3 + 123);
            let expected = (input.len() as u64 * 16_000).div_ceil(u64::from(rate));
            assert_eq!(convert(rate, &input).len() as u64, expected, "{rate} Hz");
        }
        assert_eq!(convert(16_000, &[0.25; 1000]), vec![0.25; 1000]);
    }

    #[test]
    fn a_tone_keeps_its_pitch_and_its_timing() {
        // 440 Hz at 44.1 kHz: at 16 kHz, 36.36 samples per period; zero crossings (upwards)
        // of the output must fall where those of a 16 kHz tone do.
        let out = convert(44_100, &tone(44_100, 440.0, 44_100));
        let reference = tone(16_000, 440.0, 16_000);
        let error: f32 = out[2000..14_000]
            .iter()
            .zip(&reference[2000..14_000])
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max);
        assert!(error < 0.02, "largest difference {error}");
    }

    #[test]
    fn absurd_rates_are_refused() {
        assert!(matches!(To16k::new(0), Err(ResampleError::Rate(0))));
        assert!(To16k::new(4_000_000_000).is_err());
    }
}
