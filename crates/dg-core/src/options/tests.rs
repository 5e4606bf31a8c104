use serde_json::json;

use super::*;

fn from_json(v: serde_json::Value) -> ListenOptions {
    serde_json::from_value(v).expect("valid options JSON")
}

fn pairs(o: &ListenOptions) -> Vec<(String, String)> {
    o.live_query_pairs()
        .expect("valid options")
        .into_iter()
        .map(|(k, v)| (k.into_owned(), v))
        .collect()
}

fn p(k: &str, v: &str) -> (String, String) {
    (k.to_owned(), v.to_owned())
}

/// The message of the `InvalidOptions` error `o.validate()` must give.
fn rejection(o: &ListenOptions) -> String {
    match o.validate() {
        Err(Error::InvalidOptions { message, .. }) => {
            assert!(o.query_pairs().is_err(), "query_pairs must validate too");
            message
        }
        other => panic!("expected InvalidOptions for {o:?}, got {other:?}"),
    }
}

/// One value for every option (valid together), in an order unlike `OPTION_NAMES`.
fn every_option() -> serde_json::Value {
    json!({
        "extra_query": {"future_flag": "on"},
        "mip_opt_out": true,
        "interim_results": true,
        "endpointing": 300,
        "utterance_end_ms": 1000,
        "vad_events": true,
        "no_delay": false,
        "alternatives": 2,
        "channels": 1,
        "sample_rate": 16000,
        "encoding": "linear16",
        "callback_method": "PUT",
        "callback": "https://example.com/hook?x=1",
        "extra": ["team:asr", "run:7"],
        "tag": "t1",
        "replace": ["monika:Monica"],
        "search": ["union", "justice"],
        "keywords": [],
        "keyterm": ["Deepgram", "nova three"],
        "redact": ["pci", "ssn"],
        "summarize": "v2",
        "detect_entities": false,
        "custom_intent_mode": "strict",
        "custom_intent": ["cancel"],
        "intents": true,
        "custom_topic_mode": "extended",
        "custom_topic": "billing",
        "topics": true,
        "sentiment": false,
        "utt_split": 1.5,
        "utterances": true,
        "profanity_filter": false,
        "paragraphs": true,
        "numerals": true,
        "multichannel": false,
        "measurements": true,
        "filler_words": false,
        "dictation": true,
        "diarize_model": "v2",
        "diarize": true,
        "smart_format": true,
        "punctuate": false,
        "detect_language": ["en", "es"],
        "language": "en-US",
        "version": "latest",
        "model": "nova-3-medical",
    })
}

#[test]
fn every_option_is_encoded_in_a_stable_order() {
    let o = from_json(every_option());
    let expected = vec![
        p("model", "nova-3-medical"),
        p("version", "latest"),
        p("language", "en-US"),
        p("detect_language", "en"),
        p("detect_language", "es"),
        p("punctuate", "false"),
        p("smart_format", "true"),
        p("diarize", "true"),
        p("diarize_model", "v2"),
        p("dictation", "true"),
        p("filler_words", "false"),
        p("measurements", "true"),
        p("multichannel", "false"),
        p("numerals", "true"),
        p("paragraphs", "true"),
        p("profanity_filter", "false"),
        p("utterances", "true"),
        p("utt_split", "1.5"),
        p("sentiment", "false"),
        p("topics", "true"),
        p("custom_topic", "billing"),
        p("custom_topic_mode", "extended"),
        p("intents", "true"),
        p("custom_intent", "cancel"),
        p("custom_intent_mode", "strict"),
        p("detect_entities", "false"),
        p("summarize", "v2"),
        p("redact", "pci"),
        p("redact", "ssn"),
        p("keyterm", "Deepgram"),
        p("keyterm", "nova three"),
        p("search", "union"),
        p("search", "justice"),
        p("replace", "monika:Monica"),
        p("tag", "t1"),
        p("extra", "team:asr"),
        p("extra", "run:7"),
        p("callback", "https://example.com/hook?x=1"),
        p("callback_method", "PUT"),
        p("encoding", "linear16"),
        p("sample_rate", "16000"),
        p("channels", "1"),
        p("alternatives", "2"),
        p("mip_opt_out", "true"),
        p("interim_results", "true"),
        p("endpointing", "300"),
        p("utterance_end_ms", "1000"),
        p("vad_events", "true"),
        p("no_delay", "false"),
        p("future_flag", "on"),
    ];
    assert_eq!(pairs(&o), expected);
    // The same options twice give the same query.
    assert_eq!(pairs(&o), pairs(&o.clone()));
}

