//! The query options of `/v1/listen` ([`ListenOptions`]: pre-recorded and live) and of Flux's
//! `/v2/listen` ([`FluxOptions`]), typed and validated before anything is sent.
//!
//! The options are declared once, in the `option_set!` invocations below. From that one
//! declaration come the [`ListenOptions`] struct (one public field per option, so Rust callers
//! write `ListenOptions { smart_format: Some(true), ..Default::default() }`), its serde reading
//! (the snake_case names, rejecting typos, so a binding hands a kwargs dict or a JS object
//! straight in), [`ListenOptions::query_pairs`], [`ListenOptions::from_text_pairs`] (the
//! CLI's `-o name=value`) and the machine-readable [`schema`] every language's option types
//! are generated from. Adding an option is one line here (plus its checks, if any, in
//! `validate.rs`).

pub(crate) mod de;
mod field;
mod flux;
pub mod schema;
mod text;
mod validate;
mod values;

use std::borrow::Cow;

pub use flux::{FLUX_CONFIGURE_FIELDS, FluxConfigure};
pub use schema::{OptionKind, OptionSpec, Spelling};
pub use values::{
    CallbackMethod, CustomMode, DetectLanguage, DiarizeModel, Encoding, FluxEncoding, FluxModel,
    FluxRedact, Model, Redact, Summarize,
};

use crate::error::Error;
use field::OptionField;

/// An option set as a binding reads it from its own keyword arguments or object, whatever the
/// set: a binding writes one generic reader rather than one per set.
pub trait NamedOptions: Default {
    /// The field names, in query order (the constant [`NAMES_CONSTANT`](Self::NAMES_CONSTANT)).
    const NAMES: &'static [&'static str];
    /// The name of the constant that lists them (`OPTION_NAMES`), which bindings export under
    /// the same name, so an error can point to it.
    const NAMES_CONSTANT: &'static str;
    /// Reads the options as the set's `from_value` does.
    fn read(value: serde_json::Value, spelling: Spelling) -> Result<Self, Error>;
}

/// What every option set (`ListenOptions`, `FluxOptions`) has, from its declaration: the
/// text front end ([`text`]) and query writing work on any of them through this.
pub(crate) trait OptionSet: Default {
    /// The field names, in query order.
    const NAMES: &'static [&'static str];
    /// The query pairs, unchecked.
    fn write_query(&self) -> field::Query;
    /// Refuses a value or list entry that would be sent empty.
    fn check_blanks(&self) -> Result<(), Error>;
    /// Takes one text value for the option `name`; `false` if there is no such option.
    fn accept_text(&mut self, name: &str, raw: &str) -> Result<bool, Error>;
    /// Every check of the set.
    fn validate(&self) -> Result<(), Error>;
}

