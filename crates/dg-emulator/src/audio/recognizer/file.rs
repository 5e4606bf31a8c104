//! A file's words: decoded packet by packet, each channel (or their mix) resampled to 16 kHz
//! and cut where it is quietest ([`Cuts`]), the windows recognized up to `workers` at a time
//! ([`ordered`]) and their words put back in order, timed from the start of the file.
//!
//! The windows do not depend on each other's words, so the next one is decoded and cut while
//! the model runs, and several run at once when the file has more than one. A window is only
//! cut once a worker is free for it, so at most a window per worker and the one being filled
//! (per channel) are in memory, whatever the length of the file.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};

use super::cuts::{Cut, Cuts};
use super::decode::Decoder;
use super::loudness::is_silent;
use super::ordered;
use super::resample::{RATE, To16k};
use super::response::Transcription;
use super::words::{self, Word};
use super::{RecognizeError, mix_down};

/// How many windows a file has: what decides how its windows are run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Windows {
    One,
    Several,
}

/// Every word of the audio `decoder` reads, per channel or of their mix. Once the audio is
/// known to hold one window or several, `choose` says how many windows run at once and what
/// recognizes them.
pub(super) fn transcribe<F>(
    decoder: Decoder,
    per_channel: bool,
    abandoned: &AtomicBool,
    choose: impl FnOnce(Windows) -> Result<(usize, F), RecognizeError>,
) -> Result<Transcription, RecognizeError>
where
    F: Fn(&[f32]) -> Result<Vec<Word>, RecognizeError> + Sync,
{
    let mut split = Split::new(decoder, per_channel, abandoned)?;
    let (workers, recognize) = choose(split.windows()?)?;
    let mut channels = vec![Heard::default(); split.channels.len()];
    ordered::in_order(
        workers,
        &mut split,
        |Window { channel, cut }| {
            let words = if is_silent(&cut.samples) {
                Vec::new()
            } else {
                recognize(&cut.samples)?
            };
            Ok(Recognized {
                channel,
                offset: cut.start as f64 / f64::from(RATE),
                length: cut.samples.len() as f64 / f64::from(RATE),
                words,
            })
        },
        |recognized| channels[recognized.channel].add(recognized),
    )?;
    let duration = split.decoder.frames() as f64 / f64::from(split.decoder.sample_rate());
    Ok(Transcription {
        channels: channels.into_iter().map(|heard| heard.words).collect(),
        duration,
    })
}

/// A window of one channel.
struct Window {
    channel: usize,
    cut: Cut,
}

/// The words of a window, timed from its start.
struct Recognized {
    channel: usize,
    /// Where the window starts in the stream, in seconds.
    offset: f64,
    /// Its length, in seconds.
    length: f64,
    words: Vec<Word>,
}

/// A channel's words so far.
#[derive(Clone, Default)]
struct Heard {
    words: Vec<Word>,
    /// The end of the last word: the next one starts no earlier.
    floor: f64,
}

impl Heard {
    /// Adds the words of the channel's next window.
    fn add(&mut self, window: Recognized) {
        for word in window.words {
            let word = words::place(word, window.offset, window.length, &mut self.floor);
            self.words.push(word);
        }
    }
}

/// A file's windows, in the order their channels fill them, decoded as they are asked for.
struct Split<'a> {
    decoder: Decoder,
    per_channel: bool,
    abandoned: &'a AtomicBool,
    /// Each channel's (or the mix's) resampler and cuts.
    channels: Vec<(To16k, Cuts)>,
    mix: Vec<f32>,
    /// Windows cut and not handed out yet.
    ready: VecDeque<Window>,
    ended: bool,
}

