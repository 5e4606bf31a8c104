//! The answer for audio without a recorded answer: a well-formed Deepgram response whose
//! metadata is true (hash, duration, channels) but whose transcript is empty, with a warning
//! that says why.

use serde_json::{Value, json};

use crate::audio::identify::AudioInfo;

/// A fixed id, so clients can recognise the emulator's "model" across runs.
const MODEL_UUID: &str = "d9e3c7a2-5b1f-4e6a-9c8d-0e1f2a3b4c5d";

/// Why the transcript is empty when the emulator has no recognizer at all.
#[cfg(not(feature = "recognizer"))]
pub(crate) fn no_recognizer(format: &str) -> String {
    format!(
        "The dg emulator has no recognizer for this {format} audio: the transcript is empty. \
         Only audio with a recorded Deepgram answer is transcribed."
    )
}

/// `metadata` (without `request_id`, `created`, `tags` and `extra`, which every answer gets)
/// and empty `results` for audio of SHA-256 `sha256`; `why` is the warning that explains the
/// empty transcript.
pub(crate) fn response(sha256: &str, info: &AudioInfo, multichannel: bool, why: &str) -> Value {
    let channels = match (multichannel, info.channels) {
        (true, Some(count)) => count.max(1),
        _ => 1,
    };
    let mut warnings = vec![json!({
        "parameter": "audio",
        "type": "unsupported",
        "message": why,
    })];
    if info.duration.is_none() {
        warnings.push(json!({
            "parameter": "audio",
            "type": "unsupported",
            "message": format!(
                "The dg emulator could not read the duration of this {} audio from its header: \
                 metadata.duration is 0.",
                info.format
            ),
        }));
    }
    let empty_channel = json!({
        "alternatives": [{"transcript": "", "confidence": 0.0, "words": []}],
    });
    json!({
        "metadata": {
            "transaction_key": "deprecated",
            "sha256": sha256,
            "duration": round_micros(info.duration.unwrap_or(0.0)),
            "channels": channels,
            "models": [MODEL_UUID],
            "model_info": {
                MODEL_UUID: {
                    "name": "dg-emulator",
                    "version": env!("CARGO_PKG_VERSION"),
                    "arch": "emulator",
                },
            },
            "warnings": warnings,
        },
        "results": {"channels": vec![empty_channel; usize::from(channels)]},
    })
}

/// Deepgram writes durations with six decimals.
pub(crate) fn round_micros(seconds: f64) -> f64 {
    (seconds * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav(channels: u16, duration: Option<f64>) -> AudioInfo {
        AudioInfo {
            format: "WAV".into(),
            channels: Some(channels),
            duration,
        }
    }

    #[test]
    fn channels_are_counted_as_transcribed_channels() {
        let mono = response("ab", &wav(2, Some(1.0)), false, "why");
        assert_eq!(mono["metadata"]["channels"], 1);
        assert_eq!(mono["results"]["channels"].as_array().unwrap().len(), 1);
        let stereo = response("ab", &wav(2, Some(1.0)), true, "why");
        assert_eq!(stereo["metadata"]["channels"], 2);
        assert_eq!(stereo["results"]["channels"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn an_unknown_duration_is_zero_and_said_so() {
        let answer = response("ab", &wav(1, None), false, "why");
        assert_eq!(answer["metadata"]["duration"], 0.0);
        assert_eq!(answer["metadata"]["warnings"].as_array().unwrap().len(), 2);
        let answer = response("ab", &wav(1, Some(17.5663129)), false, "why");
        assert_eq!(answer["metadata"]["duration"], 17.566313);
        assert_eq!(answer["metadata"]["warnings"].as_array().unwrap().len(), 1);
    }
}
