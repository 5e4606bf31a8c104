//! Real Deepgram answers recorded by the official SDKs' tests, embedded at build time from
//! `tests/fixtures/responses` (see `build.rs`). A recording is found by the SHA-256 of the
//! audio Deepgram received (`metadata.sha256`) or, for a URL body, by the hash of that body
//! in its file name; among several, the one whose options best match the request wins.

use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::hex::sha256_hex;
use crate::http::query::Query;

include!(concat!(env!("OUT_DIR"), "/recordings.rs"));

/// Query options that shape no part of the transcript, so they do not pick a recording.
const NEUTRAL_OPTIONS: &[&str] = &["tag", "extra", "callback", "callback_method", "mip_opt_out"];

/// How many first bytes of a live stream identify its recording.
pub(crate) const STREAM_HEAD: usize = 16 * 1024;
/// How many samples bytes of a resumed stream find its place in a recording.
const RESUME_MATCH: usize = 8 * 1024;

pub(crate) struct Recording {
    /// The second hash of the file name: SHA-256 of the source description, which for a URL
    /// source is the JSON body `{"url": "…"}`.
    source_hash: String,
    audio_sha256: String,
    options: Map<String, Value>,
    pub(crate) response: Value,
}

pub(crate) struct Library {
    recordings: Vec<Recording>,
}

impl Library {
    /// The REST answers among the embedded recordings (streaming `Results` messages, which
    /// have no `metadata.sha256`, are left out), parsed once per process: every emulator a
    /// test suite (or a fuzz run) starts shares them.
    pub(crate) fn embedded() -> &'static Library {
        static EMBEDDED: OnceLock<Library> = OnceLock::new();
        EMBEDDED.get_or_init(Library::parse)
    }

    fn parse() -> Library {
        let recordings = RECORDINGS
            .iter()
            .filter_map(|(stem, options, response)| {
                let response: Value = serde_json::from_str(response).ok()?;
                let audio_sha256 = response.pointer("/metadata/sha256")?.as_str()?.to_owned();
                let options = match serde_json::from_str(options).ok()? {
                    Value::Object(options) => options,
                    _ => return None,
                };
                let (_, source_hash) = stem.split_once('-')?;
                Some(Recording {
                    source_hash: source_hash.to_owned(),
                    audio_sha256,
                    options,
                    response,
                })
            })
            .collect();
        Library { recordings }
    }

    /// The recording of audio whose SHA-256 is `sha256`.
    pub(crate) fn for_audio(&self, sha256: &str, query: &Query) -> Option<&Recording> {
        self.best(query, |r| r.audio_sha256 == sha256)
    }

    /// The recording of the audio a live stream carries, and where in it the stream starts
    /// (seconds): the embedded audio file that begins with `head` (a new stream), or, for a
    /// stream that starts with a WAV header and then samples from later in a file (a client
    /// resuming a dropped stream), the file holding those samples.
    pub(crate) fn for_stream_head(&self, head: &[u8], query: &Query) -> Option<(&Recording, f64)> {
        static HASHES: OnceLock<Vec<(&'static [u8], String)>> = OnceLock::new();
        let audio = HASHES.get_or_init(|| {
            AUDIO
                .iter()
                .map(|(_, bytes)| (*bytes, sha256_hex(bytes)))
                .collect()
        });
        if head.is_empty() {
            return None;
        }
        if let Some((_, sha256)) = audio.iter().find(|(bytes, _)| bytes.starts_with(head)) {
            return self.for_audio(sha256, query).map(|r| (r, 0.0));
        }
        // A resumed stream: the samples after its header, found inside a file's samples.
        let info = crate::audio::wav::parse(head, u64::MAX)?;
        let samples = &head[usize::try_from(info.data_offset?).ok()?..];
        if samples.len() < RESUME_MATCH {
            return None;
        }
        let needle = &samples[..RESUME_MATCH];
        audio.iter().find_map(|(bytes, sha256)| {
            let file = crate::audio::wav::parse(bytes, bytes.len() as u64)?;
            let start = usize::try_from(file.data_offset?).ok()?;
            let at = bytes[start..]
                .windows(needle.len())
                .position(|w| w == needle)?;
            let offset = at as f64 / f64::from(file.byte_rate.max(1));
            self.for_audio(sha256, query).map(|r| (r, offset))
        })
    }

    /// The recording of a `{"url": …}` body, found without fetching anything.
    pub(crate) fn for_url(&self, url: &str, query: &Query) -> Option<&Recording> {
        let url = serde_json::to_string(url).expect("a string always serializes");
        let source_hash = sha256_hex(format!("{{\"url\": {url}}}").as_bytes());
        self.best(query, |r| r.source_hash == source_hash)
    }

    fn best(&self, query: &Query, source: impl Fn(&Recording) -> bool) -> Option<&Recording> {
        self.recordings
            .iter()
            .filter(|r| source(r))
            .max_by_key(|r| r.score(query))
    }
}

