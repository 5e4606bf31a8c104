//! Live streaming against the emulator: the recorded preamble streamed gives Deepgram's
//! recorded words as its finals, each once; interim results and Finalize; CloseStream drains
//! then ends; keep-alive against the idle timeout; typed closes and refused upgrades.

mod common;

use std::time::Duration;

use common::live::*;
use common::*;
use dg_core::{ErrorKind, ListenOptions, LiveConfig, LiveEvent, LiveSession};
use dg_emulator::Emulator;
use sha2::{Digest, Sha256};

fn options() -> ListenOptions {
    ListenOptions {
        model: Some("nova-3".parse().unwrap()),
        smart_format: Some(true),
        ..Default::default()
    }
}

async fn open(emu: &Emulator, options: &ListenOptions, config: LiveConfig) -> LiveSession {
    client(emu)
        .listen_live(options, config)
        .await
        .expect("the stream opens")
}

#[tokio::test]
async fn the_preamble_streamed_gives_the_recorded_words_as_finals_each_once() {
    let emu = emulator().await;
    let mut session = open(&emu, &options(), LiveConfig::default()).await;
    assert!(session.request_id().is_some_and(|id| !id.is_empty()));
    let (events, end) = stream(&mut session, preamble(), None).await;
    assert!(end.is_none(), "a normal close: {end:?}");

    let mut words = Vec::new();
    let mut last_start = -1.0;
    for event in &events {
        if let LiveEvent::Results(r) = event {
            assert_eq!(r.is_final, Some(true), "no interim results unless asked");
            assert!(r.start > last_start, "result starts run on");
            last_start = r.start;
            for w in &r.best_alternative().unwrap().words {
                words.push(w.punctuated_word.as_deref().unwrap().to_owned());
            }
        }
    }
    assert_eq!(
        words,
        recorded_words(),
        "every recorded word once, in order"
    );
    assert!(
        events.len() > 5,
        "results came as the audio arrived, not at once"
    );
    let Some(LiveEvent::Metadata(metadata)) = events.last() else {
        panic!("the last event is Metadata: {:?}", events.last());
    };
    assert_eq!(metadata.request_id.as_deref(), session.request_id());
    assert!((metadata.duration.unwrap() - 19.098).abs() < 0.01);
}

#[tokio::test]
async fn interim_results_and_finalize() {
    let emu = emulator().await;
    let options = ListenOptions {
        interim_results: Some(true),
        ..options()
    };
    let mut session = open(&emu, &options, LiveConfig::default()).await;
    let audio = preamble();
    // About four seconds of audio, then Finalize, then the end.
    for chunk in audio[..44 + 4 * 44_100].chunks(CHUNK) {
        session.send(chunk.to_vec()).await.unwrap();
    }
    session.finalize().await.unwrap();
    session.close().await.unwrap();
    let (events, end) = drain(&mut session).await;
    assert!(end.is_none(), "{end:?}");
    let results: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            LiveEvent::Results(r) => Some(r),
            _ => None,
        })
        .collect();
    assert!(
        results.iter().any(|r| r.is_final == Some(false)),
        "interim results"
    );
    assert!(
        results.iter().any(|r| r.from_finalize == Some(true)),
        "Finalize answered"
    );
    let finals: Vec<&str> = results
        .iter()
        .filter(|r| r.is_final == Some(true))
        .filter_map(|r| r.transcript())
        .filter(|t| !t.is_empty())
        .collect();
    assert!(finals.join(" ").starts_with("We, the people"), "{finals:?}");
}

