//! Live streams of audio no recording answers, recognized as they stream: speech from
//! espeak-ng sent over a real WebSocket as fast as the emulator takes it.

use std::time::{Duration, Instant};

use futures_util::stream::SplitStream;
use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::http::HeaderValue;

use crate::flac;
use crate::wav::{self, Encoding};
use crate::wer::wer;
use crate::{Harness, espeak};

/// About 17 s of speech, longer than a live window: five sentences, each followed by
/// espeak-ng's 300 ms pause, so the emulator recognizes it a sentence at a time.
const PASSAGE: &str = "The weather is nice today, so we will walk to the park. After lunch we \
    will read a book under the old oak tree. Later in the afternoon the children will play \
    football on the green field. When the sun goes down, everyone will walk home and cook a \
    warm dinner together. Tomorrow we will take the early train to the sea.";

/// Bytes per frame: 0.19 s of espeak-ng's 22 050 Hz 16-bit audio.
const FRAME: usize = 8192;

/// How the stream went.
struct Streamed {
    messages: Vec<Value>,
    close: Option<(u16, String)>,
    seconds: f64,
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

impl Harness {
    /// A live stream to `path?query`, opened.
    async fn connect(&self, path: &str) -> Socket {
        let url = format!("{}{path}", self.emulator.base_url()).replacen("http", "ws", 1);
        let mut request = url.into_client_request().unwrap();
        let auth = format!("Token {}", self.emulator.owner_key());
        request
            .headers_mut()
            .insert("authorization", HeaderValue::from_str(&auth).unwrap());
        let (ws, _) = tokio_tungstenite::connect_async(request)
            .await
            .expect("the upgrade succeeds");
        ws
    }

    /// Streams `audio` to `path?query` in [`FRAME`]s as fast as the emulator takes them,
    /// with `Finalize` after the frame `finalize_after` counts (if any), then `CloseStream`;
    /// every message until the close.
    async fn stream(&self, path: &str, audio: &[u8], finalize_after: Option<usize>) -> Streamed {
        let began = Instant::now();
        let (mut sink, mut stream) = self.connect(path).await.split();
        let frames: Vec<Vec<u8>> = audio.chunks(FRAME).map(<[u8]>::to_vec).collect();
        let sender = tokio::spawn(async move {
            for (index, frame) in frames.into_iter().enumerate() {
                sink.send(Message::binary(frame)).await.unwrap();
                if Some(index + 1) == finalize_after {
                    let finalize = json!({"type": "Finalize"}).to_string();
                    sink.send(Message::text(finalize)).await.unwrap();
                }
            }
            let close = json!({"type": "CloseStream"}).to_string();
            sink.send(Message::text(close)).await.unwrap();
            sink
        });
        let (messages, close) = read_to_close(&mut stream).await;
        drop(sender.await.unwrap());
        Streamed {
            messages,
            close,
            seconds: began.elapsed().as_secs_f64(),
        }
    }
}

/// The next message of `stream`, or how it closed.
async fn next_message(stream: &mut SplitStream<Socket>) -> Result<Value, Option<(u16, String)>> {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(120), stream.next())
            .await
            .expect("the emulator answers in time");
        match frame {
            Some(Ok(Message::Text(text))) => return Ok(serde_json::from_str(&text).unwrap()),
            Some(Ok(Message::Close(close))) => {
                return Err(close.map(|c| (u16::from(c.code), c.reason.to_string())));
            }
            Some(Ok(_)) => {}
            Some(Err(_)) | None => return Err(None),
        }
    }
}

/// Every message of `stream` until it closes, and how it closed.
async fn read_to_close(stream: &mut SplitStream<Socket>) -> (Vec<Value>, Option<(u16, String)>) {
    let mut messages = Vec::new();
    loop {
        match next_message(stream).await {
            Ok(message) => messages.push(message),
            Err(close) => return (messages, close),
        }
    }
}

/// Two sentences the tests that need a pause between phrases speak.
const TWO_SENTENCES: (&str, &str) = (
    "Please send the report to the whole team before noon.",
    "Thank you, and see you at the meeting tomorrow.",
);

/// `text` spoken by espeak-ng, as 16-bit samples.
fn spoken(text: &str) -> wav::Pcm {
    wav::read_pcm16(&espeak(text))
}

fn of_type<'a>(messages: &'a [Value], kind: &str) -> Vec<&'a Value> {
    messages.iter().filter(|m| m["type"] == kind).collect()
}

/// The final results, and their transcripts joined.
fn finals(messages: &[Value]) -> (Vec<&Value>, String) {
    let finals: Vec<&Value> = of_type(messages, "Results")
        .into_iter()
        .filter(|r| r["is_final"] == true)
        .collect();
    let heard: Vec<&str> = finals
        .iter()
        .map(|r| {
            r["channel"]["alternatives"][0]["transcript"]
                .as_str()
                .unwrap()
        })
        .filter(|t| !t.is_empty())
        .collect();
    let heard = heard.join(" ");
    (finals, heard)
}

