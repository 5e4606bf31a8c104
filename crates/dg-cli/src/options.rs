//! Turns the transcription flags into [`ListenOptions`]. The CLI does not list Deepgram's
//! options itself: every flag and `-o KEY=VALUE` becomes an entry of a JSON object that
//! dg-core deserializes, so the core stays the one place that knows the options, their
//! types and their rules.

use std::str::FromStr;

use dg_core::options::OPTION_NAMES;
use dg_core::{Error, ListenOptions};
use serde_json::{Map, Number, Value};

use crate::args::TranscribeArgs;

/// The option that carries query parameters dg has no field for.
const EXTRA_QUERY: &str = "extra_query";

/// The options the flags ask for, or [`Error::InvalidOptions`] naming the offending key.
pub fn listen_options(args: &TranscribeArgs) -> Result<ListenOptions, Error> {
    let mut given = Given::default();
    given.add_opt("model", args.model.as_deref());
    given.add_opt("language", args.language.as_deref());
    given.add_flag("smart_format", args.smart_format);
    given.add_flag("punctuate", args.punctuate);
    given.add_flag("diarize", args.diarize);
    for term in &args.keyterm {
        given.add("keyterm", term);
    }
    for what in &args.redact {
        given.add("redact", what);
    }
    if args.summarize {
        given.add("summarize", "v2");
    }
    for (key, value) in &args.options {
        // Command-line users type dashes (`smart-format`); the options are snake_case.
        given.add(&key.replace('-', "_"), value);
    }
    given.into_options()
}

/// The raw values given for each key, in the order the keys first appeared.
#[derive(Default)]
struct Given(Vec<Entry>);

struct Entry {
    key: String,
    values: Vec<String>,
    /// Numbers and booleans are typed until the option turns out to want text.
    typed: bool,
    /// A key given once is sent as a scalar until the option turns out to want a list.
    list: bool,
    /// The first complaint about this key: later retries only try other readings of the
    /// same text, so the first one is the message that explains the value.
    first_error: Option<String>,
}

impl Given {
    fn add(&mut self, key: &str, value: &str) {
        match self.0.iter_mut().find(|e| e.key == key) {
            Some(entry) => entry.values.push(value.to_owned()),
            None => self.0.push(Entry {
                key: key.to_owned(),
                values: vec![value.to_owned()],
                typed: true,
                list: false,
                first_error: None,
            }),
        }
    }

    fn add_opt(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.add(key, v);
        }
    }

    fn add_flag(&mut self, key: &str, on: bool) {
        if on {
            self.add(key, "true");
        }
    }

    /// Deserializes the options, re-reading a key whose value the core refused: first with
    /// its numbers and booleans as text (`-o tag=2024`, `-o version=2`), then as a one-item
    /// list (`-o custom_topic=x`). Each key changes at most twice, so this ends.
    fn into_options(mut self) -> Result<ListenOptions, Error> {
        for entry in &self.0 {
            known(&entry.key)?;
        }
        loop {
            let object = self.to_object()?;
            let err = match serde_path_to_error::deserialize::<_, ListenOptions>(object) {
                Ok(options) => return Ok(options),
                Err(err) => err,
            };
            let entry = match err.path().iter().next() {
                Some(serde_path_to_error::Segment::Map { key }) => {
                    self.0.iter_mut().find(|e| &e.key == key)
                }
                _ => None,
            };
            // A complaint about no one option: nothing to re-read.
            let Some(entry) = entry else {
                return Err(Error::InvalidOptions(err.into_inner().to_string()));
            };
            let message = err.into_inner().to_string();
            entry.first_error.get_or_insert(message);
            if entry.typed
                && entry
                    .values
                    .iter()
                    .any(|v| !matches!(typed(v), Value::String(_)))
            {
                entry.typed = false;
            } else if !entry.list && entry.key != EXTRA_QUERY {
                entry.list = true;
            } else {
                return Err(Error::InvalidOptions(entry.explain()));
            }
        }
    }

    fn to_object(&self) -> Result<Value, Error> {
        let mut object = Map::new();
        for entry in &self.0 {
            object.insert(entry.key.clone(), entry.value()?);
        }
        Ok(Value::Object(object))
    }
}

