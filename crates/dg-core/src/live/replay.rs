//! What a reconnection needs to lose nothing and repeat nothing: the audio no final result
//! covers yet (bounded, in seconds), the WAV header a new connection must see first, and the
//! offset that makes the new connection's timestamps run on from the old ones. A "final" is a
//! final `Results` on `/v1/listen` and an `EndOfTurn` on Flux, whose turn numbers also run on.

use std::collections::VecDeque;

use bytes::Bytes;

use super::LiveEvent;
use super::pace::{AudioFormat, byte_rate, frame_bytes, wav_data_offset};
use crate::models::{StreamingResult, TurnInfo};

/// How much a final may start before the end of the last one and still not count as a
/// repeat (the server rounds timestamps).
const EPSILON: f64 = 1e-3;

pub(crate) struct Replay {
    seconds: f64,
    /// Bytes before the samples (a WAV header), sent again first on a new connection.
    header: Option<Bytes>,
    /// Whether the stream's first bytes have been seen (the header looked for).
    started: bool,
    /// Bytes of audio per second; without it nothing can be replayed.
    byte_rate: Option<f64>,
    /// Bytes per sample frame: a resume starts on a frame.
    frame: u64,
    /// Audio after the header that no final result covers yet, oldest first.
    chunks: VecDeque<Bytes>,
    /// The audio offset (bytes after the header) of the first byte in `chunks`.
    chunks_start: u64,
    /// Bytes in `chunks`.
    kept: u64,
    /// Stream time (seconds) up to which final results were given.
    final_until: f64,
    /// Stream time at which the current connection's audio starts.
    shift: f64,
    /// Flux turns ended so far, and the number the current connection's turn 0 has.
    turns_ended: u64,
    turn_shift: u64,
}

impl Replay {
    /// A replay buffer holding at most `seconds` of audio.
    pub(crate) fn new(seconds: f64) -> Replay {
        Replay {
            seconds,
            header: None,
            started: false,
            byte_rate: None,
            frame: 1,
            chunks: VecDeque::new(),
            chunks_start: 0,
            kept: 0,
            final_until: 0.0,
            shift: 0.0,
            turns_ended: 0,
            turn_shift: 0,
        }
    }

    /// Whether a new connection can pick up where this one stopped.
    pub(crate) fn can_resume(&self) -> bool {
        self.byte_rate.is_some() || !self.started
    }

    /// Keeps a chunk of audio on its way out; `format` says the rate of headerless audio.
    pub(crate) fn sent(&mut self, audio: &Bytes, format: &AudioFormat) {
        let mut audio = audio.clone();
        if !self.started {
            self.started = true;
            if let Some(offset) = wav_data_offset(&audio) {
                self.header = Some(audio.split_to(offset.min(audio.len())));
            }
            let head = self.header.as_deref().unwrap_or(&audio);
            self.byte_rate = byte_rate(head, format);
            self.frame = frame_bytes(head, format);
        }
        let Some(rate) = self.byte_rate else { return };
        if audio.is_empty() {
            return;
        }
        self.kept += audio.len() as u64;
        self.chunks.push_back(audio);
        // Bounded: past the limit the oldest audio is given up.
        let limit = (rate * self.seconds) as u64;
        while self.kept > limit {
            let Some(old) = self.chunks.pop_front() else {
                break;
            };
            self.kept -= old.len() as u64;
            self.chunks_start += old.len() as u64;
        }
    }

    /// Shifts an event's timestamps onto the stream's time, and drops a final result the
    /// stream already gave (`None`); a final advances what the buffer may forget.
    pub(crate) fn receive(&mut self, event: LiveEvent) -> Option<LiveEvent> {
        match event {
            LiveEvent::Results(result) => self.result(result).map(LiveEvent::Results),
            LiveEvent::TurnInfo(turn) => self.turn(turn).map(LiveEvent::TurnInfo),
            other => Some(other),
        }
    }

    fn result(&mut self, mut result: Box<StreamingResult>) -> Option<Box<StreamingResult>> {
        if self.shift != 0.0 {
            result.start += self.shift;
            for alternative in &mut result.channel.alternatives {
                for word in &mut alternative.words {
                    word.start += self.shift;
                    word.end += self.shift;
                }
            }
        }
        if result.is_final == Some(true) {
            self.ends_at(result.start + result.duration)?;
        }
        Some(result)
    }

    fn turn(&mut self, mut turn: Box<TurnInfo>) -> Option<Box<TurnInfo>> {
        let shift = |t: &mut Option<f64>| *t = t.map(|t| t + self.shift);
        if self.shift != 0.0 {
            shift(&mut turn.audio_window_start);
            shift(&mut turn.audio_window_end);
            for word in &mut turn.words {
                shift(&mut word.start);
                shift(&mut word.end);
            }
        }
        turn.turn_index = turn.turn_index.map(|i| i + self.turn_shift);
        if turn.is_end_of_turn() {
            self.ends_at(turn.audio_window_end.unwrap_or(self.final_until))?;
            self.turns_ended = turn.turn_index.map_or(self.turns_ended + 1, |i| i + 1);
        }
        Some(turn)
    }

    /// A final up to stream time `end`: `None` when the stream already gave it.
    fn ends_at(&mut self, end: f64) -> Option<()> {
        if end <= self.final_until + EPSILON {
            return None;
        }
        self.final_until = end;
        self.forget_until(end);
        Some(())
    }

