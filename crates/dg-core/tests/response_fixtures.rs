//! Every real response recorded from the live API parses, and writes back unchanged.

use std::path::PathBuf;

use dg_core::models::{parse_listen, parse_streaming_result};
use serde_json::Value;

fn fixtures() -> Vec<(PathBuf, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/responses");
    let mut out: Vec<(PathBuf, Value)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("-response.json"))
        .map(|p| {
            let v = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            (p, v)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn prerecorded_responses_parse_and_write_back_unchanged() {
    let mut seen = 0;
    for (path, json) in fixtures() {
        if json.pointer("/metadata/sha256").is_none() {
            continue;
        }
        seen += 1;
        let bytes = std::fs::read(&path).unwrap();
        let r = parse_listen(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json,
            "{}",
            path.display()
        );

        let alt = &json["results"]["channels"][0]["alternatives"][0];
        assert_eq!(r.transcript(), alt["transcript"].as_str());
        assert!(!r.transcript().unwrap().is_empty());
        assert_eq!(r.words().len(), alt["words"].as_array().unwrap().len());
        assert_eq!(r.request_id(), json["metadata"]["request_id"].as_str());
        assert_eq!(r.duration(), json["metadata"]["duration"].as_f64());
        // Every field of a word is a known one: none fell into `other`.
        assert!(
            r.words()
                .iter()
                .all(|w| w.other.is_empty() && w.punctuated_word.is_some())
        );
    }
    assert!(seen >= 4, "only {seen} pre-recorded fixtures");
}

#[test]
fn streaming_results_parse_and_write_back_unchanged() {
    let mut seen = 0;
    for (path, json) in fixtures() {
        if json["type"] != "Results" {
            continue;
        }
        seen += 1;
        let bytes = std::fs::read(&path).unwrap();
        let r =
            parse_streaming_result(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json,
            "{}",
            path.display()
        );
        assert_eq!(r.kind, "Results");
        assert_eq!(
            r.transcript(),
            json["channel"]["alternatives"][0]["transcript"].as_str()
        );
        assert!(r.other.is_empty(), "{:?}", r.other.keys());
    }
    assert!(seen >= 2, "only {seen} streaming fixtures");
}
