//! Secret hygiene: a canary API key, a newly created key's secret and a temporary token never
//! appear in any `Debug` or `Display`, error message or error source, or log record (captured
//! at trace level from every crate), in runs that work and in runs that fail, even against a
//! server that echoes the credential back. (Its own test binary: the logger is global.)

mod common;

use std::sync::Mutex;
use std::time::Duration;

use common::raw::{RawServer, Step, refusing_url};
use common::*;
use dg_core::{Client, CreateKeyRequest, Error, ErrorKind, ListenOptions};
use dg_emulator::{Emulator, EmulatorConfig};

const CANARY: &str = "canary-core-0123456789abcdef0123456789abcdef";

/// Every log record, formatted.
struct Capture(Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let line = format!("{} {}: {}", record.level(), record.target(), record.args());
        self.0.lock().unwrap().push(line);
    }

    fn flush(&self) {}
}

static LOGS: Capture = Capture(Mutex::new(Vec::new()));

/// An error as anything could print it: `Display`, `Debug` and every source.
fn render(err: &Error) -> String {
    let mut out = format!("{err}\n{err:?}\n");
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        out.push_str(&format!("{inner}\n{inner:?}\n"));
        source = inner.source();
    }
    out
}

fn short_timeout(url: &str, key: &str) -> Client {
    raw_client(url, key, fast_retries(0), Some(Duration::from_millis(200)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_any_printout_or_log_record() {
    log::set_logger(&LOGS).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    let emu = Emulator::start(EmulatorConfig {
        admin_key: Some(CANARY.to_owned()),
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    let mut printed: Vec<String> = Vec::new();

    // Runs that work.
    let owner = client_with(&emu, CANARY, 1);
    printed.push(format!("{owner:?} {:?}", owner.config()));
    printed.push(format!("{:?}", owner.list_projects().await.unwrap()));
    let created = owner
        .create_key(
            emu.project_id(),
            &CreateKeyRequest::new("canary", ["usage:write"]),
        )
        .await
        .unwrap();
    let new_secret = created.key.expose().to_owned();
    printed.push(format!("{created:?}"));
    printed.push(format!(
        "{:?}",
        owner.list_keys(emu.project_id(), None).await.unwrap()
    ));
    printed.push(format!(
        "{:?}",
        owner
            .get_key(emu.project_id(), &created.api_key_id)
            .await
            .unwrap()
    ));
    let token = owner.grant_token(Some(60)).await.unwrap();
    let token_secret = token.access_token.expose().to_owned();
    printed.push(format!("{token:?}"));
    let new_key = client_with(&emu, &new_secret, 0);
    let r = new_key
        .transcribe_file(fixture("preamble-rest.wav"), &ListenOptions::default())
        .await
        .unwrap();
    printed.push(format!("{r:?} {new_key:?}"));

    // Runs that fail, each with the canary or a created secret as the credential.
    let mut errors = vec![
        new_key.list_keys(emu.project_id(), None).await.unwrap_err(),
        client_with(&emu, &format!("{CANARY}-wrong"), 0)
            .list_projects()
            .await
            .unwrap_err(),
        client_with(&emu, &token_secret, 0)
            .list_projects()
            .await
            .unwrap_err(),
        short_timeout(&refusing_url(), CANARY)
            .list_projects()
            .await
            .unwrap_err(),
    ];
    for step in [
        Step::Echo { status: 401 },
        Step::Echo { status: 200 },
        Step::Stall,
        Step::ResetResponse {
            declared: 100,
            sent: b"{".to_vec(),
        },
    ] {
        let server = RawServer::start(vec![step]).await;
        for key in [CANARY, new_secret.as_str(), token_secret.as_str()] {
            let c = short_timeout(&server.url, key);
            errors.push(c.list_projects().await.unwrap_err());
            errors.push(
                c.transcribe_url(BUELLER_URL, &ListenOptions::default())
                    .await
                    .unwrap_err(),
            );
        }
    }
    // The key created but its answer garbled: the secret is kept, and kept out of sight.
    let garbled = format!(r#"{{"api_key_id":"k","key":"{new_secret}","scopes":7}}"#);
    let server = RawServer::start(vec![Step::json(200, &garbled)]).await;
    let err = short_timeout(&server.url, CANARY)
        .create_key(emu.project_id(), &CreateKeyRequest::new("c", ["member"]))
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::KeyCreatedUndecodable { raw, .. } if raw.expose() == garbled));
    errors.push(err);

    let kinds: Vec<ErrorKind> = errors.iter().map(Error::kind).collect();
    for kind in [
        ErrorKind::Auth,
        ErrorKind::PermissionDenied,
        ErrorKind::Network,
        ErrorKind::Timeout,
        ErrorKind::KeyCreatedUndecodable,
    ] {
        assert!(kinds.contains(&kind), "no {kind:?} failure among {kinds:?}");
    }
    printed.extend(errors.iter().map(render));
    // The echoing server did put the credential into its answers: they were scrubbed.
    assert!(
        printed
            .iter()
            .any(|p| p.contains("you sent Token [redacted]"))
    );

    let logs = LOGS.0.lock().unwrap().clone();
    assert!(
        logs.iter().any(|l| l.contains("starting new connection")),
        "the logger sees the HTTP stack's records: {logs:?}"
    );
    for text in printed.iter().chain(&logs) {
        for secret in [CANARY, &new_secret, &token_secret] {
            assert!(!text.contains(secret), "a secret leaked: {text}");
        }
    }
}
