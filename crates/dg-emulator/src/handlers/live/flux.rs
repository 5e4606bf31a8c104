//! `GET /v2/listen` upgraded: Flux, Deepgram's turn-based streaming. It runs like
//! `/v1/listen` (same credentials, 101, idle timeout, faults, [`socket`](super::socket)) but
//! answers in turns ([`Turns`], whose module says exactly when each `TurnInfo` comes).
//!
//! Every message the server sends carries a `sequence_id`: 0 for the `Connected` sent as the
//! connection opens, then one more for each message. The client sends binary audio and text:
//! - `{"type":"Configure","thresholds":{…},"keyterms":[…],"language_hints":[…]}` changes the
//!   values it gives (each optional, checked as the query is) and is answered
//!   `ConfigureSuccess` with every current value, or `ConfigureFailure` (nothing changed);
//! - `{"type":"CloseStream"}` (or an empty binary frame) ends the open turn, if any, with an
//!   `EndOfTurn` of the words heard, and closes with 1000;
//! - anything else, `KeepAlive` included (Flux has none: WebSocket pings keep a stream
//!   alive), is answered with an `Error` `UNKNOWN_MESSAGE_TYPE`, and the stream goes on.

use serde_json::{Value, json};

use super::feed::{Feed, Input, Recorded};
use super::socket::{Out, Session, Step, kind};
use super::upgrade::Upgrade;
use crate::audio::flux_options::FluxOptions;
use crate::audio::turns::{Thresholds, Turns};
use crate::errors::ApiError;
use crate::handlers::Call;
use crate::handlers::recording::Draft;
use crate::http::query::Query;
use crate::http::reply::Reply;
use crate::state::usage::Method;

pub(crate) async fn upgrade(call: Call<'_>) -> Result<Reply, ApiError> {
    let cx = &call.cx;
    let upgrade = Upgrade::asked(cx, "/v2/listen")?;
    let usage = Draft::of(cx, &call.who, "/v2/listen", Method::Streaming);
    let query = Query::parse(cx.parts.uri.query());
    let mut options = FluxOptions::parse(&query)?;
    let feed = Feed::new(cx, options.raw.take(), query);
    Ok(upgrade.serve(cx, Flux::new(feed, cx.request_id, options), usage))
}

/// One `/v2/listen` stream.
struct Flux {
    feed: Feed<Turns>,
    request_id: String,
    settings: Settings,
    /// The `sequence_id` of the next message.
    sequence: u64,
}

/// What a `Configure` message may change.
#[derive(Clone, Debug, PartialEq)]
struct Settings {
    thresholds: Thresholds,
    keyterms: Vec<String>,
    language_hints: Vec<String>,
    multilingual: bool,
}

impl Flux {
    fn new(feed: Feed<Turns>, request_id: &str, options: FluxOptions) -> Flux {
        Flux {
            feed,
            request_id: request_id.to_owned(),
            settings: Settings {
                thresholds: options.thresholds,
                keyterms: options.keyterms,
                language_hints: options.language_hints,
                multilingual: options.multilingual,
            },
            sequence: 0,
        }
    }

    /// The stream's turns after `input`, answered by `answer`.
    async fn take(
        &mut self,
        input: Input<'_>,
        answer: impl FnOnce(f64, &mut Turns) -> Vec<Value>,
    ) -> Out {
        let (request_id, thresholds) = (&self.request_id, self.settings.thresholds);
        let taken = self
            .feed
            .take(input, |recorded: Recorded<'_>| {
                Turns::new(recorded, request_id, thresholds)
            })
            .await;
        let mut out = Out::of(taken, answer);
        out.messages = self.numbered(out.messages);
        out
    }

    /// `messages` with their `sequence_id`s.
    fn numbered(&mut self, mut messages: Vec<Value>) -> Vec<Value> {
        for message in &mut messages {
            message["sequence_id"] = json!(self.sequence);
            self.sequence += 1;
        }
        messages
    }

    fn configure(&mut self, message: &Value) -> Value {
        let Some(settings) = self.settings.configured(message) else {
            return json!({"type": "ConfigureFailure", "request_id": self.request_id});
        };
        self.settings = settings;
        if let Some(turns) = self.feed.answerer_mut() {
            turns.thresholds = self.settings.thresholds;
        }
        let mut success = json!({
            "type": "ConfigureSuccess",
            "request_id": self.request_id,
            "thresholds": self.settings.thresholds.to_json(),
            "keyterms": self.settings.keyterms,
        });
        if !self.settings.language_hints.is_empty() {
            success["language_hints"] = json!(self.settings.language_hints);
        }
        success
    }
}

