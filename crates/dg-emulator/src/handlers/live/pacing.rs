//! When a stream's answerer is told of the audio heard. A recording's words are all known
//! from its first bytes, so each frame is answered as it arrives. The words of audio the
//! recognizer transcribes live are known a phrase (or a window) at a time: a frame's time
//! waits here until the audio holding it has been recognized, and is then answered exactly as
//! a recording's frame would have been (the same `advance` at the same audio time). A phrase
//! that ended in a pause is then owed its final result at once, at its end, rather than at the
//! next second of audio known. Results lag the audio, but come in order, with the finals,
//! interim results and events a recording would get. `Finalize` and `CloseStream` first
//! recognize all the audio so far, so that every frame before them has been answered when
//! they are.

use std::collections::VecDeque;

use serde_json::Value;

use super::socket::Step;
use crate::audio::recognition::{Heard, Listener};
use crate::audio::streaming::Transcript;
use crate::audio::turns::Turns;

/// What answers a stream from its words, paced by the audio heard: v1's [`Transcript`],
/// Flux's [`Turns`].
pub(super) trait Answerer: Send {
    /// The messages owed once `heard` seconds of audio have arrived.
    fn advance(&mut self, heard: f64) -> Vec<Value>;
    /// Words heard after every word so far.
    fn hear(&mut self, words: Vec<Value>);
    /// A phrase ended at `at` seconds (a pause): the messages owed for it now that every
    /// frame up to `at` has been advanced.
    fn end_phrase(&mut self, at: f64) -> Vec<Value>;
}

impl Answerer for Transcript {
    fn advance(&mut self, heard: f64) -> Vec<Value> {
        Transcript::advance(self, heard)
    }

    fn hear(&mut self, words: Vec<Value>) {
        Transcript::hear(self, words);
    }

    fn end_phrase(&mut self, at: f64) -> Vec<Value> {
        Transcript::end_phrase(self, at)
    }
}

impl Answerer for Turns {
    fn advance(&mut self, heard: f64) -> Vec<Value> {
        Turns::advance(self, heard)
    }

    fn hear(&mut self, words: Vec<Value>) {
        Turns::hear(self, words);
    }

    /// Nothing: a Flux turn ends by its own rule on the silence after its last word, judged
    /// as the frames of that silence are advanced.
    fn end_phrase(&mut self, _at: f64) -> Vec<Value> {
        Vec::new()
    }
}

/// One stream's pacing: at once for a recording, by phrase or window for live recognition.
pub(super) struct Pacing {
    listener: Option<Listener>,
    /// The audio times of the frames whose words are not known yet: at most a window's
    /// frames.
    waiting: VecDeque<f64>,
    /// Where the phrases recognized but not answered yet end, in order.
    phrase_ends: VecDeque<f64>,
}

impl Pacing {
    /// `listener`: the recognizer of a stream no recording answers, if any.
    pub(super) fn new(listener: Option<Listener>) -> Pacing {
        Pacing {
            listener,
            waiting: VecDeque::new(),
            phrase_ends: VecDeque::new(),
        }
    }

    /// Bytes of the stream, in order from its first: the words of the phrases they end and
    /// the windows they complete go to `answerer`. Nothing to do for a recording.
    pub(super) async fn take(
        &mut self,
        bytes: &[u8],
        answerer: &mut impl Answerer,
    ) -> Result<(), Step> {
        if let Some(listener) = self.listener.as_mut() {
            let heard = listener.hear(bytes).await.map_err(failed)?;
            self.tell(heard, answerer);
        }
        Ok(())
    }

    fn tell(&mut self, heard: Heard, answerer: &mut impl Answerer) {
        answerer.hear(heard.words);
        self.phrase_ends.extend(heard.phrase_ends);
    }

    /// Seconds of audio the recognizer has decoded, for audio whose bytes do not tell its
    /// length (compressed); `None` when the stream's clock times it.
    pub(super) fn decoded(&self) -> Option<f64> {
        self.listener.as_ref().and_then(Listener::decoded)
    }

    /// `heard` seconds of audio have arrived: the messages owed for the frames whose words
    /// are known.
    pub(super) fn heard(&mut self, heard: f64, answerer: &mut impl Answerer) -> Vec<Value> {
        let Some(listener) = self.listener.as_ref() else {
            return answerer.advance(heard);
        };
        self.waiting.push_back(heard);
        let known = listener.known_until();
        self.answer(known, answerer)
    }

    /// Advances the frames up to `known` seconds, and ends the phrases recognized, in the
    /// order of their times: a phrase ends once the frames before its end are advanced.
    fn answer(&mut self, known: f64, answerer: &mut impl Answerer) -> Vec<Value> {
        let mut out = Vec::new();
        loop {
            let frame = self.waiting.front().copied().filter(|&at| at <= known);
            match (frame, self.phrase_ends.front().copied()) {
                (Some(at), Some(end)) if end <= at => {
                    self.phrase_ends.pop_front();
                    out.extend(answerer.end_phrase(end));
                }
                (Some(at), _) => {
                    self.waiting.pop_front();
                    out.extend(answerer.advance(at));
                }
                (None, Some(end)) => {
                    self.phrase_ends.pop_front();
                    out.extend(answerer.end_phrase(end));
                }
                (None, None) => return out,
            }
        }
    }

    /// Every word of the audio so far recognized (`end`: the stream has ended), and the
    /// messages owed for the frames that waited for them.
    pub(super) async fn catch_up(
        &mut self,
        end: bool,
        answerer: &mut impl Answerer,
    ) -> Result<Vec<Value>, Step> {
        let Some(listener) = self.listener.as_mut() else {
            return Ok(Vec::new());
        };
        let heard = listener.catch_up(end).await.map_err(failed)?;
        self.tell(heard, answerer);
        Ok(self.answer(f64::INFINITY, answerer))
    }
}

/// The model failed: the stream ends as Deepgram ends one on an internal error.
fn failed(reason: String) -> Step {
    Step::Close(
        1011,
        format!("the dg emulator's recognizer failed: {reason}"),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Writes down what it is told, in order.
    #[derive(Default)]
    struct Log(Vec<String>);

    impl Answerer for Log {
        fn advance(&mut self, heard: f64) -> Vec<Value> {
            self.0.push(format!("frame {heard}"));
            vec![json!(heard)]
        }

        fn hear(&mut self, words: Vec<Value>) {
            self.0.push(format!("{} words", words.len()));
        }

        fn end_phrase(&mut self, at: f64) -> Vec<Value> {
            self.0.push(format!("phrase {at}"));
            Vec::new()
        }
    }

    /// A phrase ends after the frames before its end and before those after it; frames the
    /// recognizer has not reached wait.
    #[test]
    fn a_phrase_ends_in_time_order_with_the_frames() {
        let mut pacing = Pacing::new(None);
        let mut log = Log::default();
        pacing.waiting.extend([2.8, 3.0, 3.2, 3.4]);
        let heard = Heard {
            words: vec![json!({"word": "a"})],
            phrase_ends: vec![2.9, 3.3],
        };
        pacing.tell(heard, &mut log);
        let out = pacing.answer(3.3, &mut log);
        assert_eq!(out, [json!(2.8), json!(3.0), json!(3.2)]);
        assert_eq!(
            log.0,
            [
                "1 words",
                "frame 2.8",
                "phrase 2.9",
                "frame 3",
                "frame 3.2",
                "phrase 3.3"
            ]
        );
        assert_eq!(pacing.waiting, [3.4]);
        assert!(pacing.phrase_ends.is_empty());
    }
}