/// `/v1/listen`: the finals hold what the REST recognizer hears in the same audio, timed in
/// order (recognized a sentence at a time, at the pauses between them); interim results,
/// `SpeechStarted` and `UtteranceEnd` come from the real words; a `Finalize` mid-stream gets
/// its final; the stream closes with 1000 after `Metadata`, which has no warning.
#[tokio::test(flavor = "multi_thread")]
async fn live_audio_is_recognized_phrase_by_phrase_as_it_streams() {
    let h = Harness::start().await;
    let audio = espeak(PASSAGE);
    let duration = wav::read_pcm16(&audio).duration();
    let rest = h.listen("punctuate=true", audio.clone()).await;
    // A client finalizes at a pause: after "field.", mid-window.
    let field = rest.channel(0)["words"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["word"] == "field")
        .expect("the REST answer hears \"field\"");
    let pause = field["end"].as_f64().unwrap() + 0.2;
    let finalize_after = (44 + (pause * 44_100.0) as usize).div_ceil(FRAME);
    let streamed = h
        .stream(
            "/v1/listen?punctuate=true&interim_results=true&vad_events=true&utterance_end_ms=1000",
            &audio,
            Some(finalize_after),
        )
        .await;
    eprintln!(
        "{duration:.1} s of speech streamed and recognized in {:.1} s",
        streamed.seconds
    );
    let messages = &streamed.messages;
    assert_eq!(streamed.close, Some((1000, String::new())), "{messages:?}");
    let metadata = messages.last().unwrap();
    assert_eq!(metadata["type"], "Metadata", "{messages:?}");
    assert!(metadata.get("warnings").is_none(), "{metadata}");
    assert!((metadata["duration"].as_f64().unwrap() - duration).abs() < 0.01);
    let model = metadata["models"][0].as_str().unwrap();
    assert_eq!(metadata["model_info"][model]["name"], "whisper-tiny.en");

    let results = of_type(messages, "Results");
    let (finals, heard) = finals(messages);
    // Phrases shorter than the file's 30 s give the tiny model less context: it may mishear a
    // few more words than the REST answer.
    let (against_rest, against_text) = (wer(rest.transcript(), &heard), wer(PASSAGE, &heard));
    eprintln!("WER {against_rest:.3} against REST, {against_text:.3} against the text: {heard}");
    assert!(
        against_rest <= 0.15,
        "{heard:?} against REST {:?}",
        rest.transcript()
    );
    assert!(against_text <= 0.2, "{heard:?}");

    // Finals tile the audio, their words in order and inside it.
    let (mut covered, mut previous_end) = (0.0, 0.0);
    for result in &finals {
        let start = result["start"].as_f64().unwrap();
        assert!((start - covered).abs() < 1e-6, "{result}");
        covered = start + result["duration"].as_f64().unwrap();
        for word in result["channel"]["alternatives"][0]["words"]
            .as_array()
            .unwrap()
        {
            let (start, end) = (
                word["start"].as_f64().unwrap(),
                word["end"].as_f64().unwrap(),
            );
            assert!(previous_end <= start && start <= end, "{word}");
            assert!(end <= covered + 1e-6, "{word} after its result");
            previous_end = end;
        }
    }
    assert!(
        (covered - duration).abs() < 0.01,
        "{covered} of {duration} s"
    );
    // The Finalize's final, unless the frame before it got one for all its audio.
    assert!(finals.iter().filter(|r| r["from_finalize"] == true).count() <= 1);
    assert!(results.len() > finals.len(), "interim results come too");
    assert!(!of_type(messages, "SpeechStarted").is_empty());
    let first_word = finals
        .iter()
        .flat_map(|r| r["channel"]["alternatives"][0]["words"].as_array().unwrap())
        .next()
        .unwrap();
    assert_eq!(
        of_type(messages, "SpeechStarted")[0]["timestamp"],
        first_word["start"]
    );
}

/// A sentence that ends in a pause is final while the stream goes on, with no `Finalize` and
/// no full window: raw linear16 speech and 2 s of silence are sent as fast as the emulator
/// takes them, then nothing until the sentence's final result (`speech_final`) and the
/// `UtteranceEnd` after it have come. Then a second sentence and `CloseStream`.
#[tokio::test(flavor = "multi_thread")]
async fn a_phrase_ending_in_a_pause_is_final_before_more_audio_comes() {
    let h = Harness::start().await;
    let (first, second) = TWO_SENTENCES;
    let (one, two) = (spoken(first), spoken(second));
    let mut samples = one.samples;
    samples.extend(std::iter::repeat_n(0.0, one.rate as usize * 2));
    let (mut before, mut after) = (Vec::new(), Vec::new());
    wav::encode(Encoding::Pcm16, &samples, &mut before);
    wav::encode(Encoding::Pcm16, &two.samples, &mut after);
    let path = format!(
        "/v1/listen?encoding=linear16&sample_rate={}&punctuate=true&utterance_end_ms=1000",
        one.rate
    );
    let (mut sink, mut stream) = h.connect(&path).await.split();
    for frame in before.chunks(FRAME) {
        sink.send(Message::binary(frame.to_vec())).await.unwrap();
    }
    let mut messages = Vec::new();
    while of_type(&messages, "UtteranceEnd").is_empty() {
        let message = next_message(&mut stream).await;
        messages.push(message.expect("the sentence's results come while the stream is open"));
    }
    let (said, heard) = finals(&messages);
    eprintln!("before more audio: {heard:?}");
    assert!(wer(first, &heard) <= 0.2, "{heard:?}");
    let spoken = said
        .iter()
        .rfind(|r| r["channel"]["alternatives"][0]["words"] != json!([]))
        .unwrap();
    assert_eq!(spoken["speech_final"], true, "{spoken}");

    for frame in after.chunks(FRAME) {
        sink.send(Message::binary(frame.to_vec())).await.unwrap();
    }
    let close = json!({"type": "CloseStream"}).to_string();
    sink.send(Message::text(close)).await.unwrap();
    let (rest, close) = read_to_close(&mut stream).await;
    assert_eq!(close, Some((1000, String::new())), "{rest:?}");
    let (_, heard) = finals(&rest);
    assert!(wer(second, &heard) <= 0.2, "{heard:?}");
}

