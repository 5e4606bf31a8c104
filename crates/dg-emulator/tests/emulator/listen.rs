use std::collections::HashMap;

use dg_emulator::EmulatorConfig;
use serde_json::{Value, json};

use crate::common::{
    Answer, Canned, Harness, TinyServer, fixture_bytes, listen_url, sha256_hex, wav,
};

const BUELLER_URL: &str = "https://static.deepgram.com/examples/Bueller-Life-moves-pretty-fast.wav";
const PREAMBLE: &str = "a17f4880c5b4cf124ac54d06d77c9f0ab7f3fe1052ff1c7b090f7eaf8ede5b76";
const BUELLER: &str = "29e7c8100617f70da4ae9da1921cb5071a01219f4780ca70930b0a370ed2163a";
const PLAIN: &str = "c4e1c0031174878d8f0e3dbd87916ee16d56f1c610ac525af5712ea37226a455";
const SUMMARIZED: &str = "a231370d439312b1a404bb6ad8de955e900ec8eae9a906329af8cc672e6ec7ba";
const CORRUPT: &str = "Bad Request: failed to process audio: corrupt or unsupported data";

fn recorded(options: &str, source: &str) -> Value {
    let bytes = fixture_bytes(&format!("responses/{options}-{source}-response.json"));
    serde_json::from_slice(&bytes).unwrap()
}

/// Asserts the answer is the recording, with a fresh request id (the one in the header) and
/// creation time.
fn assert_recorded(answer: &Answer, mut expected: Value) {
    assert_eq!(answer.status, 200, "{}", answer.text);
    let mut got = answer.json();
    assert_eq!(got["metadata"]["request_id"], answer.request_id());
    assert_ne!(got["metadata"]["created"], expected["metadata"]["created"]);
    for value in [&mut got, &mut expected] {
        let metadata = value["metadata"].as_object_mut().unwrap();
        metadata.remove("request_id");
        metadata.remove("created");
    }
    assert_eq!(got, expected);
}

async fn listen(h: &Harness, query: &str, content_type: &str, body: Vec<u8>) -> Answer {
    h.post_bytes(
        &format!("/v1/listen?{query}"),
        &h.owner(),
        content_type,
        body,
    )
    .await
}

#[tokio::test]
async fn an_uploaded_recording_gets_its_real_answer_matching_the_options() {
    let h = Harness::start().await;
    let audio = fixture_bytes("audio/preamble-rest.wav");
    let plain = listen(
        &h,
        "model=nova-3&smart_format=true",
        "audio/wav",
        audio.clone(),
    )
    .await;
    assert_recorded(&plain, recorded(PLAIN, PREAMBLE));
    let transcript =
        plain.json()["results"]["channels"][0]["alternatives"][0]["transcript"].clone();
    assert!(
        transcript.as_str().unwrap().contains("We, the people"),
        "{transcript}"
    );

    let summarized = listen(
        &h,
        "model=nova-3&smart_format=true&summarize=v2",
        "application/octet-stream",
        audio,
    )
    .await;
    assert_recorded(&summarized, recorded(SUMMARIZED, PREAMBLE));
    assert!(summarized.json()["results"]["summary"]["short"].is_string());

    let stats = h.emulator.stats();
    assert_eq!(stats.listen_requests, 2);
    assert_eq!(stats.audio_bytes_received, 2 * 842_264);
}

#[tokio::test]
async fn a_recorded_url_is_answered_without_fetching() {
    let h = Harness::start().await;
    let plain = listen_url(&h, "model=nova-3&smart_format=true", BUELLER_URL).await;
    assert_recorded(&plain, recorded(PLAIN, BUELLER));
    let summarized = listen_url(
        &h,
        "model=nova-3&smart_format=true&summarize=v2",
        BUELLER_URL,
    )
    .await;
    assert_recorded(&summarized, recorded(SUMMARIZED, BUELLER));
    assert_eq!(h.emulator.stats().audio_bytes_received, 0);
}

#[tokio::test]
async fn tags_and_extra_are_echoed_in_the_metadata() {
    let h = Harness::start().await;
    let query = "model=nova-3&smart_format=true&tag=nightly&tag=ci&extra=run:42&extra=team:sdk";
    let answer = listen_url(&h, query, BUELLER_URL).await.json();
    assert_eq!(answer["metadata"]["tags"], json!(["nightly", "ci"]));
    assert_eq!(
        answer["metadata"]["extra"],
        json!({"run": "42", "team": "sdk"})
    );
    let answer = listen(&h, "tag=x", "audio/wav", wav(1, 8000, 800))
        .await
        .json();
    assert_eq!(answer["metadata"]["tags"], json!(["x"]));
}

