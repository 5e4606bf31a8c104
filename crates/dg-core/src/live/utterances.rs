//! Whole utterances from a live stream: the final stretches joined until Deepgram says the
//! speaker paused (`speech_final`, from `endpointing`) or stopped (`UtteranceEnd`).

use super::LiveEvent;

/// Joins final results into utterances. Feed it every event; it returns an utterance when
/// one ends.
#[derive(Debug, Default, Clone)]
pub struct Utterances {
    parts: Vec<String>,
}

impl Utterances {
    /// A joiner with nothing pending.
    pub fn new() -> Utterances {
        Utterances::default()
    }

    /// Takes an event; the utterance it ends, if it ends one.
    pub fn push(&mut self, event: &LiveEvent) -> Option<String> {
        match event {
            LiveEvent::Results(result) if result.is_final == Some(true) => {
                if let Some(text) = result.transcript().filter(|t| !t.is_empty()) {
                    self.parts.push(text.to_owned());
                }
                if result.speech_final == Some(true) {
                    return self.take();
                }
                None
            }
            LiveEvent::UtteranceEnd(_) => self.take(),
            _ => None,
        }
    }

    /// What is pending, as an utterance (at the end of the stream); `None` if nothing is.
    pub fn take(&mut self) -> Option<String> {
        if self.parts.is_empty() {
            return None;
        }
        Some(std::mem::take(&mut self.parts).join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(text: &str, is_final: bool, speech_final: Option<bool>) -> LiveEvent {
        let mut json = serde_json::json!({
            "type": "Results", "start": 0.0, "duration": 1.0, "is_final": is_final,
            "channel": {"alternatives": [{"transcript": text, "confidence": 1.0, "words": []}]},
        });
        if let Some(end) = speech_final {
            json["speech_final"] = end.into();
        }
        LiveEvent::parse(&json.to_string())
    }

    #[test]
    fn finals_join_until_speech_final_or_utterance_end() {
        let mut u = Utterances::new();
        assert_eq!(u.push(&result("hello", true, Some(false))), None);
        assert_eq!(
            u.push(&result("hello there", false, None)),
            None,
            "interim ignored"
        );
        assert_eq!(
            u.push(&result("there", true, None)),
            None,
            "a missing speech_final"
        );
        assert_eq!(
            u.push(&result("friend.", true, Some(true))).as_deref(),
            Some("hello there friend.")
        );
        assert_eq!(
            u.push(&result("", true, Some(true))),
            None,
            "nothing pending"
        );
        u.push(&result("again", true, Some(false)));
        let end =
            LiveEvent::parse(r#"{"type":"UtteranceEnd","channel":[0,1],"last_word_end":3.1}"#);
        assert_eq!(u.push(&end).as_deref(), Some("again"));
        u.push(&result("tail", true, Some(false)));
        assert_eq!(u.take().as_deref(), Some("tail"));
        assert_eq!(u.take(), None);
    }
}
