//! The recognizer (`--features recognizer`) on real recordings and generated audio, through
//! `/v1/listen`. It needs the Whisper model of `scripts/fetch-model.sh` and, for one test,
//! `espeak-ng`: without them the tests fail and say how to get them.
#![cfg(feature = "recognizer")]

mod flac;
mod live;
mod plugin;
mod wav;
mod wer;

use std::path::{Path, PathBuf};
use std::process::Command;

use dg_emulator::{Emulator, EmulatorConfig, Recognition};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::sync::{Mutex, MutexGuard};

use crate::wav::{Encoding, Pcm};
use crate::wer::wer;

const CORRUPT: &str = "Bad Request: failed to process audio: corrupt or unsupported data";
const SENTENCE: &str = "The weather is nice today, so we will walk to the park.";

/// One test at a time: each loads its own model, and the memory test measures the process.
static SERIAL: Mutex<()> = Mutex::const_new(());

struct Harness {
    emulator: Emulator,
    http: reqwest::Client,
    _serial: MutexGuard<'static, ()>,
}

/// A `/v1/listen` answer.
struct Answer {
    status: u16,
    request_id: String,
    body: Value,
}

impl Harness {
    /// An emulator with real recognition; fails when the model is missing.
    async fn start() -> Harness {
        let serial = SERIAL.lock().await;
        let emulator = Emulator::start(EmulatorConfig::default())
            .await
            .expect("the emulator starts");
        if let Recognition::Off { reason } = emulator.recognition() {
            panic!(
                "the recognizer tests need the Whisper model, and recognition is off: {reason}. \
                 Fetch the model with `scripts/fetch-model.sh` (or point DG_EMULATOR_MODEL_DIR \
                 at a folder holding it)."
            );
        }
        Harness {
            emulator,
            http: reqwest::Client::builder().no_proxy().build().unwrap(),
            _serial: serial,
        }
    }

    async fn listen(&self, query: &str, body: impl Into<reqwest::Body>) -> Answer {
        let request = self
            .http
            .post(format!("{}/v1/listen?{query}", self.emulator.base_url()))
            .header(
                AUTHORIZATION,
                format!("Token {}", self.emulator.owner_key()),
            )
            .header(CONTENT_TYPE, "audio/wav")
            .body(body);
        answer(request).await
    }

    async fn listen_url(&self, url: &str) -> Answer {
        let request = self
            .http
            .post(format!("{}/v1/listen", self.emulator.base_url()))
            .header(
                AUTHORIZATION,
                format!("Token {}", self.emulator.owner_key()),
            )
            .header(CONTENT_TYPE, "application/json")
            .body(json!({ "url": url }).to_string());
        answer(request).await
    }
}

