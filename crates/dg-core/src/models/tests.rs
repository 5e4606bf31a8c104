use serde_json::{Value, json};

use super::*;

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(v: &Value) -> T {
    let parsed: T = serde_json::from_value(v.clone()).expect("parses");
    assert_eq!(
        &serde_json::to_value(&parsed).unwrap(),
        v,
        "written back unchanged"
    );
    parsed
}

/// A response with every documented field, and unknown ones at each level.
fn everything() -> Value {
    let word = |w: &str, start: f64| {
        json!({"word": w, "start": start, "end": start + 0.5, "confidence": 0.9,
               "punctuated_word": w.to_uppercase(), "speaker": 1, "speaker_confidence": 0.75,
               "language": "en", "future_word_field": [1, 2]})
    };
    json!({
        "metadata": {
            "transaction_key": "deprecated", "request_id": "r-1", "sha256": "ab",
            "created": "2025-08-11T21:38:53.244Z", "duration": 1.5, "channels": 1,
            "models": ["m-1"],
            "model_info": {"m-1": {"name": "general-nova-3", "version": "v", "arch": "nova-3", "size": 3}},
            "summary_info": {"model_uuid": "s", "input_tokens": 10, "output_tokens": 5},
            "sentiment_info": {"model_uuid": "s", "input_tokens": 1, "output_tokens": 2},
            "topics_info": {"model_uuid": "t", "input_tokens": 1, "output_tokens": 2},
            "intents_info": {"model_uuid": "i", "input_tokens": 1, "output_tokens": 2},
            "tags": ["t1"], "extra": {"team": "asr"},
            "warnings": [{"parameter": "keywords", "type": "unsupported_model", "message": "m"}],
            "future_meta": true
        },
        "results": {
            "channels": [{
                "alternatives": [{
                    "transcript": "HI THERE", "confidence": 0.9,
                    "words": [word("hi", 0.0), word("there", 0.5)],
                    "paragraphs": {"transcript": "\nHI THERE", "paragraphs": [{
                        "sentences": [{"text": "HI THERE", "start": 0.0, "end": 1.0, "x": 1}],
                        "speaker": 1, "num_words": 2, "start": 0.0, "end": 1.0}]},
                    "entities": [{"label": "NAME", "value": "There", "raw_value": "there",
                                  "confidence": 0.5, "start_word": 1, "end_word": 2}],
                    "summaries": [{"summary": "greeting", "start_word": 0, "end_word": 2}],
                    "topics": [{"text": "hi there", "start_word": 0, "end_word": 2,
                                "topics": [{"topic": "greeting", "confidence": 0.5}]}],
                    "languages": ["en"]
                }],
                "detected_language": "en", "language_confidence": 0.99,
                "search": [{"query": "hi", "hits": [{"confidence": 1.0, "start": 0.0, "end": 0.5, "snippet": "hi"}]}]
            }],
            "utterances": [{"start": 0.0, "end": 1.0, "confidence": 0.9, "channel": 0,
                            "transcript": "HI THERE", "words": [word("hi", 0.0)], "speaker": 1,
                            "id": "u-1"}],
            "summary": {"result": "success", "short": "A greeting."},
            "topics": {"segments": [{"text": "hi there", "start_word": 0, "end_word": 2,
                                     "topics": [{"topic": "greeting", "confidence_score": 0.5}]}]},
            "intents": {"segments": [{"text": "hi there", "start_word": 0, "end_word": 2,
                                      "intents": [{"intent": "greet", "confidence_score": 0.75}]}]},
            "sentiments": {"segments": [{"text": "hi there", "start_word": 0, "end_word": 2,
                                         "sentiment": "positive", "sentiment_score": 0.5}],
                           "average": {"sentiment": "positive", "sentiment_score": 0.5}}
        },
        "future_top": {"nested": [null]}
    })
}

