//! Parsing speed of `/v1/listen` answers into dg's models: a real recorded answer, and a
//! 200,000-word answer (~25 MB) scaled from it the way the shared bench stub scales its
//! fixture. The same bytes parsed into a `serde_json::Value` are the yardstick.
//!
//! `cargo bench -p dg-core --bench parse`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dg_core::models::parse_listen;
use serde_json::{Value, json};

/// nova-3, smart_format, summarize=v2, the preamble of the US Constitution (52 words).
const FIXTURE: &str = include_str!(
    "../../../tests/fixtures/responses/a231370d439312b1a404bb6ad8de955e900ec8eae9a906329af8cc672e6ec7ba-a17f4880c5b4cf124ac54d06d77c9f0ab7f3fe1052ff1c7b090f7eaf8ede5b76-response.json"
);

const BIG_WORDS: usize = 200_000;

/// Adds `offset` seconds to `v[key]`, rounded to microseconds like Deepgram's timestamps.
fn shift(v: &mut Value, key: &str, offset: f64) {
    if let Some(t) = v.get(key).and_then(Value::as_f64) {
        v[key] = json!(((t + offset) * 1e6).round() / 1e6);
    }
}

fn word_text(w: &Value) -> &str {
    w["punctuated_word"]
        .as_str()
        .or(w["word"].as_str())
        .unwrap_or("")
}

/// The fixture with its words repeated (each copy shifted by the clip's duration) to `n`
/// words, and the transcript, paragraphs and duration rebuilt to match: what a long
/// recording's answer looks like.
fn scaled(fixture: &Value, n: usize) -> Vec<u8> {
    let alt = &fixture["results"]["channels"][0]["alternatives"][0];
    let words = alt["words"].as_array().expect("fixture has words");
    let per_copy = words.len();
    let copies = n.div_ceil(per_copy);
    let duration = fixture["metadata"]["duration"].as_f64().unwrap_or(0.0);

    let new_words: Vec<Value> = (0..n)
        .map(|i| {
            let mut w = words[i % per_copy].clone();
            let offset = (i / per_copy) as f64 * duration;
            shift(&mut w, "start", offset);
            shift(&mut w, "end", offset);
            w
        })
        .collect();
    let transcript = new_words
        .iter()
        .map(word_text)
        .collect::<Vec<_>>()
        .join(" ");

    let base_paragraphs = alt["paragraphs"]["paragraphs"]
        .as_array()
        .expect("paragraphs");
    let mut paragraphs = Vec::new();
    let mut paragraph_text = String::new();
    for copy in 0..copies {
        let offset = copy as f64 * duration;
        let chunk = &new_words[copy * per_copy..((copy + 1) * per_copy).min(n)];
        if chunk.len() == per_copy {
            for p in base_paragraphs {
                let mut p = p.clone();
                shift(&mut p, "start", offset);
                shift(&mut p, "end", offset);
                let sentences = p["sentences"].as_array_mut().expect("sentences");
                let mut texts = Vec::with_capacity(sentences.len());
                for s in sentences.iter_mut() {
                    shift(s, "start", offset);
                    shift(s, "end", offset);
                    texts.push(s["text"].as_str().unwrap_or("").to_owned());
                }
                paragraph_text.push('\n');
                paragraph_text.push_str(&texts.join(" "));
                paragraphs.push(p);
            }
        } else {
            // A partial last copy becomes one paragraph of the words it has.
            let text = chunk.iter().map(word_text).collect::<Vec<_>>().join(" ");
            let (start, end) = (
                chunk[0]["start"].clone(),
                chunk[chunk.len() - 1]["end"].clone(),
            );
            paragraph_text.push('\n');
            paragraph_text.push_str(&text);
            paragraphs.push(json!({
                "sentences": [{"text": text, "start": start, "end": end}],
                "start": start, "end": end, "num_words": chunk.len(),
            }));
        }
    }

    let mut out = fixture.clone();
    let out_alt = &mut out["results"]["channels"][0]["alternatives"][0];
    out_alt["paragraphs"] = json!({"transcript": paragraph_text, "paragraphs": paragraphs});
    out_alt["words"] = Value::Array(new_words);
    out_alt["transcript"] = Value::String(transcript);
    out["metadata"]["duration"] = json!((duration * copies as f64 * 1e6).round() / 1e6);
    serde_json::to_vec(&out).expect("serialize")
}

fn parse(c: &mut Criterion) {
    let fixture: Value = serde_json::from_str(FIXTURE).expect("fixture is JSON");
    let big = scaled(&fixture, BIG_WORDS);
    assert_eq!(parse_listen(&big).unwrap().words().len(), BIG_WORDS);

    for (name, body, big) in [
        ("fixture", FIXTURE.as_bytes(), false),
        ("200k_words", big.as_slice(), true),
    ] {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(body.len() as u64));
        if big {
            group.sample_size(10);
        }
        // Each iteration also drops what it parsed, as a caller would.
        group.bench_function("parse_listen", |b| {
            b.iter(|| parse_listen(black_box(body)).unwrap())
        });
        group.bench_function("serde_json::Value", |b| {
            b.iter(|| serde_json::from_slice::<Value>(black_box(body)).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, parse);
criterion_main!(benches);
