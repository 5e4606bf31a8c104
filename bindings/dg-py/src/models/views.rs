//! One Python class per answer type of dg-core, each a view into the shared answer: its
//! attributes are the JSON's fields (unknown fields too, through `__getattr__`), and
//! `to_dict()` / `to_json()` give back everything the API sent.

use dg_core::models as m;
use pyo3::exceptions::PyAttributeError;
use pyo3::prelude::*;

use super::{Shared, ToPython, project};

/// The Python type of a field, read off its accessor.
fn type_of<M: 'static, T: ToPython>(_get: for<'a> fn(&'a M) -> &'a T) -> String {
    T::py_type()
}

/// A field of a view as a Python object.
fn field<'py, M: 'static, T: ToPython>(
    py: Python<'py>,
    node: &Shared<M>,
    get: for<'a> fn(&'a M) -> &'a T,
) -> PyResult<Bound<'py, PyAny>> {
    T::to_python(py, project(node, get))
}

/// A field the model has no name for (kept in the core's `other` map).
fn unknown_field<'py>(
    py: Python<'py>,
    class: &str,
    other: &serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> PyResult<Bound<'py, PyAny>> {
    match other.get(name) {
        Some(value) => Ok(pythonize::pythonize(py, value)?),
        None => Err(PyAttributeError::new_err(format!(
            "'{class}' object has no attribute '{name}'"
        ))),
    }
}

macro_rules! views {
    ($(
        $(#[$doc:meta])*
        $name:ident { $($field:ident $(as $py:literal)?),* $(,)? }
        $({ $($extra:tt)* })?
    )*) => {
        $(
            $(#[$doc])*
            #[pyclass(frozen, module = "dg._native")]
            pub(crate) struct $name(Shared<m::$name>);

            #[pymethods]
            impl $name {
                $(
                    #[getter]
                    $(#[pyo3(name = $py)])?
                    fn $field<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                        field(py, &self.0, |v| &v.$field)
                    }
                )*

                fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
                    unknown_field(py, stringify!($name), &self.0.get().other, name)
                }

                /// Every field as plain Python data (dicts, lists, ...), unknown ones included.
                fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    Ok(pythonize::pythonize(py, *self.0.get())?)
                }

                /// Every field as JSON text, unknown ones included.
                fn to_json(&self) -> PyResult<String> {
                    serde_json::to_string(*self.0.get())
                        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
                }

                fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                    other.cast::<Self>().is_ok_and(|o| *o.get().0.get() == *self.0.get())
                }

                fn __repr__(&self) -> String {
                    let value = *self.0.get();
                    let fields: Vec<String> = vec![
                        $(format!(
                            "{}={}",
                            views!(@py_name $field $($py)?),
                            ToPython::repr_value(&value.$field),
                        )),*
                    ];
                    format!("{}({})", stringify!($name), fields.join(", "))
                }

                $($($extra)*)?
            }

            impl ToPython for m::$name {
                fn py_type() -> String {
                    stringify!($name).to_owned()
                }

                fn to_python<'py>(py: Python<'py>, node: Shared<Self>) -> PyResult<Bound<'py, PyAny>> {
                    Ok(Bound::new(py, $name(node))?.into_any())
                }

                fn repr_value(&self) -> String {
                    concat!(stringify!($name), "(…)").to_owned()
                }
            }
        )*

        /// Adds every view class to the module.
        pub(crate) fn add_classes(module: &Bound<'_, PyModule>) -> PyResult<()> {
            module.add_class::<super::list::ViewList>()?;
            module.add_class::<super::list::ViewListIter>()?;
            $( module.add_class::<$name>()?; )*
            Ok(())
        }

        /// The fields of every view class and their Python types, for the stub generator
        /// (`python/scripts/stubs.py`): `[(class, [(attribute, type), ...]), ...]`.
        #[pyfunction]
        pub(crate) fn view_fields() -> Vec<(&'static str, Vec<(&'static str, String)>)> {
            vec![$(
                (stringify!($name), vec![$(
                    (views!(@py_name $field $($py)?), type_of(|v: &m::$name| &v.$field)),
                )*]),
            )*]
        }
    };

    (@py_name $field:ident) => { stringify!($field) };
    (@py_name $field:ident $py:literal) => { $py };
}

