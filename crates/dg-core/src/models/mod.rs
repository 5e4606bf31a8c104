//! Response types, lenient and lossless: every field Deepgram sends is kept, known ones in
//! typed fields and the rest in each struct's `other` map, so a response written back with
//! serde is the JSON that came in. A missing optional field is `None`, an absent list is
//! empty, and only JSON of the wrong type fails to parse (plus a created key without its
//! secret, which must never be taken for a success).

mod flux;
mod listen;
mod lossless;
mod manage;
mod other;
mod projects;
pub mod schema;
mod streaming;
mod usage;

pub use flux::{
    ConfigureFailure, ConfigureSuccess, FluxConnected, FluxThresholds, FluxWord, TurnInfo,
};
pub use listen::{
    Alternative, Channel, Entity, Intent, IntentSegment, Intents, ListenMetadata, ListenResponse,
    ListenResults, ModelInfo, Paragraph, Paragraphs, Search, SearchHit, SegmentSummary,
    SegmentTopics, Sentence, SentimentAverage, SentimentSegment, Sentiments, Summary, TokenUsage,
    Topic, TopicSegment, Topics, Utterance, Warning, Word,
};
pub use manage::{
    ApiKeyInfo, CreatedKey, DeleteKeyResponse, GrantedToken, KeyList, KeyWithMember, Member,
    Project, ProjectList,
};
pub use other::OtherFields;
pub use projects::{
    ApiMessage, Balance, BalanceList, CatalogModel, Invite, InviteList, MemberList, MemberScopes,
    ModelCatalog, ProjectDetails, ProjectMember,
};
pub use streaming::{SpeechStarted, StreamError, StreamingMetadata, StreamingResult, UtteranceEnd};
pub use usage::{
    ProjectRequest, RequestAnswer, RequestPage, Resolution, UsageBreakdown, UsageFields,
    UsageGroup, UsageModel, UsageRow, UsageSummary,
};

/// Parses the answer of `POST /v1/listen` (a transcription, or a callback request's
/// `{"request_id"}`).
pub fn parse_listen(body: &[u8]) -> Result<ListenResponse, serde_json::Error> {
    from_json(body)
}

/// Parses a streaming `Results` message.
pub fn parse_streaming_result(body: &[u8]) -> Result<StreamingResult, serde_json::Error> {
    from_json(body)
}

/// Checking the UTF-8 of the whole body once and parsing it as text is about 10% faster on a
/// long transcript than `serde_json::from_slice`, which checks each string on its own.
fn from_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    let text = std::str::from_utf8(body).map_err(serde::de::Error::custom)?;
    serde_json::from_str(text)
}

#[cfg(test)]
mod tests;
