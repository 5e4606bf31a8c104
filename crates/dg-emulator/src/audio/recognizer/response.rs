//! The recognizer's words as Deepgram's `/v1/listen` answer: transcripts, words, paragraphs
//! and utterances shaped like the recorded real ones, and a warning for every option the
//! local model cannot honour.

use serde_json::{Value, json};
use uuid::Uuid;

use super::model::Located;
use super::words::Word;
use crate::audio::fallback::round_micros;
use crate::hex::sha256_hex;
use crate::http::query::Query;

/// A paragraph ends at a pause this long (seconds) between two sentences...
const PARAGRAPH_PAUSE: f64 = 2.0;
/// ...or after this many sentences.
const PARAGRAPH_SENTENCES: usize = 5;
/// Deepgram's default `utt_split`: the pause (seconds) that ends an utterance.
const UTTERANCE_PAUSE: f64 = 0.8;

/// Options that turn on a feature the local model does not have, when set to anything but
/// `false`.
const UNSUPPORTED: &[&str] = &[
    "custom_intent",
    "custom_topic",
    "detect_entities",
    "detect_language",
    "diarize",
    "diarize_model",
    "dictation",
    "filler_words",
    "intents",
    "keyterm",
    "keywords",
    "measurements",
    "numerals",
    "profanity_filter",
    "redact",
    "replace",
    "search",
    "sentiment",
    "summarize",
    "topics",
];

/// What a transcription found: the words of each transcribed channel, and how long the
/// audio is.
pub(crate) struct Transcription {
    pub(crate) channels: Vec<Vec<Word>>,
    pub(crate) duration: f64,
}

/// How the answer is written, from the query.
pub(crate) struct Style {
    punctuate: bool,
    paragraphs: bool,
    utterances: Option<f64>,
}

impl Style {
    pub(crate) fn of(query: &Query) -> Style {
        let on = |key| query.get(key) == Some("true");
        let paragraphs = on("paragraphs") || on("smart_format");
        Style {
            // Deepgram punctuates whenever it writes paragraphs.
            punctuate: paragraphs || on("punctuate"),
            paragraphs,
            utterances: on("utterances").then(|| {
                query
                    .get("utt_split")
                    .and_then(|split| split.parse().ok())
                    .filter(|split: &f64| *split > 0.0)
                    .unwrap_or(UTTERANCE_PAUSE)
            }),
        }
    }

    fn text(&self, words: &[Word]) -> String {
        let texts: Vec<String> = words
            .iter()
            .map(|w| match self.punctuate {
                true => w.punctuated.clone(),
                false => w.plain(),
            })
            .collect();
        texts.join(" ")
    }

    /// `words` as an answer's `words` list (a live stream's results have the same).
    pub(crate) fn words(&self, words: &[Word]) -> Vec<Value> {
        words.iter().map(|w| self.word(w)).collect()
    }

    fn word(&self, word: &Word) -> Value {
        let mut value = json!({
            "word": word.plain(),
            "start": round_millis(word.start),
            "end": round_millis(word.end),
            "confidence": round_confidence(word.confidence),
        });
        if self.punctuate {
            value["punctuated_word"] = json!(word.punctuated);
        }
        value
    }
}

/// The answer (without `request_id`, `created`, `tags` and `extra`, which every answer
/// gets) for audio of SHA-256 `sha256`.
pub(crate) fn response(
    sha256: &str,
    transcription: &Transcription,
    model: &Located,
    query: &Query,
) -> Value {
    let style = Style::of(query);
    let mut metadata = empty(model)["metadata"].take();
    metadata["transaction_key"] = json!("deprecated");
    metadata["sha256"] = json!(sha256);
    metadata["duration"] = json!(round_micros(transcription.duration));
    metadata["channels"] = json!(transcription.channels.len());
    let warnings = warnings(query);
    if !warnings.is_empty() {
        metadata["warnings"] = Value::Array(warnings);
    }
    let channels: Vec<Value> = transcription
        .channels
        .iter()
        .map(|words| channel(&style, words))
        .collect();
    let mut results = json!({"channels": channels});
    if let Some(pause) = style.utterances {
        results["utterances"] = utterances(&style, &transcription.channels, pause);
    }
    json!({"metadata": metadata, "results": results})
}

/// An answer by `model` with nothing but the model it names: what a live stream's results
/// and `Metadata` name, and where every answer starts.
pub(crate) fn empty(model: &Located) -> Value {
    let model_id = model_uuid(model);
    json!({"metadata": {
        "models": [model_id],
        "model_info": {
            model_id.as_str(): {"name": model.name, "version": model.version, "arch": "whisper"},
        },
    }})
}

fn channel(style: &Style, words: &[Word]) -> Value {
    let mut alternative = json!({
        "transcript": style.text(words),
        "confidence": round_confidence(mean_confidence(words)),
        "words": words.iter().map(|w| style.word(w)).collect::<Vec<_>>(),
    });
    if style.paragraphs {
        alternative["paragraphs"] = paragraphs(words);
    }
    json!({"alternatives": [alternative]})
}

