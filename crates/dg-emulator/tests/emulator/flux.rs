//! Flux, `GET /v2/listen` over a real WebSocket (tokio-tungstenite): the upgrade and its
//! refusals, the turns of a recorded stream, `Configure`, `KeepAlive`, the idle timeout and
//! the live faults. The turn rules themselves are unit tests (`audio::turns`).

use std::time::Duration;

use dg_emulator::{EmulatorConfig, Fault, FaultAction};
use futures_util::stream::SplitStream;
use futures_util::{SinkExt, Stream, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderValue, Response};
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::common::{Harness, fixture_bytes, token};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

const BUELLER: &str = "audio/Bueller-Life-moves-pretty-fast.wav";

/// Opens `/v2/listen?{query}` with the header `name: value`.
async fn open(
    h: &Harness,
    query: &str,
    (name, value): (&'static str, &str),
) -> Result<(Ws, Response<Option<Vec<u8>>>), WsError> {
    let url = h
        .url(&format!("/v2/listen?{query}"))
        .replacen("http", "ws", 1);
    let mut request = url.into_client_request().unwrap();
    request
        .headers_mut()
        .insert(name, HeaderValue::from_str(value).unwrap());
    tokio_tungstenite::connect_async(request).await
}

async fn open_as_owner(h: &Harness, query: &str) -> (Ws, Response<Option<Vec<u8>>>) {
    open(h, query, ("authorization", &token(&h.owner())))
        .await
        .expect("the upgrade succeeds")
}

async fn next_frame(ws: &mut Ws) -> Message {
    tokio::time::timeout(Duration::from_secs(5), ws.next())
        .await
        .expect("a frame in time")
        .expect("the stream is open")
        .expect("a frame")
}

/// The next text message, as JSON (failing on anything else).
async fn next_json(ws: &mut Ws) -> Value {
    match next_frame(ws).await {
        Message::Text(text) => serde_json::from_str(&text).unwrap(),
        other => panic!("expected a text message, got {other:?}"),
    }
}

/// Every text message until the close, and the close's code and reason (`None`: the
/// connection ended without a close frame).
async fn until_closed(
    stream: &mut (impl Stream<Item = Result<Message, WsError>> + Unpin),
) -> (Vec<Value>, Option<(u16, String)>) {
    let mut messages = Vec::new();
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), stream.next())
            .await
            .expect("the stream ends in time");
        match frame {
            Some(Ok(Message::Text(text))) => messages.push(serde_json::from_str(&text).unwrap()),
            Some(Ok(Message::Close(close))) => {
                let close = close.map(|c| (u16::from(c.code), c.reason.to_string()));
                return (messages, close);
            }
            Some(Ok(_)) => {}
            Some(Err(_)) | None => return (messages, None),
        }
    }
}

/// Sends `audio` in frames of `frame` bytes, then `last`, from a task of its own so that the
/// answers are read meanwhile; sending stops when the server has closed. The receiving half.
fn send_audio(ws: Ws, audio: Vec<u8>, frame: usize, last: Option<Message>) -> SplitStream<Ws> {
    let (mut sink, stream) = ws.split();
    tokio::spawn(async move {
        for chunk in audio.chunks(frame) {
            if sink.send(Message::binary(chunk.to_vec())).await.is_err() {
                return;
            }
        }
        if let Some(last) = last {
            let _ = sink.send(last).await;
        }
    });
    stream
}

fn text(message: Value) -> Message {
    Message::text(message.to_string())
}