#[tokio::test]
async fn keep_alive_holds_an_idle_stream_open() {
    let emu = idle_emulator().await;
    let config = LiveConfig {
        keep_alive: Some(Duration::from_millis(100)),
        ..LiveConfig::default()
    };
    let mut session = open(&emu, &options(), config).await;
    session.send(preamble()[..CHUNK].to_vec()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    session
        .close()
        .await
        .expect("still open after three idle timeouts");
    let (events, end) = drain(&mut session).await;
    assert!(end.is_none(), "{end:?}");
    assert!(matches!(events.last(), Some(LiveEvent::Metadata(_))));
}

#[tokio::test]
async fn without_keep_alive_an_idle_stream_ends_in_a_timeout() {
    let emu = idle_emulator().await;
    let config = LiveConfig {
        keep_alive: None,
        ..LiveConfig::default()
    };
    let mut session = open(&emu, &options(), config).await;
    session.send(preamble()[..CHUNK].to_vec()).await.unwrap();
    let (_, end) = drain(&mut session).await;
    let error = end.expect("the server closed the stream");
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert_eq!(error.code(), Some("NET-0001"));
    assert_eq!(error.request_id(), session.request_id());
    assert!(
        session.send(vec![1, 2]).await.is_err(),
        "nothing is sent after the end"
    );
}

#[tokio::test]
async fn a_control_message_sent_as_audio_is_a_typed_1008() {
    let emu = emulator().await;
    let mut session = open(&emu, &options(), LiveConfig::default()).await;
    session
        .send(&b"{\"type\":\"KeepAlive\"}"[..])
        .await
        .unwrap();
    let (_, end) = drain(&mut session).await;
    let error = end.expect("closed");
    assert_eq!(error.kind(), ErrorKind::BadRequest, "{error}");
    assert_eq!(error.code(), Some("DATA-0000"));
    assert!(error.to_string().contains("1008"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn once_the_error_is_read_no_send_is_accepted() {
    let emu = emulator().await;
    // The driver used to hand over the error before it stopped taking commands, so a send
    // right after reading it could still be queued (about one run in five).
    for round in 0..50 {
        let mut session = open(&emu, &options(), LiveConfig::default()).await;
        session
            .send(&b"{\"type\":\"KeepAlive\"}"[..])
            .await
            .unwrap();
        let (_, end) = drain(&mut session).await;
        assert!(end.is_some(), "round {round}: the 1008");
        assert!(
            session.send(vec![1, 2]).await.is_err(),
            "round {round}: a send after the error"
        );
        assert!(
            session.sender().try_send(vec![1, 2]).is_err(),
            "round {round}: a try_send after the error"
        );
    }
}

#[tokio::test]
async fn audio_that_cannot_be_decoded_is_a_typed_1008() {
    let emu = emulator().await;
    let mut session = open(&emu, &options(), LiveConfig::default()).await;
    session.send(vec![0x42; 32 * 1024]).await.unwrap();
    let (_, end) = drain(&mut session).await;
    assert_eq!(end.expect("closed").code(), Some("DATA-0000"));
}

#[tokio::test]
async fn a_refused_upgrade_is_the_rest_error() {
    let emu = emulator().await;
    let error = client_with(&emu, "not-a-real-key-0123456789", 0)
        .listen_live(&options(), LiveConfig::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth, "{error}");
    assert_eq!(error.status(), Some(401));
    assert!(error.request_id().is_some());
    assert!(!error.to_string().contains("not-a-real-key"), "{error}");
}

#[tokio::test]
async fn a_temporary_token_opens_a_stream() {
    let emu = emulator().await;
    let token = client(&emu).grant_token(Some(60)).await.unwrap();
    let config = dg_core::ClientConfig::builder()
        .base_url(emu.base_url())
        .access_token(token.access_token.expose())
        .build()
        .unwrap();
    let bearer = dg_core::Client::with_config(config).unwrap();
    // In the header, and in the browser's form (`Sec-WebSocket-Protocol: bearer, <token>`).
    for subprotocol_auth in [false, true] {
        let config = LiveConfig {
            subprotocol_auth,
            ..LiveConfig::default()
        };
        let mut session = bearer.listen_live(&options(), config).await.unwrap();
        session.close().await.unwrap();
        let (events, end) = drain(&mut session).await;
        assert!(end.is_none(), "{end:?}");
        assert!(matches!(events.last(), Some(LiveEvent::Metadata(_))));
    }
}

#[tokio::test]
async fn the_browser_form_of_credentials_opens_a_stream_and_a_bad_one_is_refused() {
    let emu = emulator().await;
    let config = LiveConfig {
        subprotocol_auth: true,
        ..LiveConfig::default()
    };
    let (events, end) = stream(
        &mut open(&emu, &options(), config.clone()).await,
        preamble(),
        None,
    )
    .await;
    assert!(end.is_none(), "{end:?}");
    let finals: Vec<&str> = events
        .iter()
        .filter_map(LiveEvent::final_transcript)
        .collect();
    assert!(finals.join(" ").starts_with("We, the people"), "{finals:?}");
    let error = client_with(&emu, "not-a-real-key-0123456789", 0)
        .listen_live(&options(), config)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth, "{error}");
    assert!(
        !format!("{error} {error:?}").contains("not-a-real-key"),
        "{error}"
    );
}

#[tokio::test]
async fn a_transcription_refuses_live_only_options_before_sending() {
    let emu = emulator().await;
    let before = emu.stats();
    let options = ListenOptions {
        interim_results: Some(true),
        ..options()
    };
    let error = client(&emu)
        .transcribe_url("https://example.com/a.wav", &options)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidOptions);
    assert_eq!(error.record().option.as_deref(), Some("interim_results"));
    assert_eq!(emu.stats().requests, before.requests);
}

#[tokio::test]
async fn a_closed_stream_or_client_refuses_before_sending() {
    let emu = emulator().await;
    let client = client(&emu);
    let session = client
        .listen_live(&options(), LiveConfig::default())
        .await
        .expect("the stream opens");
    session.close().await.expect("CloseStream goes out");
    let error = session.send(vec![0u8; 320]).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Closed, "{error}");
    assert!(!error.request_sent());

    // Closing one handle closes every clone: nothing more reaches the server.
    let copy = client.clone();
    client.close();
    let before = emu.stats();
    let error = copy
        .transcribe_url("https://example.com/a.wav", &options())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Closed, "{error}");
    assert!(!error.record().request_sent);
    let error = copy
        .listen_live(&options(), LiveConfig::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Closed, "{error}");
    let after = emu.stats();
    assert_eq!(
        (after.requests, after.live_streams_opened),
        (before.requests, before.live_streams_opened)
    );
    assert_eq!(copy.describe(), "closed");
}