impl Settings {
    /// These settings with the values a `Configure` message gives, or `None` when Flux
    /// refuses one of them (then none applies). A `null` value leaves its setting as is.
    fn configured(&self, message: &Value) -> Option<Settings> {
        let given = |value: &Value, name: &str| value.get(name).filter(|v| !v.is_null()).cloned();
        let mut next = self.clone();
        if let Some(thresholds) = given(message, "thresholds") {
            thresholds.as_object()?;
            if let Some(eot) = given(&thresholds, "eot_threshold") {
                next.thresholds.eot = eot.as_f64()?;
            }
            if let Some(eager) = given(&thresholds, "eager_eot_threshold") {
                next.thresholds.eager = Some(eager.as_f64()?);
            }
            if let Some(ms) = given(&thresholds, "eot_timeout_ms") {
                next.thresholds.timeout_ms = ms.as_u64()?.try_into().ok()?;
            }
        }
        if let Some(keyterms) = given(message, "keyterms") {
            next.keyterms = strings(&keyterms)?;
        }
        if let Some(hints) = given(message, "language_hints") {
            if !self.multilingual {
                return None; // only flux-general-multi takes them
            }
            next.language_hints = strings(&hints)?;
        }
        next.thresholds.problem().is_none().then_some(next)
    }
}

/// A string or a list of strings, none empty.
fn strings(value: &Value) -> Option<Vec<String>> {
    let list = match value {
        Value::String(one) => vec![one.clone()],
        Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect::<Option<_>>()?,
        _ => return None,
    };
    list.iter().all(|s| !s.trim().is_empty()).then_some(list)
}

