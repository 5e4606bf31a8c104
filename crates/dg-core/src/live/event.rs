//! The server's messages as typed events.

use crate::models::{ListenMetadata, SpeechStarted, StreamError, StreamingResult, UtteranceEnd};

/// One message of a live stream. Unknown message types are kept whole, never an error.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LiveEvent {
    /// A transcript of a stretch of audio (interim, or final with `is_final`).
    Results(Box<StreamingResult>),
    /// The last message after `CloseStream`: about the request and the audio.
    Metadata(Box<ListenMetadata>),
    /// No word for `utterance_end_ms`.
    UtteranceEnd(UtteranceEnd),
    /// Speech began (with `vad_events`).
    SpeechStarted(SpeechStarted),
    /// The server reported a problem (a close with a code usually follows).
    Error(StreamError),
    /// A message this version of dg does not know, as sent.
    Unknown(serde_json::Value),
    /// dg picked the stream up on a new connection (with [`super::Reconnect`]): not a server
    /// message. The audio no final covered was sent again; timestamps run on.
    Reconnected {
        /// Which attempt connected (1 for the first).
        attempt: u32,
        /// The new connection's request id.
        request_id: Option<String>,
        /// Seconds of audio sent again.
        replayed_seconds: f64,
    },
}

impl LiveEvent {
    /// Parses a text frame. A known type whose fields do not fit its model (the API changed)
    /// is kept as [`LiveEvent::Unknown`] rather than lost. The type is read first without
    /// building the message, so a known message is parsed once, straight into its model.
    pub fn parse(text: &str) -> LiveEvent {
        #[derive(serde::Deserialize)]
        struct Kind<'a> {
            #[serde(rename = "type", borrow)]
            kind: Option<std::borrow::Cow<'a, str>>,
        }
        let kind = serde_json::from_str::<Kind<'_>>(text)
            .ok()
            .and_then(|k| k.kind);
        let known = match kind.as_deref() {
            Some("Results") => serde_json::from_str(text)
                .ok()
                .map(|r| LiveEvent::Results(Box::new(r))),
            Some("Metadata") => serde_json::from_str(text)
                .ok()
                .map(|m| LiveEvent::Metadata(Box::new(m))),
            Some("UtteranceEnd") => serde_json::from_str(text).ok().map(LiveEvent::UtteranceEnd),
            Some("SpeechStarted") => serde_json::from_str(text)
                .ok()
                .map(LiveEvent::SpeechStarted),
            Some("Error") => serde_json::from_str(text).ok().map(LiveEvent::Error),
            _ => None,
        };
        known.unwrap_or_else(|| {
            LiveEvent::Unknown(
                serde_json::from_str(text)
                    .unwrap_or_else(|_| serde_json::Value::String(text.to_owned())),
            )
        })
    }

    /// The message as JSON, exactly as the server sent it (unknown fields included).
    pub fn to_json(&self) -> String {
        let text = match self {
            LiveEvent::Results(r) => serde_json::to_string(r),
            LiveEvent::Metadata(m) => serde_json::to_string(m),
            LiveEvent::UtteranceEnd(u) => serde_json::to_string(u),
            LiveEvent::SpeechStarted(s) => serde_json::to_string(s),
            LiveEvent::Error(e) => serde_json::to_string(e),
            LiveEvent::Unknown(v) => serde_json::to_string(v),
            LiveEvent::Reconnected {
                attempt,
                request_id,
                replayed_seconds,
            } => serde_json::to_string(&serde_json::json!({
                "type": "dg.Reconnected",
                "attempt": attempt,
                "request_id": request_id,
                "replayed_seconds": replayed_seconds,
            })),
        };
        text.expect("models always serialize")
    }

    /// A final result's transcript (`None` for anything else, and for interim results).
    pub fn final_transcript(&self) -> Option<&str> {
        match self {
            LiveEvent::Results(r) if r.is_final == Some(true) => r.transcript(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_parses_and_unknown_ones_are_kept() {
        let results = LiveEvent::parse(
            r#"{"type":"Results","channel_index":[0,1],"duration":1.0,"start":0.0,"is_final":true,"channel":{"alternatives":[{"transcript":"hi","confidence":0.9,"words":[]}]}}"#,
        );
        assert_eq!(results.final_transcript(), Some("hi"));
        let LiveEvent::Results(r) = &results else {
            panic!("{results:?}")
        };
        assert_eq!(r.speech_final, None, "a missing speech_final stays missing");
        assert!(matches!(
            LiveEvent::parse(r#"{"type":"UtteranceEnd","channel":[0,1],"last_word_end":2.5}"#),
            LiveEvent::UtteranceEnd(u) if u.last_word_end == 2.5
        ));
        assert!(matches!(
            LiveEvent::parse(r#"{"type":"SpeechStarted","channel":[0],"timestamp":0.3}"#),
            LiveEvent::SpeechStarted(s) if s.timestamp == 0.3
        ));
        assert!(matches!(
            LiveEvent::parse(r#"{"type":"Metadata","request_id":"r1","duration":3.0}"#),
            LiveEvent::Metadata(m) if m.request_id.as_deref() == Some("r1")
        ));
        assert!(matches!(
            LiveEvent::parse(r#"{"type":"Error","description":"bad"}"#),
            LiveEvent::Error(e) if e.description.as_deref() == Some("bad")
        ));
        let metadata = r#"{"type":"Metadata","request_id":"r1","duration":3.0,"new_field":[1]}"#;
        let back: serde_json::Value =
            serde_json::from_str(&LiveEvent::parse(metadata).to_json()).unwrap();
        let given: serde_json::Value = serde_json::from_str(metadata).unwrap();
        assert_eq!(back, given, "written back as it came");
        let unknown = LiveEvent::parse(r#"{"type":"Brand-New","x":1}"#);
        assert_eq!(
            unknown,
            LiveEvent::Unknown(serde_json::json!({"type":"Brand-New","x":1}))
        );
        // A known type that does not fit its model is kept too.
        assert!(matches!(
            LiveEvent::parse(r#"{"type":"Results","channel":"not an object"}"#),
            LiveEvent::Unknown(_)
        ));
    }

    #[test]
    fn a_recorded_streaming_result_parses() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/responses"
        );
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with("-response.json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            if !text.contains("\"channel_index\"") {
                continue;
            }
            let event = LiveEvent::parse(&text);
            assert!(
                event.final_transcript().is_some_and(|t| !t.is_empty())
                    || matches!(&event, LiveEvent::Results(_)),
                "{name}"
            );
            seen += 1;
        }
        assert!(seen >= 2, "the streaming fixtures are missing");
    }
}
