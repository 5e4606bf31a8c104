//! The query options of `POST /v1/listen`, typed and validated before anything is sent.
//!
//! [`ListenOptions`] has one public field per option, so Rust callers write
//! `ListenOptions { smart_format: Some(true), ..Default::default() }`, and it deserializes from
//! the snake_case option names (rejecting typos), so bindings can hand a kwargs dict or a JS
//! object straight in. [`ListenOptions::query_pairs`] turns it into the query string's pairs.

pub(crate) mod de;
mod validate;
mod values;

use std::borrow::Cow;

pub use values::{
    CallbackMethod, CustomMode, DetectLanguage, DiarizeModel, Encoding, Model, Redact, Summarize,
};

use crate::error::Error;

/// The options of a pre-recorded transcription. Every field left at its default is not sent,
/// so Deepgram's own default applies (for `model`, that is `base-general`).
///
/// List options are sent as repeated keys (`keyterm=a&keyterm=b`).
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListenOptions {
    /// `model`: the speech model (Deepgram's default is `base-general`).
    pub model: Option<Model>,
    /// `version`: the model version (`latest` or a version string).
    pub version: Option<String>,
    /// `language`: a BCP-47 tag, or `multi` for multilingual code-switching.
    pub language: Option<String>,
    /// `detect_language`: detect the dominant language, optionally among some.
    pub detect_language: Option<DetectLanguage>,
    /// `punctuate`: add punctuation and capitalization.
    pub punctuate: Option<bool>,
    /// `smart_format`: format numbers, dates, currencies, ... for readability.
    pub smart_format: Option<bool>,
    /// `diarize`: label each word with a speaker (superseded by `diarize_model`).
    pub diarize: Option<bool>,
    /// `diarize_model`: the diarization model (enables diarization).
    pub diarize_model: Option<DiarizeModel>,
    /// `dictation`: turn spoken punctuation commands into punctuation.
    pub dictation: Option<bool>,
    /// `filler_words`: keep "uh", "um", ...
    pub filler_words: Option<bool>,
    /// `measurements`: abbreviate spoken measurements.
    pub measurements: Option<bool>,
    /// `multichannel`: transcribe each audio channel on its own.
    pub multichannel: Option<bool>,
    /// `numerals`: write numbers as digits.
    pub numerals: Option<bool>,
    /// `paragraphs`: split the transcript into paragraphs.
    pub paragraphs: Option<bool>,
    /// `profanity_filter`: mask recognized profanity.
    pub profanity_filter: Option<bool>,
    /// `utterances`: segment speech into utterances.
    pub utterances: Option<bool>,
    /// `utt_split`: seconds of silence that end an utterance (API default 0.8).
    pub utt_split: Option<f64>,
    /// `sentiment`: detect sentiment.
    pub sentiment: Option<bool>,
    /// `topics`: detect topics.
    pub topics: Option<bool>,
    /// `custom_topic`: topics to look for (up to 100).
    #[serde(deserialize_with = "de::one_or_many")]
    pub custom_topic: Vec<String>,
    /// `custom_topic_mode`: whether to return only the custom topics.
    pub custom_topic_mode: Option<CustomMode>,
    /// `intents`: detect speaker intents.
    pub intents: Option<bool>,
    /// `custom_intent`: intents to look for.
    #[serde(deserialize_with = "de::one_or_many")]
    pub custom_intent: Vec<String>,
    /// `custom_intent_mode`: whether to return only the custom intents.
    pub custom_intent_mode: Option<CustomMode>,
    /// `detect_entities`: extract entities (names, places, ...).
    pub detect_entities: Option<bool>,
    /// `summarize`: summarize the transcript (`v2`).
    pub summarize: Option<Summarize>,
    /// `redact`: what to redact (`pci`, `pii`, `numbers`).
    #[serde(deserialize_with = "de::one_or_many")]
    pub redact: Vec<Redact>,
    /// `keyterm`: terms to boost (nova-3 models only).
    #[serde(deserialize_with = "de::one_or_many")]
    pub keyterm: Vec<String>,
    /// `keywords`: `word` or `word:intensifier` to boost or suppress (not on nova-3).
    #[serde(deserialize_with = "de::one_or_many")]
    pub keywords: Vec<String>,
    /// `search`: terms or phrases to search for in the audio.
    #[serde(deserialize_with = "de::one_or_many")]
    pub search: Vec<String>,
    /// `replace`: `find:replacement` pairs applied to the transcript.
    #[serde(deserialize_with = "de::one_or_many")]
    pub replace: Vec<String>,
    /// `tag`: labels for usage reporting.
    #[serde(deserialize_with = "de::one_or_many")]
    pub tag: Vec<String>,
    /// `extra`: `key:value` pairs echoed back in the response's metadata.
    #[serde(deserialize_with = "de::one_or_many")]
    pub extra: Vec<String>,
    /// `callback`: an http(s) URL the result is sent to; the call then answers only a
    /// request id.
    pub callback: Option<String>,
    /// `callback_method`: `POST` (default) or `PUT`; needs `callback`.
    pub callback_method: Option<CallbackMethod>,
    /// `encoding`: the encoding of raw, headerless audio; needs `sample_rate`.
    pub encoding: Option<Encoding>,
    /// `sample_rate`: the sample rate of raw audio, in Hz.
    pub sample_rate: Option<u32>,
    /// `channels`: the number of channels of raw audio.
    pub channels: Option<u32>,
    /// `alternatives`: how many transcripts to return.
    pub alternatives: Option<u32>,
    /// `mip_opt_out`: opt out of the Deepgram Model Improvement Program.
    pub mip_opt_out: Option<bool>,
    /// Query pairs dg has no field for yet, sent as given, after all the others. A key that
    /// has a field above is rejected (set the field instead).
    #[serde(deserialize_with = "de::query_pairs")]
    pub extra_query: Vec<(String, String)>,
}