async fn answer(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.expect("the emulator answers");
    let status = response.status().as_u16();
    let request_id = response.headers()["dg-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let text = response.text().await.unwrap();
    let body =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {status} {text}"));
    Answer {
        status,
        request_id,
        body,
    }
}

impl Answer {
    fn ok(&self) -> &Value {
        assert_eq!(self.status, 200, "{}", self.body);
        &self.body
    }

    fn channel(&self, index: usize) -> &Value {
        &self.ok()["results"]["channels"][index]["alternatives"][0]
    }

    fn transcript(&self) -> &str {
        self.channel(0)["transcript"].as_str().unwrap()
    }

    fn assert_corrupt(&self, what: &str) {
        assert_eq!(self.status, 400, "{what}: {}", self.body);
        assert_eq!(
            self.body,
            json!({"err_code": "Bad Request", "err_msg": CORRUPT, "request_id": self.request_id}),
            "{what}"
        );
    }
}

fn fixture(relative: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The audio of a real recording, and Deepgram's transcript of it.
fn recording(audio: &str, response: &str) -> (Pcm, String) {
    let pcm = wav::read_pcm16(&fixture(&format!("../../tests/fixtures/audio/{audio}")));
    let recorded: Value = serde_json::from_slice(&fixture(&format!(
        "../../tests/fixtures/responses/{response}"
    )))
    .unwrap();
    let transcript = recorded["results"]["channels"][0]["alternatives"][0]["transcript"]
        .as_str()
        .unwrap()
        .to_owned();
    (pcm, transcript)
}

fn preamble() -> (Pcm, String) {
    recording(
        "preamble-rest.wav",
        "c4e1c0031174878d8f0e3dbd87916ee16d56f1c610ac525af5712ea37226a455-\
         a17f4880c5b4cf124ac54d06d77c9f0ab7f3fe1052ff1c7b090f7eaf8ede5b76-response.json",
    )
}

fn bueller() -> (Pcm, String) {
    recording(
        "Bueller-Life-moves-pretty-fast.wav",
        "c4e1c0031174878d8f0e3dbd87916ee16d56f1c610ac525af5712ea37226a455-\
         29e7c8100617f70da4ae9da1921cb5071a01219f4780ca70930b0a370ed2163a-response.json",
    )
}

fn sha256_hex(bytes: &[u8]) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes);
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// Every word of every channel: `start <= end`, in order, inside the audio.
fn assert_timed(body: &Value, duration: f64) {
    for channel in body["results"]["channels"].as_array().unwrap() {
        let mut previous_end = 0.0;
        for word in channel["alternatives"][0]["words"].as_array().unwrap() {
            let (start, end) = (
                word["start"].as_f64().unwrap(),
                word["end"].as_f64().unwrap(),
            );
            assert!(
                start >= previous_end,
                "{word} starts before the word before it ends"
            );
            assert!(start <= end, "{word}");
            assert!(
                end <= duration + 0.001,
                "{word} ends after the audio ({duration} s)"
            );
            let confidence = word["confidence"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&confidence), "{word}");
            previous_end = end;
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn real_recordings_are_transcribed_as_deepgram_did() {
    let h = Harness::start().await;
    let (preamble, preamble_text) = preamble();
    let (bueller, bueller_text) = bueller();
    // Re-encoded, so that no recorded answer matches their bytes.
    let preamble_wav = wav::wav(Encoding::Float32, &preamble);
    let bueller_wav = wav::wav(Encoding::Pcm24, &bueller);
    // Sent together: the second waits for its turn.
    let (first, second) = tokio::join!(
        h.listen("smart_format=true", preamble_wav.clone()),
        h.listen(
            "punctuate=true&utterances=true&diarize=true&summarize=v2",
            bueller_wav.clone()
        ),
    );

    for (answer, audio, pcm, reference) in [
        (&first, &preamble_wav, &preamble, &preamble_text),
        (&second, &bueller_wav, &bueller, &bueller_text),
    ] {
        let heard = answer.transcript();
        let error = wer(reference, heard);
        eprintln!("WER {error:.3}: {heard}");
        assert!(error <= 0.05, "WER {error:.3}: {heard:?} for {reference:?}");
        let metadata = &answer.ok()["metadata"];
        assert_eq!(metadata["sha256"], sha256_hex(audio));
        assert_eq!(metadata["request_id"], answer.request_id);
        assert!((metadata["duration"].as_f64().unwrap() - pcm.duration()).abs() < 0.001);
        assert_eq!(metadata["channels"], 1);
        let model = metadata["models"][0].as_str().unwrap();
        assert_eq!(metadata["model_info"][model]["name"], "whisper-tiny.en");
        assert_timed(answer.ok(), pcm.duration());
    }

    let paragraphs = &first.channel(0)["paragraphs"];
    assert_eq!(
        paragraphs["transcript"].as_str().unwrap().trim(),
        first.transcript()
    );
    let utterances = second.ok()["results"]["utterances"].as_array().unwrap();
    assert!(utterances.len() >= 2, "{utterances:?}");
    let joined: Vec<&str> = utterances
        .iter()
        .map(|u| u["transcript"].as_str().unwrap())
        .collect();
    assert_eq!(joined.join(" "), second.transcript());
    let warned: Vec<&str> = second.ok()["metadata"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["parameter"].as_str().unwrap())
        .collect();
    assert_eq!(warned, ["diarize", "summarize"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_wav_encoding_is_read() {
    let h = Harness::start().await;
    let (preamble, reference) = preamble();
    for encoding in Encoding::ALL {
        let answer = h.listen("", wav::wav(encoding, &preamble)).await;
        let error = wer(&reference, answer.transcript());
        assert!(
            error <= 0.05,
            "{encoding:?}: WER {error:.3}: {}",
            answer.transcript()
        );
    }
    // G.711 mu-law at 8 kHz, as recorded for Deepgram's streaming tests (no REST answer).
    let answer = h
        .listen(
            "",
            fixture("../../tests/fixtures/audio/preamble-websocket.wav"),
        )
        .await;
    let error = wer(&reference, answer.transcript());
    assert!(
        error <= 0.05,
        "mu-law: WER {error:.3}: {}",
        answer.transcript()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn flac_mp3_and_ogg_vorbis_are_read() {
    let h = Harness::start().await;
    for file in ["sentence.flac", "sentence.mp3", "sentence.ogg"] {
        let answer = h
            .listen("punctuate=true", fixture(&format!("tests/fixtures/{file}")))
            .await;
        let error = wer(SENTENCE, answer.transcript());
        assert!(
            error <= 0.1,
            "{file}: WER {error:.3}: {}",
            answer.transcript()
        );
        let duration = answer.ok()["metadata"]["duration"].as_f64().unwrap();
        assert!((duration - 3.162).abs() < 0.1, "{file}: {duration} s");
        assert_timed(answer.ok(), duration);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sentence_spoken_by_espeak_ng_is_recognized() {
    let h = Harness::start().await;
    let text = "Our emulator can transcribe any file without a network connection.";
    let answer = h.listen("punctuate=true", espeak(text)).await;
    let error = wer(text, answer.transcript());
    assert!(error <= 0.2, "WER {error:.3}: {}", answer.transcript());
}

/// `text` spoken by espeak-ng: a WAV file (22 050 Hz, 16-bit mono) written as a stream.
fn espeak(text: &str) -> Vec<u8> {
    let spoken = Command::new("espeak-ng")
        .args(["--stdout", text])
        .output()
        .unwrap_or_else(|e| {
            panic!("this test needs espeak-ng (apt-get install -y espeak-ng): {e}")
        });
    assert!(spoken.status.success(), "espeak-ng failed: {spoken:?}");
    spoken.stdout
}

/// Speech that runs across the 30-second windows: a window that started mid-sentence used to
/// lose that sentence, and one that ended mid-speech went on with the rest of the (memorized)
/// preamble, squeezed into one instant.
#[tokio::test(flavor = "multi_thread")]
async fn speech_across_windows_is_heard_once_and_in_full() {
    const COPIES: usize = 4;
    let h = Harness::start().await;
    let (preamble, preamble_text) = preamble();
    let rate = preamble.rate;
    let mut samples = Vec::new();
    for _ in 0..COPIES {
        samples.extend_from_slice(&preamble.samples);
        samples.extend(std::iter::repeat_n(0.0, rate as usize));
    }
    let period = preamble.duration() + 1.0;
    let long = Pcm {
        rate,
        channels: 1,
        samples,
    };
    let answer = h.listen("", wav::wav(Encoding::Pcm16, &long)).await;

    let reference = [preamble_text.as_str(); COPIES].join(" ");
    let heard = answer.transcript();
    let error = wer(&reference, heard);
    assert!(error <= 0.05, "WER {error:.3}: {heard:?}");
    assert_timed(answer.ok(), long.duration());
    let words = answer.channel(0)["words"].as_array().unwrap();
    let starts: Vec<f64> = words
        .iter()
        .filter(|w| w["word"] == "people")
        .map(|w| w["start"].as_f64().unwrap())
        .collect();
    assert_eq!(starts.len(), COPIES, "{starts:?}");
    for (copy, start) in starts.iter().enumerate() {
        let expected = copy as f64 * period + 0.9;
        assert!(
            (start - expected).abs() < 1.0,
            "copy {copy}: people at {start}, expected near {expected}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn multichannel_transcribes_each_channel() {
    let h = Harness::start().await;
    let (preamble, reference) = preamble();
    // Speech on the left, silence on the right.
    let stereo = Pcm {
        rate: preamble.rate,
        channels: 2,
        samples: preamble.samples.iter().flat_map(|&s| [s, 0.0]).collect(),
    };
    let bytes = wav::wav(Encoding::Pcm16, &stereo);
    let split = h.listen("multichannel=true", bytes.clone()).await;
    assert_eq!(split.ok()["metadata"]["channels"], 2);
    assert!(
        wer(&reference, split.transcript()) <= 0.05,
        "{}",
        split.transcript()
    );
    assert_eq!(split.channel(1)["transcript"], "");
    assert_eq!(split.channel(1)["words"], json!([]));
    let mixed = h.listen("", bytes).await;
    assert_eq!(mixed.ok()["metadata"]["channels"], 1);
    assert!(
        wer(&reference, mixed.transcript()) <= 0.05,
        "{}",
        mixed.transcript()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn corrupt_and_truncated_audio_get_deepgram_400() {
    let h = Harness::start().await;
    let (preamble, _) = preamble();
    let whole = wav::wav(Encoding::Float32, &preamble);
    let mut broken_fmt = wav::header(Encoding::Pcm16, 0, 1, 16_000);
    broken_fmt.extend_from_slice(&[0; 32_000]);
    let cases: [(&str, Vec<u8>); 5] = [
        ("truncated WAV", whole[..whole.len() / 2].to_vec()),
        ("WAV header only", whole[..60].to_vec()),
        ("WAV at 0 Hz", broken_fmt),
        (
            "FLAC magic, then noise",
            [b"fLaC".as_slice(), &noise(4096)].concat(),
        ),
        (
            "Ogg magic, then noise",
            [b"OggS".as_slice(), &noise(4096)].concat(),
        ),
    ];
    for (what, bytes) in cases {
        h.listen("", bytes).await.assert_corrupt(what);
    }
    let mut flac = fixture("tests/fixtures/sentence.flac");
    flac.truncate(flac.len() / 2);
    h.listen("", flac).await.assert_corrupt("truncated FLAC");
}

/// Bytes that look like nothing.
fn noise(len: usize) -> Vec<u8> {
    (0..len as u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_loopback_url_is_fetched_and_transcribed() {
    let h = Harness::start().await;
    let (preamble, reference) = preamble();
    let served = wav::wav(Encoding::Pcm16, &preamble);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/preamble.wav", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = stream.read(&mut request).await;
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: audio/wav\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            served.len()
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(&served).await.unwrap();
    });
    let answer = h.listen_url(&url).await;
    assert!(
        wer(&reference, answer.transcript()) <= 0.05,
        "{}",
        answer.transcript()
    );
}

/// Seconds into the hour where the preamble is spoken; silence everywhere else.
const SPOKEN_AT: [u32; 4] = [0, 1200, 2400, 3540];

/// Kilobytes of a `/proc/self/status` line (`VmRSS`, `VmHWM`).
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|line| line.starts_with(field))
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"));
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Writes a WAV file of `seconds` of silence where `speech` is spoken at each of `spoken_at`,
/// piece by piece: an hour of 16-bit audio at 22.05 kHz is 159 MB.
fn write_long_wav(path: &Path, speech: &Pcm, seconds: u32, spoken_at: &[u32]) {
    use std::io::Write as _;
    let rate = speech.rate;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let frames = u64::from(seconds) * u64::from(rate);
    file.write_all(&wav::header(Encoding::Pcm16, rate, 1, frames))
        .unwrap();
    let silence = vec![0.0; rate as usize];
    let mut written = 0;
    let mut bytes = Vec::new();
    while written < frames {
        let (second, into_second) = (written / u64::from(rate), written % u64::from(rate));
        let piece = if into_second == 0 && spoken_at.contains(&(second as u32)) {
            &speech.samples[..]
        } else {
            let to_next_second = u64::from(rate) - into_second;
            &silence[..to_next_second.min(frames - written) as usize]
        };
        bytes.clear();
        wav::encode(Encoding::Pcm16, piece, &mut bytes);
        file.write_all(&bytes).unwrap();
        written += piece.len() as u64;
    }
}

/// The body of a request that streams the file at `path`.
async fn streamed(path: &Path) -> reqwest::Body {
    let file = tokio::fs::File::open(path).await.unwrap();
    reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::new(file))
}

#[tokio::test(flavor = "multi_thread")]
async fn an_hour_long_file_is_transcribed_in_flat_memory() {
    let h = Harness::start().await;
    let (preamble, _) = preamble();
    let dir = tempfile::tempdir().unwrap();
    let (minutes, hour) = (dir.path().join("minutes.wav"), dir.path().join("hour.wav"));
    write_long_wav(&minutes, &preamble, 100, &[0, 60]);
    write_long_wav(&hour, &preamble, 3600, &SPOKEN_AT);

    // The model is loaded and has run once before anything is measured; then the peak RSS
    // while transcribing a file of a few windows and while transcribing the hour are
    // compared: a file's windows run two at a time, so any file of several windows holds as
    // many at once.
    h.listen("", streamed(&minutes).await).await.ok();
    let (short_peak, short_answer) = peak_mib(h.listen("", streamed(&minutes).await)).await;
    let heard = short_answer.transcript();
    assert_eq!(heard.matches("people").count(), 2, "{heard}");
    let (hour_peak, answer) = peak_mib(h.listen("", streamed(&hour).await)).await;
    eprintln!("peak RSS: {short_peak} MiB for 100 s, {hour_peak} MiB for an hour");

    let duration = answer.ok()["metadata"]["duration"].as_f64().unwrap();
    assert!((duration - 3600.0).abs() < 0.001, "{duration}");
    assert_timed(answer.ok(), duration);
    let words = answer.channel(0)["words"].as_array().unwrap();
    let said = |word: &str| -> Vec<f64> {
        words
            .iter()
            .filter(|w| w["word"] == word)
            .map(|w| w["start"].as_f64().unwrap())
            .collect()
    };
    // Each preamble is heard where it was spoken, and nothing is heard in the silence.
    for (word, after) in [("people", 0.5), ("america", 17.5)] {
        let heard = said(word);
        assert_eq!(heard.len(), SPOKEN_AT.len(), "{word}: {heard:?}");
        for (at, spoken) in heard.iter().zip(SPOKEN_AT) {
            let expected = f64::from(spoken) + after;
            assert!(
                (at - expected).abs() < 1.5,
                "{word} at {at}, expected near {expected}"
            );
        }
    }
    let last_end = words.last().unwrap()["end"].as_f64().unwrap();
    assert!(last_end < f64::from(SPOKEN_AT[3]) + 20.0, "{last_end}");
    // Holding the hour's samples would take 317 MB at 22.05 kHz, 230 MB at 16 kHz, and its
    // bytes 159 MB. The allocator's free lists move the peak too: 6-27 MiB more for the hour
    // than for 100 s in six runs on a 2-core machine.
    assert!(
        hour_peak <= short_peak + 64,
        "peak RSS of {hour_peak} MiB for an hour, {short_peak} MiB for 100 s"
    );
}

/// The peak RSS of this process (test and emulator) while `work` runs, in MiB. The peak and
/// not its growth: memory an earlier request freed may or may not have gone back to the
/// system, which moves the RSS `work` starts from by tens of MiB either way.
async fn peak_mib<T>(work: impl Future<Output = T>) -> (u64, T) {
    std::fs::write("/proc/self/clear_refs", "5").expect("the peak RSS can be reset");
    let output = work.await;
    (status_kib("VmHWM:") / 1024, output)
}
