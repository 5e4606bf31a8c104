//! The `Results` messages of streaming transcription (`wss://…/v1/listen`), parsed as
//! leniently as the pre-recorded answer.

use super::listen::{Alternative, Channel, ModelInfo};
use super::lossless::lossless_struct;

lossless_struct! {
    /// A streaming `Results` message: the transcript of one stretch of audio.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct StreamingResult {
        /// The message type, `Results`.
        pub kind: String as "type" [sent],
        /// `[channel, number of channels]`.
        pub channel_index: Vec<u32>,
        /// Length of the stretch, in seconds.
        pub duration: f64 [sent],
        /// Its start, in seconds from the start of the stream.
        pub start: f64 [sent],
        /// `true` once this stretch's transcript will not change.
        pub is_final: Option<bool>,
        /// `true` at the end of an utterance.
        pub speech_final: Option<bool>,
        /// `true` when the message answers a `Finalize` request.
        pub from_finalize: Option<bool>,
        /// The transcripts.
        pub channel: Channel [always],
        /// The request id and model.
        pub metadata: Option<StreamingMetadata>,
    }
}

impl StreamingResult {
    /// The best alternative.
    pub fn best_alternative(&self) -> Option<&Alternative> {
        self.channel.alternatives.first()
    }

    /// The best alternative's transcript.
    pub fn transcript(&self) -> Option<&str> {
        self.best_alternative().map(|a| a.transcript.as_str())
    }
}

lossless_struct! {
    /// The `metadata` of a streaming message.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct StreamingMetadata {
        /// The stream's request id.
        pub request_id: Option<String>,
        /// The model's name, version and architecture.
        pub model_info: Option<ModelInfo>,
        /// The model's id.
        pub model_uuid: Option<String>,
    }
}

lossless_struct! {
    /// A streaming `UtteranceEnd` message: no word for `utterance_end_ms` after the last one.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct UtteranceEnd {
        /// The message type, `UtteranceEnd`.
        pub kind: String as "type" [sent],
        /// `[channel, number of channels]`.
        pub channel: Vec<u32>,
        /// Where the last word ended, in seconds from the start of the stream.
        pub last_word_end: f64 [sent],
    }
}

lossless_struct! {
    /// A streaming `SpeechStarted` message (with `vad_events`): speech began.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct SpeechStarted {
        /// The message type, `SpeechStarted`.
        pub kind: String as "type" [sent],
        /// `[channel, number of channels]`.
        pub channel: Vec<u32>,
        /// When, in seconds from the start of the stream.
        pub timestamp: f64 [sent],
    }
}

lossless_struct! {
    /// A streaming `Error` message: the server reports a problem (on `/v1/listen` the close
    /// that usually follows ends the stream). Flux's carry `code` and `sequence_id`.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct StreamError {
        /// The message type, `Error`.
        pub kind: String as "type" [sent],
        /// The kind of problem.
        pub variant: Option<String>,
        /// What went wrong.
        pub description: Option<String>,
        /// More detail.
        pub message: Option<String>,
        /// A code naming the problem (Flux), e.g. `INTERNAL_SERVER_ERROR`.
        pub code: Option<String>,
        /// The message's number in the stream (Flux).
        pub sequence_id: Option<u64>,
    }
}
