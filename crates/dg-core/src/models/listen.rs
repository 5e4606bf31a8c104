//! The answer of `POST /v1/listen`: a transcript with its metadata, or (with `callback`) just
//! a request id.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::lossless::lossless_struct;

lossless_struct! {
    /// The answer of `POST /v1/listen`. A transcription has `metadata` and `results`; a
    /// request made with `callback` is answered with only `request_id` (the result is sent
    /// to the callback later).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct ListenResponse {
        /// About the request and the audio (empty in a callback request's answer).
        pub metadata: ListenMetadata,
        /// The transcript and the analyses asked for (empty in a callback request's answer).
        pub results: ListenResults,
        /// The request id of a callback request's answer.
        pub request_id: Option<String>,
    }
}

// Left out when empty, so a callback request's `{"request_id"}` is written back as it came.
impl super::lossless::Omit for ListenMetadata {
    fn omit(&self) -> bool {
        *self == ListenMetadata::default()
    }
}

impl super::lossless::Omit for ListenResults {
    fn omit(&self) -> bool {
        *self == ListenResults::default()
    }
}

impl ListenResponse {
    /// The best alternative of the first channel.
    pub fn best_alternative(&self) -> Option<&Alternative> {
        self.results.channels.first()?.alternatives.first()
    }

    /// The transcript of the first channel's best alternative.
    pub fn transcript(&self) -> Option<&str> {
        self.best_alternative().map(|a| a.transcript.as_str())
    }

    /// The words of the first channel's best alternative (empty when there are none).
    pub fn words(&self) -> &[Word] {
        self.best_alternative().map_or(&[], |a| a.words.as_slice())
    }

    /// The request id, from the metadata or from a callback request's answer.
    pub fn request_id(&self) -> Option<&str> {
        self.metadata
            .request_id
            .as_deref()
            .or(self.request_id.as_deref())
    }

    /// The audio's duration in seconds.
    pub fn duration(&self) -> Option<f64> {
        self.metadata.duration
    }
}

lossless_struct! {
    /// `metadata`: about the request and the audio.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct ListenMetadata {
        /// Deprecated; `"deprecated"` in current answers.
        pub transaction_key: Option<String>,
        /// The request's id (quote it to Deepgram support).
        pub request_id: Option<String>,
        /// SHA-256 of the audio, hex.
        pub sha256: Option<String>,
        /// When the request was processed (RFC 3339).
        pub created: Option<String>,
        /// Audio duration in seconds.
        pub duration: Option<f64>,
        /// Number of audio channels.
        pub channels: Option<u32>,
        /// Ids of the models used.
        pub models: Vec<String>,
        /// Each model id's name, version and architecture.
        pub model_info: BTreeMap<String, ModelInfo>,
        /// Token use of `summarize`.
        pub summary_info: Option<TokenUsage>,
        /// Token use of `sentiment`.
        pub sentiment_info: Option<TokenUsage>,
        /// Token use of `topics`.
        pub topics_info: Option<TokenUsage>,
        /// Token use of `intents`.
        pub intents_info: Option<TokenUsage>,
        /// The request's `tag`s.
        pub tags: Vec<String>,
        /// The request's `extra` key-value pairs.
        pub extra: Map<String, Value>,
        /// Warnings about options the API ignored.
        pub warnings: Vec<Warning>,
    }
}

lossless_struct! {
    /// A model's description in `model_info`.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct ModelInfo {
        /// Model name, e.g. `general-nova-3`.
        pub name: String [sent],
        /// Model version, e.g. `2025-07-31.0`.
        pub version: String [sent],
        /// Architecture, e.g. `nova-3`.
        pub arch: String [sent],
    }
}

lossless_struct! {
    /// Tokens used by a language-model feature (`summary_info`, `sentiment_info`, ...).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct TokenUsage {
        /// The model that did the work.
        pub model_uuid: Option<String>,
        /// Tokens read.
        pub input_tokens: Option<u64>,
        /// Tokens written.
        pub output_tokens: Option<u64>,
    }
}

lossless_struct! {
    /// A warning in `metadata.warnings`, e.g. an option the model does not support.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Warning {
        /// The option concerned.
        pub parameter: Option<String>,
        /// The kind of warning (`type` in the JSON).
        pub kind: Option<String> as "type",
        /// What happened.
        pub message: Option<String>,
    }
}

