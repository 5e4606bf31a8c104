//! `GET /v1/listen` upgraded: Deepgram's live streaming. Binary frames are audio, text frames
//! `KeepAlive`, `Finalize` and `CloseStream`; results come as the audio arrives
//! ([`Transcript`]), or as the recognizer transcribes it, a phrase at a time, for audio no
//! recording answers (see [`pacing`](super::pacing)); `CloseStream` (or an empty binary frame) flushes the last results, sends
//! `Metadata` and closes with 1000. Audio that cannot be decoded closes with 1008
//! `DATA-0000` (the rest of the stream's rules are in [`socket`](super::socket)).

use serde_json::Value;

use super::feed::{Feed, Input, Recorded, Taken};
use super::socket::{Out, Session, kind};
use super::upgrade::Upgrade;
use crate::audio::listen_options::ListenOptions;
use crate::audio::streaming::{Asked, Transcript};
use crate::errors::ApiError;
use crate::handlers::Call;
use crate::handlers::recording::Draft;
use crate::http::query::Query;
use crate::http::reply::Reply;
use crate::state::usage::Method;

pub(crate) async fn upgrade(call: Call<'_>) -> Result<Reply, ApiError> {
    let cx = &call.cx;
    let upgrade = Upgrade::asked(cx, "/v1/listen")?;
    let usage = Draft::of(cx, &call.who, "/v1/listen", Method::Streaming);
    let query = Query::parse(cx.parts.uri.query());
    let options = ListenOptions::parse(&query)?;
    let asked = Asked {
        interim: query.get("interim_results") == Some("true"),
        endpointing_ms: query.get("endpointing").and_then(|v| v.parse().ok()),
        utterance_end_ms: query.get("utterance_end_ms").and_then(|v| v.parse().ok()),
        vad_events: query.get("vad_events") == Some("true"),
    };
    let session = V1 {
        feed: Feed::new(cx, options.raw, query),
        request_id: cx.request_id.to_owned(),
        asked,
    };
    Ok(upgrade.serve(cx, session, usage))
}

/// One `/v1/listen` stream.
struct V1 {
    feed: Feed<Transcript>,
    request_id: String,
    asked: Asked,
}

impl V1 {
    /// The stream's transcript after `input`.
    async fn take(&mut self, input: Input<'_>) -> Taken<'_, Transcript> {
        let (request_id, asked) = (&self.request_id, self.asked);
        self.feed
            .take(input, |recorded: Recorded<'_>| {
                Transcript::new(recorded, request_id, asked)
            })
            .await
    }

    /// `Finalize`: a final result for the audio so far.
    async fn finalize(&mut self) -> Out {
        Out::of(self.take(Input::Finalize).await, |now, transcript| {
            transcript.flush(now, true)
        })
    }
}

impl Session for V1 {
    const CONTROLS: &'static [&'static str] = &["KeepAlive", "Finalize", "CloseStream"];

    fn opened(&mut self) -> Vec<Value> {
        Vec::new()
    }

    async fn audio(&mut self, audio: &[u8]) -> Out {
        Out::of(self.take(Input::Audio(audio)).await, |_, _| Vec::new())
    }

    async fn text(&mut self, message: &Value) -> Out {
        match kind(message) {
            Some("CloseStream") => self.end().await,
            Some("Finalize") => self.finalize().await,
            _ => Out::send(Vec::new()), // KeepAlive, and messages this emulator does not know
        }
    }

    fn heard(&self) -> f64 {
        self.feed.heard()
    }

    /// `CloseStream`: the last results, `Metadata`, then 1000.
    async fn end(&mut self) -> Out {
        let (duration, mut messages) = match self.take(Input::End).await {
            Ok(Some((now, transcript, mut owed))) => {
                owed.extend(transcript.flush(now, false));
                (now, owed)
            }
            Ok(None) => (0.0, Vec::new()),
            Err(step) => return Out::stop(step),
        };
        let sha256 = self.feed.sha256();
        let empty = Transcript::new(None, &self.request_id, Asked::default());
        let transcript = self.feed.answerer().unwrap_or(&empty);
        messages.push(transcript.metadata_message(&self.request_id, &sha256, duration));
        Out::last(messages)
    }
}
