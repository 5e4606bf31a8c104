//! Flux (`/v2/listen`) against the emulator: the preamble streamed gives its recorded words in
//! turns, every message numbered; `Configure` answered or refused; pings keep an idle stream
//! open; options checked before connecting; a refused upgrade typed as REST's.

mod common;

use std::time::Duration;

use common::live::*;
use common::*;
use dg_core::options::FluxModel;
use dg_core::{
    ErrorKind, FluxConfigure, FluxOptions, ListenOptions, LiveConfig, LiveEvent, LiveSession,
};
use dg_emulator::Emulator;

fn english() -> FluxOptions {
    FluxOptions {
        model: Some(FluxModel::FluxGeneralEn),
        ..FluxOptions::default()
    }
}

async fn open(emu: &Emulator, config: LiveConfig) -> LiveSession {
    client(emu)
        .listen_flux(&english(), config)
        .await
        .expect("the Flux stream opens")
}

/// The next event that is not a turn update.
async fn answer(session: &mut LiveSession) -> LiveEvent {
    loop {
        match session.next_event().await {
            Some(Ok(LiveEvent::TurnInfo(_) | LiveEvent::Connected(_))) => continue,
            Some(Ok(event)) => return event,
            other => panic!("the stream ended: {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_preamble_streamed_to_flux_gives_its_words_in_turns() {
    let emu = emulator().await;
    let mut session = open(&emu, LiveConfig::default()).await;
    assert!(session.request_id().is_some_and(|id| !id.is_empty()));
    let (events, end) = stream(&mut session, preamble(), None).await;
    assert!(end.is_none(), "a normal close: {end:?}");

    let LiveEvent::Connected(connected) = &events[0] else {
        panic!("Connected comes first: {:?}", events[0]);
    };
    assert_eq!(connected.request_id.as_deref(), session.request_id());
    let mut words = Vec::new();
    let mut updates = 0;
    for (sequence, event) in (0u64..).zip(&events) {
        let next = match event {
            LiveEvent::Connected(c) => c.sequence_id,
            LiveEvent::TurnInfo(t) => t.sequence_id,
            other => panic!("only Flux messages: {other:?}"),
        };
        assert_eq!(next, Some(sequence), "every message numbered, in order");
        let LiveEvent::TurnInfo(turn) = event else {
            continue;
        };
        if turn.is_end_of_turn() {
            assert_eq!(event.final_transcript(), Some(turn.transcript.as_str()));
            words.extend(turn.words.iter().map(|w| w.word.clone()));
        } else {
            assert_eq!(event.final_transcript(), None, "only EndOfTurn is final");
            updates += 1;
        }
    }
    assert_eq!(
        words,
        recorded_words(),
        "every recorded word once, in turns"
    );
    assert!(updates > 3, "the turn was updated as the audio arrived");
    assert!(
        session.send(vec![1, 2]).await.is_err(),
        "nothing is sent after the end"
    );
}

#[tokio::test]
async fn configure_is_checked_answered_and_refused_as_flux_says() {
    let emu = emulator().await;
    let mut session = open(&emu, LiveConfig::default()).await;
    let change = FluxConfigure {
        eot_threshold: Some(0.8),
        eot_timeout_ms: Some(3000),
        keyterms: Some(vec!["Deepgram".into()]),
        ..FluxConfigure::default()
    };
    session.configure(&change).await.unwrap();
    let LiveEvent::ConfigureSuccess(success) = answer(&mut session).await else {
        panic!("ConfigureSuccess expected");
    };
    let thresholds = success.thresholds.expect("the settings in force");
    assert_eq!(thresholds.eot_threshold, Some(0.8));
    assert_eq!(thresholds.eot_timeout_ms, Some(3000));
    assert_eq!(success.keyterms, ["Deepgram"]);

    // Out of range: refused by the core, nothing sent, the stream goes on.
    let error = session
        .configure(&FluxConfigure {
            eot_threshold: Some(0.95),
            ..FluxConfigure::default()
        })
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidOptions);
    assert_eq!(error.record().option.as_deref(), Some("eot_threshold"));
    let error = session.finalize().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidOptions, "{error}");

    // Only the server knows the threshold in force (0.8): an eager one above it is its refusal.
    session
        .configure(&FluxConfigure {
            eager_eot_threshold: Some(0.85),
            ..FluxConfigure::default()
        })
        .await
        .unwrap();
    assert!(matches!(
        answer(&mut session).await,
        LiveEvent::ConfigureFailure(_)
    ));
    session.close().await.unwrap();
    let (_, end) = drain(&mut session).await;
    assert!(end.is_none(), "{end:?}");
}

#[tokio::test]
async fn configure_is_refused_on_a_v1_stream_before_sending() {
    let emu = emulator().await;
    let options = ListenOptions {
        model: Some("nova-3".parse().unwrap()),
        ..ListenOptions::default()
    };
    let mut session = client(&emu)
        .listen_live(&options, LiveConfig::default())
        .await
        .unwrap();
    let error = session
        .configure(&FluxConfigure::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidOptions, "{error}");
    assert!(error.to_string().contains("listen_flux"), "{error}");
    session.close().await.unwrap();
    let (events, end) = drain(&mut session).await;
    assert!(end.is_none(), "{end:?}");
    assert!(matches!(events.last(), Some(LiveEvent::Metadata(_))));
}

#[tokio::test]
async fn pings_hold_an_idle_flux_stream_open() {
    let emu = idle_emulator().await;
    let config = LiveConfig {
        keep_alive: Some(Duration::from_millis(100)),
        ..LiveConfig::default()
    };
    let mut session = open(&emu, config).await;
    session.send(preamble()[..CHUNK].to_vec()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    session.close().await.unwrap();
    let (events, end) = drain(&mut session).await;
    assert!(
        end.is_none(),
        "still open after three idle timeouts: {end:?}"
    );
    assert!(
        !events.iter().any(|e| matches!(e, LiveEvent::Error(_))),
        "no KeepAlive message was sent (Flux has none): {events:?}"
    );
}

#[tokio::test]
async fn without_keep_alive_an_idle_flux_stream_ends_in_a_timeout() {
    let emu = idle_emulator().await;
    let config = LiveConfig {
        keep_alive: None,
        ..LiveConfig::default()
    };
    let mut session = open(&emu, config).await;
    session.send(preamble()[..CHUNK].to_vec()).await.unwrap();
    let (_, end) = drain(&mut session).await;
    let error = end.expect("the server closed the stream");
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert_eq!(error.code(), Some("NET-0001"));
}

#[tokio::test]
async fn flux_options_and_settings_are_checked_before_connecting() {
    // Nothing listens on this port: an error other than a network one was found before.
    let config = dg_core::ClientConfig::builder()
        .base_url("http://127.0.0.1:9")
        .api_key("test-key-0123456789")
        .build()
        .unwrap();
    let client = dg_core::Client::with_config(config).unwrap();
    let error = client
        .listen_flux(&FluxOptions::default(), LiveConfig::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidOptions, "{error}");
    assert_eq!(error.record().option.as_deref(), Some("model"));
}

#[tokio::test]
async fn a_refused_flux_upgrade_is_the_rest_error() {
    let emu = emulator().await;
    // A model the core cannot judge (a name it does not know) is the server's to refuse.
    let unknown_model = FluxOptions {
        model: Some("flux-nonexistent".into()),
        ..FluxOptions::default()
    };
    let error = client(&emu)
        .listen_flux(&unknown_model, LiveConfig::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::BadRequest, "{error}");
    assert_eq!(error.status(), Some(400));
    assert!(error.request_id().is_some());
    let error = client_with(&emu, "not-a-real-key-0123456789", 0)
        .listen_flux(&english(), LiveConfig::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth, "{error}");
    assert!(!error.to_string().contains("not-a-real-key"), "{error}");
}

#[tokio::test]
async fn a_dropped_flux_stream_reconnects_and_gives_every_turn_once() {
    let emu = emulator().await;
    // Bueller: three turns. Cut after the first EndOfTurn has come (Connected, StartOfTurn,
    // updates...), dropped without a close frame.
    emu.inject_json(r#"{"path_prefix": "/v2/listen", "cut_live_after_messages": 12}"#)
        .unwrap();
    let config = LiveConfig {
        reconnect: Some(dg_core::Reconnect {
            backoff: fast_retries(5),
            ..Default::default()
        }),
        ..LiveConfig::default()
    };
    let mut session = open(&emu, config).await;
    let audio = std::fs::read(fixture("Bueller-Life-moves-pretty-fast.wav")).unwrap();
    let (events, end) = stream(&mut session, audio, Some(Duration::from_millis(2))).await;
    assert!(end.is_none(), "ended normally after reconnecting: {end:?}");
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, LiveEvent::Reconnected { .. }))
            .count(),
        1
    );
    let ends: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            LiveEvent::TurnInfo(t) if t.is_end_of_turn() => Some(t),
            _ => None,
        })
        .collect();
    let indexes: Vec<_> = ends.iter().map(|t| t.turn_index.unwrap()).collect();
    assert_eq!(indexes, [0, 1, 2], "turn numbers run on, none twice");
    assert!(
        ends.windows(2)
            .all(|w| w[0].audio_window_end < w[1].audio_window_end),
        "times run on"
    );
    let text: Vec<&str> = ends.iter().map(|t| t.transcript.as_str()).collect();
    assert_eq!(text[0], "Yep.");
    assert!(text[2].starts_with("Life moves pretty fast."), "{text:?}");
}