lossless_struct! {
    /// `results`: the transcripts and analyses.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct ListenResults {
        /// One entry per audio channel (one unless `multichannel`).
        pub channels: Vec<Channel> [always],
        /// The speech cut into utterances (`utterances=true`).
        pub utterances: Vec<Utterance>,
        /// The summary (`summarize=v2`).
        pub summary: Option<Summary>,
        /// Topics (`topics=true`).
        pub topics: Option<Topics>,
        /// Intents (`intents=true`).
        pub intents: Option<Intents>,
        /// Sentiments (`sentiment=true`).
        pub sentiments: Option<Sentiments>,
    }
}

lossless_struct! {
    /// One audio channel's results.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Channel {
        /// Transcripts, best first (one unless `alternatives` > 1).
        pub alternatives: Vec<Alternative> [always],
        /// The detected language (`detect_language`).
        pub detected_language: Option<String>,
        /// Confidence in `detected_language`.
        pub language_confidence: Option<f64>,
        /// Hits of each `search` term.
        pub search: Vec<Search>,
    }
}

lossless_struct! {
    /// One transcript of a channel.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Alternative {
        /// The whole transcript.
        pub transcript: String [sent],
        /// Overall confidence, 0 to 1.
        pub confidence: f64 [sent],
        /// Every word with its timing.
        pub words: Vec<Word> [always],
        /// The transcript in paragraphs (`paragraphs`, or implied by `smart_format`).
        pub paragraphs: Option<Paragraphs>,
        /// Entities found (`detect_entities`).
        pub entities: Vec<Entity>,
        /// Summaries of segments (the older `summarize=true`).
        pub summaries: Vec<SegmentSummary>,
        /// Topics of segments (older topic detection).
        pub topics: Vec<SegmentTopics>,
        /// Languages spoken (multilingual models).
        pub languages: Vec<String>,
    }
}

lossless_struct! {
    /// One word of a transcript.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Word {
        /// The word as recognized (lower case, no punctuation).
        pub word: String [sent],
        /// Start, in seconds from the beginning of the audio.
        pub start: f64 [sent],
        /// End, in seconds.
        pub end: f64 [sent],
        /// Confidence, 0 to 1.
        pub confidence: f64 [sent],
        /// The word with punctuation and capitals (`punctuate`, `smart_format`). Optional
        /// words are boxed `str`s, 8 bytes smaller than `String`s: a long transcript has
        /// hundreds of thousands of words, and a smaller `Word` parses measurably faster.
        pub punctuated_word: Option<Box<str>>,
        /// The speaker, from 0 (`diarize`).
        pub speaker: Option<u32>,
        /// Confidence in `speaker`.
        pub speaker_confidence: Option<f64>,
        /// The word's language (multilingual models).
        pub language: Option<Box<str>>,
    }
}

lossless_struct! {
    /// `paragraphs`: the transcript laid out in paragraphs.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Paragraphs {
        /// The transcript with paragraph breaks.
        pub transcript: Option<String>,
        /// The paragraphs.
        pub paragraphs: Vec<Paragraph> [always],
    }
}

lossless_struct! {
    /// One paragraph.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Paragraph {
        /// Its sentences.
        pub sentences: Vec<Sentence> [always],
        /// The speaker (`diarize`).
        pub speaker: Option<u32>,
        /// Number of words.
        pub num_words: Option<u64>,
        /// Start, in seconds.
        pub start: Option<f64>,
        /// End, in seconds.
        pub end: Option<f64>,
    }
}

lossless_struct! {
    /// One sentence of a paragraph.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Sentence {
        /// The sentence.
        pub text: Option<String>,
        /// Start, in seconds.
        pub start: Option<f64>,
        /// End, in seconds.
        pub end: Option<f64>,
    }
}

lossless_struct! {
    /// An entity (`detect_entities`).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Entity {
        /// Its type, e.g. `NAME`, `LOCATION`.
        pub label: Option<String>,
        /// The entity as formatted.
        pub value: Option<String>,
        /// The entity as spoken.
        pub raw_value: Option<String>,
        /// Confidence, 0 to 1.
        pub confidence: Option<f64>,
        /// Index of its first word.
        pub start_word: Option<u64>,
        /// Index past its last word.
        pub end_word: Option<u64>,
    }
}