#[test]
fn every_documented_field_is_typed_and_written_back() {
    let r: ListenResponse = round_trip(&everything());
    assert_eq!(r.transcript(), Some("HI THERE"));
    assert_eq!(r.request_id(), Some("r-1"));
    assert_eq!(r.duration(), Some(1.5));
    let w = &r.words()[1];
    assert_eq!(
        (
            w.word.as_str(),
            w.start,
            w.punctuated_word.as_deref(),
            w.speaker,
            w.speaker_confidence
        ),
        ("there", 0.5, Some("THERE"), Some(1), Some(0.75))
    );
    assert_eq!(w.language.as_deref(), Some("en"));
    assert_eq!(w.other["future_word_field"], json!([1, 2]));
    let m = &r.metadata;
    assert_eq!(m.model_info["m-1"].arch, "nova-3");
    assert_eq!(m.model_info["m-1"].other["size"], 3);
    assert_eq!(m.summary_info.as_ref().unwrap().input_tokens, Some(10));
    assert_eq!(m.warnings[0].kind.as_deref(), Some("unsupported_model"));
    assert_eq!(m.extra["team"], "asr");
    assert_eq!(m.other["future_meta"], true);
    let res = &r.results;
    let ch = &res.channels[0];
    assert_eq!(ch.detected_language.as_deref(), Some("en"));
    assert_eq!(ch.search[0].hits[0].snippet.as_deref(), Some("hi"));
    let alt = &ch.alternatives[0];
    assert_eq!(
        alt.paragraphs.as_ref().unwrap().paragraphs[0].num_words,
        Some(2)
    );
    assert_eq!(alt.entities[0].end_word, Some(2));
    assert_eq!(alt.summaries[0].summary.as_deref(), Some("greeting"));
    assert_eq!(res.utterances[0].id.as_deref(), Some("u-1"));
    assert_eq!(
        res.summary.as_ref().unwrap().short.as_deref(),
        Some("A greeting.")
    );
    assert_eq!(
        res.topics.as_ref().unwrap().segments[0].topics[0]
            .topic
            .as_deref(),
        Some("greeting")
    );
    assert_eq!(
        res.intents.as_ref().unwrap().segments[0].intents[0].confidence_score,
        Some(0.75)
    );
    assert_eq!(
        res.sentiments
            .as_ref()
            .unwrap()
            .average
            .as_ref()
            .unwrap()
            .sentiment
            .as_deref(),
        Some("positive")
    );
    assert_eq!(r.other["future_top"], json!({"nested": [null]}));
}