/// Streams the preamble with reconnection on through a stream the emulator cuts as `cut`
/// says (`("cut_live_after_ms", 6000)`, `("cut_live_after_messages", 3)`), dropped or closed
/// with `code`; checks the stream reconnected once, to a new request id, and that every
/// recorded word came once, in order, timestamps running on; returns every event.
async fn stream_through_a_cut(cut: (&str, u64), code: Option<u16>) -> Vec<LiveEvent> {
    let emu = emulator().await;
    let mut fault = serde_json::json!({"path_prefix": "/v1/listen"});
    fault[cut.0] = cut.1.into();
    if let Some(code) = code {
        fault["close_code"] = code.into();
    }
    emu.inject_json(&fault.to_string()).unwrap();
    let config = LiveConfig {
        reconnect: Some(dg_core::Reconnect {
            backoff: fast_retries(5),
            ..Default::default()
        }),
        ..LiveConfig::default()
    };
    let mut session = open(&emu, &options(), config).await;
    // Slow enough that the cut comes while audio is still flowing.
    let (events, end) = stream(&mut session, preamble(), Some(Duration::from_millis(2))).await;
    assert!(
        end.is_none(),
        "{cut:?} {code:?}: the stream ended normally after reconnecting: {end:?}"
    );
    let reconnections: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            LiveEvent::Reconnected { request_id, .. } => Some(request_id),
            _ => None,
        })
        .collect();
    assert_eq!(reconnections.len(), 1, "{cut:?} {code:?}");
    assert!(
        reconnections[0].is_some(),
        "the new connection's request id"
    );
    let (words, starts) = final_words(&events);
    assert_eq!(
        words,
        recorded_words(),
        "{cut:?} {code:?}: every word once, in order"
    );
    assert!(
        starts.windows(2).all(|w| w[0] < w[1]),
        "{cut:?} {code:?}: timestamps run on across the reconnection: {starts:?}"
    );
    events
}

#[tokio::test]
async fn a_dropped_stream_reconnects_and_loses_or_repeats_nothing() {
    for code in [None, Some(1011), Some(1012)] {
        stream_through_a_cut(("cut_live_after_ms", 6000), code).await;
    }
}

