//! Whisper's input features: the log-mel spectrogram of a 30-second window, computed as
//! Whisper's own `log_mel_spectrogram` does (centred 25 ms Hann frames every 10 ms, power
//! spectrum, 80 Slaney mel bands up to 8 kHz, log10 clamped to 8 below the peak, scaled).

use std::sync::Arc;

use realfft::{RealFftPlanner, RealToComplex};

use super::resample::RATE;
use super::windows::WINDOW;

/// Samples per analysis frame (25 ms).
const N_FFT: usize = 400;
/// Samples between frames (10 ms).
pub(crate) const HOP: usize = 160;
/// Mel bands.
pub(crate) const N_MELS: usize = 80;
/// Frames in a window: Whisper's 3000.
pub(crate) const FRAMES: usize = WINDOW / HOP;
/// Frequency bins of a frame's spectrum.
const BINS: usize = N_FFT / 2 + 1;

/// Computes features; built once per model, reused for every window.
pub(crate) struct Features {
    fft: Arc<dyn RealToComplex<f32>>,
    window: Vec<f32>,
    /// `N_MELS` rows of `BINS` weights.
    filters: Vec<f32>,
}

impl Features {
    pub(crate) fn new() -> Features {
        // Periodic Hann, as torch.hann_window.
        let window = (0..N_FFT)
            .map(|n| 0.5 - 0.5 * (std::f32::consts::TAU * n as f32 / N_FFT as f32).cos())
            .collect();
        Features {
            fft: RealFftPlanner::new().plan_fft_forward(N_FFT),
            window,
            filters: mel_filters(),
        }
    }

    /// The features of up to 30 s of 16 kHz audio (zero-padded to 30 s), as `N_MELS` rows of
    /// `FRAMES` values, the layout CTranslate2 takes (`[1, 80, 3000]`).
    pub(crate) fn log_mel(&self, samples: &[f32]) -> Vec<f32> {
        let samples = &samples[..samples.len().min(WINDOW)];
        // Padded by reflection on both sides (a centred STFT), then with zeros to 30 s.
        let pad = N_FFT / 2;
        let at = |i: isize| -> f32 {
            let len = WINDOW as isize;
            let i = if i < 0 {
                -i
            } else if i >= len {
                2 * (len - 1) - i
            } else {
                i
            };
            samples.get(i as usize).copied().unwrap_or(0.0)
        };
        let mut frame = self.fft.make_input_vec();
        let mut spectrum = self.fft.make_output_vec();
        let mut scratch = self.fft.make_scratch_vec();
        let mut power = [0f32; BINS];
        let mut mel = vec![0f32; N_MELS * FRAMES];
        for t in 0..FRAMES {
            let start = (t * HOP) as isize - pad as isize;
            for (n, value) in frame.iter_mut().enumerate() {
                *value = at(start + n as isize) * self.window[n];
            }
            self.fft
                .process_with_scratch(&mut frame, &mut spectrum, &mut scratch)
                .expect("buffers come from the planner");
            for (p, c) in power.iter_mut().zip(&spectrum) {
                *p = c.norm_sqr();
            }
            for (m, weights) in self.filters.chunks_exact(BINS).enumerate() {
                let energy: f32 = weights.iter().zip(&power).map(|(w, p)| w * p).sum();
                mel[m * FRAMES + t] = energy.max(1e-10).log10();
            }
        }
        let ceiling = mel.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        for value in &mut mel {
            *value = (value.max(ceiling - 8.0) + 4.0) / 4.0;
        }
        mel
    }
}

/// librosa's `filters.mel(sr=16000, n_fft=400, n_mels=80)`: triangles evenly spaced on the
/// Slaney mel scale, each scaled to unit area.
fn mel_filters() -> Vec<f32> {
    let nyquist = f64::from(RATE) / 2.0;
    let (low, high) = (hz_to_mel(0.0), hz_to_mel(nyquist));
    let edges: Vec<f64> = (0..N_MELS + 2)
        .map(|i| mel_to_hz(low + (high - low) * i as f64 / (N_MELS + 1) as f64))
        .collect();
    let mut filters = vec![0f32; N_MELS * BINS];
    for m in 0..N_MELS {
        let (left, centre, right) = (edges[m], edges[m + 1], edges[m + 2]);
        let area = 2.0 / (right - left);
        for k in 0..BINS {
            let hz = nyquist * k as f64 / (BINS - 1) as f64;
            let rising = (hz - left) / (centre - left);
            let falling = (right - hz) / (right - centre);
            filters[m * BINS + k] = (rising.min(falling).max(0.0) * area) as f32;
        }
    }
    filters
}

/// The Slaney mel scale: linear below 1 kHz, logarithmic above.
const LINEAR_STEP: f64 = 200.0 / 3.0;
const LOG_FROM_HZ: f64 = 1000.0;
const LOG_FROM_MEL: f64 = LOG_FROM_HZ / LINEAR_STEP;

fn log_step() -> f64 {
    6.4f64.ln() / 27.0
}

fn hz_to_mel(hz: f64) -> f64 {
    if hz < LOG_FROM_HZ {
        hz / LINEAR_STEP
    } else {
        LOG_FROM_MEL + (hz / LOG_FROM_HZ).ln() / log_step()
    }
}

fn mel_to_hz(mel: f64) -> f64 {
    if mel < LOG_FROM_MEL {
        mel * LINEAR_STEP
    } else {
        LOG_FROM_HZ * (log_step() * (mel - LOG_FROM_MEL)).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filters_are_whispers() {
        // Values of whisper/assets/mel_filters.npz (openai-whisper 20250625), `mel_80`.
        let filters = mel_filters();
        let at = |m: usize, k: usize| filters[m * BINS + k];
        let close = |a: f32, b: f32| (a - b).abs() < 1e-6;
        assert!(close(at(0, 1), 0.024_862_595), "{}", at(0, 1));
        assert!(close(at(40, 43), 0.014_735_566), "{}", at(40, 43));
        assert!(close(at(79, 192), 0.003_164_712), "{}", at(79, 192));
        assert_eq!(at(0, 0), 0.0);
        let total: f32 = filters.iter().sum();
        assert!((total - 1.999_024).abs() < 1e-4, "{total}");
    }

    #[test]
    fn a_tone_lights_its_band_where_it_sounds() {
        let features = Features::new();
        // 1 kHz for the first second, then silence.
        let tone: Vec<f32> = (0..RATE as usize)
            .map(|i| (i as f32 * 1000.0 / RATE as f32 * std::f32::consts::TAU).sin() * 0.5)
            .collect();
        let mel = features.log_mel(&tone);
        assert_eq!(mel.len(), N_MELS * FRAMES);
        let loudest_band = (0..N_MELS)
            .max_by(|&a, &b| mel[a * FRAMES + 50].total_cmp(&mel[b * FRAMES + 50]))
            .unwrap();
        // 1 kHz is mel 15, band 15 * 81 / 45.25 - 1 ≈ 26 of the 80.
        assert!((25..=27).contains(&loudest_band), "{loudest_band}");
        // Silence sits at the floor: 8 below the peak in log10, i.e. 2 lower once scaled.
        let peak = mel[loudest_band * FRAMES + 50];
        let floor = mel[loudest_band * FRAMES + 2000];
        assert!((peak - floor - 2.0).abs() < 0.01, "{peak} {floor}");
        assert!(mel.iter().all(|&v| v >= floor - 1e-6));
    }
}