#[test]
fn missing_fields_are_none_or_empty() {
    let r = parse_listen(br#"{"metadata": {}, "results": {"channels": [{"alternatives": [{}]}]}}"#)
        .unwrap();
    assert_eq!(r.transcript(), Some(""));
    assert!(r.words().is_empty());
    assert_eq!(r.duration(), None);
    assert_eq!(r.request_id(), None);
    let m = &r.metadata;
    assert!(m.models.is_empty() && m.model_info.is_empty() && m.summary_info.is_none());
    let w: Word = serde_json::from_str(r#"{"word": "x"}"#).unwrap();
    assert_eq!((w.start, w.punctuated_word, w.speaker), (0.0, None, None));
    let empty = parse_listen(b"{}").unwrap();
    assert_eq!(empty, ListenResponse::default());
    assert_eq!(empty.transcript(), None);
    assert!(empty.words().is_empty());
}

#[test]
fn empty_core_lists_are_written_back() {
    round_trip::<ListenResponse>(&json!({
        "results": {"channels": [{"alternatives": [{"transcript": "", "confidence": 0.0, "words": []}]}]}
    }));
}

#[test]
fn callback_answer_has_only_a_request_id() {
    let r: ListenResponse = round_trip(&json!({"request_id": "cb-1"}));
    assert_eq!(r.request_id(), Some("cb-1"));
    assert_eq!(r.metadata, ListenMetadata::default());
    assert!(r.results.channels.is_empty());
    assert_eq!(r.transcript(), None);
}

#[test]
fn wrong_types_fail() {
    for bad in [
        &br#"[]"#[..],
        br#"{"results": {"channels": {}}}"#,
        br#"{"results": {"channels": [{"alternatives": [{"words": [{"start": "0.5"}]}]}]}}"#,
        br#"{"metadata": {"duration": "long"}}"#,
        br#"{"results": {"channels": [{"alternatives": [{"words": [{"speaker": -1}]}]}]}}"#,
    ] {
        let err = parse_listen(bad).expect_err(std::str::from_utf8(bad).unwrap());
        assert!(err.is_data(), "{err}");
    }
    let err = parse_listen(b"{\"request_id\": \"\xff\"}")
        .unwrap_err()
        .to_string();
    assert!(err.contains("utf-8"), "{err}");
    let err = parse_listen(br#"{"results": 3}"#).unwrap_err().to_string();
    assert!(err.contains("ListenResults"), "{err}");
}

#[test]
fn projects_keep_unknown_fields() {
    let list: ProjectList = round_trip(&json!({"projects": [
        {"project_id": "p1", "name": "One", "company": "Co"}, {"project_id": "p2", "name": "Two"}
    ]}));
    assert_eq!(list.projects[1].project_id, "p2");
    assert_eq!(list.projects[0].other["company"], "Co");
}

fn member() -> Value {
    json!({"member_id": "m1", "email": "a@b.c", "first_name": "Ada"})
}

fn api_key() -> Value {
    json!({"api_key_id": "k1", "comment": "ci", "scopes": ["member"], "tags": ["x"],
           "created": "2025-01-01T00:00:00Z", "expiration_date": "2030-01-01T00:00:00Z"})
}

#[test]
fn a_key_reads_from_both_shapes() {
    let flat: KeyWithMember = round_trip(&json!({"member": member(), "api_key": api_key()}));
    let mut nested_member = member();
    nested_member["api_key"] = api_key();
    let nested: KeyWithMember =
        serde_json::from_value(json!({"item": {"member": nested_member}})).unwrap();
    assert_eq!(flat, nested);
    assert_eq!(nested.member.first_name.as_deref(), Some("Ada"));
    assert_eq!(nested.api_key.scopes, vec!["member"]);
    assert_eq!(
        nested.api_key.expiration_date.as_deref(),
        Some("2030-01-01T00:00:00Z")
    );
    assert!(nested.member.other.is_empty() && nested.other.is_empty());
    // Unknown fields at every level of the nested shape are kept.
    let mut m = member();
    m["api_key"] = api_key();
    m["role"] = json!("owner");
    let k: KeyWithMember =
        serde_json::from_value(json!({"item": {"member": m, "i": 1}, "t": 2})).unwrap();
    assert_eq!(
        (
            k.member.other["role"].clone(),
            k.other["i"].clone(),
            k.other["t"].clone()
        ),
        (json!("owner"), json!(1), json!(2))
    );
}

#[test]
fn key_list() {
    let list: KeyList =
        round_trip(&json!({"api_keys": [{"member": member(), "api_key": api_key()}]}));
    assert_eq!(list.api_keys[0].api_key.api_key_id, "k1");
    let empty: KeyList = round_trip(&json!({"api_keys": []}));
    assert!(empty.api_keys.is_empty());
}

#[test]
fn a_created_key_keeps_its_secret_out_of_debug() {
    let secret = "0123456789abcdef0123456789abcdef01234567";
    let v = json!({"api_key_id": "k1", "key": secret, "comment": "ci", "scopes": ["member"],
                   "created": "2025-01-01T00:00:00Z"});
    let k: CreatedKey = round_trip(&v);
    assert_eq!(k.key.expose(), secret);
    assert!(!format!("{k:?}").contains(secret));
    assert!(!format!("{k:#?}").contains("0123456789"));
    let err = serde_json::from_value::<CreatedKey>(json!({"api_key_id": "k1", "comment": "ci"}))
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing field `key`"), "{err}");
}

#[test]
fn granted_token() {
    let t: GrantedToken =
        round_trip(&json!({"access_token": "eyJ.secret.jwt", "expires_in": 30.0}));
    assert_eq!(t.access_token.expose(), "eyJ.secret.jwt");
    assert_eq!(t.expires_in, Some(30.0));
    assert!(!format!("{t:?}").contains("secret"));
    assert!(serde_json::from_value::<GrantedToken>(json!({"expires_in": 30})).is_err());
}

#[test]
fn delete_answer() {
    let d: DeleteKeyResponse = round_trip(&json!({"message": "API key deleted"}));
    assert_eq!(d.message, "API key deleted");
}

#[cfg(target_pointer_width = "64")]
#[test]
fn a_word_stays_small() {
    // The words of a 200,000-word answer then fit in 32 MiB (262,144 slots), glibc's largest
    // mmap threshold: a bigger array is mapped and unmapped, page by page, on every parse.
    assert!(
        std::mem::size_of::<Word>() <= 112,
        "{}",
        std::mem::size_of::<Word>()
    );
}

/// An absent scalar stays absent: written back without it, never with an invented `0`.
#[test]
fn token_usage_with_only_a_model_uuid_round_trips() {
    let v = json!({"metadata": {"request_id": "r", "summary_info": {"model_uuid": "m"}},
                   "results": {"channels": [{"alternatives": []}]}});
    let r: ListenResponse = round_trip(&v);
    let usage = r.metadata.summary_info.as_ref().unwrap();
    assert_eq!(usage.model_uuid.as_deref(), Some("m"));
    assert_eq!((usage.input_tokens, usage.output_tokens), (None, None));
    assert!(usage.has("model_uuid") && !usage.has("input_tokens"));
}

/// An always-sent field (a plain type in Rust) that is missing reads as the default but is
/// not written back.
#[test]
fn a_word_without_confidence_round_trips() {
    let w: Word = round_trip(&json!({"word": "hi", "start": 0.5, "end": 1.0}));
    assert_eq!(w.confidence, 0.0);
    assert!(!w.has("confidence") && w.has("word") && w.has("start"));
    assert!(w.other.is_empty());
    // A word with every always-sent field allocates nothing for them.
    let full: Word =
        round_trip(&json!({"word": "hi", "start": 0.5, "end": 1.0, "confidence": 0.0}));
    assert!(full.has("confidence") && full != w);
    round_trip::<Word>(&json!({}));
    round_trip::<Word>(&json!({"start": 1.0, "x": [1]}));
    round_trip::<Alternative>(&json!({"words": [{"word": "a"}]}));
    round_trip::<ListenResponse>(&json!({
        "results": {"channels": [{"alternatives": [{"confidence": 0.5, "words": []}]}]}
    }));
    round_trip::<StreamingResult>(&json!({"channel": {"alternatives": []}}));
    round_trip::<ModelInfo>(&json!({"name": "n"}));
    round_trip::<Project>(&json!({"project_id": "p"}));
    round_trip::<DeleteKeyResponse>(&json!({}));
}

/// Every scalar of the optional kind round-trips when absent, one at a time.
#[test]
fn each_absent_field_stays_absent() {
    let full = everything();
    fn strip(v: &Value, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, Value)>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let mut without = map.clone();
                    without.remove(k);
                    out.push((path.clone(), Value::Object(without)));
                    path.push(k.clone());
                    strip(child, path, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    path.push(i.to_string());
                    strip(child, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut variants = Vec::new();
    strip(&full, &mut Vec::new(), &mut variants);
    assert!(variants.len() > 100);
    for (path, replacement) in variants {
        let mut v = full.clone();
        let mut node = &mut v;
        for key in &path {
            node = match key.parse::<usize>() {
                Ok(i) if node.is_array() => &mut node[i],
                _ => &mut node[key.as_str()],
            };
        }
        *node = replacement;
        let parsed: ListenResponse = serde_json::from_value(v.clone()).expect("parses");
        let back = serde_json::to_value(&parsed).unwrap();
        // Lists and maps left empty by the removal are left out; nothing else may change.
        fn prune(v: &Value) -> Value {
            match v {
                Value::Object(map) => Value::Object(
                    map.iter()
                        .map(|(k, x)| (k.clone(), prune(x)))
                        .filter(|(_, x)| !x.as_object().is_some_and(|m| m.is_empty()))
                        .filter(|(_, x)| !x.as_array().is_some_and(|a| a.is_empty()))
                        .collect(),
                ),
                Value::Array(items) => Value::Array(items.iter().map(prune).collect()),
                _ => v.clone(),
            }
        }
        assert_eq!(prune(&back), prune(&v), "at {path:?}");
    }
}

#[test]
fn a_usage_breakdown_reads_the_groups_the_api_leaves_null() {
    // What a breakdown grouped by accessor answers: the fields not grouped by are null.
    let answer = json!({
        "start": "2026-01-01", "end": "2026-01-31",
        "resolution": {"units": "day", "amount": 1},
        "results": [{
            "hours": 0.5, "total_hours": 0.5, "agent_hours": 0, "tokens_in": 0,
            "tokens_out": 0, "tts_characters": 0, "requests": 3,
            "grouping": {"start": "2026-01-01", "end": "2026-01-31", "accessor": "k1",
                         "endpoint": null, "feature_set": null, "models": null,
                         "method": null, "tags": null, "deployment": null}
        }]
    });
    let parsed: UsageBreakdown = serde_json::from_value(answer).expect("parses");
    let group = parsed.results[0].grouping.as_ref().unwrap();
    assert_eq!(group.accessor.as_deref(), Some("k1"));
    assert_eq!((group.tags.as_ref(), group.models.as_ref()), (None, None));
    let page: RequestPage =
        serde_json::from_value(json!({"page": 0, "limit": 10, "requests": []})).unwrap();
    // Whole numbers stay whole when written back.
    assert_eq!(
        serde_json::to_value(&page).unwrap(),
        json!({"page": 0, "limit": 10, "requests": []})
    );
}
