//! What a live stream is answered, and when: the words of the recording its audio matched (or
//! those the recognizer hears in it, a phrase or a window at a time), each in a final result
//! once the audio past its end has arrived (with interim results in between when asked), as
//! Deepgram paces its answers to the audio and not to the clock; a phrase the recognizer saw
//! end in a pause gets its final at that pause.

use serde_json::{Value, json};

use crate::audio::identify::{Container, RawFormat};
use crate::audio::wav;
use crate::state::clock::Timestamp;

/// The least audio a final result covers, in seconds (Deepgram's are about 1 to 3 s).
const FINAL_STRETCH: f64 = 1.0;
/// How often an interim result comes, in seconds of audio.
const INTERIM_EVERY: f64 = 0.5;
/// Deepgram's `endpointing` when the query sets none, in seconds.
const DEFAULT_ENDPOINTING: f64 = 0.01;

/// How many seconds of audio a number of received bytes is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Clock {
    header: u64,
    bytes_per_second: f64,
}

impl Clock {
    /// Reads the stream's first bytes (a WAV header, or the query's raw `encoding`);
    /// `None` for bytes Deepgram could not decode: no known container and no encoding.
    pub(crate) fn of(head: &[u8], raw: Option<&RawFormat>) -> Option<Clock> {
        if let Some(info) = wav::parse(head, u64::MAX) {
            return Some(Clock {
                header: info.data_offset.unwrap_or(head.len() as u64),
                bytes_per_second: f64::from(info.byte_rate.max(1)),
            });
        }
        if let Some(raw) = raw {
            // Compressed: about 32 kbit/s, good enough to pace empty results.
            let sample_bytes = raw.bytes_per_sample().map_or(0.25, |b| b as f64);
            let rate = f64::from(raw.sample_rate.unwrap_or(16_000));
            return Some(Clock {
                header: 0,
                bytes_per_second: sample_bytes * rate * f64::from(raw.channels.max(1)),
            });
        }
        // Another container: its duration is not read here; pace as compressed audio.
        Container::sniff(head).map(|_| Clock {
            header: 0,
            bytes_per_second: 4_000.0,
        })
    }

    /// Seconds of audio in the first `received` bytes.
    pub(crate) fn heard(self, received: u64) -> f64 {
        received.saturating_sub(self.header) as f64 / self.bytes_per_second
    }
}

/// What the query asks of a stream's answers.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Asked {
    /// `interim_results`.
    pub(crate) interim: bool,
    /// `endpointing`, in ms.
    pub(crate) endpointing_ms: Option<u32>,
    /// `utterance_end_ms`.
    pub(crate) utterance_end_ms: Option<u32>,
    /// `vad_events`.
    pub(crate) vad_events: bool,
}

/// The results of one stream.
pub(crate) struct Transcript {
    /// The recording's words (none for audio without one).
    words: Vec<Value>,
    /// The first word not yet in a final result.
    next: usize,
    /// The stream time the final results so far cover.
    final_until: f64,
    interim: bool,
    last_interim: f64,
    endpointing: f64,
    /// `utterance_end_ms` in seconds, when asked.
    utterance_end: Option<f64>,
    vad_events: bool,
    /// A `SpeechStarted` was sent for the speech going on.
    speaking: bool,
    /// The end of the last word given in a final result since the last `UtteranceEnd`.
    open_utterance: Option<f64>,
    /// The `metadata` of each result.
    metadata: Value,
    model_uuid: String,
    model_info: Value,
    /// Whether the audio matched a recording (else every result is empty, and the
    /// `Metadata` says why).
    recognized: bool,
}

impl Transcript {
    /// The results of the recorded answer `recording` (or of nothing, for unknown audio).
    /// `offset`: where in the recording the stream's audio starts (a resumed stream), in
    /// seconds; the words before it are left out and the rest timed from it.
    pub(crate) fn new(
        recording: Option<(&Value, f64)>,
        request_id: &str,
        asked: Asked,
    ) -> Transcript {
        let recognized = recording.is_some();
        let words = recorded_words(recording);
        let recording = recording.map(|(r, _)| r);
        let model_uuid = recording
            .and_then(|r| r.pointer("/metadata/models/0"))
            .and_then(Value::as_str)
            .unwrap_or("00000000-0000-4000-8000-000000000000")
            .to_owned();
        let model_info = recording
            .and_then(|r| r.pointer("/metadata/model_info"))
            .and_then(|info| info.get(&model_uuid))
            .cloned()
            .unwrap_or_else(|| json!({"name": "emulator", "version": "0", "arch": "emulator"}));
        Transcript {
            words,
            next: 0,
            final_until: 0.0,
            interim: asked.interim,
            last_interim: 0.0,
            endpointing: asked
                .endpointing_ms
                .map_or(DEFAULT_ENDPOINTING, |ms| f64::from(ms) / 1000.0),
            utterance_end: asked.utterance_end_ms.map(|ms| f64::from(ms) / 1000.0),
            vad_events: asked.vad_events,
            speaking: false,
            open_utterance: None,
            metadata: json!({
                "request_id": request_id,
                "model_info": model_info,
                "model_uuid": model_uuid,
            }),
            model_uuid,
            model_info,
            recognized,
        }
    }