impl Session for Flux {
    const CONTROLS: &'static [&'static str] = &["CloseStream", "Configure"];

    fn opened(&mut self) -> Vec<Value> {
        let connected = json!({"type": "Connected", "request_id": self.request_id});
        self.numbered(vec![connected])
    }

    async fn audio(&mut self, audio: &[u8]) -> Out {
        self.take(Input::Audio(audio), |_, _| Vec::new()).await
    }

    async fn text(&mut self, message: &Value) -> Out {
        let answer = match kind(message) {
            Some("CloseStream") => return self.end().await,
            Some("Configure") => self.configure(message),
            other => json!({
                "type": "Error",
                "code": "UNKNOWN_MESSAGE_TYPE",
                "description": match other {
                    Some(other) => format!("Unknown message type {other:?}: Flux takes binary audio, \
                        Configure and CloseStream (keep a stream alive with WebSocket pings)."),
                    None => "A text message must be JSON with a \"type\": Configure or CloseStream.".to_owned(),
                },
            }),
        };
        Out::send(self.numbered(vec![answer]))
    }

    fn heard(&self) -> f64 {
        self.feed.heard()
    }

    async fn end(&mut self) -> Out {
        let mut out = self.take(Input::End, |now, turns| turns.close(now)).await;
        if out.then == Step::Go {
            out.then = Step::Close(1000, String::new());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt as _;

    use super::*;
    use crate::audio::recognition::Live;
    use crate::audio::streaming::{recorded_words, transcript};
    use crate::state::recordings::{Library, STREAM_HEAD, embedded_audio};

    const PREAMBLE: &str = "preamble-rest.wav";
    /// preamble-rest.wav: a 44-byte header, then 22 050 Hz 16-bit mono, 44 100 bytes a second.
    const TENTH: usize = 4410;

    fn flux(query: &str) -> Flux {
        let query = Query::parse(Some(query));
        let mut options = FluxOptions::parse(&query).unwrap();
        let feed = Feed::with(
            Library::embedded(),
            Live::none(),
            options.raw.take(),
            query,
            None,
        );
        Flux::new(feed, "rid", options)
    }

    /// The answer of a session without a recognizer, which never waits.
    fn now<F: Future>(answer: F) -> F::Output {
        answer.now_or_never().expect("answered at once")
    }

    /// Feeds `audio` in tenth-of-a-second frames; every message sent, in order.
    fn stream(session: &mut Flux, audio: &[u8]) -> Vec<Value> {
        let mut sent = session.opened();
        for frame in audio.chunks(TENTH) {
            let out = now(session.audio(frame));
            assert_eq!(out.then, Step::Go);
            sent.extend(out.messages);
        }
        sent
    }

    fn events(messages: &[Value]) -> Vec<&str> {
        messages
            .iter()
            .map(|m| m["event"].as_str().unwrap_or(m["type"].as_str().unwrap()))
            .collect()
    }

    #[test]
    fn connected_first_then_turns_numbered_and_close_stream_ends_the_turn() {
        let mut session = flux("model=flux-general-en");
        let audio = embedded_audio(PREAMBLE);
        let mut sent = stream(&mut session, &audio[..44 + 30 * TENTH]);
        assert_eq!(
            sent[0],
            json!({"type": "Connected", "request_id": "rid", "sequence_id": 0})
        );
        assert_eq!(events(&sent[1..3]), ["StartOfTurn", "Update"]);
        assert_eq!(sent[1]["turn_index"], 0);
        assert!(sent[1..].iter().all(|m| m["type"] == "TurnInfo"));
        let closed = now(session.text(&json!({"type": "CloseStream"})));
        assert_eq!(closed.then, Step::Close(1000, String::new()));
        assert_eq!(events(&closed.messages), ["EndOfTurn"]);
        // "We, the people of The United States, ..." up to what ended by 3 s.
        let end = &closed.messages[0];
        assert!(
            end["transcript"]
                .as_str()
                .unwrap()
                .starts_with("We, the people")
        );
        assert!(
            end["words"]
                .as_array()
                .unwrap()
                .iter()
                .all(|w| w["end"].as_f64().unwrap() <= 3.0)
        );
        sent.extend(closed.messages);
        for (index, message) in sent.iter().enumerate() {
            assert_eq!(message["sequence_id"], index, "{message}");
        }
    }

    /// The preamble is one turn (its longest pause is 0.27 s): ended by `CloseStream` with
    /// the defaults, by its last 0.5 s of silence with the lowest thresholds.
    #[test]
    fn the_end_of_turn_transcripts_hold_every_recorded_word() {
        let audio = embedded_audio(PREAMBLE);
        let query = Query::parse(Some("model=flux-general-en"));
        let (recording, _) = Library::embedded()
            .for_stream_head(&audio[..STREAM_HEAD], &query)
            .unwrap();
        let words = recorded_words(Some((&recording.response, 0.0)));
        for thresholds in [
            "",
            "&eot_threshold=0.5&eager_eot_threshold=0.3&eot_timeout_ms=500",
        ] {
            let mut session = flux(&format!("model=flux-general-en{thresholds}"));
            let mut sent = stream(&mut session, audio);
            sent.extend(now(session.end()).messages);
            let ends: Vec<&str> = sent
                .iter()
                .filter(|m| m["event"] == "EndOfTurn")
                .map(|m| m["transcript"].as_str().unwrap())
                .collect();
            assert_eq!(ends.join(" "), transcript(&words), "{thresholds}");
            let starts = sent.iter().filter(|m| m["event"] == "StartOfTurn").count();
            assert_eq!(starts, ends.len(), "{thresholds}");
        }
    }

    #[test]
    fn each_pause_of_the_recording_ends_a_turn() {
        // Bueller: "Yep." 5.52–6.24, 0.72 s of silence, "I said it before, and I'll say it
        // again." to 8.96, 1.1 s, "Life moves pretty fast. ..." (pauses of 0.4 s at most).
        let audio = embedded_audio("Bueller-Life-moves-pretty-fast.wav");
        let mut session = flux("model=flux-general-en");
        let sent = stream(&mut session, audio);
        let ends: Vec<(&Value, &Value)> = sent
            .iter()
            .filter(|m| m["event"] == "EndOfTurn")
            .map(|m| (&m["turn_index"], &m["transcript"]))
            .collect();
        assert_eq!(
            ends,
            [
                (&json!(0), &json!("Yep.")),
                (
                    &json!(1),
                    &json!("I said it before, and I'll say it again.")
                ),
                (
                    &json!(2),
                    &json!(
                        "Life moves pretty fast. You don't stop and look around once in a \
                         while, you could miss it."
                    )
                ),
            ]
        );
    }

    #[test]
    fn configure_applies_the_values_given_and_refuses_bad_ones_whole() {
        let mut session = flux("model=flux-general-en&keyterm=dg");
        session.opened();
        let configure = |session: &mut Flux, message: Value| {
            let mut message = message;
            message["type"] = json!("Configure");
            let out = now(session.text(&message));
            assert_eq!(out.then, Step::Go);
            out.messages.into_iter().next().unwrap()
        };
        let success = configure(&mut session, json!({"thresholds": {"eot_threshold": 0.8}}));
        assert_eq!(
            success,
            json!({"type": "ConfigureSuccess", "request_id": "rid", "sequence_id": 1,
                "thresholds": {"eot_threshold": 0.8, "eot_timeout_ms": 5000}, "keyterms": ["dg"]})
        );
        for refused in [
            json!({"thresholds": {"eager_eot_threshold": 0.85}}),
            json!({"thresholds": {"eot_threshold": 0.95}}),
            json!({"thresholds": {"eot_timeout_ms": 100}}),
            json!({"thresholds": {"eot_timeout_ms": "fast"}}),
            json!({"thresholds": {"eot_threshold": 0.6}, "keyterms": [""]}),
            json!({"language_hints": ["en"]}),
        ] {
            let failure = configure(&mut session, refused.clone());
            assert_eq!(failure["type"], "ConfigureFailure", "{refused}");
        }
        let success = configure(
            &mut session,
            json!({"thresholds": {"eager_eot_threshold": 0.4, "eot_timeout_ms": 700}, "keyterms": ["a", "b"]}),
        );
        assert_eq!(
            success["thresholds"],
            json!({"eot_threshold": 0.8, "eager_eot_threshold": 0.4, "eot_timeout_ms": 700})
        );
        assert_eq!(success["keyterms"], json!(["a", "b"]));
        assert_eq!(success["sequence_id"], 8);
        let mut multi = flux("model=flux-general-multi&language_hint=en");
        let success = configure(&mut multi, json!({"language_hints": ["de", "fr"]}));
        assert_eq!(success["language_hints"], json!(["de", "fr"]));
    }

    #[test]
    fn keep_alive_and_unknown_text_get_an_error_and_the_stream_goes_on() {
        let mut session = flux("model=flux-general-en");
        session.opened();
        for text in [
            json!({"type": "KeepAlive"}),
            json!({"type": "Finalize"}),
            Value::Null,
        ] {
            let out = now(session.text(&text));
            assert_eq!(out.then, Step::Go);
            assert_eq!(out.messages[0]["type"], "Error");
            assert_eq!(out.messages[0]["code"], "UNKNOWN_MESSAGE_TYPE");
            assert!(out.messages[0]["description"].is_string());
        }
        assert_eq!(session.sequence, 4);
        let out = now(session.audio(embedded_audio(PREAMBLE)));
        assert_eq!(out.then, Step::Go);
    }

    #[test]
    fn unknown_audio_has_no_turns_and_undecodable_audio_closes_the_stream() {
        let mut session = flux("model=flux-general-en&encoding=linear16&sample_rate=16000");
        session.opened();
        let silence = vec![0u8; 64_000];
        assert!(now(session.audio(&silence)).messages.is_empty());
        let out = now(session.end());
        assert!(out.messages.is_empty());
        assert_eq!(out.then, Step::Close(1000, String::new()));
        let mut raw = flux("model=flux-general-en");
        let out = now(raw.audio(&[1u8; STREAM_HEAD]));
        assert!(
            matches!(out.then, Step::Close(1008, ref reason) if reason.starts_with("DATA-0000"))
        );
    }
}