/// One of the embedded audio files, by name (`preamble-rest.wav`).
#[cfg(test)]
pub(crate) fn embedded_audio(name: &str) -> &'static [u8] {
    AUDIO
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, bytes)| *bytes)
        .unwrap_or_else(|| panic!("no embedded audio {name}"))
}

impl Recording {
    /// One point per recorded option the query repeats, one off per recorded option it lacks
    /// or contradicts and per query option the recording was made without.
    fn score(&self, query: &Query) -> i64 {
        let mut score = 0;
        for (key, value) in &self.options {
            let recorded = match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            score += if query.all(key).any(|v| v == recorded) {
                1
            } else {
                -1
            };
        }
        let unrecorded = query
            .keys()
            .filter(|key| !NEUTRAL_OPTIONS.contains(key) && !self.options.contains_key(*key))
            .count();
        score - unrecorded as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREAMBLE_SHA256: &str =
        "95dc40091b6a8456a1554ddfc4f163768217afd66bee70a10c74bb52805cd0d9";
    const BUELLER_URL: &str =
        "https://static.deepgram.com/examples/Bueller-Life-moves-pretty-fast.wav";

    fn has_summary(recording: &Recording) -> bool {
        recording.response.pointer("/results/summary").is_some()
    }

    #[test]
    fn holds_the_rest_answers_but_not_the_streaming_messages() {
        let library = Library::embedded();
        assert_eq!(library.recordings.len(), 4);
        assert!(
            library
                .recordings
                .iter()
                .all(|r| r.response.get("type").is_none())
        );
    }

    #[test]
    fn summarize_picks_the_recording_with_a_summary() {
        let library = Library::embedded();
        let with = Query::parse(Some("model=nova-3&smart_format=true&summarize=v2"));
        let without = Query::parse(Some("model=nova-3&smart_format=true"));
        assert!(has_summary(
            library.for_audio(PREAMBLE_SHA256, &with).unwrap()
        ));
        assert!(!has_summary(
            library.for_audio(PREAMBLE_SHA256, &without).unwrap()
        ));
        assert!(!has_summary(
            library
                .for_audio(PREAMBLE_SHA256, &Query::parse(None))
                .unwrap()
        ));
        assert!(has_summary(
            library
                .for_url(BUELLER_URL, &Query::parse(Some("summarize=v2")))
                .unwrap()
        ));
    }

    #[test]
    fn a_stream_is_known_by_its_first_bytes() {
        let library = Library::embedded();
        let query = Query::parse(Some("model=nova-3&smart_format=true"));
        let (_, preamble) = AUDIO
            .iter()
            .find(|(n, _)| *n == "preamble-rest.wav")
            .unwrap();
        let (found, offset) = library
            .for_stream_head(&preamble[..STREAM_HEAD], &query)
            .unwrap();
        assert_eq!(
            (found.audio_sha256.as_str(), offset),
            (PREAMBLE_SHA256, 0.0)
        );
        // A resumed stream: the header, then samples from 2 s in (44 100 bytes a second).
        let mut resumed = preamble[..44].to_vec();
        resumed.extend_from_slice(&preamble[44 + 88_200..44 + 88_200 + STREAM_HEAD]);
        let (found, offset) = library.for_stream_head(&resumed, &query).unwrap();
        assert_eq!(
            (found.audio_sha256.as_str(), offset),
            (PREAMBLE_SHA256, 2.0)
        );
        let mut other = preamble[..STREAM_HEAD].to_vec();
        other[100] ^= 1; // in the samples a resumed stream is found by
        assert!(library.for_stream_head(&other, &query).is_none());
        assert!(library.for_stream_head(&[], &query).is_none());
    }

    #[test]
    fn unknown_sources_have_no_recording() {
        let library = Library::embedded();
        let query = Query::parse(None);
        assert!(
            library
                .for_url("https://static.deepgram.com/examples/other.wav", &query)
                .is_none()
        );
        assert!(library.for_audio(&"0".repeat(64), &query).is_none());
    }
}