/// The field names of [`ListenOptions`], in query order: what bindings accept as keyword
/// arguments or object keys. All but `extra_query` are also the query keys.
pub const OPTION_NAMES: &[&str] = &[
    "model",
    "version",
    "language",
    "detect_language",
    "punctuate",
    "smart_format",
    "diarize",
    "diarize_model",
    "dictation",
    "filler_words",
    "measurements",
    "multichannel",
    "numerals",
    "paragraphs",
    "profanity_filter",
    "utterances",
    "utt_split",
    "sentiment",
    "topics",
    "custom_topic",
    "custom_topic_mode",
    "intents",
    "custom_intent",
    "custom_intent_mode",
    "detect_entities",
    "summarize",
    "redact",
    "keyterm",
    "keywords",
    "search",
    "replace",
    "tag",
    "extra",
    "callback",
    "callback_method",
    "encoding",
    "sample_rate",
    "channels",
    "alternatives",
    "mip_opt_out",
    "extra_query",
];

/// The query pairs being built: keys are `'static` except those of `extra_query`.
struct Query(Vec<(Cow<'static, str>, String)>);

impl Query {
    fn show(&mut self, key: &'static str, value: Option<impl ToString>) {
        if let Some(v) = value {
            self.0.push((Cow::Borrowed(key), v.to_string()));
        }
    }

    fn list<T: AsRef<str>>(&mut self, key: &'static str, values: &[T]) {
        for v in values {
            self.0.push((Cow::Borrowed(key), v.as_ref().to_owned()));
        }
    }
}

impl ListenOptions {
    /// The options as query pairs, validated first ([`ListenOptions::validate`]): in the
    /// order of [`OPTION_NAMES`], booleans as `true`/`false`, list options (and a list of
    /// languages for `detect_language`) as repeated keys, `extra_query` last. Values are not
    /// percent-encoded yet: the URL builder does that.
    pub fn query_pairs(&self) -> Result<Vec<(Cow<'static, str>, String)>, Error> {
        self.validate()?;
        let mut q = Query(Vec::new());
        q.show("model", self.model.as_ref());
        q.show("version", self.version.as_deref());
        q.show("language", self.language.as_deref());
        match &self.detect_language {
            Some(DetectLanguage::Enabled(on)) => q.show("detect_language", Some(on)),
            Some(DetectLanguage::Languages(languages)) => q.list("detect_language", languages),
            None => {}
        }
        q.show("punctuate", self.punctuate);
        q.show("smart_format", self.smart_format);
        q.show("diarize", self.diarize);
        q.show("diarize_model", self.diarize_model.as_ref());
        q.show("dictation", self.dictation);
        q.show("filler_words", self.filler_words);
        q.show("measurements", self.measurements);
        q.show("multichannel", self.multichannel);
        q.show("numerals", self.numerals);
        q.show("paragraphs", self.paragraphs);
        q.show("profanity_filter", self.profanity_filter);
        q.show("utterances", self.utterances);
        q.show("utt_split", self.utt_split);
        q.show("sentiment", self.sentiment);
        q.show("topics", self.topics);
        q.list("custom_topic", &self.custom_topic);
        q.show("custom_topic_mode", self.custom_topic_mode.as_ref());
        q.show("intents", self.intents);
        q.list("custom_intent", &self.custom_intent);
        q.show("custom_intent_mode", self.custom_intent_mode.as_ref());
        q.show("detect_entities", self.detect_entities);
        q.show("summarize", self.summarize.as_ref());
        let redact: Vec<&str> = self.redact.iter().map(Redact::as_str).collect();
        q.list("redact", &redact);
        q.list("keyterm", &self.keyterm);
        q.list("keywords", &self.keywords);
        q.list("search", &self.search);
        q.list("replace", &self.replace);
        q.list("tag", &self.tag);
        q.list("extra", &self.extra);
        q.show("callback", self.callback.as_deref());
        q.show("callback_method", self.callback_method.as_ref());
        q.show("encoding", self.encoding.as_ref());
        q.show("sample_rate", self.sample_rate);
        q.show("channels", self.channels);
        q.show("alternatives", self.alternatives);
        q.show("mip_opt_out", self.mip_opt_out);
        let mut pairs = q.0;
        pairs.extend(
            self.extra_query
                .iter()
                .map(|(k, v)| (Cow::Owned(k.clone()), v.clone())),
        );
        Ok(pairs)
    }
}

#[cfg(test)]
mod tests;