impl<'a> Split<'a> {
    fn new(
        decoder: Decoder,
        per_channel: bool,
        abandoned: &'a AtomicBool,
    ) -> Result<Split<'a>, RecognizeError> {
        let count = if per_channel { decoder.channels() } else { 1 };
        let channels = (0..count)
            .map(|_| Ok((To16k::new(decoder.sample_rate())?, Cuts::default())))
            .collect::<Result<_, RecognizeError>>()?;
        Ok(Split {
            decoder,
            per_channel,
            abandoned,
            channels,
            mix: Vec::new(),
            ready: VecDeque::new(),
            ended: false,
        })
    }

    /// Whether the audio makes more than one window, found by cutting up to two (which are
    /// kept for the workers).
    fn windows(&mut self) -> Result<Windows, RecognizeError> {
        while self.ready.len() < 2 && !self.ended {
            self.read()?;
        }
        Ok(if self.ready.len() < 2 {
            Windows::One
        } else {
            Windows::Several
        })
    }

    /// Decodes the next packet (or finishes the channels at the end of the audio), cutting
    /// the windows it completes.
    fn read(&mut self) -> Result<(), RecognizeError> {
        if self.abandoned.load(Ordering::Relaxed) {
            return Err(RecognizeError::Abandoned);
        }
        match self.decoder.next_planes()? {
            Some(planes) if self.per_channel => {
                for ((resampler, cuts), plane) in self.channels.iter_mut().zip(planes) {
                    resampler.push(plane, cuts.buffer())?;
                }
            }
            Some(planes) => {
                mix_down(planes, &mut self.mix);
                let (resampler, cuts) = &mut self.channels[0];
                resampler.push(&self.mix, cuts.buffer())?;
            }
            None => {
                for (resampler, cuts) in &mut self.channels {
                    resampler.finish(cuts.buffer())?;
                }
                self.ended = true;
            }
        }
        for (channel, (_, cuts)) in self.channels.iter_mut().enumerate() {
            let window = |cut| Window { channel, cut };
            self.ready
                .extend(std::iter::from_fn(|| cuts.next()).map(window));
            if self.ended {
                self.ready.extend(cuts.rest().map(window));
            }
        }
        Ok(())
    }
}

