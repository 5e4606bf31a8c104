//! The server's messages as typed events.

use crate::models::{
    ConfigureFailure, ConfigureSuccess, FluxConnected, ListenMetadata, SpeechStarted, StreamError,
    StreamingResult, TurnInfo, UtteranceEnd,
};

/// One kind of server message, declared once in [`server_events!`]: how generators write each
/// binding's event type and its conversion from [`LiveEvent`].
#[derive(Debug, Clone, Copy)]
pub struct EventSpec {
    /// The message's `type`.
    pub message_type: &'static str,
    /// The [`LiveEvent`] variant.
    pub variant: &'static str,
    /// Its model, by schema name ([`crate::models::schema::MODELS`]).
    pub model: &'static str,
    /// Whether the variant holds the model boxed (`Box<StreamingResult>`).
    pub boxed: bool,
    /// The name of the field a binding's event carries the model in (`result`).
    pub field: &'static str,
    /// What the message means.
    pub doc: &'static str,
}

/// Declares the server's messages once: [`LiveEvent`]'s variants, [`LiveEvent::EVENTS`], and
/// the parsing and writing of each.
macro_rules! server_events {
    ($(
        #[doc = $doc:literal]
        $variant:ident($ty:ty) = $message_type:literal, $model:ident, boxed: $boxed:literal, field: $field:literal;
    )*) => {
        /// One message of a live stream: `/v1/listen`'s (Results, Metadata, UtteranceEnd,
        /// SpeechStarted) or Flux's (Connected, TurnInfo, ConfigureSuccess, ConfigureFailure); both
        /// send `Error`. Unknown message types are kept whole, never an error.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum LiveEvent {
            $(
                #[doc = $doc]
                $variant($ty),
            )*
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
            /// The server's messages dg knows, in declaration order.
            pub const EVENTS: &'static [EventSpec] = &[$(
                EventSpec {
                    message_type: $message_type,
                    variant: stringify!($variant),
                    model: stringify!($model),
                    boxed: $boxed,
                    field: $field,
                    doc: $doc,
                },
            )*];

            /// The message of type `kind`, when it is one dg knows and fits its model.
            fn parse_known(kind: &str, text: &str) -> Option<LiveEvent> {
                match kind {
                    $($message_type => serde_json::from_str::<$ty>(text).ok().map(LiveEvent::$variant),)*
                    _ => None,
                }
            }

            /// The message as JSON, exactly as the server sent it (unknown fields included).
            pub fn to_json(&self) -> String {
                let text = match self {
                    $(LiveEvent::$variant(m) => serde_json::to_string(m),)*
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
        }
    };
}

server_events! {
    /// A transcript of a stretch of audio (interim, or final with `is_final`).
    Results(Box<StreamingResult>) = "Results", StreamingResult, boxed: true, field: "result";
    /// The last message after `CloseStream`: about the request and the audio.
    Metadata(Box<ListenMetadata>) = "Metadata", ListenMetadata, boxed: true, field: "metadata";
    /// No word for `utterance_end_ms`.
    UtteranceEnd(UtteranceEnd) = "UtteranceEnd", UtteranceEnd, boxed: false, field: "utterance_end";
    /// Speech began (with `vad_events`).
    SpeechStarted(SpeechStarted) = "SpeechStarted", SpeechStarted, boxed: false, field: "speech_started";
    /// The server reported a problem (a close with a code usually follows).
    Error(StreamError) = "Error", StreamError, boxed: false, field: "error";
    /// Flux: the stream is open.
    Connected(FluxConnected) = "Connected", FluxConnected, boxed: false, field: "connected";
    /// Flux: the state of the current turn (`event`: `StartOfTurn`, `Update`, `EagerEndOfTurn`, `TurnResumed`, `EndOfTurn`).
    TurnInfo(Box<TurnInfo>) = "TurnInfo", TurnInfo, boxed: true, field: "turn";
    /// Flux: a `Configure` was applied.
    ConfigureSuccess(ConfigureSuccess) = "ConfigureSuccess", ConfigureSuccess, boxed: false, field: "success";
    /// Flux: a `Configure` was refused.
    ConfigureFailure(ConfigureFailure) = "ConfigureFailure", ConfigureFailure, boxed: false, field: "failure";
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
        kind.and_then(|kind| LiveEvent::parse_known(&kind, text))
            .unwrap_or_else(|| {
                LiveEvent::Unknown(
                    serde_json::from_str(text)
                        .unwrap_or_else(|_| serde_json::Value::String(text.to_owned())),
                )
            })
    }

    /// A final result's transcript, or a Flux turn's at `EndOfTurn` (`None` for anything
    /// else, and for interim results and turn updates).
    pub fn final_transcript(&self) -> Option<&str> {
        match self {
            LiveEvent::Results(r) if r.is_final == Some(true) => r.transcript(),
            LiveEvent::TurnInfo(t) if t.is_end_of_turn() => Some(&t.transcript),
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
        let turn = LiveEvent::parse(
            r#"{"type":"TurnInfo","request_id":"r","sequence_id":3,"event":"EndOfTurn","turn_index":0,"audio_window_start":0.0,"audio_window_end":1.5,"transcript":"Hello there.","words":[{"word":"Hello","confidence":0.9},{"word":"there.","confidence":0.8}],"end_of_turn_confidence":0.81}"#,
        );
        assert_eq!(turn.final_transcript(), Some("Hello there."));
        assert!(
            matches!(&turn, LiveEvent::TurnInfo(t) if t.words.len() == 2 && t.sequence_id == Some(3))
        );
        let update = LiveEvent::parse(
            r#"{"type":"TurnInfo","event":"Update","transcript":"Hel","words":[]}"#,
        );
        assert_eq!(update.final_transcript(), None, "an update is not final");
        assert!(matches!(
            LiveEvent::parse(r#"{"type":"Connected","request_id":"r","sequence_id":0}"#),
            LiveEvent::Connected(c) if c.sequence_id == Some(0)
        ));
        assert!(matches!(
            LiveEvent::parse(r#"{"type":"ConfigureSuccess","request_id":"r","thresholds":{"eot_threshold":0.8},"keyterms":[],"sequence_id":4}"#),
            LiveEvent::ConfigureSuccess(c) if c.thresholds.as_ref().and_then(|t| t.eot_threshold) == Some(0.8)
        ));
        assert!(matches!(
            LiveEvent::parse(r#"{"type":"ConfigureFailure","request_id":"r","sequence_id":5}"#),
            LiveEvent::ConfigureFailure(_)
        ));
        assert!(matches!(
            LiveEvent::parse(r#"{"type":"Error","sequence_id":6,"code":"INTERNAL_SERVER_ERROR","description":"x"}"#),
            LiveEvent::Error(e) if e.code.as_deref() == Some("INTERNAL_SERVER_ERROR")
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
    fn the_event_models_are_models_of_the_schema() {
        for event in LiveEvent::EVENTS {
            assert!(
                crate::models::schema::MODELS
                    .iter()
                    .any(|m| m.name == event.model),
                "{}",
                event.model
            );
        }
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