#[test]
fn query_keys_follow_option_names() {
    // keyterm (nova-3) and keywords (other models) cannot go together: one run for each.
    let with_keyterm = from_json(every_option());
    let mut with_keywords = with_keyterm.clone();
    with_keywords.model = Some(Model::Nova2);
    with_keywords.keyterm.clear();
    with_keywords.keywords = vec!["snuffleupagus:5".into()];
    for (o, left_out) in [(with_keyterm, "keywords"), (with_keywords, "keyterm")] {
        let mut keys: Vec<String> = pairs(&o).into_iter().map(|(k, _)| k).collect();
        keys.dedup();
        assert_eq!(
            keys.pop().as_deref(),
            Some("future_flag"),
            "extra_query comes last"
        );
        let names: Vec<&str> = OPTION_NAMES
            .iter()
            .copied()
            .filter(|n| *n != "extra_query" && *n != left_out)
            .collect();
        assert_eq!(keys, names);
    }
}

#[test]
fn the_test_options_cover_every_name() {
    let v = every_option();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut names = OPTION_NAMES.to_vec();
    keys.sort_unstable();
    names.sort_unstable();
    assert_eq!(keys, names);
}

#[test]
fn option_names_match_the_struct_fields_in_order() {
    // serde lists the struct's fields, in declaration order, when it rejects a field.
    let err = serde_json::from_value::<ListenOptions>(json!({"no_such_option": 1}))
        .unwrap_err()
        .to_string();
    let listed = err.split("expected one of ").nth(1).expect(&err);
    let fields: Vec<&str> = listed
        .split(", ")
        .map(|f| f.trim().trim_matches('`'))
        .collect();
    assert_eq!(fields, OPTION_NAMES);
}

#[test]
fn defaults_send_nothing() {
    assert!(pairs(&ListenOptions::default()).is_empty());
}

#[test]
fn struct_literal_and_booleans() {
    let o = ListenOptions {
        smart_format: Some(true),
        punctuate: Some(false),
        ..Default::default()
    };
    assert_eq!(
        pairs(&o),
        vec![p("punctuate", "false"), p("smart_format", "true")]
    );
}

#[test]
fn detect_language_as_flag_or_languages() {
    for (value, expected) in [
        (
            DetectLanguage::Enabled(true),
            vec![p("detect_language", "true")],
        ),
        (
            DetectLanguage::Enabled(false),
            vec![p("detect_language", "false")],
        ),
        (
            DetectLanguage::Languages(vec!["fr".into(), "de".into()]),
            vec![p("detect_language", "fr"), p("detect_language", "de")],
        ),
    ] {
        let o = ListenOptions {
            detect_language: Some(value),
            ..Default::default()
        };
        assert_eq!(pairs(&o), expected);
    }
}

#[test]
fn numbers_are_written_plainly() {
    let o = ListenOptions {
        utt_split: Some(0.8),
        alternatives: Some(3),
        ..Default::default()
    };
    assert_eq!(
        pairs(&o),
        vec![p("utt_split", "0.8"), p("alternatives", "3")]
    );
    let o = ListenOptions {
        utt_split: Some(2.0),
        ..Default::default()
    };
    assert_eq!(pairs(&o), vec![p("utt_split", "2")]);
}

#[test]
fn values_are_not_percent_encoded_here() {
    let o = ListenOptions {
        model: Some(Model::Nova3),
        keyterm: vec!["a&b=c d".into()],
        ..Default::default()
    };
    assert_eq!(
        pairs(&o),
        vec![p("model", "nova-3"), p("keyterm", "a&b=c d")]
    );
}