impl Entry {
    fn value(&self) -> Result<Value, Error> {
        if self.key == EXTRA_QUERY {
            return self
                .values
                .iter()
                .map(|v| query_pair(v))
                .collect::<Result<_, _>>()
                .map(Value::Array);
        }
        let read = |v: &String| {
            if self.typed {
                typed(v)
            } else {
                Value::String(v.clone())
            }
        };
        Ok(match self.values.as_slice() {
            [one] if !self.list => read(one),
            many => Value::Array(many.iter().map(read).collect()),
        })
    }

    fn explain(&self) -> String {
        let reason = self.first_error.as_deref().unwrap_or("not accepted");
        match self.values.len() {
            1 => format!("`{}`: {reason}", self.key),
            n => format!(
                "`{}` was given {n} times: {reason} (repeat a key only for a list option)",
                self.key
            ),
        }
    }
}

/// Rejects a key that is no option, suggesting the one probably meant.
fn known(key: &str) -> Result<(), Error> {
    if OPTION_NAMES.contains(&key) {
        return Ok(());
    }
    let hint = match OPTION_NAMES
        .iter()
        .map(|name| (edit_distance(key, name), *name))
        .min()
    {
        Some((distance, name)) if distance <= 2 => format!("did you mean `{name}`?"),
        _ => format!("the options are: {}", OPTION_NAMES.join(", ")),
    };
    Err(Error::InvalidOptions(format!(
        "unknown option `{key}`; {hint}"
    )))
}

/// Levenshtein distance (insertions, deletions and substitutions), on chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// `true`/`false` as booleans, JSON numbers as numbers, anything else as text.
fn typed(raw: &str) -> Value {
    match raw {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Number::from_str(raw).map_or_else(|_| Value::String(raw.to_owned()), Value::Number),
    }
}