    /// Adds words after every word so far: a live recognizer's, a phrase at a time, before
    /// the audio they end in is heard.
    pub(crate) fn hear(&mut self, words: Vec<Value>) {
        self.words.extend(words);
    }

    /// The messages owed once `heard` seconds of audio have arrived.
    pub(crate) fn advance(&mut self, heard: f64) -> Vec<Value> {
        let mut out = Vec::new();
        if self.vad_events && !self.speaking {
            if let Some(word) = self.words.get(self.next).filter(|w| begin(w) <= heard) {
                self.speaking = true;
                out.push(
                    json!({"type": "SpeechStarted", "channel": [0], "timestamp": begin(word)}),
                );
            }
        }
        if heard - self.final_until >= FINAL_STRETCH {
            out.push(self.final_result(heard, false));
        } else if self.interim && heard - self.last_interim >= INTERIM_EVERY {
            self.last_interim = heard;
            out.push(self.interim_result(heard));
        }
        if let (Some(after), Some(last_end)) = (self.utterance_end, self.open_utterance) {
            let next_started = self.words.get(self.next).is_some_and(|w| begin(w) <= heard);
            if heard - last_end >= after && !next_started {
                self.open_utterance = None;
                self.speaking = false;
                out.push(
                    json!({"type": "UtteranceEnd", "channel": [0, 1], "last_word_end": last_end}),
                );
            }
        }
        out
    }

    /// The recognizer heard a phrase end in a pause at `at` seconds (every frame up to it
    /// advanced): a final result up to there for the words not in one yet, as Deepgram
    /// finalizes at an endpoint; nothing when none are waiting.
    pub(crate) fn end_phrase(&mut self, at: f64) -> Vec<Value> {
        if at <= self.final_until || !self.word_ends_by(at) {
            return Vec::new();
        }
        vec![self.final_result(at, false)]
    }

    /// A final result for all audio heard that no final covers yet (`Finalize`, or the
    /// stream's end); nothing when there is none.
    pub(crate) fn flush(&mut self, heard: f64, from_finalize: bool) -> Vec<Value> {
        if heard <= self.final_until && !self.word_ends_by(heard) {
            return Vec::new();
        }
        vec![self.final_result(heard.max(self.final_until), from_finalize)]
    }

    fn word_ends_by(&self, heard: f64) -> bool {
        self.words.get(self.next).is_some_and(|w| end(w) <= heard)
    }

    fn final_result(&mut self, heard: f64, from_finalize: bool) -> Value {
        let start = self.final_until;
        let mut last = self.next;
        while self.words.get(last).is_some_and(|w| end(w) <= heard) {
            last += 1;
        }
        let words = &self.words[self.next..last];
        let last_end = words.last().map_or(start, end);
        let next_start = self.words.get(last).map_or(f64::INFINITY, begin);
        let speech_final = !words.is_empty()
            && next_start - last_end >= self.endpointing
            && heard - last_end >= self.endpointing;
        let message = results(
            start,
            heard - start,
            (true, speech_final, from_finalize),
            words,
            &self.metadata,
        );
        if let Some(word) = words.last() {
            self.open_utterance = Some(end(word));
        }
        if speech_final {
            self.speaking = false;
        }
        self.next = last;
        self.final_until = heard;
        self.last_interim = heard;
        message
    }

    fn interim_result(&self, heard: f64) -> Value {
        let mut last = self.next;
        while self.words.get(last).is_some_and(|w| begin(w) < heard) {
            last += 1;
        }
        let start = self.final_until;
        results(
            start,
            heard - start,
            (false, false, false),
            &self.words[self.next..last],
            &self.metadata,
        )
    }