impl Iterator for Split<'_> {
    type Item = Result<Window, RecognizeError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(window) = self.ready.pop_front() {
                return Some(Ok(window));
            }
            if self.ended {
                return None;
            }
            if let Err(error) = self.read() {
                self.ended = true;
                return Some(Err(error));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;
    use crate::audio::identify::Container;
    use crate::audio::recognizer::cuts::SEARCH;
    use crate::audio::recognizer::windows::WINDOW;

    const SECOND: usize = RATE as usize;

    /// A 16 kHz float WAV file of `channels`, each a list of samples.
    fn wav(channels: &[Vec<f32>]) -> std::fs::File {
        let frames = channels[0].len();
        let count = channels.len() as u16;
        let data = (frames * channels.len() * 4) as u32;
        let mut bytes = Vec::new();
        bytes.extend_from_slice(b"RIFF");
        bytes.extend_from_slice(&(36 + data).to_le_bytes());
        bytes.extend_from_slice(b"WAVEfmt ");
        bytes.extend_from_slice(&16u32.to_le_bytes());
        bytes.extend_from_slice(&3u16.to_le_bytes()); // IEEE float
        bytes.extend_from_slice(&count.to_le_bytes());
        bytes.extend_from_slice(&RATE.to_le_bytes());
        bytes.extend_from_slice(&(RATE * 4 * u32::from(count)).to_le_bytes());
        bytes.extend_from_slice(&(4 * count).to_le_bytes());
        bytes.extend_from_slice(&32u16.to_le_bytes());
        bytes.extend_from_slice(b"data");
        bytes.extend_from_slice(&data.to_le_bytes());
        for frame in 0..frames {
            for channel in channels {
                bytes.extend_from_slice(&channel[frame].to_le_bytes());
            }
        }
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(&bytes).unwrap();
        std::io::Seek::rewind(&mut file).unwrap();
        file
    }

    /// A "word" every `every` seconds, 0.6 s long, silence between. A word's samples hold
    /// their position in the stream (plus one, so none is silent), which tells the fake
    /// model where each window starts.
    fn speech(seconds: usize, every: usize) -> Vec<f32> {
        (0..seconds * SECOND)
            .map(|i| {
                let into = i % (every * SECOND);
                if into < SECOND * 6 / 10 {
                    (i + 1) as f32
                } else {
                    0.0
                }
            })
            .collect()
    }

    /// The fake model: a word for each run of sound in the window, named after the second it
    /// starts on in the stream, or "cut" when the window's edge splits it.
    fn fake(window: &[f32]) -> Result<Vec<Word>, RecognizeError> {
        let mut heard = Vec::new();
        let mut i = 0;
        while i < window.len() {
            if window[i] == 0.0 {
                i += 1;
                continue;
            }
            let run = window[i..].iter().take_while(|&&s| s != 0.0).count();
            let first = window[i] as usize - 1;
            let whole = first % SECOND == 0 && i > 0 && i + run < window.len();
            let text = if whole {
                format!("w{}", first / SECOND)
            } else {
                "cut".into()
            };
            let at = |sample: usize| sample as f64 / SECOND as f64;
            heard.push(words::word(&text, at(i), at(i + run)));
            i += run;
        }
        Ok(heard)
    }

    fn transcribe_fake(channels: &[Vec<f32>], per_channel: bool, workers: usize) -> Transcription {
        let decoder = Decoder::open(wav(channels), Container::Wav).unwrap();
        transcribe(decoder, per_channel, &AtomicBool::new(false), |_| {
            Ok((workers, fake))
        })
        .unwrap()
    }

    /// `words` are the words on every `every` seconds up to `seconds`, once each, in order
    /// and at their time in the stream.
    fn assert_heard(words: &[Word], seconds: usize, every: usize) {
        let texts: Vec<&str> = words.iter().map(|w| w.punctuated.as_str()).collect();
        let expected: Vec<String> = (every..seconds)
            .step_by(every)
            .map(|second| format!("w{second}"))
            .collect();
        assert_eq!(texts[1..], expected[..], "the first word starts the file");
        for w in &words[1..] {
            let second: f64 = w.punctuated[1..].parse().unwrap();
            assert!((w.start - second).abs() < 1e-9, "{w:?}");
            assert!((w.end - second - 0.6).abs() < 1e-9, "{w:?}");
        }
    }

    #[test]
    fn every_word_is_heard_once_in_order_across_independent_windows() {
        for workers in [1, 3] {
            let transcription = transcribe_fake(&[speech(200, 1)], false, workers);
            assert!((transcription.duration - 200.0).abs() < 1e-9);
            assert_heard(&transcription.channels[0], 200, 1);
        }
    }

    #[test]
    fn each_channel_is_cut_and_heard_on_its_own() {
        let channels = [speech(100, 1), speech(100, 3)];
        let transcription = transcribe_fake(&channels, true, 2);
        assert_eq!(transcription.channels.len(), 2);
        assert_heard(&transcription.channels[0], 100, 1);
        assert_heard(&transcription.channels[1], 100, 3);
    }

    #[test]
    fn windows_are_cut_within_the_search_at_the_end_of_each() {
        let starts = std::sync::Mutex::new(Vec::new());
        let decoder = Decoder::open(wav(&[speech(100, 1)]), Container::Wav).unwrap();
        let record = |window: &[f32]| {
            let first = window.iter().find(|&&s| s != 0.0).copied().unwrap_or(0.0);
            starts.lock().unwrap().push((first, window.len()));
            Ok(Vec::new())
        };
        transcribe(decoder, false, &AtomicBool::new(false), |_| Ok((2, record))).unwrap();
        // In the order they were cut (two run at once, so they may finish out of order).
        let mut windows = starts.into_inner().unwrap();
        windows.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert!(windows.len() >= 4, "{windows:?}");
        let lengths: Vec<usize> = windows.iter().map(|&(_, len)| len).collect();
        assert!(
            lengths[..lengths.len() - 1]
                .iter()
                .all(|&len| (WINDOW - SEARCH..=WINDOW).contains(&len)),
            "{lengths:?}"
        );
        assert_eq!(lengths.iter().sum::<usize>(), 100 * SECOND);
    }

    #[test]
    fn the_runner_is_chosen_by_whether_the_audio_makes_several_windows() {
        let chosen = |channels: &[Vec<f32>], per_channel: bool| {
            let decoder = Decoder::open(wav(channels), Container::Wav).unwrap();
            let mut seen = None;
            transcribe(decoder, per_channel, &AtomicBool::new(false), |windows| {
                seen = Some(windows);
                Ok((1, fake))
            })
            .unwrap();
            seen.unwrap()
        };
        let short = || speech(WINDOW / SECOND - 1, 1);
        assert_eq!(chosen(&[short()], false), Windows::One);
        assert_eq!(chosen(&[short(), short()], false), Windows::One);
        assert_eq!(chosen(&[short(), short()], true), Windows::Several);
        assert_eq!(
            chosen(&[speech(WINDOW / SECOND + 5, 1)], false),
            Windows::Several
        );
    }
}