/// `NAME=VALUE` of `-o extra_query=NAME=VALUE`, as the `[name, value]` pair the core reads.
fn query_pair(raw: &str) -> Result<Value, Error> {
    match raw.split_once('=') {
        Some((name, value)) => Ok(Value::Array(vec![name.into(), value.into()])),
        None => Err(Error::InvalidOptions(format!(
            "`{EXTRA_QUERY}` takes NAME=VALUE (e.g. -o {EXTRA_QUERY}=new_option=true), got {raw:?}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use dg_core::options::{Model, Redact, Summarize};

    fn options(argv: &[&str]) -> Result<ListenOptions, Error> {
        let mut full = vec!["dg", "transcribe", "audio.wav"];
        full.extend_from_slice(argv);
        match crate::args::Cli::try_parse_from(full).unwrap().command {
            crate::args::Command::Transcribe(args) => listen_options(&args),
            other => panic!("{other:?}"),
        }
    }

    fn message(argv: &[&str]) -> String {
        let err = options(argv).unwrap_err();
        assert!(matches!(err, Error::InvalidOptions(_)), "{err:?}");
        err.to_string()
    }

    #[test]
    fn first_class_flags_set_their_options() {
        let o = options(&[
            "--model",
            "nova-3",
            "--language",
            "en",
            "--smart-format",
            "--punctuate",
            "--diarize",
            "--keyterm",
            "a b",
            "--keyterm",
            "c",
            "--redact",
            "pci",
            "--summarize",
        ])
        .unwrap();
        assert_eq!(o.model, Some(Model::Nova3));
        assert_eq!(o.language.as_deref(), Some("en"));
        assert_eq!(
            (o.smart_format, o.punctuate, o.diarize),
            (Some(true), Some(true), Some(true))
        );
        assert_eq!(o.keyterm, ["a b", "c"]);
        assert_eq!(o.redact, [Redact::from("pci")]);
        assert_eq!(o.summarize, Some(Summarize::V2));
        assert_eq!(options(&[]).unwrap(), ListenOptions::default());
    }

    #[test]
    fn generic_options_are_typed_by_what_the_core_expects() {
        let o = options(&[
            "-o",
            "utt_split=1.5",
            "-o",
            "punctuate=false",
            "-o",
            "alternatives=2",
            "-o",
            "tag=2024",
            "-o",
            "version=2",
            "-o",
            "custom_topic=cats",
            "--option",
            "smart-format=true",
        ])
        .unwrap();
        assert_eq!(o.utt_split, Some(1.5));
        assert_eq!(o.punctuate, Some(false));
        assert_eq!(o.alternatives, Some(2));
        assert_eq!(o.tag, ["2024"]);
        assert_eq!(o.version.as_deref(), Some("2"));
        assert_eq!(o.custom_topic, ["cats"]);
        assert_eq!(o.smart_format, Some(true));
    }

    #[test]
    fn repeated_keys_make_lists_and_mix_with_flags() {
        let o = options(&[
            "--keyterm",
            "a",
            "-o",
            "keyterm=b",
            "-o",
            "tag=1",
            "-o",
            "tag=x",
            "-o",
            "detect_language=en",
        ])
        .unwrap();
        assert_eq!(o.keyterm, ["a", "b"]);
        assert_eq!(o.tag, ["1", "x"]);
        assert_eq!(
            o.detect_language,
            Some(dg_core::options::DetectLanguage::Languages(vec![
                "en".into()
            ]))
        );
        let o = options(&["-o", "detect_language=true"]).unwrap();
        assert_eq!(
            o.detect_language,
            Some(dg_core::options::DetectLanguage::Enabled(true))
        );
    }

    #[test]
    fn extra_query_takes_name_value_pairs() {
        let o = options(&[
            "-o",
            "extra_query=new_thing=1",
            "-o",
            "extra_query=other=a=b",
        ])
        .unwrap();
        assert_eq!(
            o.extra_query,
            [
                ("new_thing".into(), "1".into()),
                ("other".into(), "a=b".into())
            ]
        );
        assert!(message(&["-o", "extra_query=nothing"]).contains("NAME=VALUE"));
    }

    #[test]
    fn an_unknown_key_is_named_with_a_suggestion() {
        let msg = message(&["-o", "smart_formatt=true"]);
        assert!(
            msg.contains("unknown option `smart_formatt`; did you mean `smart_format`?"),
            "{msg}"
        );
        let msg = message(&["-o", "colour=blue"]);
        assert!(
            msg.contains("unknown option `colour`; the options are: model, version,"),
            "{msg}"
        );
    }

    #[test]
    fn edit_distance_counts_single_char_edits() {
        assert_eq!(edit_distance("diarize", "diarize"), 0);
        assert_eq!(edit_distance("diarise", "diarize"), 1);
        assert_eq!(edit_distance("keyterms", "keyterm"), 1);
        assert_eq!(edit_distance("", "tag"), 3);
        assert_eq!(edit_distance("utt_spilt", "utt_split"), 2);
    }

    #[test]
    fn a_bad_value_names_its_key_and_the_original_complaint() {
        let msg = message(&["-o", "sample_rate=fast"]);
        assert!(
            msg.contains("`sample_rate`") && msg.contains("fast") && !msg.contains("sequence"),
            "{msg}"
        );
        let msg = message(&["-o", "punctuate=1"]);
        assert!(
            msg.contains("`punctuate`") && msg.contains("integer"),
            "{msg}"
        );
    }

    #[test]
    fn a_single_value_option_given_twice_says_so() {
        let msg = message(&["--model", "nova-3", "-o", "model=nova-2"]);
        assert!(msg.contains("`model` was given 2 times"), "{msg}");
    }
}