/// Declares a set of options: the struct, its field list and schema, and query writing.
macro_rules! option_set {
    (
        $(#[doc = $sdoc:literal])+
        struct $set:ident, names $names:ident, specs $specs:ident;
        $( $(#[doc = $doc:literal])+ $(@$live:ident)? $name:ident : $ty:ty, )+
    ) => {
        $(#[doc = $sdoc])+
        #[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct $set {
            $(
                $(#[doc = $doc])+
                #[serde(deserialize_with = "field::deserialize")]
                pub $name: $ty,
            )+
        }

        #[doc = concat!("The field names of [`", stringify!($set), "`], in query order: what \
            bindings accept as keyword arguments or object keys. All but `extra_query` are also \
            the query keys.")]
        pub const $names: &[&str] = &[$(stringify!($name)),+];

        #[doc = concat!("Every option of [`", stringify!($set), "`] with its kind, list-ness, \
            known values and doc, in query order.")]
        pub static $specs: &[OptionSpec] = &[$(
            OptionSpec {
                name: stringify!($name),
                kind: <$ty as OptionField>::KIND,
                list: <$ty as OptionField>::LIST,
                known_values: <$ty as OptionField>::KNOWN,
                doc: concat!($($doc, "\n"),+),
                live_only: option_set!(@live $($live)?),
            },
        )+];

        impl NamedOptions for $set {
            const NAMES: &'static [&'static str] = $names;
            const NAMES_CONSTANT: &'static str = stringify!($names);

            fn read(value: serde_json::Value, spelling: Spelling) -> Result<Self, Error> {
                Self::from_value(value, spelling)
            }
        }

        impl OptionSet for $set {
            const NAMES: &'static [&'static str] = $names;

            fn write_query(&self) -> field::Query {
                let mut query = Vec::new();
                $( self.$name.write(stringify!($name), &mut query); )+
                query
            }

            fn check_blanks(&self) -> Result<(), Error> {
                $( self.$name.check_blank(stringify!($name))?; )+
                Ok(())
            }

            fn accept_text(&mut self, name: &str, raw: &str) -> Result<bool, Error> {
                match name {
                    $( stringify!($name) => self.$name.accept_text(stringify!($name), raw)?, )+
                    _ => return Ok(false),
                }
                Ok(true)
            }

            fn validate(&self) -> Result<(), Error> {
                $set::validate(self)
            }
        }

        impl $set {
            /// Reads options from `(name, value)` text pairs, then validates them. A list
            /// option takes one entry per pair (repeat the name); `extra_query` takes
            /// `NAME=VALUE`. Names may use dashes (`smart-format`). An unknown name is
            /// refused with the nearest option suggested.
            pub fn from_text_pairs<K, V>(
                pairs: impl IntoIterator<Item = (K, V)>,
            ) -> Result<Self, Error>
            where
                K: AsRef<str>,
                V: AsRef<str>,
            {
                text::from_text_pairs(pairs)
            }

            /// Sets the option `name` (dashes allowed) from one text value, as
            #[doc = concat!("[`", stringify!($set), "::from_text_pairs`] does for each pair, \
                without validating the whole.")]
            pub fn set_text(&mut self, name: &str, value: &str) -> Result<(), Error> {
                text::set_text(self, name, value)
            }

            /// Reads options from JSON-like data (a Python kwargs dict, a JS object), names
            /// spelled as `spelling` says; `null` means unset. An unknown name, or a value of
            /// the wrong type, is an [`Error::InvalidOptions`] naming the option (see
            /// [`schema::read_spelled`]). The options are not validated yet: building the
            /// request does that.
            pub fn from_value(value: serde_json::Value, spelling: Spelling) -> Result<Self, Error> {
                schema::read_spelled(value, $names, spelling, schema::Fields::Options)
            }
        }
    };
    (@live live) => { true };
    (@live) => { false };
}

option_set! {
    /// The options of a pre-recorded transcription and of a live stream (`/v1/listen`). Every
    /// field left at its default is not sent, so Deepgram's own default applies (for `model`,
    /// that is `base-general`).
    ///
    /// List options are sent as repeated keys (`keyterm=a&keyterm=b`).
    struct ListenOptions, names OPTION_NAMES, specs LISTEN_OPTIONS;
    /// `model`: the speech model (Deepgram's default is `base-general`).
    model: Option<Model>,
    /// `version`: the model version (`latest` or a version string).
    version: Option<String>,
    /// `language`: a BCP-47 tag, or `multi` for multilingual code-switching.
    language: Option<String>,
    /// `detect_language`: detect the dominant language, optionally among some.
    detect_language: Option<DetectLanguage>,
    /// `punctuate`: add punctuation and capitalization.
    punctuate: Option<bool>,
    /// `smart_format`: format numbers, dates, currencies, ... for readability.
    smart_format: Option<bool>,
    /// `diarize`: label each word with a speaker (superseded by `diarize_model`).
    diarize: Option<bool>,
    /// `diarize_model`: the diarization model (enables diarization).
    diarize_model: Option<DiarizeModel>,
    /// `dictation`: turn spoken punctuation commands into punctuation.
    dictation: Option<bool>,
    /// `filler_words`: keep "uh", "um", ...
    filler_words: Option<bool>,
    /// `measurements`: abbreviate spoken measurements.
    measurements: Option<bool>,
    /// `multichannel`: transcribe each audio channel on its own.
    multichannel: Option<bool>,
    /// `numerals`: write numbers as digits.
    numerals: Option<bool>,
    /// `paragraphs`: split the transcript into paragraphs.
    paragraphs: Option<bool>,
    /// `profanity_filter`: mask recognized profanity.
    profanity_filter: Option<bool>,
    /// `utterances`: segment speech into utterances.
    utterances: Option<bool>,
    /// `utt_split`: seconds of silence that end an utterance (API default 0.8).
    utt_split: Option<f64>,
    /// `sentiment`: detect sentiment.
    sentiment: Option<bool>,
    /// `topics`: detect topics.
    topics: Option<bool>,
    /// `custom_topic`: topics to look for (up to 100).
    custom_topic: Vec<String>,
    /// `custom_topic_mode`: whether to return only the custom topics.
    custom_topic_mode: Option<CustomMode>,
    /// `intents`: detect speaker intents.
    intents: Option<bool>,
    /// `custom_intent`: intents to look for.
    custom_intent: Vec<String>,
    /// `custom_intent_mode`: whether to return only the custom intents.
    custom_intent_mode: Option<CustomMode>,
    /// `detect_entities`: extract entities (names, places, ...).
    detect_entities: Option<bool>,
    /// `summarize`: summarize the transcript (`v2`).
    summarize: Option<Summarize>,
    /// `redact`: what to redact (`pci`, `pii`, `numbers`).
    redact: Vec<Redact>,
    /// `keyterm`: terms to boost (nova-3 models only).
    keyterm: Vec<String>,
    /// `keywords`: `word` or `word:intensifier` to boost or suppress (not on nova-3).
    keywords: Vec<String>,
    /// `search`: terms or phrases to search for in the audio.
    search: Vec<String>,
    /// `replace`: `find:replacement` pairs applied to the transcript.
    replace: Vec<String>,
    /// `tag`: labels for usage reporting.
    tag: Vec<String>,
    /// `extra`: `key:value` pairs echoed back in the response's metadata.
    extra: Vec<String>,
    /// `callback`: an http(s) URL the result is sent to; the call then answers only a
    /// request id.
    callback: Option<String>,
    /// `callback_method`: `POST` (default) or `PUT`; needs `callback`.
    callback_method: Option<CallbackMethod>,
    /// `encoding`: the encoding of raw, headerless audio; needs `sample_rate`.
    encoding: Option<Encoding>,
    /// `sample_rate`: the sample rate of raw audio, in Hz.
    sample_rate: Option<u32>,
    /// `channels`: the number of channels of raw audio.
    channels: Option<u32>,
    /// `alternatives`: how many transcripts to return.
    alternatives: Option<u32>,
    /// `mip_opt_out`: opt out of the Deepgram Model Improvement Program.
    mip_opt_out: Option<bool>,
    /// `interim_results`: also send results that may still change (live streaming only).
    @live interim_results: Option<bool>,
    /// `endpointing`: milliseconds of silence that end an utterance (`speech_final`; live
    /// streaming only; Deepgram's default is 10).
    @live endpointing: Option<u32>,
    /// `utterance_end_ms`: send `UtteranceEnd` after this many milliseconds without a word
    /// (live streaming only; needs `interim_results`).
    @live utterance_end_ms: Option<u32>,
    /// `vad_events`: send `SpeechStarted` when speech begins (live streaming only).
    @live vad_events: Option<bool>,
    /// `no_delay`: send results as soon as they are ready (live streaming only).
    @live no_delay: Option<bool>,
    /// Query pairs dg has no field for yet, sent as given, after all the others. A key that
    /// has a field above is rejected (set the field instead).
    extra_query: Vec<(String, String)>,
}

option_set! {
    /// The options of a Flux stream (`/v2/listen`, turn-based; see
    /// [`Client::listen_flux`](crate::Client::listen_flux)). `model` is required; every other
    /// field left at its default is not sent.
    struct FluxOptions, names FLUX_OPTION_NAMES, specs FLUX_OPTIONS;
    /// `model`: the Flux model (required): `flux-general-en` or `flux-general-multi`.
    model: Option<FluxModel>,
    /// `encoding`: the encoding of raw, headerless audio; needs `sample_rate`.
    encoding: Option<FluxEncoding>,
    /// `sample_rate`: the sample rate of raw audio, in Hz.
    sample_rate: Option<u32>,
    /// `eot_threshold`: how confident the model must be that a turn ended before it sends
    /// `EndOfTurn` (0.5 to 0.9; Deepgram's default 0.7).
    eot_threshold: Option<f64>,
    /// `eager_eot_threshold`: the confidence for an early `EagerEndOfTurn` (0.3 to 0.9, at
    /// most `eot_threshold`); unset, no eager events.
    eager_eot_threshold: Option<f64>,
    /// `eot_timeout_ms`: milliseconds of silence after which a turn ends whatever the
    /// confidence (500 to 10000; Deepgram's default 5000).
    eot_timeout_ms: Option<u32>,
    /// `keyterm`: terms to boost (plain terms, no weights).
    keyterm: Vec<String>,
    /// `language_hint`: languages to expect (`flux-general-multi` only).
    language_hint: Vec<String>,
    /// `profanity_filter`: mask recognized profanity.
    profanity_filter: Option<bool>,
    /// `numerals`: write numbers as digits.
    numerals: Option<bool>,
    /// `redact`: what to redact (`numbers`, `aggressive_numbers`).
    redact: Vec<FluxRedact>,
    /// `mip_opt_out`: opt out of the Deepgram Model Improvement Program.
    mip_opt_out: Option<bool>,
    /// `tag`: labels for usage reporting.
    tag: Vec<String>,
    /// Query pairs dg has no field for yet, sent as given, after all the others. A key that
    /// has a field above is rejected (set the field instead).
    extra_query: Vec<(String, String)>,
}

impl ListenOptions {
    /// The options as query pairs, validated first ([`ListenOptions::validate`]): in the
    /// order of [`OPTION_NAMES`], booleans as `true`/`false`, list options (and a list of
    /// languages for `detect_language`) as repeated keys, `extra_query` last. Values are not
    /// percent-encoded yet: the URL builder does that.
    pub fn query_pairs(&self) -> Result<Vec<(Cow<'static, str>, String)>, Error> {
        let pairs = self.live_query_pairs()?;
        if let Some((name, _)) = pairs.iter().find(|(k, _)| is_live_only(k)) {
            return Err(Error::invalid_option(
                name.as_ref(),
                format!("`{name}` applies to live streaming only (`listen_live`)"),
            ));
        }
        Ok(pairs)
    }

    /// The query pairs of a live stream: as [`ListenOptions::query_pairs`], the live-only
    /// options (`interim_results`, `endpointing`, ...) allowed.
    pub fn live_query_pairs(&self) -> Result<Vec<(Cow<'static, str>, String)>, Error> {
        self.validate()?;
        Ok(self.write_query())
    }
}

/// Whether `name` is an option that only live streaming takes.
fn is_live_only(name: &str) -> bool {
    LISTEN_OPTIONS.iter().any(|o| o.live_only && o.name == name)
}

#[cfg(test)]
mod tests;