/// Flux (`/v2/listen`), raw linear16: two sentences a long pause apart are two turns, whose
/// `EndOfTurn` transcripts hold them.
#[tokio::test(flavor = "multi_thread")]
async fn flux_turns_of_live_audio_hold_the_sentences() {
    let h = Harness::start().await;
    let (first, second) = TWO_SENTENCES;
    let (one, two) = (spoken(first), spoken(second));
    let mut samples = one.samples;
    samples.extend(std::iter::repeat_n(0.0, one.rate as usize * 3 / 2));
    samples.extend(two.samples);
    let mut raw = Vec::new();
    wav::encode(Encoding::Pcm16, &samples, &mut raw);
    let streamed = h
        .stream(
            &format!(
                "/v2/listen?model=flux-general-en&encoding=linear16&sample_rate={}",
                one.rate
            ),
            &raw,
            None,
        )
        .await;
    eprintln!(
        "{:.1} s of speech streamed to Flux and recognized in {:.1} s",
        samples.len() as f64 / f64::from(one.rate),
        streamed.seconds
    );
    let messages = &streamed.messages;
    assert_eq!(streamed.close, Some((1000, String::new())), "{messages:?}");
    let ends: Vec<&str> = messages
        .iter()
        .filter(|m| m["event"] == "EndOfTurn")
        .map(|m| m["transcript"].as_str().unwrap())
        .collect();
    assert_eq!(ends.len(), 2, "{ends:?}");
    for (heard, said) in ends.iter().zip([first, second]) {
        assert!(wer(said, heard) <= 0.2, "{heard:?} for {said:?}");
    }
    for (index, message) in messages.iter().enumerate() {
        assert_eq!(message["sequence_id"], index, "{message}");
    }
}

/// Compressed audio (FLAC, which the machine has no encoder for: `flac.rs` writes it) is
/// recognized as it streams too, decoded from the stream's spool a packet at a time: the
/// finals hold the sentences, timed by the decoded audio, and `Metadata` has no warning.
#[tokio::test(flavor = "multi_thread")]
async fn compressed_live_audio_is_recognized_as_it_streams() {
    let h = Harness::start().await;
    let speech = wav::read_pcm16(&espeak(PASSAGE));
    let audio = flac::encode(&speech.samples, speech.rate);
    let pcm_bytes = speech.samples.len() * 2;
    assert!(
        audio.len() < pcm_bytes * 3 / 4,
        "{} of {pcm_bytes} bytes",
        audio.len()
    );
    let streamed = h
        .stream(
            "/v1/listen?punctuate=true&interim_results=true",
            &audio,
            None,
        )
        .await;
    eprintln!(
        "{:.1} s of FLAC speech ({} bytes) streamed and recognized in {:.1} s",
        speech.duration(),
        audio.len(),
        streamed.seconds
    );
    let messages = &streamed.messages;
    assert_eq!(streamed.close, Some((1000, String::new())), "{messages:?}");
    let metadata = messages.last().unwrap();
    assert_eq!(metadata["type"], "Metadata", "{messages:?}");
    assert!(metadata.get("warnings").is_none(), "{metadata}");
    // The encoder pads the audio with silence to whole frames of 4096 samples.
    let padded = (speech.samples.len().div_ceil(4096) * 4096) as f64 / f64::from(speech.rate);
    assert!(
        (metadata["duration"].as_f64().unwrap() - padded).abs() < 0.01,
        "{metadata}"
    );

    let (finals, heard) = finals(messages);
    let against_text = wer(PASSAGE, &heard);
    eprintln!("WER {against_text:.3} against the text: {heard}");
    assert!(against_text <= 0.2, "{heard:?}");
    assert!(
        finals.len() >= 2,
        "a window's final, then the rest's: {finals:?}"
    );
    let covered: f64 = finals.iter().map(|r| r["duration"].as_f64().unwrap()).sum();
    assert!((covered - padded).abs() < 0.01, "{covered} of {padded} s");
}