/// Sentences end at `.`, `?` and `!`; paragraphs at long pauses or after a few sentences.
fn paragraphs(words: &[Word]) -> Value {
    let mut sentences: Vec<&[Word]> = Vec::new();
    let mut rest = words;
    while !rest.is_empty() {
        let len = rest
            .iter()
            .position(Word::ends_sentence)
            .map_or(rest.len(), |end| end + 1);
        let (sentence, after) = rest.split_at(len);
        sentences.push(sentence);
        rest = after;
    }
    let mut paragraphs: Vec<Vec<&[Word]>> = Vec::new();
    for sentence in sentences {
        let starts_new = match paragraphs.last() {
            None => true,
            Some(paragraph) => {
                let previous = paragraph.last().expect("paragraphs are never empty");
                paragraph.len() >= PARAGRAPH_SENTENCES
                    || sentence[0].start - previous[previous.len() - 1].end >= PARAGRAPH_PAUSE
            }
        };
        if starts_new {
            paragraphs.push(vec![sentence]);
        } else if let Some(paragraph) = paragraphs.last_mut() {
            paragraph.push(sentence);
        }
    }
    let punctuated = |words: &[Word]| {
        let texts: Vec<&str> = words.iter().map(|w| w.punctuated.as_str()).collect();
        texts.join(" ")
    };
    let texts: Vec<String> = paragraphs
        .iter()
        .map(|paragraph| {
            let sentences: Vec<String> = paragraph.iter().map(|s| punctuated(s)).collect();
            sentences.join(" ")
        })
        .collect();
    let paragraphs: Vec<Value> = paragraphs
        .iter()
        .map(|paragraph| {
            let first = paragraph[0];
            let last = paragraph[paragraph.len() - 1];
            json!({
                "sentences": paragraph
                    .iter()
                    .map(|sentence| json!({
                        "text": punctuated(sentence),
                        "start": round_millis(sentence[0].start),
                        "end": round_millis(sentence[sentence.len() - 1].end),
                    }))
                    .collect::<Vec<_>>(),
                "start": round_millis(first[0].start),
                "end": round_millis(last[last.len() - 1].end),
                "num_words": paragraph.iter().map(|s| s.len()).sum::<usize>(),
            })
        })
        .collect();
    let transcript = if texts.is_empty() {
        String::new()
    } else {
        format!("\n{}", texts.join("\n\n"))
    };
    json!({"transcript": transcript, "paragraphs": paragraphs})
}

/// Runs of words without a pause of `pause` seconds, from every channel, in time order.
fn utterances(style: &Style, channels: &[Vec<Word>], pause: f64) -> Value {
    let mut utterances: Vec<(usize, &[Word])> = Vec::new();
    for (index, words) in channels.iter().enumerate() {
        let mut start = 0;
        for i in 1..=words.len() {
            if i == words.len() || words[i].start - words[i - 1].end >= pause {
                utterances.push((index, &words[start..i]));
                start = i;
            }
        }
    }
    utterances.sort_by(|a, b| a.1[0].start.total_cmp(&b.1[0].start));
    let utterances: Vec<Value> = utterances
        .into_iter()
        .map(|(channel, words)| {
            json!({
                "start": round_millis(words[0].start),
                "end": round_millis(words[words.len() - 1].end),
                "confidence": round_confidence(mean_confidence(words)),
                "channel": channel,
                "transcript": style.text(words),
                "words": words.iter().map(|w| style.word(w)).collect::<Vec<_>>(),
                "id": Uuid::new_v4(),
            })
        })
        .collect();
    Value::Array(utterances)
}

fn warnings(query: &Query) -> Vec<Value> {
    let warning = |parameter: &str, message: String| json!({"parameter": parameter, "type": "unsupported", "message": message});
    let mut warnings: Vec<Value> = UNSUPPORTED
        .iter()
        .filter(|key| query.all(key).any(|value| value != "false"))
        .map(|key| {
            warning(
                key,
                format!(
                    "The dg emulator's local Whisper model cannot honour {key}: it was ignored."
                ),
            )
        })
        .collect();
    if let Some(language) = query.get("language").filter(|l| !is_english(l)) {
        warnings.push(warning(
            "language",
            format!(
                "The dg emulator's local Whisper model knows only English: the audio was \
                 transcribed as English, not {language}."
            ),
        ));
    }
    if query
        .get("alternatives")
        .and_then(|n| n.parse::<u32>().ok())
        .is_some_and(|n| n > 1)
    {
        warnings.push(warning(
            "alternatives",
            "The dg emulator's local Whisper model gives one alternative.".into(),
        ));
    }
    warnings
}

fn is_english(language: &str) -> bool {
    language.eq_ignore_ascii_case("en")
        || language
            .get(..3)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("en-"))
}

/// A stable id for the model, shaped like Deepgram's model UUIDs.
fn model_uuid(model: &Located) -> String {
    let hash = sha256_hex(format!("{}\n{}", model.name, model.version).as_bytes());
    format!(
        "{}-{}-{}-{}-{}",
        &hash[..8],
        &hash[8..12],
        &hash[12..16],
        &hash[16..20],
        &hash[20..32]
    )
}