    /// The `Metadata` message that ends a stream of `duration` seconds.
    pub(crate) fn metadata_message(&self, request_id: &str, sha256: &str, duration: f64) -> Value {
        let mut message = json!({
            "type": "Metadata",
            "transaction_key": "deprecated",
            "request_id": request_id,
            "sha256": sha256,
            "created": Timestamp::now(),
            "duration": duration,
            "channels": 1,
            "models": [self.model_uuid],
            "model_info": { self.model_uuid.clone(): self.model_info },
        });
        if !self.recognized && duration > 0.0 {
            message["warnings"] = json!([{
                "parameter": "audio",
                "type": "unsupported",
                "message": "The dg emulator has no recorded answer for this live audio (it \
                    recognizes the streams of tests/fixtures/audio, and with its `recognizer` \
                    feature and a model, any linear PCM, G.711, WAV, FLAC, MP3 or Ogg \
                    Vorbis), so every result was empty.",
            }]);
        }
        message
    }
}

/// The words of the recorded answer `recording` that the stream's audio holds: those ending
/// after `offset` (where in the recording the stream starts, in seconds), timed from it.
/// None for unknown audio.
pub(crate) fn recorded_words(recording: Option<(&Value, f64)>) -> Vec<Value> {
    let Some((recording, offset)) = recording else {
        return Vec::new();
    };
    recording
        .pointer("/results/channels/0/alternatives/0/words")
        .and_then(Value::as_array)
        .map(|words| {
            words
                .iter()
                .filter(|w| end(w) > offset)
                .map(|w| {
                    let mut w = w.clone();
                    w["start"] = json!((begin(&w) - offset).max(0.0));
                    w["end"] = json!(end(&w) - offset);
                    w
                })
                .collect()
        })
        .unwrap_or_default()
}

/// When a recorded word starts, in seconds.
pub(crate) fn begin(word: &Value) -> f64 {
    word.get("start")
        .and_then(Value::as_f64)
        .unwrap_or_default()
}

/// When a recorded word ends, in seconds.
pub(crate) fn end(word: &Value) -> f64 {
    word.get("end").and_then(Value::as_f64).unwrap_or_default()
}