lossless_struct! {
    /// A segment's summary in `alternatives[].summaries`.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct SegmentSummary {
        /// The summary.
        pub summary: Option<String>,
        /// Index of the segment's first word.
        pub start_word: Option<u64>,
        /// Index past its last word.
        pub end_word: Option<u64>,
    }
}

lossless_struct! {
    /// A segment's topics in `alternatives[].topics`.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct SegmentTopics {
        /// The segment's text.
        pub text: Option<String>,
        /// Index of its first word.
        pub start_word: Option<u64>,
        /// Index past its last word.
        pub end_word: Option<u64>,
        /// The topics, as the API gave them.
        pub topics: Vec<Value>,
    }
}

lossless_struct! {
    /// The hits of one `search` term.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Search {
        /// The term searched for.
        pub query: Option<String>,
        /// Where it was found.
        pub hits: Vec<SearchHit>,
    }
}

lossless_struct! {
    /// One place a search term was found.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct SearchHit {
        /// Confidence, 0 to 1.
        pub confidence: Option<f64>,
        /// Start, in seconds.
        pub start: Option<f64>,
        /// End, in seconds.
        pub end: Option<f64>,
        /// The transcript around the hit.
        pub snippet: Option<String>,
    }
}

lossless_struct! {
    /// An utterance (`utterances=true`).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Utterance {
        /// Start, in seconds.
        pub start: Option<f64>,
        /// End, in seconds.
        pub end: Option<f64>,
        /// Confidence, 0 to 1.
        pub confidence: Option<f64>,
        /// The audio channel.
        pub channel: Option<u32>,
        /// The utterance's text.
        pub transcript: Option<String>,
        /// Its words.
        pub words: Vec<Word> [always],
        /// The speaker (`diarize`).
        pub speaker: Option<u32>,
        /// The utterance's id.
        pub id: Option<String>,
    }
}

lossless_struct! {
    /// `results.summary` (`summarize=v2`).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Summary {
        /// `success` or why there is no summary.
        pub result: Option<String>,
        /// The summary.
        pub short: Option<String>,
    }
}

lossless_struct! {
    /// `results.topics` (`topics=true`).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Topics {
        /// The segments and their topics.
        pub segments: Vec<TopicSegment>,
    }
}

lossless_struct! {
    /// A segment of text and its topics.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct TopicSegment {
        /// The segment's text.
        pub text: Option<String>,
        /// Index of its first word.
        pub start_word: Option<u64>,
        /// Index past its last word.
        pub end_word: Option<u64>,
        /// Its topics.
        pub topics: Vec<Topic>,
    }
}

lossless_struct! {
    /// A topic.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Topic {
        /// The topic.
        pub topic: Option<String>,
        /// Confidence, 0 to 1.
        pub confidence_score: Option<f64>,
    }
}

lossless_struct! {
    /// `results.intents` (`intents=true`).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Intents {
        /// The segments and their intents.
        pub segments: Vec<IntentSegment>,
    }
}

lossless_struct! {
    /// A segment of text and its intents.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct IntentSegment {
        /// The segment's text.
        pub text: Option<String>,
        /// Index of its first word.
        pub start_word: Option<u64>,
        /// Index past its last word.
        pub end_word: Option<u64>,
        /// Its intents.
        pub intents: Vec<Intent>,
    }
}

lossless_struct! {
    /// An intent.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Intent {
        /// The intent.
        pub intent: Option<String>,
        /// Confidence, 0 to 1.
        pub confidence_score: Option<f64>,
    }
}

lossless_struct! {
    /// `results.sentiments` (`sentiment=true`).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Sentiments {
        /// Sentiment per segment.
        pub segments: Vec<SentimentSegment>,
        /// The sentiment of the whole.
        pub average: Option<SentimentAverage>,
    }
}

lossless_struct! {
    /// A segment of text and its sentiment.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct SentimentSegment {
        /// The segment's text.
        pub text: Option<String>,
        /// Index of its first word.
        pub start_word: Option<u64>,
        /// Index past its last word.
        pub end_word: Option<u64>,
        /// `positive`, `neutral` or `negative`.
        pub sentiment: Option<String>,
        /// Score, -1 to 1.
        pub sentiment_score: Option<f64>,
    }
}

lossless_struct! {
    /// The average sentiment.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct SentimentAverage {
        /// `positive`, `neutral` or `negative`.
        pub sentiment: Option<String>,
        /// Score, -1 to 1.
        pub sentiment_score: Option<f64>,
    }
}
