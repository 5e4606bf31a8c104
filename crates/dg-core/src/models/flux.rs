//! The messages of a Flux stream (`wss://…/v2/listen`): turn-based, each numbered by
//! `sequence_id`.

use super::lossless::lossless_struct;

lossless_struct! {
    /// A Flux `Connected` message: the stream is open.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct FluxConnected {
        /// The message type, `Connected`.
        pub kind: String as "type" [sent],
        /// The stream's request id.
        pub request_id: Option<String>,
        /// The message's number (0 for the first message of the stream).
        pub sequence_id: Option<u64>,
    }
}

lossless_struct! {
    /// A Flux `TurnInfo` message: the state of the current turn.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct TurnInfo {
        /// The message type, `TurnInfo`.
        pub kind: String as "type" [sent],
        /// The stream's request id.
        pub request_id: Option<String>,
        /// The message's number in the stream.
        pub sequence_id: Option<u64>,
        /// `Update`, `StartOfTurn`, `EagerEndOfTurn`, `TurnResumed` or `EndOfTurn`.
        pub event: String [sent],
        /// The turn's number (the first is 0).
        pub turn_index: Option<u64>,
        /// Start of the audio this message covers, in seconds from the start of the stream.
        pub audio_window_start: Option<f64>,
        /// End of the audio this message covers, in seconds.
        pub audio_window_end: Option<f64>,
        /// What was said in the turn so far.
        pub transcript: String [sent],
        /// The words of `transcript`.
        pub words: Vec<FluxWord> [always],
        /// How confident the model is that the turn is over (0 to 1).
        pub end_of_turn_confidence: Option<f64>,
        /// Languages detected (`flux-general-multi`), most frequent first.
        pub languages: Vec<String>,
        /// The language hints that applied to this turn.
        pub languages_hinted: Vec<String>,
    }
}

impl TurnInfo {
    /// Whether this message ends its turn (`EndOfTurn`).
    pub fn is_end_of_turn(&self) -> bool {
        self.event == "EndOfTurn"
    }
}

lossless_struct! {
    /// One word of a Flux turn.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct FluxWord {
        /// The word, punctuated and cased.
        pub word: String [sent],
        /// How confident the model is in the word (0 to 1).
        pub confidence: Option<f64>,
        /// Its start, in seconds from the start of the stream.
        pub start: Option<f64>,
        /// Its end, in seconds.
        pub end: Option<f64>,
    }
}

lossless_struct! {
    /// The end-of-turn settings of a Flux stream, as `ConfigureSuccess` reports them.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct FluxThresholds {
        /// `eager_eot_threshold`, when set.
        pub eager_eot_threshold: Option<f64>,
        /// `eot_threshold`.
        pub eot_threshold: Option<f64>,
        /// `eot_timeout_ms`.
        pub eot_timeout_ms: Option<u64>,
    }
}

lossless_struct! {
    /// A Flux `ConfigureSuccess` message: a `Configure` was applied; the settings now in force.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct ConfigureSuccess {
        /// The message type, `ConfigureSuccess`.
        pub kind: String as "type" [sent],
        /// The stream's request id.
        pub request_id: Option<String>,
        /// The end-of-turn settings.
        pub thresholds: Option<FluxThresholds>,
        /// The key terms.
        pub keyterms: Vec<String>,
        /// The language hints (`flux-general-multi`).
        pub language_hints: Vec<String>,
        /// The message's number in the stream.
        pub sequence_id: Option<u64>,
    }
}

lossless_struct! {
    /// A Flux `ConfigureFailure` message: a `Configure` was refused; the settings are unchanged.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct ConfigureFailure {
        /// The message type, `ConfigureFailure`.
        pub kind: String as "type" [sent],
        /// The stream's request id.
        pub request_id: Option<String>,
        /// The message's number in the stream.
        pub sequence_id: Option<u64>,
    }
}
