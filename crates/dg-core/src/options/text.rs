//! Options from `name=value` text, as a command line or a config file gives them. Each value is
//! read by its option's own type, so `tag=2024` stays text while `sample_rate=fast` is refused
//! naming `sample_rate`.

use super::{OptionSet, Spelling, schema};
use crate::error::Error;

/// Reads an option set from `(name, value)` text pairs, then validates it (what each set's
/// `from_text_pairs` does).
pub(super) fn from_text_pairs<T: OptionSet, K, V>(
    pairs: impl IntoIterator<Item = (K, V)>,
) -> Result<T, Error>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut options = T::default();
    for (name, value) in pairs {
        set_text(&mut options, name.as_ref(), value.as_ref())?;
    }
    options.validate()?;
    Ok(options)
}

/// Sets the option `name` (dashes allowed) from one text value.
pub(super) fn set_text<T: OptionSet>(
    options: &mut T,
    name: &str,
    value: &str,
) -> Result<(), Error> {
    let name = name.trim().replace('-', "_");
    if options.accept_text(&name, value)? {
        Ok(())
    } else {
        Err(schema::unknown_name(
            &name,
            T::NAMES,
            Spelling::Snake,
            schema::Fields::Options,
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::error::Error;
    use crate::options::{DetectLanguage, ListenOptions, Model, Redact, Spelling};

    fn parse(pairs: &[(&str, &str)]) -> Result<ListenOptions, Error> {
        ListenOptions::from_text_pairs(pairs.iter().copied())
    }

    fn refusal(pairs: &[(&str, &str)]) -> (Option<String>, String) {
        let err = parse(pairs).unwrap_err();
        let record = err.record();
        (record.option, err.to_string())
    }

    #[test]
    fn each_value_is_read_by_its_options_type() {
        let o = parse(&[
            ("utt_split", "1.5"),
            ("punctuate", "false"),
            ("alternatives", "2"),
            ("tag", "2024"),
            ("version", "2"),
            ("custom_topic", "cats"),
            ("smart-format", "true"),
            ("model", "nova-3"),
            ("keyterm", "a"),
            ("keyterm", "b"),
            ("redact", "pci"),
            ("detect_language", "en"),
            ("detect_language", "es"),
            ("extra_query", "new_thing=a=b"),
        ])
        .unwrap();
        assert_eq!(o.utt_split, Some(1.5));
        assert_eq!(o.punctuate, Some(false));
        assert_eq!(o.alternatives, Some(2));
        assert_eq!(o.tag, ["2024"]);
        assert_eq!(o.version.as_deref(), Some("2"));
        assert_eq!(o.custom_topic, ["cats"]);
        assert_eq!(o.smart_format, Some(true));
        assert_eq!(o.model, Some(Model::Nova3));
        assert_eq!(o.keyterm, ["a", "b"]);
        assert_eq!(o.redact, [Redact::Pci]);
        assert_eq!(
            o.detect_language,
            Some(DetectLanguage::Languages(vec!["en".into(), "es".into()]))
        );
        assert_eq!(o.extra_query, [("new_thing".into(), "a=b".into())]);
        let o = parse(&[("detect_language", "true")]).unwrap();
        assert_eq!(o.detect_language, Some(DetectLanguage::Enabled(true)));
    }

    #[test]
    fn bad_text_names_the_option() {
        let (option, msg) = refusal(&[("sample_rate", "fast")]);
        assert_eq!(option.as_deref(), Some("sample_rate"));
        assert!(
            msg.contains("`sample_rate` is a whole number, not \"fast\""),
            "{msg}"
        );
        let (option, msg) = refusal(&[("punctuate", "1")]);
        assert_eq!(option.as_deref(), Some("punctuate"));
        assert!(msg.contains("true or false"), "{msg}");
        let (_, msg) = refusal(&[("model", "nova-3"), ("model", "nova-2")]);
        assert!(msg.contains("`model` was given more than once"), "{msg}");
        let (_, msg) = refusal(&[("extra_query", "nothing")]);
        assert!(msg.contains("NAME=VALUE"), "{msg}");
        let (_, msg) = refusal(&[("detect_language", "en"), ("detect_language", "true")]);
        assert!(msg.contains("not both"), "{msg}");
    }

    #[test]
    fn an_unknown_name_is_refused_with_a_suggestion() {
        let (option, msg) = refusal(&[("smart_formatt", "true")]);
        assert_eq!(option.as_deref(), Some("smart_formatt"));
        assert!(
            msg.contains("unknown option 'smart_formatt'; did you mean 'smart_format'?"),
            "{msg}"
        );
        let (_, msg) = refusal(&[("colour", "blue")]);
        assert!(
            msg.contains("unknown option 'colour'; the options are: model, version,"),
            "{msg}"
        );
    }

    #[test]
    fn values_are_read_in_a_languages_spelling_naming_the_option_at_fault() {
        let v = serde_json::json!({"smartFormat": true, "keyterm": "x", "model": null});
        let o = ListenOptions::from_value(v, Spelling::Camel).unwrap();
        assert_eq!(
            (o.smart_format, o.keyterm.as_slice()),
            (Some(true), &["x".to_owned()][..])
        );
        let err =
            ListenOptions::from_value(serde_json::json!({"sampleRate": "fast"}), Spelling::Camel)
                .unwrap_err()
                .record_spelled(Spelling::Camel);
        assert_eq!(err.option.as_deref(), Some("sampleRate"));
        assert!(err.message.contains("`sampleRate`"), "{}", err.message);
        let err =
            ListenOptions::from_value(serde_json::json!({"smart_format": 1}), Spelling::Snake)
                .unwrap_err();
        assert_eq!(err.record().option.as_deref(), Some("smart_format"));
    }

    #[test]
    fn an_unknown_name_is_kept_as_written_and_suggested_in_the_callers_spelling() {
        let err =
            ListenOptions::from_value(serde_json::json!({"smart_format": true}), Spelling::Camel)
                .unwrap_err();
        assert_eq!(err.record().option.as_deref(), Some("smart_format"));
        let err = err.record_spelled(Spelling::Camel);
        assert!(
            err.message
                .contains("unknown option 'smart_format'; did you mean 'smartFormat'?"),
            "{}",
            err.message
        );
    }

    #[test]
    fn text_options_are_validated() {
        let (option, msg) = refusal(&[("keyterm", "x")]);
        assert_eq!(option.as_deref(), Some("keyterm"));
        assert!(msg.contains("nova-3"), "{msg}");
    }
}