views! {
    /// The answer of a transcription (`POST /v1/listen`).
    ListenResponse { metadata, results, request_id } {
        /// The transcript of the first channel's best alternative (`None` for a callback
        /// request's answer).
        #[getter]
        fn transcript(&self) -> Option<&str> {
            self.0.get().transcript()
        }
    }

    /// `metadata`: about the request and the audio.
    ListenMetadata {
        transaction_key, request_id, sha256, created, duration, channels, models, model_info,
        summary_info, sentiment_info, topics_info, intents_info, tags, extra, warnings,
    }

    /// A model's name, version and architecture.
    ModelInfo { name, version, arch }

    /// Tokens used by a language-model feature.
    TokenUsage { model_uuid, input_tokens, output_tokens }

    /// A warning about the request.
    Warning { parameter, kind as "type", message }

    /// `results`: the transcripts and analyses.
    ListenResults { channels, utterances, summary, topics, intents, sentiments }

    /// One audio channel's results.
    Channel { alternatives, detected_language, language_confidence, search }

    /// One transcript of a channel.
    Alternative { transcript, confidence, words, paragraphs, entities, summaries, topics, languages }

    /// One word of a transcript.
    Word { word, start, end, confidence, punctuated_word, speaker, speaker_confidence, language }

    /// The transcript laid out in paragraphs.
    Paragraphs { transcript, paragraphs }

    /// One paragraph.
    Paragraph { sentences, speaker, num_words, start, end }

    /// One sentence of a paragraph.
    Sentence { text, start, end }

    /// An entity found in the transcript.
    Entity { label, value, raw_value, confidence, start_word, end_word }

    /// A segment's summary.
    SegmentSummary { summary, start_word, end_word }

    /// A segment's topics.
    SegmentTopics { text, start_word, end_word, topics }

    /// The hits of one search term.
    Search { query, hits }

    /// One place a search term was found.
    SearchHit { confidence, start, end, snippet }

    /// An utterance.
    Utterance { start, end, confidence, channel, transcript, words, speaker, id }

    /// The summary of the whole transcript.
    Summary { result, short }

    /// Topics of the transcript.
    Topics { segments }

    /// A segment of text and its topics.
    TopicSegment { text, start_word, end_word, topics }

    /// A topic.
    Topic { topic, confidence_score }

    /// Intents of the transcript.
    Intents { segments }

    /// A segment of text and its intents.
    IntentSegment { text, start_word, end_word, intents }

    /// An intent.
    Intent { intent, confidence_score }

    /// Sentiments of the transcript.
    Sentiments { segments, average }

    /// A segment of text and its sentiment.
    SentimentSegment { text, start_word, end_word, sentiment, sentiment_score }

    /// The average sentiment.
    SentimentAverage { sentiment, sentiment_score }

    /// A project.
    Project { project_id, name }

    /// The member who created a key.
    Member { member_id, email, first_name, last_name }

    /// A key as listed (never its secret).
    ApiKeyInfo { api_key_id, comment, scopes, tags, created, expiration_date }

    /// A key and the member who created it.
    KeyWithMember { member, api_key }

    /// A newly created key. Its secret (`key`, also `secret`) is a `Secret`: redacted in every
    /// repr, read with `.reveal()`.
    CreatedKey { api_key_id, key, comment, scopes, tags, expiration_date, created } {
        /// The key's secret (the same as `key`).
        #[getter]
        fn secret<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            field(py, &self.0, |v| &v.key)
        }
    }

    /// The answer of a key deletion.
    DeleteKeyResponse { message }

    /// A temporary token for `Authorization: Bearer` on transcription calls.
    GrantedToken { access_token, expires_in }
}