fn mean_confidence(words: &[Word]) -> f64 {
    if words.is_empty() {
        return 0.0;
    }
    words.iter().map(|w| w.confidence).sum::<f64>() / words.len() as f64
}

/// Whisper times words to 20 ms: more digits would be noise.
fn round_millis(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}

fn round_confidence(confidence: f64) -> f64 {
    (confidence * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::audio::recognition::ModelSource;

    fn model() -> Located {
        Located {
            dir: PathBuf::from("/m"),
            found_by: ModelSource::Cache,
            name: "whisper-tiny.en".into(),
            version: "v1".into(),
        }
    }

    fn words(spec: &[(&str, f64)]) -> Vec<Word> {
        spec.iter()
            .map(|&(text, start)| Word {
                punctuated: text.into(),
                start,
                end: start + 0.4,
                confidence: 0.8,
            })
            .collect()
    }

    fn answer(query: &str, channels: Vec<Vec<Word>>) -> Value {
        let transcription = Transcription {
            channels,
            duration: 12.3456789,
        };
        response("ab", &transcription, &model(), &Query::parse(Some(query)))
    }

    fn said() -> Vec<Word> {
        words(&[
            ("Yep.", 0.0),
            ("I", 1.0),
            ("said", 1.5),
            ("it.", 2.0),
            ("Life", 6.0),
            ("moves.", 6.5),
        ])
    }

    #[test]
    fn punctuation_is_written_only_when_asked_for() {
        let plain = answer("", vec![said()]);
        let alternative = &plain["results"]["channels"][0]["alternatives"][0];
        assert_eq!(alternative["transcript"], "yep i said it life moves");
        assert!(alternative["words"][0].get("punctuated_word").is_none());
        assert!(alternative.get("paragraphs").is_none());
        let punctuated = answer("punctuate=true", vec![said()]);
        let alternative = &punctuated["results"]["channels"][0]["alternatives"][0];
        assert_eq!(alternative["transcript"], "Yep. I said it. Life moves.");
        assert_eq!(alternative["words"][0]["punctuated_word"], "Yep.");
        assert_eq!(alternative["words"][0]["word"], "yep");
    }

    #[test]
    fn metadata_names_the_local_model() {
        let answer = answer("", vec![said()]);
        let metadata = &answer["metadata"];
        assert_eq!(metadata["duration"], 12.345679);
        assert_eq!(metadata["channels"], 1);
        let id = metadata["models"][0].as_str().unwrap();
        assert_eq!(id.len(), 36);
        assert_eq!(metadata["model_info"][id]["name"], "whisper-tiny.en");
        assert!(metadata.get("warnings").is_none());
    }

    #[test]
    fn smart_format_writes_paragraphs_split_at_long_pauses() {
        let answer = answer("smart_format=true", vec![said()]);
        let paragraphs = &answer["results"]["channels"][0]["alternatives"][0]["paragraphs"];
        assert_eq!(paragraphs["transcript"], "\nYep. I said it.\n\nLife moves.");
        let first = &paragraphs["paragraphs"][0];
        assert_eq!(first["num_words"], 4);
        assert_eq!(first["sentences"][1]["text"], "I said it.");
        assert_eq!(first["sentences"][1]["start"], 1.0);
        assert_eq!(first["end"], 2.4);
    }

    #[test]
    fn utterances_split_at_the_pause_and_name_their_channel() {
        let left = words(&[("Hello", 0.0), ("there.", 0.5), ("Bye.", 5.0)]);
        let right = words(&[("Hi.", 2.0)]);
        let both = answer("utterances=true&multichannel=true", vec![left, right]);
        let utterances = both["results"]["utterances"].as_array().unwrap();
        let summary: Vec<(String, u64)> = utterances
            .iter()
            .map(|u| {
                (
                    u["transcript"].as_str().unwrap().to_owned(),
                    u["channel"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("hello there".into(), 0),
                ("hi".into(), 1),
                ("bye".into(), 0)
            ]
        );
        let split = answer("utterances=true&utt_split=10", vec![said()]);
        assert_eq!(split["results"]["utterances"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn options_the_model_cannot_honour_are_warned_about() {
        let warned = answer(
            "diarize=true&summarize=v2&topics=false&language=fr&keyterm=dg&alternatives=2",
            vec![said()],
        );
        let warned: Vec<&str> = warned["metadata"]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["parameter"].as_str().unwrap())
            .collect();
        assert_eq!(
            warned,
            [
                "diarize",
                "keyterm",
                "summarize",
                "language",
                "alternatives"
            ]
        );
        let english = answer("language=en-US", vec![said()]);
        assert!(english["metadata"].get("warnings").is_none());
    }

    #[test]
    fn silence_gets_an_empty_transcript() {
        let answer = answer("smart_format=true&utterances=true", vec![Vec::new()]);
        let alternative = &answer["results"]["channels"][0]["alternatives"][0];
        assert_eq!(alternative["transcript"], "");
        assert_eq!(alternative["confidence"], 0.0);
        assert_eq!(alternative["paragraphs"]["transcript"], "");
        assert_eq!(answer["results"]["utterances"], json!([]));
    }
}