#[test]
fn enums_parse_known_values_and_keep_others() {
    assert_eq!("nova-3".parse::<Model>().unwrap(), Model::Nova3);
    assert_eq!(
        "my-custom-model".parse::<Model>().unwrap(),
        Model::Custom("my-custom-model".into())
    );
    assert_eq!(Redact::from("pii"), Redact::Pii);
    assert_eq!(Redact::from("ssn".to_owned()), Redact::Custom("ssn".into()));
    assert_eq!(Encoding::from("amr-nb"), Encoding::AmrNb);
    assert_eq!(CallbackMethod::from("PUT"), CallbackMethod::Put);
    assert_eq!(CustomMode::from("strict"), CustomMode::Strict);
    assert_eq!(DiarizeModel::from("latest"), DiarizeModel::Latest);
    assert_eq!(Summarize::from("v2"), Summarize::V2);
    assert_eq!(Model::Custom("x-1".into()).to_string(), "x-1");
    fn round_trips<T: From<&'static str> + std::fmt::Display + std::fmt::Debug>(
        known: &[&'static str],
    ) {
        for s in known {
            let v = T::from(s);
            assert_eq!(v.to_string(), *s);
            assert!(
                !format!("{v:?}").starts_with("Custom"),
                "{s} parsed as {v:?}"
            );
        }
    }
    round_trips::<Model>(Model::KNOWN);
    round_trips::<Encoding>(Encoding::KNOWN);
    round_trips::<Redact>(Redact::KNOWN);
    round_trips::<Summarize>(Summarize::KNOWN);
    round_trips::<CallbackMethod>(CallbackMethod::KNOWN);
    round_trips::<CustomMode>(CustomMode::KNOWN);
    round_trips::<DiarizeModel>(DiarizeModel::KNOWN);
}

#[test]
fn model_families() {
    assert!(Model::Nova3.is_nova3() && Model::Nova3Medical.is_nova3());
    assert!(Model::Custom("nova-3-finance".into()).is_nova3());
    assert!(!Model::Nova2.is_nova3() && !Model::Nova.is_nova3());
    assert!(Model::Nova3General.supports_keyterm());
    assert!(Model::Custom("nova-3-finance".into()).supports_keyterm());
    assert!(Model::Custom("a1b2c3-custom-trained".into()).supports_keyterm());
    for older in [
        Model::Nova2,
        Model::NovaGeneral,
        Model::Enhanced,
        Model::Base,
        Model::Meeting,
    ] {
        assert!(!older.supports_keyterm(), "{older}");
    }
    for name in ["nova-2-ea", "enhanced-x", "base-y", "whisper-large"] {
        assert!(!Model::from(name).supports_keyterm(), "{name}");
    }
}

// ---- deserialization -------------------------------------------------------------------

#[test]
fn lists_accept_one_string_or_null() {
    let o = from_json(json!({
        "model": "nova-3",
        "redact": "pci",
        "keyterm": "Deepgram",
        "search": null,
        "tag": ["a", "b"],
    }));
    assert_eq!(o.redact, vec![Redact::Pci]);
    assert_eq!(o.keyterm, vec!["Deepgram"]);
    assert!(o.search.is_empty());
    assert_eq!(o.tag, vec!["a", "b"]);
}

#[test]
fn null_scalars_are_unset() {
    let o = from_json(json!({"model": null, "smart_format": null, "extra_query": null}));
    assert_eq!(o, ListenOptions::default());
}

#[test]
fn detect_language_deserializes_from_bool_string_or_list() {
    assert_eq!(
        from_json(json!({"detect_language": true})).detect_language,
        Some(DetectLanguage::Enabled(true))
    );
    assert_eq!(
        from_json(json!({"detect_language": "en"})).detect_language,
        Some(DetectLanguage::Languages(vec!["en".into()]))
    );
    assert_eq!(
        from_json(json!({"detect_language": ["en", "fr"]})).detect_language,
        Some(DetectLanguage::Languages(vec!["en".into(), "fr".into()]))
    );
    assert!(serde_json::from_value::<ListenOptions>(json!({"detect_language": 1})).is_err());
}

#[test]
fn extra_query_from_a_map_or_pairs() {
    let o = from_json(json!({"extra_query": {"a": "x", "n": 2, "f": 0.5, "b": false}}));
    let mut got = o.extra_query.clone();
    got.sort();
    assert_eq!(
        got,
        vec![p("a", "x"), p("b", "false"), p("f", "0.5"), p("n", "2")]
    );
    let o = from_json(json!({"extra_query": [["k", "1"], ["k", 2]]}));
    assert_eq!(o.extra_query, vec![p("k", "1"), p("k", "2")]);
    assert!(serde_json::from_value::<ListenOptions>(json!({"extra_query": [["k"]]})).is_err());
    assert!(serde_json::from_value::<ListenOptions>(json!({"extra_query": {"k": [1]}})).is_err());
}