    /// Drops the buffered audio before stream time `time`.
    fn forget_until(&mut self, time: f64) {
        let Some(rate) = self.byte_rate else { return };
        let keep_from = (time * rate) as u64;
        let keep_from = keep_from - keep_from % self.frame;
        while let Some(front) = self.chunks.front_mut() {
            let front_end = self.chunks_start + front.len() as u64;
            if front_end <= keep_from {
                self.kept -= front.len() as u64;
                self.chunks_start = front_end;
                self.chunks.pop_front();
            } else {
                if keep_from > self.chunks_start {
                    let cut = (keep_from - self.chunks_start) as usize;
                    let _ = front.split_to(cut);
                    self.kept -= cut as u64;
                    self.chunks_start = keep_from;
                }
                break;
            }
        }
    }

    /// What a new connection is sent first: the header, then the audio no final covers.
    /// From here on its timestamps are shifted to start where that audio starts.
    pub(crate) fn resume(&mut self) -> Vec<Bytes> {
        // Start on a sample frame: drop the bytes of a frame that the bound cut into.
        let mut skip = (self.frame - self.chunks_start % self.frame) % self.frame;
        while skip > 0 {
            let Some(front) = self.chunks.front_mut() else {
                break;
            };
            let cut = skip.min(front.len() as u64);
            let _ = front.split_to(cut as usize);
            skip -= cut;
            self.kept -= cut;
            self.chunks_start += cut;
            if front.is_empty() {
                self.chunks.pop_front();
            }
        }
        self.shift = self
            .byte_rate
            .map_or(self.final_until, |r| self.chunks_start as f64 / r);
        self.turn_shift = self.turns_ended;
        self.header
            .iter()
            .cloned()
            .chain(self.chunks.iter().cloned())
            .collect()
    }

    /// Stream time up to which final results were given.
    pub(crate) fn final_until(&self) -> f64 {
        self.final_until
    }

    /// Seconds of audio a resume sends again.
    pub(crate) fn buffered_seconds(&self) -> f64 {
        self.byte_rate.map_or(0.0, |r| self.kept as f64 / r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> AudioFormat {
        AudioFormat {
            encoding: Some(crate::options::Encoding::Linear16),
            sample_rate: Some(8000),
            channels: None,
        }
    }

    fn final_result(start: f64, duration: f64) -> LiveEvent {
        LiveEvent::Results(Box::new(StreamingResult {
            start,
            duration,
            is_final: Some(true),
            ..Default::default()
        }))
    }

    #[test]
    fn finals_free_the_audio_they_cover_and_a_resume_sends_the_rest() {
        let mut replay = Replay::new(10.0);
        for _ in 0..4 {
            replay.sent(&Bytes::from(vec![0u8; 16_000]), &raw()); // one second each
        }
        assert_eq!(replay.buffered_seconds(), 4.0);
        assert!(replay.receive(final_result(0.0, 1.5)).is_some());
        assert_eq!(replay.buffered_seconds(), 2.5);
        let again = replay.resume();
        assert_eq!(again.iter().map(Bytes::len).sum::<usize>(), 40_000);
        // The new connection's clock starts at 1.5 s of the stream.
        let Some(LiveEvent::Results(shifted)) = replay.receive(final_result(0.0, 1.0)) else {
            panic!("a new final");
        };
        assert_eq!(shifted.start, 1.5);
    }

    #[test]
    fn a_final_the_stream_already_gave_is_dropped() {
        let mut replay = Replay::new(10.0);
        replay.sent(&Bytes::from(vec![0u8; 32_000]), &raw());
        assert!(replay.receive(final_result(0.0, 1.0)).is_some());
        assert!(replay.receive(final_result(0.0, 1.0)).is_none());
        assert!(replay.receive(final_result(1.0, 0.5)).is_some());
    }

    fn end_of_turn(index: u64, start: f64, end: f64) -> LiveEvent {
        LiveEvent::TurnInfo(Box::new(TurnInfo {
            event: "EndOfTurn".into(),
            turn_index: Some(index),
            audio_window_start: Some(start),
            audio_window_end: Some(end),
            ..Default::default()
        }))
    }

    #[test]
    fn flux_turns_run_on_across_a_resume_and_an_ended_turn_is_not_given_twice() {
        let mut replay = Replay::new(10.0);
        for _ in 0..4 {
            replay.sent(&Bytes::from(vec![0u8; 16_000]), &raw());
        }
        assert!(replay.receive(end_of_turn(0, 0.2, 1.0)).is_some());
        assert_eq!(
            replay.buffered_seconds(),
            3.0,
            "the ended turn's audio is let go"
        );
        let _ = replay.resume();
        // The new connection numbers from 0 and times from where its audio starts (1 s).
        let Some(LiveEvent::TurnInfo(turn)) = replay.receive(end_of_turn(0, 0.5, 2.0)) else {
            panic!("a new turn");
        };
        assert_eq!(turn.turn_index, Some(1));
        assert_eq!(
            (turn.audio_window_start, turn.audio_window_end),
            (Some(1.5), Some(3.0))
        );
        assert!(
            replay.receive(end_of_turn(1, 0.0, 2.0)).is_none(),
            "the same end again"
        );
    }

    #[test]
    fn the_buffer_is_bounded_and_the_wav_header_kept_apart() {
        let wav = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/audio/preamble-rest.wav"
        ))
        .unwrap();
        let mut replay = Replay::new(2.0);
        for chunk in wav.chunks(8192) {
            replay.sent(&Bytes::copy_from_slice(chunk), &AudioFormat::default());
        }
        assert!(replay.can_resume());
        assert!(replay.buffered_seconds() <= 2.0 + 8192.0 / 44_100.0);
        let again = replay.resume();
        assert_eq!(&again[0][..4], b"RIFF", "the header goes first");
        assert_eq!(again[0].len(), 44);
        // Without a byte rate nothing can be resumed.
        let mut unknown = Replay::new(2.0);
        unknown.sent(
            &Bytes::from_static(b"\x00\x01\x02\x03"),
            &AudioFormat::default(),
        );
        assert!(!unknown.can_resume());
    }
}
