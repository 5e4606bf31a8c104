//! Turns the transcription flags into [`ListenOptions`]. The CLI does not know Deepgram's
//! options: every flag and `-o KEY=VALUE` becomes a `(name, text)` pair that dg-core's
//! [`ListenOptions::from_text_pairs`] reads by each option's own type and validates, so the core
//! stays the one place that knows the options, their types and their rules.

use dg_core::{Error, FluxOptions, ListenOptions};

use crate::args::OptionFlags;

/// The options the flags ask for, or [`Error::InvalidOptions`] naming the offending key.
pub fn listen_options(args: &OptionFlags) -> Result<ListenOptions, Error> {
    with_pairs(args, &[])
}

/// The options the flags and `more` pairs (a command's own flags, e.g. `dg listen
/// --interim`) ask for.
pub fn with_pairs(args: &OptionFlags, more: &[(&str, &str)]) -> Result<ListenOptions, Error> {
    ListenOptions::from_text_pairs(pairs(args, more))
}

/// The Flux options (`dg listen --flux`) the flags and `more` pairs ask for; a flag Flux has
/// no option for (`--smart-format`) is refused by the core as an unknown option.
pub fn flux_options(args: &OptionFlags, more: &[(&str, &str)]) -> Result<FluxOptions, Error> {
    FluxOptions::from_text_pairs(pairs(args, more))
}

fn pairs<'a>(args: &'a OptionFlags, more: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut pairs: Vec<(&str, &str)> = more.to_vec();
    let flag = |on: bool| on.then_some("true");
    for (name, value) in [
        ("model", args.model.as_deref()),
        ("language", args.language.as_deref()),
        ("smart_format", flag(args.smart_format)),
        ("punctuate", flag(args.punctuate)),
        ("diarize", flag(args.diarize)),
        ("summarize", args.summarize.then_some("v2")),
    ] {
        pairs.extend(value.map(|v| (name, v)));
    }
    pairs.extend(args.keyterm.iter().map(|t| ("keyterm", t.as_str())));
    pairs.extend(args.redact.iter().map(|r| ("redact", r.as_str())));
    pairs.extend(args.options.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    pairs
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
            crate::args::Command::Transcribe(args) => listen_options(&args.flags),
            other => panic!("{other:?}"),
        }
    }

    fn message(argv: &[&str]) -> String {
        let err = options(argv).unwrap_err();
        assert!(matches!(err, Error::InvalidOptions { .. }), "{err:?}");
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
    fn repeated_keys_make_lists_and_mix_with_flags() {
        let o = options(&[
            "--model",
            "nova-3",
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
            msg.contains("unknown option 'smart_formatt'; did you mean 'smart_format'?"),
            "{msg}"
        );
        let msg = message(&["-o", "colour=blue"]);
        assert!(
            msg.contains("unknown option 'colour'; the options are: model, version,"),
            "{msg}"
        );
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
            msg.contains("`punctuate`") && msg.contains("true or false"),
            "{msg}"
        );
    }

    #[test]
    fn a_single_value_option_given_twice_says_so() {
        let msg = message(&["--model", "nova-3", "-o", "model=nova-2"]);
        assert!(msg.contains("`model` was given more than once"), "{msg}");
    }
}
