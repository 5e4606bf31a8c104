//! What a Flux stream (`/v2/listen`) is answered, and when: the `TurnInfo` messages of the
//! recording its audio matched, paced by the audio as it arrives, like the `/v1/listen`
//! results of [`Transcript`](crate::audio::streaming::Transcript).
//!
//! Flux's real turn detector is a model; the emulator's is a fixed rule on the recording's
//! word timings, so that clients can be tested against answers they can predict. `heard` is
//! the audio received so far in seconds, re-judged at every audio frame:
//!
//! - A turn starts when a word after the previous turn begins (`start <= heard`):
//!   `StartOfTurn`.
//! - While a turn is open, an `Update` once at least [`UPDATE_EVERY`] (0.25 s) of audio has
//!   arrived since the turn's last message, in a frame that sent the turn nothing else.
//! - `silence` is `heard` minus the end of the turn's last begun word, once that word has
//!   ended and while the next word has not begun (0 while a word is being spoken);
//!   `end_of_turn_confidence` is `min(1, silence / 1 s)`.
//! - `EndOfTurn` when `end_of_turn_confidence >= eot_threshold` or
//!   `silence >= eot_timeout_ms`; then `turn_index` goes up by one (the first turn is 0).
//! - With `eager_eot_threshold`: one `EagerEndOfTurn` per pause, when
//!   `end_of_turn_confidence >= eager_eot_threshold` and the turn has not ended; if a word
//!   then begins before the `EndOfTurn`, `TurnResumed` and the turn goes on.
//! - The pause before a word is judged at that word's start even when one frame carries both
//!   (a frame longer than the pause): a turn ends, or is eagerly ended, whatever the frame
//!   size. Such an `EndOfTurn` or `EagerEndOfTurn` has `audio_window_end` = the next word's
//!   start; every other message has `heard`.
//! - `transcript` and `words` are the turn's words that have ended by `audio_window_end`
//!   (all of them in an `EndOfTurn` after a pause); `audio_window_start` is the turn's first
//!   word's start.
//! - Times are compared with 1e-9 s of slack, so that decimal times reach what they add up to.
//! - At the stream's end ([`Turns::close`]), an open turn gets its `EndOfTurn` with the words
//!   ended by then.
//! - Audio the recognizer transcribes live gets its words a phrase (or a window) at a time,
//!   each frame judged once its words are known, by these same rules; audio that nothing
//!   answers has no words, hence no `TurnInfo` at all.
//!
//! Messages carry no `sequence_id`: the stream numbers every message it sends.

use serde_json::{Value, json};

use crate::audio::streaming::{begin, end, recorded_words, spoken, transcript};

/// How often an `Update` comes while a turn is open, in seconds of audio.
pub(crate) const UPDATE_EVERY: f64 = 0.25;
/// The silence after which `end_of_turn_confidence` is 1, in seconds.
const CERTAIN_AFTER: f64 = 1.0;
/// How far apart two times (or confidences) may be and still count as equal, so that times
/// written in decimal (0.9 s + 0.7 s) reach the thresholds they add up to.
const SLACK: f64 = 1e-9;

/// When a turn ends, as the query or a `Configure` message set it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Thresholds {
    /// `eot_threshold`, 0.5 to 0.9.
    pub(crate) eot: f64,
    /// `eager_eot_threshold`, 0.3 to 0.9 and not above `eot`.
    pub(crate) eager: Option<f64>,
    /// `eot_timeout_ms`, 500 to 10 000.
    pub(crate) timeout_ms: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            eot: 0.7,
            eager: None,
            timeout_ms: 5000,
        }
    }
}

impl Thresholds {
    /// Why Flux would refuse these thresholds, if it would.
    pub(crate) fn problem(&self) -> Option<String> {
        if !(0.5..=0.9).contains(&self.eot) {
            return Some(format!(
                "eot_threshold must be between 0.5 and 0.9, not {}",
                self.eot
            ));
        }
        if let Some(eager) = self.eager {
            if !(0.3..=0.9).contains(&eager) {
                return Some(format!(
                    "eager_eot_threshold must be between 0.3 and 0.9, not {eager}"
                ));
            }
            if eager > self.eot {
                return Some(format!(
                    "eager_eot_threshold ({eager}) must not be above eot_threshold ({})",
                    self.eot
                ));
            }
        }
        if !(500..=10_000).contains(&self.timeout_ms) {
            return Some(format!(
                "eot_timeout_ms must be between 500 and 10000, not {}",
                self.timeout_ms
            ));
        }
        None
    }

    /// As `ConfigureSuccess` reports them.
    pub(crate) fn to_json(self) -> Value {
        let mut out = json!({"eot_threshold": self.eot, "eot_timeout_ms": self.timeout_ms});
        if let Some(eager) = self.eager {
            out["eager_eot_threshold"] = json!(eager);
        }
        out
    }
}