#[tokio::test]
async fn a_1008_is_never_reconnected() {
    let emu = emulator().await;
    let config = LiveConfig {
        reconnect: Some(dg_core::Reconnect::default()),
        ..LiveConfig::default()
    };
    let mut session = open(&emu, &options(), config).await;
    session
        .send(&b"{\"type\":\"KeepAlive\"}"[..])
        .await
        .unwrap();
    let (events, end) = drain(&mut session).await;
    assert_eq!(end.expect("closed").code(), Some("DATA-0000"));
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, LiveEvent::Reconnected { .. }))
    );
}

#[tokio::test]
async fn without_reconnection_a_dropped_stream_is_a_typed_error() {
    let emu = emulator().await;
    emu.inject_json(r#"{"path_prefix": "/v1/listen", "cut_live_after_ms": 2000}"#)
        .unwrap();
    let mut session = open(&emu, &options(), LiveConfig::default()).await;
    for chunk in preamble().chunks(CHUNK) {
        if session.send(chunk.to_vec()).await.is_err() {
            break;
        }
    }
    let (_, end) = drain(&mut session).await;
    let error = end.expect("the drop ends the stream");
    assert_eq!(error.kind(), ErrorKind::Network, "{error}");
    assert!(error.to_string().contains("1006"), "{error}");
}

#[tokio::test]
async fn a_sender_faster_than_the_stream_is_held_at_the_buffer() {
    // Nobody reads the events: the session stops reading the socket, then stops sending, and
    // `send` waits instead of queueing without end.
    let emu = emulator().await;
    let config = LiveConfig {
        send_buffer: 4,
        event_buffer: 1,
        ..LiveConfig::default()
    };
    let session = open(&emu, &options(), config).await;
    let audio = preamble();
    let mut accepted = 0;
    for chunk in audio.chunks(1024).cycle().take(10_000) {
        match tokio::time::timeout(Duration::from_millis(300), session.send(chunk.to_vec())).await {
            Ok(result) => {
                result.unwrap();
                accepted += 1;
            }
            Err(_) => break, // send is waiting: backpressure
        }
    }
    assert!(accepted < 10_000, "send never waited");
    // What was taken is bounded by the buffers, not by the producer: the audio whose results
    // fill the event buffer (about two seconds here, ~100 chunks) plus the send buffer.
    assert!(
        accepted < 300,
        "{accepted} chunks taken without events being read"
    );
}

#[tokio::test]
async fn speech_started_utterance_end_and_whole_utterances() {
    let emu = emulator().await;
    let options = ListenOptions {
        interim_results: Some(true),
        utterance_end_ms: Some(1000),
        vad_events: Some(true),
        ..options()
    };
    let mut session = open(&emu, &options, LiveConfig::default()).await;
    let mut audio = preamble();
    audio.extend(std::iter::repeat_n(0u8, 44_100 * 2)); // then two seconds of silence
    let (events, end) = stream(&mut session, audio, None).await;
    assert!(end.is_none(), "{end:?}");
    let started: Vec<f64> = events
        .iter()
        .filter_map(|e| match e {
            LiveEvent::SpeechStarted(s) => Some(s.timestamp),
            _ => None,
        })
        .collect();
    assert_eq!(
        started.first(),
        Some(&0.32),
        "speech starts with the first word"
    );
    let ends: Vec<f64> = events
        .iter()
        .filter_map(|e| match e {
            LiveEvent::UtteranceEnd(u) => Some(u.last_word_end),
            _ => None,
        })
        .collect();
    assert_eq!(
        ends.len(),
        1,
        "the only pause of a second is after the last word"
    );
    assert!((ends[0] - 18.59).abs() < 0.01, "{ends:?}");
    let mut utterances = dg_core::live::Utterances::new();
    let mut said: Vec<String> = events.iter().filter_map(|e| utterances.push(e)).collect();
    said.extend(utterances.take());
    assert_eq!(
        said.join(" ").split_whitespace().collect::<Vec<_>>(),
        recorded_words()
    );
}

#[tokio::test]
async fn an_emulator_that_stops_ends_its_streams() {
    let emu = emulator().await;
    let mut session = open(&emu, &options(), LiveConfig::default()).await;
    session.send(preamble()[..CHUNK].to_vec()).await.unwrap();
    emu.shutdown().await;
    let (_, end) = tokio::time::timeout(Duration::from_secs(5), drain(&mut session))
        .await
        .expect("the stream ends with the server");
    assert_eq!(end.expect("a dropped stream").kind(), ErrorKind::Network);
}

#[tokio::test]
async fn audio_without_a_recording_gets_empty_results_and_a_warning() {
    let emu = emulator().await;
    let options = ListenOptions {
        encoding: Some(dg_core::options::Encoding::Linear16),
        sample_rate: Some(16_000),
        ..options()
    };
    let mut session = open(&emu, &options, LiveConfig::default()).await;
    let (events, end) = stream(&mut session, vec![1u8; 3 * 32_000], None).await;
    assert!(end.is_none(), "{end:?}");
    assert!(
        events
            .iter()
            .all(|e| e.final_transcript().is_none_or(str::is_empty))
    );
    let Some(LiveEvent::Metadata(metadata)) = events.last() else {
        panic!("{:?}", events.last());
    };
    let warning = metadata.warnings.first().expect("a warning says why");
    assert_eq!(warning.parameter.as_deref(), Some("audio"));
}

#[tokio::test]
async fn a_refused_upgrade_is_read_as_rest_errors_are() {
    let emu = emulator().await;
    let key = "live-upgrade-secret-0123456789abcdef";
    let fault = serde_json::json!({
        "path_prefix": "/v1/listen",
        "status": 401,
        "body": format!("{{\"err_code\":\"INVALID_AUTH\",\"err_msg\":\"no key {key}\"}}"),
    });
    emu.inject_json(&fault.to_string()).unwrap();
    let error = client_with(&emu, key, 0)
        .listen_live(&options(), LiveConfig::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth);
    assert_eq!(error.code(), Some("INVALID_AUTH"));
    assert!(
        !error.to_string().contains(key),
        "the key is scrubbed: {error}"
    );
    emu.inject_json(r#"{"path_prefix": "/v1/listen", "status": 429, "retry_after": 3}"#)
        .unwrap();
    let error = client(&emu)
        .listen_live(&options(), LiveConfig::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::RateLimited);
    assert_eq!(error.record().retry_after_ms, Some(3000));
}

#[tokio::test]
async fn abort_closes_at_once_and_refuses_what_comes_after() {
    let emu = emulator().await;
    let mut session = open(&emu, &options(), LiveConfig::default()).await;
    let sender = session.sender();
    sender.send(preamble()[..CHUNK].to_vec()).await.unwrap();
    sender.abort();
    let error = sender.send(preamble()[CHUNK..2 * CHUNK].to_vec()).await;
    assert!(error.is_err(), "nothing is queued after abort");
    assert!(session.close().await.is_err());
    let (events, end) = drain(&mut session).await;
    assert!(end.is_none(), "{end:?}");
    assert!(
        !events.iter().any(|e| matches!(e, LiveEvent::Metadata(_))),
        "no CloseStream went out: {events:?}"
    );
    closed_within_a_second(&emu).await;
}

/// Waits until the emulator has seen every live stream's socket closed, failing after a second.
async fn closed_within_a_second(emu: &Emulator) {
    let start = std::time::Instant::now();
    while emu.stats().live_streams_open > 0 {
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "the emulator still sees {} open stream(s) after a second",
            emu.stats().live_streams_open
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn dropping_a_session_closes_its_socket() {
    let emu = emulator().await;
    let session = open(&emu, &options(), LiveConfig::default()).await;
    session.send(preamble()[..CHUNK].to_vec()).await.unwrap();
    assert_eq!(emu.stats().live_streams_open, 1);
    assert_eq!(emu.stats().live_streams_opened, 1);
    drop(session);
    closed_within_a_second(&emu).await;
}

/// The hash the emulator gives in `Metadata` of the audio it received.
fn received_sha256(events: &[LiveEvent]) -> Option<String> {
    events.iter().find_map(|e| match e {
        LiveEvent::Metadata(m) => m.sha256.clone(),
        _ => None,
    })
}

/// The words of the final results among `events`, and their start times.
fn final_words(events: &[LiveEvent]) -> (Vec<String>, Vec<f64>) {
    let finals = events.iter().filter_map(|event| match event {
        LiveEvent::Results(r) if r.is_final == Some(true) => r.best_alternative(),
        _ => None,
    });
    finals
        .flat_map(|alternative| &alternative.words)
        .map(|w| (w.punctuated_word.as_deref().unwrap().to_owned(), w.start))
        .unzip()
}

#[tokio::test]
async fn a_stream_cut_after_three_messages_reconnects_and_loses_or_repeats_nothing() {
    for code in [None, Some(1011)] {
        let events = stream_through_a_cut(("cut_live_after_messages", 3), code).await;
        let before_the_cut = events
            .iter()
            .take_while(|e| !matches!(e, LiveEvent::Reconnected { .. }));
        assert_eq!(
            before_the_cut
                .filter(|e| matches!(e, LiveEvent::Results(_)))
                .count(),
            3,
            "{code:?}: the first stream sent three results"
        );
    }
}

#[tokio::test]
async fn delayed_results_come_late_but_all_and_in_order() {
    let emu = emulator().await;
    emu.inject_json(r#"{"path_prefix": "/v1/listen", "delay_live_results_ms": 300}"#)
        .unwrap();
    let mut session = open(&emu, &options(), LiveConfig::default()).await;
    let sender = session.sender();
    let audio = preamble();
    // Before the first audio goes out (the sending task starts after this).
    let first_sent = std::time::Instant::now();
    let feeding = tokio::spawn(async move {
        for chunk in audio.chunks(CHUNK) {
            sender.send(chunk.to_vec()).await.unwrap();
        }
        sender.close().await.unwrap();
    });
    let mut first_result = None;
    let mut events = Vec::new();
    while let Some(event) = session.next_event().await {
        let event = event.expect("no error");
        if first_result.is_none() && matches!(event, LiveEvent::Results(_)) {
            first_result = Some(first_sent.elapsed());
        }
        events.push(event);
    }
    feeding.await.unwrap();
    let waited = first_result.expect("results came");
    assert!(
        waited >= Duration::from_millis(300),
        "the first result came {waited:?} after the first audio"
    );
    assert_eq!(
        final_words(&events).0,
        recorded_words(),
        "every word once, in order"
    );
    assert!(
        matches!(events.last(), Some(LiveEvent::Metadata(_))),
        "Metadata last: {:?}",
        events.last()
    );
}

#[tokio::test]
async fn a_server_close_while_audio_is_going_out_is_its_own_typed_error() {
    // The server closes with 1011 while the client is still writing audio: the write fails
    // first, but the error is the server's close (read after it), with the results before it.
    for _ in 0..5 {
        let emu = emulator().await;
        emu.inject_json(
            r#"{"path_prefix": "/v1/listen", "cut_live_after_ms": 3000, "close_code": 1011}"#,
        )
        .unwrap();
        let mut session = open(&emu, &options(), LiveConfig::default()).await;
        let sender = session.sender();
        let feeding = tokio::spawn(async move {
            for chunk in preamble().chunks(CHUNK).cycle().take(4_000) {
                if sender.send(chunk.to_vec()).await.is_err() {
                    break;
                }
            }
        });
        let (events, end) = drain(&mut session).await;
        feeding.await.unwrap();
        let error = end.expect("the server closed the stream");
        assert_eq!(error.kind(), ErrorKind::Server, "{error}");
        assert!(error.to_string().contains("1011"), "{error}");
        assert!(
            events.iter().any(|e| e.final_transcript().is_some()),
            "the results before the close arrive"
        );
    }
}

#[tokio::test]
async fn a_bad_speed_is_refused_naming_it_before_any_audio_is_read() {
    let emu = emulator().await;
    let session = open(&emu, &options(), LiveConfig::default()).await;
    for speed in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let mut audio: &[u8] = &preamble()[..CHUNK];
        let error = dg_core::live::send_reader(
            &session.sender(),
            &mut audio,
            dg_core::live::AudioFormat::default(),
            dg_core::live::Pace::Speed(speed),
        )
        .await
        .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidOptions, "{speed}");
        assert_eq!(error.record().option.as_deref(), Some("speed"), "{speed}");
        assert_eq!(audio.len(), CHUNK, "{speed}: nothing was read");
    }
}

#[tokio::test]
async fn try_send_and_try_next_event_answer_at_once_when_they_can() {
    let emu = emulator().await;
    let config = LiveConfig {
        send_buffer: 1,
        ..LiveConfig::default()
    };
    let mut session = open(&emu, &options(), config).await;
    let sender = session.sender();
    assert_eq!(sender.try_send(Vec::new()).unwrap(), None, "empty: skipped");
    let mut written = 0;
    for chunk in preamble().chunks(CHUNK) {
        match sender.try_send(chunk.to_vec()).unwrap() {
            None => written += 1,
            // Only if the socket's buffers are smaller than the preamble: the server is not
            // read while this loop runs (this test's runtime has one thread).
            Some(back) => sender.send(back).await.unwrap(),
        }
    }
    assert!(written > 0, "the socket took audio at once");
    sender.close().await.unwrap();
    let mut events = Vec::new();
    let mut at_once = 0;
    loop {
        let next = match session.try_next_event() {
            std::task::Poll::Ready(next) => {
                at_once += 1;
                next
            }
            std::task::Poll::Pending => session.next_event().await,
        };
        match next {
            Some(event) => events.push(event.unwrap()),
            None => break,
        }
    }
    assert!(at_once > 0, "some events were already there");
    let (words, _) = final_words(&events);
    assert_eq!(words, recorded_words(), "every word once, in order");
    assert!(sender.try_send(vec![1u8]).is_err(), "the stream is over");
}

#[tokio::test]
async fn try_send_gives_the_chunk_back_once_the_socket_and_the_buffer_are_full() {
    // The server is not read while this loop runs (one thread): the socket's kernel buffers
    // fill, then the send buffer of one, then the chunk comes back. Then every chunk is sent
    // as the socket drains, some written by the sender and some queued for the session's
    // task: the server must get the bytes in the order they were given.
    let emu = emulator().await;
    let config = LiveConfig {
        send_buffer: 1,
        ..LiveConfig::default()
    };
    let mut session = open(&emu, &options(), config).await;
    let sender = session.sender();
    let audio = preamble();
    let mut chunks = audio.chunks(CHUNK).cycle().take(1 << 16);
    let mut sent = Sha256::new();
    let mut back = None;
    for chunk in chunks.by_ref() {
        sent.update(chunk);
        if let Some(chunk_back) = sender.try_send(chunk.to_vec()).unwrap() {
            assert_eq!(chunk_back, chunk, "the chunk comes back whole");
            back = Some(chunk_back);
            break;
        }
    }
    let back = back.expect("a full socket and buffer give the chunk back");
    let reading = tokio::spawn(async move {
        let mut events = Vec::new();
        while let Some(event) = session.next_event().await {
            events.push(event.unwrap());
        }
        events
    });
    sender.send(back).await.unwrap();
    for chunk in chunks.take(audio.len().div_ceil(CHUNK)) {
        sent.update(chunk);
        sender.send(chunk.to_vec()).await.unwrap();
    }
    sender.close().await.unwrap();
    let sent = format!("{:x}", sent.finalize());
    assert_eq!(
        received_sha256(&reading.await.unwrap()),
        Some(sent),
        "the server got the bytes in order"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audio_sent_from_a_thread_outside_the_runtime_arrives_whole_and_in_order() {
    // What a binding does: its own thread (JS, Python) sends, writing to the socket itself
    // (tokio's socket outside any runtime context) and waiting on the runtime only when the
    // socket is busy and the buffer full.
    let emu = emulator().await;
    let config = LiveConfig {
        send_buffer: 2,
        ..LiveConfig::default()
    };
    let mut session = open(&emu, &options(), config).await;
    let sender = session.sender();
    let runtime = tokio::runtime::Handle::current();
    let feeder = std::thread::spawn(move || {
        let mut waited = 0;
        for chunk in preamble().chunks(1024) {
            if let Some(back) = sender.try_send(chunk.to_vec()).unwrap() {
                waited += 1;
                runtime.block_on(sender.send(back)).unwrap();
            }
        }
        runtime.block_on(sender.close()).unwrap();
        waited
    });
    let mut events = Vec::new();
    while let Some(event) = session.next_event().await {
        events.push(event.unwrap());
    }
    let waited = feeder.join().unwrap();
    let (words, starts) = final_words(&events);
    assert_eq!(
        words,
        recorded_words(),
        "every word once, in order ({waited} sends waited)"
    );
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "times run on");
    let sent = format!("{:x}", Sha256::digest(preamble()));
    assert_eq!(
        received_sha256(&events),
        Some(sent),
        "the server got the bytes as sent"
    );
}