// With the `recognizer` feature such audio is transcribed instead: tests/recognizer covers it.
#[cfg(not(feature = "recognizer"))]
#[tokio::test]
async fn other_wav_audio_gets_true_metadata_an_empty_transcript_and_a_warning() {
    let h = Harness::start().await;
    let audio = wav(2, 16000, 24000);
    let answer = listen(&h, "model=nova-3", "audio/wav", audio.clone()).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let body = answer.json();
    let metadata = &body["metadata"];
    assert_eq!(metadata["sha256"], sha256_hex(&audio));
    assert_eq!(metadata["duration"], 1.5);
    assert_eq!(metadata["channels"], 1);
    assert_eq!(metadata["request_id"], answer.request_id());
    let model = metadata["models"][0].as_str().unwrap();
    assert_eq!(metadata["model_info"][model]["name"], "dg-emulator");
    let warning = metadata["warnings"][0]["message"].as_str().unwrap();
    assert!(warning.contains("no recognizer"), "{warning}");
    let alternative = &body["results"]["channels"][0]["alternatives"][0];
    assert_eq!(alternative["transcript"], "");
    assert_eq!(alternative["confidence"], 0.0);
    assert_eq!(alternative["words"], json!([]));

    let multichannel = listen(&h, "multichannel=true", "audio/wav", audio)
        .await
        .json();
    assert_eq!(multichannel["metadata"]["channels"], 2);
    assert_eq!(
        multichannel["results"]["channels"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn headerless_audio_is_accepted_with_an_encoding() {
    let h = Harness::start().await;
    let answer = listen(
        &h,
        "encoding=linear16&sample_rate=8000",
        "application/octet-stream",
        vec![1u8; 32000],
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json()["metadata"]["duration"], 2.0);
}

#[tokio::test]
async fn bytes_that_are_not_audio_are_corrupt() {
    let h = Harness::start().await;
    let answer = listen(
        &h,
        "",
        "audio/wav",
        b"definitely not audio, just some text".to_vec(),
    )
    .await;
    assert_eq!(answer.assert_legacy_error(400, "Bad Request"), CORRUPT);
    let empty = listen(&h, "", "audio/wav", Vec::new()).await;
    empty.assert_legacy_error(400, "Bad Request");
}

#[tokio::test]
async fn a_url_body_without_the_json_content_type_is_corrupt_audio() {
    let h = Harness::start().await;
    let body = json!({"url": BUELLER_URL}).to_string().into_bytes();
    for content_type in ["text/plain", "audio/wav", "application/octet-stream"] {
        let answer = listen(&h, "", content_type, body.clone()).await;
        assert_eq!(answer.assert_legacy_error(400, "Bad Request"), CORRUPT);
    }
    let with_charset = listen(&h, "", "Application/JSON; charset=utf-8", body).await;
    assert_eq!(with_charset.status, 200);
}

#[tokio::test]
async fn a_malformed_url_body_is_invalid_json() {
    let h = Harness::start().await;
    let answer = listen(&h, "", "application/json", b"{\"uri\": \"x\"}".to_vec()).await;
    let details = answer.assert_modern_error("INVALID_JSON");
    assert!(details.contains("missing field `url`"), "{details}");
}

#[tokio::test]
async fn urls_off_loopback_are_refused() {
    let h = Harness::start().await;
    for url in [
        "https://example.com/audio.wav",
        "http://10.1.2.3/a.wav",
        "file:///etc/passwd",
    ] {
        let message = listen_url(&h, "", url)
            .await
            .assert_legacy_error(400, "Bad Request");
        assert!(message.contains("only fetches loopback URLs"), "{message}");
    }
}

#[tokio::test]
async fn loopback_urls_are_fetched_and_answered_like_uploads() {
    let unknown = wav(1, 8000, 4000);
    let server = TinyServer::start(HashMap::from([
        (
            "/preamble.wav".to_owned(),
            Canned::Bytes(fixture_bytes("audio/preamble-rest.wav")),
        ),
        ("/unknown.wav".to_owned(), Canned::Bytes(unknown.clone())),
        (
            "/hop".to_owned(),
            Canned::Redirect("/unknown.wav".to_owned()),
        ),
        (
            "/away".to_owned(),
            Canned::Redirect("http://example.com/a.wav".to_owned()),
        ),
        ("/missing.wav".to_owned(), Canned::Status(404)),
    ]))
    .await;
    let h = Harness::start().await;

    let fetched = listen_url(
        &h,
        "model=nova-3&smart_format=true",
        &format!("{}/preamble.wav", server.base_url),
    )
    .await;
    assert_recorded(&fetched, recorded(PLAIN, PREAMBLE));
    let unknown_answer = listen_url(&h, "", &format!("{}/hop", server.base_url)).await;
    assert_eq!(
        unknown_answer.json()["metadata"]["sha256"],
        sha256_hex(&unknown)
    );
    assert_eq!(unknown_answer.json()["metadata"]["duration"], 0.5);
    let local = listen_url(
        &h,
        "",
        &format!(
            "http://localhost:{}/unknown.wav",
            server.base_url.rsplit(':').next().unwrap()
        ),
    )
    .await;
    assert_eq!(local.status, 200, "{}", local.text);

    let requests_before = server.request_count();
    let away = listen_url(&h, "", &format!("{}/away", server.base_url)).await;
    assert!(
        away.assert_legacy_error(400, "Bad Request")
            .contains("loopback")
    );
    assert_eq!(
        server.request_count(),
        requests_before + 1,
        "the redirect off loopback is not followed"
    );
    let missing = listen_url(&h, "", &format!("{}/missing.wav", server.base_url)).await;
    assert!(
        missing
            .assert_legacy_error(400, "Bad Request")
            .contains("HTTP 404")
    );
}

#[tokio::test]
async fn uploads_over_the_limit_get_413() {
    let h = Harness::with(EmulatorConfig {
        max_upload_bytes: 64 * 1024,
        ..EmulatorConfig::default()
    })
    .await;
    let answer = listen(&h, "", "audio/wav", wav(1, 8000, 100_000)).await;
    answer.assert_legacy_error(413, "PAYLOAD_TOO_LARGE");
    let within = listen(&h, "", "audio/wav", wav(1, 8000, 10_000)).await;
    assert_eq!(
        within.status, 200,
        "the connection pool still works: {}",
        within.text
    );

    let server = TinyServer::start(HashMap::from([(
        "/big.wav".to_owned(),
        Canned::Bytes(wav(1, 8000, 100_000)),
    )]))
    .await;
    let fetched = listen_url(&h, "", &format!("{}/big.wav", server.base_url)).await;
    fetched.assert_legacy_error(413, "PAYLOAD_TOO_LARGE");
}

#[tokio::test]
async fn keyterm_needs_nova_3_and_keywords_refuse_it() {
    let h = Harness::start().await;
    let audio = wav(1, 8000, 800);
    for query in [
        "model=nova-2&keyterm=Deepgram",
        "keyterm=Deepgram",
        "model=nova-3&keywords=Deepgram:2",
    ] {
        let answer = listen(&h, query, "audio/wav", audio.clone()).await;
        let message = answer.assert_legacy_error(400, "Bad Request");
        assert!(message.contains("Nova-3"), "{message}");
    }
    for query in [
        "model=nova-3&keyterm=Deepgram&keyterm=dg",
        "model=nova-2&keywords=Deepgram:2",
    ] {
        assert_eq!(
            listen(&h, query, "audio/wav", audio.clone()).await.status,
            200,
            "{query}"
        );
    }
}

#[tokio::test]
async fn with_a_callback_only_the_request_id_is_answered_and_the_result_is_posted() {
    let server = TinyServer::start(HashMap::new()).await;
    let h = Harness::start().await;
    let callback = format!("{}/hook", server.base_url);
    let query = format!(
        "callback={}&tag=cb",
        url::form_urlencoded::byte_serialize(callback.as_bytes()).collect::<String>()
    );
    let audio = wav(1, 8000, 800);
    let answer = listen(&h, &query, "audio/wav", audio.clone()).await;
    assert_eq!(answer.json(), json!({"request_id": answer.request_id()}));

    let mut delivered = None;
    for _ in 0..200 {
        if let Some((line, body)) = server.requests.lock().unwrap().first().cloned() {
            delivered = Some((line, body));
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    let (line, body) = delivered.expect("the callback was delivered");
    assert!(line.starts_with("POST /hook "), "{line}");
    let result: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(result["metadata"]["request_id"], answer.request_id());
    assert_eq!(result["metadata"]["sha256"], sha256_hex(&audio));
    assert_eq!(result["metadata"]["tags"], json!(["cb"]));
}