/// The turns of one Flux stream.
pub(crate) struct Turns {
    /// The recording's words (none for audio without one).
    words: Vec<Value>,
    pub(crate) thresholds: Thresholds,
    request_id: String,
    /// The first word not yet begun.
    next: usize,
    /// The turn going on, if one is.
    open: Option<Turn>,
    /// The index of the turn going on, or of the next one.
    turn_index: u32,
}

/// A turn going on.
struct Turn {
    /// Its first word.
    first: usize,
    /// The `audio_window_end` of its last message.
    last_sent: f64,
    /// An `EagerEndOfTurn` was sent for the pause going on.
    eager_sent: bool,
    /// Events due at `heard` (`StartOfTurn`, `TurnResumed`), not sent yet.
    due: Vec<&'static str>,
}

/// How a pause judgement left the turn.
#[derive(PartialEq)]
enum Pause {
    Goes,
    Ended,
}

impl Turns {
    /// The turns of the recorded answer `recording`, starting `offset` seconds into it (see
    /// [`Transcript::new`](crate::audio::streaming::Transcript::new)); none for unknown audio.
    pub(crate) fn new(
        recording: Option<(&Value, f64)>,
        request_id: &str,
        thresholds: Thresholds,
    ) -> Turns {
        Turns {
            words: recorded_words(recording),
            thresholds,
            request_id: request_id.to_owned(),
            next: 0,
            open: None,
            turn_index: 0,
        }
    }

    /// Adds words after every word so far: a live recognizer's, a phrase at a time, before
    /// the audio they end in is heard.
    pub(crate) fn hear(&mut self, words: Vec<Value>) {
        self.words.extend(words);
    }

    /// The `TurnInfo` messages owed once `heard` seconds of audio have arrived.
    pub(crate) fn advance(&mut self, heard: f64) -> Vec<Value> {
        let mut out = Vec::new();
        loop {
            let begins = self
                .words
                .get(self.next)
                .map(begin)
                .filter(|&start| start <= heard + SLACK);
            // The pause before the next word is judged before that word begins.
            if self.open.is_some()
                && self.judge_pause(begins.unwrap_or(heard), &mut out) == Pause::Ended
            {
                continue;
            }
            if begins.is_none() {
                break;
            }
            let word = self.next;
            self.next += 1;
            match self.open.as_mut() {
                None => {
                    self.open = Some(Turn {
                        first: word,
                        last_sent: heard,
                        eager_sent: false,
                        due: vec!["StartOfTurn"],
                    });
                }
                Some(turn) if turn.eager_sent => {
                    turn.eager_sent = false;
                    turn.due.push("TurnResumed");
                }
                Some(_) => {}
            }
        }
        let sent_before = out.len();
        self.send_due(heard, &mut out);
        if let Some(turn) = self.open.as_ref() {
            if out.len() == sent_before && heard - turn.last_sent >= UPDATE_EVERY - SLACK {
                out.push(self.turn_info("Update", heard));
            }
        }
        out
    }

    /// The stream's end after `heard` seconds: the messages still owed, and the open turn's
    /// `EndOfTurn` with the words that ended by then.
    pub(crate) fn close(&mut self, heard: f64) -> Vec<Value> {
        let mut out = self.advance(heard);
        if self.open.is_some() {
            self.end_turn(heard, &mut out);
        }
        out
    }

    /// Judges the open turn's pause up to `until`: `EndOfTurn`, `EagerEndOfTurn` or nothing.
    fn judge_pause(&mut self, until: f64, out: &mut Vec<Value>) -> Pause {
        let confidence = self.confidence(until);
        let silence = self.silence(until);
        let thresholds = self.thresholds;
        let timeout = f64::from(thresholds.timeout_ms) / 1000.0;
        if confidence >= thresholds.eot - SLACK || silence >= timeout - SLACK {
            self.end_turn(until, out);
            return Pause::Ended;
        }
        let eager_due = thresholds
            .eager
            .is_some_and(|eager| confidence >= eager - SLACK);
        if eager_due && self.open.as_ref().is_some_and(|turn| !turn.eager_sent) {
            self.send_due(until, out);
            out.push(self.turn_info("EagerEndOfTurn", until));
            if let Some(turn) = self.open.as_mut() {
                turn.eager_sent = true;
            }
        }
        Pause::Goes
    }

    fn end_turn(&mut self, until: f64, out: &mut Vec<Value>) {
        self.send_due(until, out);
        out.push(self.turn_info("EndOfTurn", until));
        self.open = None;
        self.turn_index += 1;
    }

    /// The events of the open turn that are due, in order.
    fn send_due(&mut self, at: f64, out: &mut Vec<Value>) {
        let due = self
            .open
            .as_mut()
            .map(|turn| std::mem::take(&mut turn.due))
            .unwrap_or_default();
        for event in due {
            out.push(self.turn_info(event, at));
        }
    }