/// A recorded word as a transcript shows it: punctuated when the recording has it.
pub(crate) fn spoken(word: &Value) -> &str {
    word.get("punctuated_word")
        .or_else(|| word.get("word"))
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The transcript of `words`: each [`spoken`], separated by spaces.
pub(crate) fn transcript(words: &[Value]) -> String {
    words.iter().map(spoken).collect::<Vec<_>>().join(" ")
}

/// A `Results` message; `flags` are `(is_final, speech_final, from_finalize)`.
fn results(
    start: f64,
    duration: f64,
    (is_final, speech_final, from_finalize): (bool, bool, bool),
    words: &[Value],
    metadata: &Value,
) -> Value {
    let confidence = words
        .iter()
        .filter_map(|w| w.get("confidence").and_then(Value::as_f64))
        .fold(None, |low: Option<f64>, c| {
            Some(low.map_or(c, |l| l.min(c)))
        })
        .unwrap_or(0.0);
    json!({
        "type": "Results",
        "channel_index": [0, 1],
        "duration": duration,
        "start": start,
        "is_final": is_final,
        "speech_final": speech_final,
        "from_finalize": from_finalize,
        "channel": {"alternatives": [{
            "transcript": transcript(words),
            "confidence": confidence,
            "words": words,
        }]},
        "metadata": metadata,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recording() -> Value {
        let word = |w: &str, start: f64, end: f64| json!({"word": w, "punctuated_word": w, "start": start, "end": end, "confidence": 0.9});
        json!({
            "metadata": {"models": ["m1"], "model_info": {"m1": {"name": "n", "version": "v", "arch": "a"}}},
            "results": {"channels": [{"alternatives": [{"words": [
                word("one", 0.1, 0.5), word("two", 0.6, 0.9), word("three", 2.0, 2.4),
            ]}]}]}
        })
    }

    fn transcripts(messages: &[Value]) -> Vec<String> {
        messages
            .iter()
            .map(|m| {
                m.pointer("/channel/alternatives/0/transcript")
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn words_become_final_once_their_audio_has_arrived_and_never_twice() {
        let recorded = recording();
        let mut t = Transcript::new(Some((&recorded, 0.0)), "r", Asked::default());
        assert!(
            t.advance(0.5).is_empty(),
            "no final before a second of audio"
        );
        let first = t.advance(1.2);
        assert_eq!(transcripts(&first), ["one two"]);
        assert_eq!(first[0]["is_final"], true);
        assert_eq!(first[0]["metadata"]["model_uuid"], "m1");
        assert!(t.advance(1.5).is_empty());
        let second = t.advance(2.3);
        assert_eq!(transcripts(&second), [""], "three has not ended yet");
        let rest = t.flush(3.0, false);
        assert_eq!(transcripts(&rest), ["three"]);
        assert_eq!(rest[0]["start"], 2.3);
        assert!(t.flush(3.0, false).is_empty(), "nothing twice");
    }

    #[test]
    fn a_resumed_stream_is_timed_from_where_it_starts_in_the_recording() {
        let recorded = recording();
        let mut t = Transcript::new(Some((&recorded, 0.55)), "r", Asked::default());
        let finals = t.flush(3.0, false);
        assert_eq!(transcripts(&finals), ["two three"]);
        let first = &finals[0]["channel"]["alternatives"][0]["words"][0];
        assert!((first["start"].as_f64().unwrap() - 0.05).abs() < 1e-9);
    }

    #[test]
    fn speech_started_and_utterance_end_when_asked() {
        let recorded = recording();
        let asked = Asked {
            vad_events: true,
            utterance_end_ms: Some(1000),
            ..Asked::default()
        };
        let mut t = Transcript::new(Some((&recorded, 0.0)), "r", asked);
        let kinds = |messages: &[Value]| -> Vec<String> {
            messages
                .iter()
                .map(|m| m["type"].as_str().unwrap().to_owned())
                .collect()
        };
        assert!(t.advance(0.05).is_empty(), "no speech yet");
        assert_eq!(kinds(&t.advance(0.2)), ["SpeechStarted"]);
        assert_eq!(
            kinds(&t.advance(1.0)),
            ["Results"],
            "one SpeechStarted per utterance"
        );
        // "two" ended at 0.9 and "three" starts at 2.0: a second of silence ends the utterance.
        let end = t.advance(1.95);
        assert_eq!(kinds(&end), ["UtteranceEnd"]);
        assert_eq!(end[0]["last_word_end"], 0.9);
        assert_eq!(kinds(&t.advance(2.1)), ["SpeechStarted", "Results"]);
    }

    /// A phrase the recognizer saw end is finalized at its end, not at the next second of
    /// audio, with `speech_final` as any final after a pause; nothing twice.
    #[test]
    fn a_phrase_end_finalizes_the_words_waiting() {
        let recorded = recording();
        let mut t = Transcript::new(Some((&recorded, 0.0)), "r", Asked::default());
        assert!(t.advance(0.7).is_empty());
        assert!(t.end_phrase(0.45).is_empty(), "no word has ended by then");
        let phrase = t.end_phrase(0.95);
        assert_eq!(transcripts(&phrase), ["one two"]);
        assert_eq!(phrase[0]["is_final"], true);
        assert_eq!(phrase[0]["speech_final"], true);
        assert_eq!(phrase[0]["from_finalize"], false);
        assert_eq!(phrase[0]["duration"], 0.95);
        assert!(t.end_phrase(0.95).is_empty(), "nothing twice");
        assert!(
            t.advance(1.5).is_empty(),
            "the next final a second after this one"
        );
        assert_eq!(transcripts(&t.advance(2.5)), ["three"]);
    }

    #[test]
    fn metadata_warns_when_the_audio_had_no_recording() {
        let unknown = Transcript::new(None, "r", Asked::default());
        let warned = unknown.metadata_message("r", "00", 1.0);
        assert_eq!(warned["warnings"][0]["parameter"], "audio");
        let recorded = recording();
        let known = Transcript::new(Some((&recorded, 0.0)), "r", Asked::default());
        assert!(
            known
                .metadata_message("r", "00", 1.0)
                .get("warnings")
                .is_none()
        );
    }

    #[test]
    fn interim_results_come_between_finals_when_asked() {
        let recorded = recording();
        let asked = Asked {
            interim: true,
            ..Asked::default()
        };
        let mut t = Transcript::new(Some((&recorded, 0.0)), "r", asked);
        let interim = t.advance(0.55);
        assert_eq!(interim[0]["is_final"], false);
        assert_eq!(transcripts(&interim), ["one"]);
        assert_eq!(t.flush(0.7, true)[0]["from_finalize"], true);
    }

    #[test]
    fn the_clock_reads_a_wav_header_or_the_raw_encoding() {
        let header = crate::audio::wav::tests::header(&[], 1, 1, 16_000, 16, 32_000);
        let clock = Clock::of(&header, None).unwrap();
        assert_eq!(clock.heard(header.len() as u64), 0.0);
        assert_eq!(clock.heard(header.len() as u64 + 16_000), 0.5);
        let raw = RawFormat {
            encoding: "linear16".into(),
            sample_rate: Some(8000),
            channels: 1,
        };
        assert_eq!(
            Clock::of(b"\x00\x01", Some(&raw)).unwrap().heard(16_000),
            1.0
        );
        assert_eq!(Clock::of(b"\x00\x01\x02\x03", None), None);
    }
}