#[tokio::test]
async fn flux_turns_hold_the_words_of_the_rest_transcript() {
    let h = Harness::start().await;
    let audio = fixture_bytes(BUELLER);
    let rest = h
        .post_bytes(
            "/v1/listen?model=nova-3&smart_format=true",
            &h.owner(),
            "audio/wav",
            audio.clone(),
        )
        .await;
    assert_eq!(rest.status, 200, "{}", rest.text);
    let words: Vec<String> = rest.json()["results"]["channels"][0]["alternatives"][0]["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["punctuated_word"].as_str().unwrap().to_owned())
        .collect();

    let (ws, response) = open_as_owner(&h, "model=flux-general-en").await;
    let request_id = response.headers()["dg-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    // 0.1 s frames (44 100 Hz, 16-bit stereo), then CloseStream.
    let close_stream = text(json!({"type": "CloseStream"}));
    let mut stream = send_audio(ws, audio, 17_640, Some(close_stream));
    let (messages, close) = until_closed(&mut stream).await;
    assert_eq!(close.map(|(code, _)| code), Some(1000));
    assert_eq!(
        messages[0],
        json!({"type": "Connected", "request_id": request_id, "sequence_id": 0})
    );
    for (index, message) in messages.iter().enumerate() {
        assert_eq!(message["sequence_id"], index, "{message}");
    }
    let ends: Vec<&str> = messages
        .iter()
        .filter(|m| m["event"] == "EndOfTurn")
        .map(|m| m["transcript"].as_str().unwrap())
        .collect();
    assert_eq!(ends.len(), 3, "{ends:?}");
    assert_eq!(ends.join(" "), words.join(" "));
    let starts = messages.iter().filter(|m| m["event"] == "StartOfTurn");
    assert_eq!(starts.count(), 3);
}

#[tokio::test]
async fn flux_refuses_a_plain_get_bad_options_and_bad_credentials() {
    let h = Harness::start().await;
    let plain = h.get("/v2/listen?model=flux-general-en", &h.owner()).await;
    let message = plain.assert_legacy_error(400, "Bad Request");
    assert!(message.contains("/v2/listen"), "{message}");
    for query in [
        "",
        "model=nova-3",
        "model=flux-general-en&eot_threshold=0.95",
        "model=flux-general-en&eot_threshold=0.6&eager_eot_threshold=0.7",
        "model=flux-general-en&eot_timeout_ms=100",
        "model=flux-general-en&language_hint=en",
        "model=flux-general-en&encoding=flac",
    ] {
        let refused = open(&h, query, ("authorization", &token(&h.owner()))).await;
        let Err(WsError::Http(response)) = refused else {
            panic!("{query}: not refused with an HTTP answer");
        };
        assert_eq!(response.status(), 400, "{query}");
        let body: Value = serde_json::from_slice(response.body().as_deref().unwrap()).unwrap();
        assert_eq!(body["err_code"], "Bad Request", "{query}");
        assert_eq!(
            body["request_id"],
            response.headers()["dg-request-id"].to_str().unwrap()
        );
    }
    let refused = open(&h, "model=flux-general-en", ("authorization", "Token nope")).await;
    let Err(WsError::Http(response)) = refused else {
        panic!("a wrong key is refused");
    };
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn flux_echoes_subprotocol_auth_configures_and_answers_keep_alive_with_an_error() {
    let h = Harness::start().await;
    let subprotocol = format!("token, {}", h.owner());
    let (mut ws, response) = open(
        &h,
        "model=flux-general-en",
        ("sec-websocket-protocol", &subprotocol),
    )
    .await
    .expect("the subprotocol form is accepted");
    assert_eq!(response.headers()["sec-websocket-protocol"], "token");
    assert_eq!(next_json(&mut ws).await["type"], "Connected");
    ws.send(text(json!({"type": "KeepAlive"}))).await.unwrap();
    let error = next_json(&mut ws).await;
    assert_eq!(
        (&error["type"], &error["code"], &error["sequence_id"]),
        (&json!("Error"), &json!("UNKNOWN_MESSAGE_TYPE"), &json!(1))
    );
    let configure = json!({"type": "Configure", "thresholds": {"eot_threshold": 0.8}});
    ws.send(text(configure)).await.unwrap();
    let success = next_json(&mut ws).await;
    assert_eq!(success["type"], "ConfigureSuccess");
    assert_eq!(success["thresholds"]["eot_threshold"], 0.8);
    assert_eq!(success["sequence_id"], 2);
    let refused = json!({"type": "Configure", "thresholds": {"eot_timeout_ms": 20}});
    ws.send(text(refused)).await.unwrap();
    assert_eq!(next_json(&mut ws).await["type"], "ConfigureFailure");
    // A control message sent as binary ends the stream.
    let binary = json!({"type": "CloseStream"}).to_string().into_bytes();
    ws.send(Message::binary(binary)).await.unwrap();
    let (_, close) = until_closed(&mut ws).await;
    let (code, reason) = close.expect("a close frame");
    assert_eq!(code, 1008);
    assert!(reason.starts_with("DATA-0000"), "{reason}");
}

#[tokio::test]
async fn flux_pings_keep_a_stream_alive_until_the_idle_timeout() {
    let h = Harness::with(EmulatorConfig {
        live_idle_timeout: Duration::from_millis(400),
        ..EmulatorConfig::default()
    })
    .await;
    let (mut ws, _) = open_as_owner(&h, "model=flux-general-en").await;
    assert_eq!(next_json(&mut ws).await["type"], "Connected");
    // Over twice the idle time, a ping every 150 ms: the stream stays open.
    let pinging = std::time::Instant::now();
    for _ in 0..6 {
        tokio::time::sleep(Duration::from_millis(150)).await;
        ws.send(Message::Ping(Vec::new().into())).await.unwrap();
        let pong = next_frame(&mut ws).await;
        assert!(matches!(pong, Message::Pong(_)), "{pong:?}");
    }
    assert!(pinging.elapsed() > Duration::from_millis(800));
    let quiet = std::time::Instant::now();
    let (_, close) = until_closed(&mut ws).await;
    let (code, reason) = close.expect("a close frame");
    assert_eq!(code, 1011);
    assert!(reason.starts_with("NET-0001"), "{reason}");
    assert!(quiet.elapsed() >= Duration::from_millis(350));
}

#[tokio::test]
async fn the_cut_fault_cuts_a_flux_stream() {
    let h = Harness::start().await;
    h.emulator.inject(Fault {
        count: 1,
        path_prefix: Some("/v2/listen".into()),
        action: FaultAction::CutLiveStream {
            after_audio: Duration::from_secs(1),
            code: Some(1012),
        },
    });
    let (ws, _) = open_as_owner(&h, "model=flux-general-en").await;
    let mut stream = send_audio(ws, fixture_bytes(BUELLER), 17_640, None);
    let (messages, close) = until_closed(&mut stream).await;
    assert_eq!(messages[0]["type"], "Connected");
    assert_eq!(close.map(|(code, _)| code), Some(1012));
}

#[tokio::test]
async fn the_message_cut_fault_cuts_a_flux_stream_right_after_its_nth_message() {
    let h = Harness::start().await;
    for (fault, kept, code) in [
        (
            json!({"path_prefix": "/v2/listen", "cut_live_after_messages": 3, "close_code": 1011}),
            3,
            Some(1011),
        ),
        (
            json!({"path_prefix": "/v2/listen", "cut_live_after_messages": 1}),
            1,
            None,
        ),
    ] {
        h.emulator.inject_json(&fault.to_string()).unwrap();
        let (ws, _) = open_as_owner(&h, "model=flux-general-en").await;
        let mut stream = send_audio(ws, fixture_bytes(BUELLER), 4410, None);
        let (messages, close) = until_closed(&mut stream).await;
        assert_eq!(messages.len(), kept, "{fault}: {messages:?}");
        assert_eq!(messages[0]["type"], "Connected");
        assert_eq!(close.map(|(code, _)| code), code, "{fault}");
    }
    // The fault was for one stream each: the next one runs to its end.
    let (ws, _) = open_as_owner(&h, "model=flux-general-en").await;
    let close_stream = text(json!({"type": "CloseStream"}));
    let mut stream = send_audio(ws, fixture_bytes(BUELLER), 4410, Some(close_stream));
    let (messages, close) = until_closed(&mut stream).await;
    assert!(messages.len() > 3);
    assert_eq!(close.map(|(code, _)| code), Some(1000));
}

#[tokio::test]
async fn delayed_flux_messages_come_late_but_all_and_in_order() {
    let h = Harness::start().await;
    let close_stream = text(json!({"type": "CloseStream"}));
    let events = |messages: &[Value]| -> Vec<String> {
        messages
            .iter()
            .map(|m| format!("{} {} {}", m["sequence_id"], m["event"], m["transcript"]))
            .collect()
    };
    let (ws, _) = open_as_owner(&h, "model=flux-general-en").await;
    let mut stream = send_audio(ws, fixture_bytes(BUELLER), 4410, Some(close_stream.clone()));
    let (undelayed, _) = until_closed(&mut stream).await;

    h.emulator
        .inject_json(r#"{"path_prefix": "/v2/listen", "delay_live_results_ms": 300}"#)
        .unwrap();
    let opened = std::time::Instant::now();
    let (mut ws, _) = open_as_owner(&h, "model=flux-general-en").await;
    assert_eq!(next_json(&mut ws).await["type"], "Connected");
    assert!(opened.elapsed() >= Duration::from_millis(300));
    let mut stream = send_audio(ws, fixture_bytes(BUELLER), 4410, Some(close_stream));
    let (delayed, close) = until_closed(&mut stream).await;
    assert_eq!(
        close.map(|(code, _)| code),
        Some(1000),
        "closed after the last message"
    );
    assert_eq!(events(&delayed), events(&undelayed[1..]));
    // Each message waits 300 ms from when it was produced, not after the one before: the
    // delays overlap (serial waits would take 300 ms times the message count).
    assert!(delayed.len() > 20, "{}", delayed.len());
    assert!(opened.elapsed() < Duration::from_millis(300) * 10);
}