    /// The seconds since the open turn's last begun word ended, at `at` (0 while it lasts).
    fn silence(&self, at: f64) -> f64 {
        let last = self.words[..self.next].last().map_or(at, end);
        (at - last).max(0.0)
    }

    fn confidence(&self, at: f64) -> f64 {
        (self.silence(at) / CERTAIN_AFTER).min(1.0)
    }

    /// A `TurnInfo` of the open turn at `at`, with its words that ended by then.
    fn turn_info(&mut self, event: &str, at: f64) -> Value {
        let Some(turn) = self.open.as_mut() else {
            unreachable!("a TurnInfo is only built for an open turn");
        };
        turn.last_sent = at;
        let first = turn.first;
        let begun = &self.words[first..self.next];
        let count = begun.iter().take_while(|w| end(w) <= at + SLACK).count();
        let words = &begun[..count];
        let confidence = self.confidence(at);
        json!({
            "type": "TurnInfo",
            "request_id": self.request_id,
            "event": event,
            "turn_index": self.turn_index,
            "audio_window_start": self.words.get(first).map_or(at, begin),
            "audio_window_end": at,
            "transcript": transcript(words),
            "words": words.iter().map(|w| json!({
                "word": spoken(w),
                "confidence": w.get("confidence").and_then(Value::as_f64).unwrap_or_default(),
                "start": begin(w),
                "end": end(w),
            })).collect::<Vec<_>>(),
            "end_of_turn_confidence": confidence,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "one" 0.1–0.5, "two" 0.6–0.9, a 1.1 s pause, "three" 2.0–2.4, a 0.6 s pause,
    /// "four" 3.0–3.2.
    fn recording() -> Value {
        let word = |w: &str, start: f64, end: f64| json!({"word": w, "punctuated_word": format!("{w}."), "start": start, "end": end, "confidence": 0.9});
        json!({"results": {"channels": [{"alternatives": [{"words": [
            word("one", 0.1, 0.5), word("two", 0.6, 0.9), word("three", 2.0, 2.4), word("four", 3.0, 3.2),
        ]}]}]}})
    }

    fn turns(thresholds: Thresholds) -> Turns {
        Turns::new(Some((&recording(), 0.0)), "r", thresholds)
    }

    /// `event transcript` of each message, fed frames of `step` seconds after `from` up to
    /// `until`.
    fn events(turns: &mut Turns, (from, step, until): (f64, f64, f64)) -> Vec<String> {
        let mut out = Vec::new();
        let mut frame = 1.0;
        while from + frame * step <= until + 1e-9 {
            out.extend(turns.advance(from + frame * step));
            frame += 1.0;
        }
        out.iter().map(summary).collect()
    }

    fn without_updates(events: Vec<String>) -> Vec<String> {
        events
            .into_iter()
            .filter(|e| !e.starts_with("Update"))
            .collect()
    }

    fn summary(m: &Value) -> String {
        format!(
            "{} {}",
            m["event"].as_str().unwrap(),
            m["transcript"].as_str().unwrap()
        )
        .trim_end()
        .to_owned()
    }

    #[test]
    fn a_turn_starts_updates_and_ends_after_the_threshold_of_silence() {
        let mut t = turns(Thresholds::default());
        assert!(t.advance(0.05).is_empty(), "no word yet");
        let start = t.advance(0.2);
        assert_eq!(summary(&start[0]), "StartOfTurn");
        assert_eq!(start[0]["turn_index"], 0);
        assert_eq!(start[0]["audio_window_start"], 0.1);
        assert_eq!(start[0]["end_of_turn_confidence"], 0.0);
        assert!(
            t.advance(0.4).is_empty(),
            "under 0.25 s since the last message"
        );
        let update = t.advance(0.5);
        assert_eq!(summary(&update[0]), "Update one.");
        assert_eq!(update[0]["words"][0]["word"], "one.");
        assert_eq!(update[0]["words"][0]["confidence"], 0.9);
        // "two" ends at 0.9: 0.7 s later (1.6) the turn ends.
        assert_eq!(
            events(&mut t, (0.5, 0.1, 1.5)),
            ["Update one.", "Update one. two.", "Update one. two."]
        );
        let end = t.advance(1.6);
        assert_eq!(summary(&end[0]), "EndOfTurn one. two.");
        assert!((end[0]["end_of_turn_confidence"].as_f64().unwrap() - 0.7).abs() < 1e-9);
        assert!(t.advance(1.9).is_empty(), "no turn, no message");
        let second = t.advance(2.1);
        assert_eq!(summary(&second[0]), "StartOfTurn");
        assert_eq!(second[0]["turn_index"], 1);
    }

    #[test]
    fn the_whole_stream_in_small_frames() {
        let mut t = turns(Thresholds::default());
        let kept = without_updates(events(&mut t, (0.0, 0.05, 5.0)));
        // The 0.6 s pause before "four" is under 0.7: one turn holds "three" and "four".
        assert_eq!(
            kept,
            [
                "StartOfTurn",
                "EndOfTurn one. two.",
                "StartOfTurn",
                "EndOfTurn three. four."
            ]
        );
        assert!(t.close(5.0).is_empty(), "no turn open at the end");
    }

    #[test]
    fn one_large_frame_still_ends_each_turn_at_its_pause() {
        let mut t = turns(Thresholds::default());
        let messages = t.advance(5.0);
        let all: Vec<String> = messages.iter().map(summary).collect();
        assert_eq!(
            all,
            [
                "StartOfTurn one. two.",
                "EndOfTurn one. two.",
                "StartOfTurn three. four.",
                "EndOfTurn three. four."
            ]
        );
        // The first turn ended when "three" began; the second at the frame's end.
        let windows: Vec<&Value> = messages.iter().map(|m| &m["audio_window_end"]).collect();
        assert_eq!(windows, [2.0, 2.0, 5.0, 5.0]);
        assert_eq!(messages[2]["audio_window_start"], 2.0);
        assert_eq!(messages[3]["turn_index"], 1);
    }

    #[test]
    fn eager_end_of_turn_then_resumed_when_speech_goes_on() {
        let mut t = turns(Thresholds {
            eot: 0.9,
            eager: Some(0.5),
            timeout_ms: 5000,
        });
        let kept = without_updates(events(&mut t, (0.0, 0.05, 5.0)));
        assert_eq!(
            kept,
            [
                "StartOfTurn",
                "EagerEndOfTurn one. two.",
                "EndOfTurn one. two.",
                "StartOfTurn",
                "EagerEndOfTurn three.",
                "TurnResumed three.",
                "EagerEndOfTurn three. four.",
                "EndOfTurn three. four."
            ]
        );
    }

    #[test]
    fn eot_timeout_ends_a_turn_before_the_threshold() {
        let mut t = turns(Thresholds {
            eot: 0.9,
            eager: None,
            timeout_ms: 500,
        });
        let all = events(&mut t, (0.0, 0.05, 2.0));
        let end = all.iter().position(|e| e.starts_with("EndOfTurn")).unwrap();
        assert_eq!(all[end], "EndOfTurn one. two.");
        let mut t = turns(Thresholds {
            eot: 0.9,
            eager: None,
            timeout_ms: 500,
        });
        t.advance(1.0);
        assert!(t.advance(1.35).iter().all(|m| m["event"] != "EndOfTurn"));
        // 0.5 s after "two" ended at 0.9, although 0.9 confidence would take 0.9 s.
        let end = t.advance(1.4);
        assert_eq!(summary(&end[0]), "EndOfTurn one. two.");
        assert!((end[0]["end_of_turn_confidence"].as_f64().unwrap() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn closing_ends_the_open_turn_with_the_words_heard() {
        let mut t = turns(Thresholds::default());
        t.advance(0.7);
        let last = t.close(0.7);
        assert_eq!(
            last.iter().map(summary).collect::<Vec<_>>(),
            ["EndOfTurn one."]
        );
        assert!(t.close(1.0).is_empty(), "nothing twice");
        // A stream shorter than its first word's end.
        let mut short = turns(Thresholds::default());
        let all: Vec<String> = short.close(0.3).iter().map(summary).collect();
        assert_eq!(all, ["StartOfTurn", "EndOfTurn"]);
    }

    #[test]
    fn unknown_audio_has_no_turns() {
        let mut t = Turns::new(None, "r", Thresholds::default());
        assert!(t.advance(3.0).is_empty());
        assert!(t.close(4.0).is_empty());
    }

    #[test]
    fn thresholds_are_checked_as_flux_does() {
        assert_eq!(Thresholds::default().problem(), None);
        let with = |eot, eager, timeout_ms| Thresholds {
            eot,
            eager,
            timeout_ms,
        };
        assert!(with(0.5, Some(0.3), 500).problem().is_none());
        assert!(with(0.9, Some(0.9), 10_000).problem().is_none());
        assert!(with(0.49, None, 5000).problem().is_some());
        assert!(with(0.95, None, 5000).problem().is_some());
        assert!(with(0.7, Some(0.2), 5000).problem().is_some());
        assert!(with(0.6, Some(0.65), 5000).problem().is_some());
        assert!(with(0.7, None, 499).problem().is_some());
        assert!(with(0.7, None, 10_001).problem().is_some());
        assert_eq!(
            with(0.6, Some(0.4), 900).to_json(),
            json!({"eot_threshold": 0.6, "eager_eot_threshold": 0.4, "eot_timeout_ms": 900})
        );
    }
}