#[test]
fn a_typo_is_rejected_with_its_name_and_the_valid_ones() {
    let err = serde_json::from_value::<ListenOptions>(json!({"smart_formt": true}))
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `smart_formt`"), "{err}");
    assert!(err.contains("`smart_format`"), "{err}");
}

#[test]
fn wrong_types_are_rejected() {
    for bad in [
        json!({"smart_format": "yes"}),
        json!({"sample_rate": -1}),
        json!({"sample_rate": "8000"}),
        json!({"utt_split": "fast"}),
        json!({"keyterm": [1, 2]}),
        json!({"model": 3}),
    ] {
        assert!(
            serde_json::from_value::<ListenOptions>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}

// ---- validation ----------------------------------------------------------------------

#[test]
fn keyterm_needs_nova3() {
    let mut o = ListenOptions {
        keyterm: vec!["Deepgram".into()],
        ..Default::default()
    };
    let unset = rejection(&o);
    assert!(
        unset.contains("keyterm") && unset.contains("base-general"),
        "{unset}"
    );
    o.model = Some(Model::Nova2);
    let msg = rejection(&o);
    assert!(msg.contains("keyterm") && msg.contains("nova-2"), "{msg}");
    for ok in [
        Model::Nova3,
        Model::Nova3Medical,
        Model::Custom("nova-3-x".into()),
    ] {
        o.model = Some(ok);
        assert!(o.validate().is_ok());
    }
}

#[test]
fn keywords_are_not_for_nova3() {
    let mut o = ListenOptions {
        model: Some(Model::Nova3),
        keywords: vec!["word:2".into()],
        ..Default::default()
    };
    let msg = rejection(&o);
    assert!(msg.contains("keywords") && msg.contains("keyterm"), "{msg}");
    o.model = Some(Model::Nova2);
    assert!(o.validate().is_ok());
    o.model = None;
    assert!(o.validate().is_ok(), "the default model takes keywords");
}

#[test]
fn keyword_intensifiers_are_numbers() {
    let mut o = ListenOptions {
        keywords: vec![
            "plain".into(),
            "boost:1.5".into(),
            "cut:-3".into(),
            "a:b:2".into(),
        ],
        ..Default::default()
    };
    assert!(o.validate().is_ok());
    for bad in ["word:high", "word:", ":2", "word:inf", "word:NaN"] {
        o.keywords = vec![bad.into()];
        let msg = rejection(&o);
        assert!(msg.contains("keywords") && msg.contains(bad), "{msg}");
    }
}

#[test]
fn callback_rules() {
    let mut o = ListenOptions {
        callback_method: Some(CallbackMethod::Put),
        ..Default::default()
    };
    let msg = rejection(&o);
    assert!(
        msg.contains("callback_method") && msg.contains("callback"),
        "{msg}"
    );
    o.callback = Some("https://example.com/cb".into());
    assert!(o.validate().is_ok());
    o.callback = Some("http://127.0.0.1:8080/cb".into());
    assert!(o.validate().is_ok());
    for bad in [
        "example.com/cb",
        "ftp://example.com/cb",
        "https://",
        "not a url",
    ] {
        o.callback = Some(bad.into());
        let msg = rejection(&o);
        assert!(msg.contains("`callback`"), "{msg}");
    }
}

#[test]
fn replace_and_extra_are_pairs() {
    let mut o = ListenOptions {
        replace: vec!["monika:Monica".into()],
        extra: vec!["k:v".into(), "url:http://x".into()],
        ..Default::default()
    };
    assert!(o.validate().is_ok());
    for bad in ["monika", "monika:", ":Monica"] {
        o.replace = vec![bad.into()];
        let msg = rejection(&o);
        assert!(
            msg.contains("replace") && msg.contains("find:replacement"),
            "{msg}"
        );
    }
    o.replace.clear();
    o.extra = vec!["novalue".into()];
    let msg = rejection(&o);
    assert!(msg.contains("extra") && msg.contains("key:value"), "{msg}");
}

#[test]
fn encoding_needs_a_sample_rate() {
    let mut o = ListenOptions {
        encoding: Some(Encoding::Linear16),
        ..Default::default()
    };
    let msg = rejection(&o);
    assert!(
        msg.contains("encoding") && msg.contains("sample_rate"),
        "{msg}"
    );
    o.sample_rate = Some(16000);
    assert!(o.validate().is_ok());
    o.encoding = Some(Encoding::AmrNb);
    let msg = rejection(&o);
    assert!(msg.contains("8000"), "{msg}");
    o.sample_rate = Some(8000);
    assert!(o.validate().is_ok());
    o.encoding = Some(Encoding::AmrWb);
    assert!(rejection(&o).contains("16000"));
    // A sample rate alone is harmless (the API ignores it for containers).
    let o = ListenOptions {
        sample_rate: Some(44100),
        ..Default::default()
    };
    assert!(o.validate().is_ok());
}

#[test]
fn counts_are_positive() {
    for field in ["alternatives", "channels", "sample_rate"] {
        let o = from_json(json!({ field: 0 }));
        let msg = rejection(&o);
        assert!(msg.contains(field), "{msg}");
        assert!(from_json(json!({ field: 1 })).validate().is_ok());
    }
}

#[test]
fn utt_split_is_a_non_negative_number() {
    for bad in [-0.1, f64::NAN, f64::INFINITY] {
        let o = ListenOptions {
            utt_split: Some(bad),
            ..Default::default()
        };
        assert!(rejection(&o).contains("utt_split"));
    }
    for ok in [0.0, 0.8, 3.0] {
        let o = ListenOptions {
            utt_split: Some(ok),
            ..Default::default()
        };
        assert!(o.validate().is_ok());
    }
}

#[test]
fn blank_values_and_entries_are_rejected() {
    for (field, value) in [
        ("tag", json!(["ok", ""])),
        ("search", json!([" "])),
        ("keyterm", json!([""])),
        ("custom_topic", json!([""])),
        ("custom_intent", json!([""])),
        ("redact", json!([""])),
        ("keywords", json!([""])),
        ("replace", json!([""])),
        ("extra", json!([""])),
        ("detect_language", json!(["en", ""])),
        ("language", json!("")),
        ("model", json!("")),
        ("version", json!(" ")),
        ("callback", json!("")),
        ("encoding", json!("")),
    ] {
        let o = from_json(
            json!({ field: value, "model": if field == "model" { json!("") } else { json!("nova-3") } }),
        );
        let msg = rejection(&o);
        assert!(msg.contains(field), "{field}: {msg}");
    }
    let o = ListenOptions {
        detect_language: Some(DetectLanguage::Languages(vec![])),
        ..Default::default()
    };
    assert!(rejection(&o).contains("detect_language"));
}

#[test]
fn custom_topics_are_capped_at_100() {
    let mut o = ListenOptions {
        custom_topic: (0..100).map(|i| format!("t{i}")).collect(),
        ..Default::default()
    };
    assert!(o.validate().is_ok());
    o.custom_topic.push("one too many".into());
    assert!(rejection(&o).contains("custom_topic"));
}

#[test]
fn extra_query_cannot_shadow_a_typed_option() {
    let mut o = ListenOptions {
        extra_query: vec![p("smart_format", "true")],
        ..Default::default()
    };
    let msg = rejection(&o);
    assert!(
        msg.contains("extra_query") && msg.contains("set `smart_format`"),
        "{msg}"
    );
    o.extra_query = vec![p("", "x")];
    assert!(rejection(&o).contains("empty key"));
    o.extra_query = vec![p("brand_new_option", "x")];
    assert_eq!(pairs(&o), vec![p("brand_new_option", "x")]);
}

#[test]
fn a_transcription_refuses_live_only_options() {
    for name in [
        "interim_results",
        "endpointing",
        "utterance_end_ms",
        "vad_events",
        "no_delay",
    ] {
        let value = if name.ends_with("_ms") || name == "endpointing" {
            json!(10)
        } else {
            json!(true)
        };
        let o = from_json(json!({ name: value }));
        let err = o.query_pairs().unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidOptions);
        assert_eq!(err.record().option.as_deref(), Some(name));
        assert!(err.to_string().contains("live streaming only"), "{err}");
        assert!(o.live_query_pairs().is_ok(), "{name}");
    }
    let spec = |n: &str| LISTEN_OPTIONS.iter().find(|o| o.name == n).unwrap();
    assert!(spec("interim_results").live_only && !spec("smart_format").live_only);
}
