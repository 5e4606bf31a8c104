//! The emulator's only outbound requests (fetching a `{"url": …}` source, delivering a
//! `callback`) reach loopback and nothing else: every other address is refused, given directly
//! or through redirects (checked at every hop), with Deepgram's 400 error body. Loopback
//! redirects are followed, so the refusals are the address check and not "never redirect".

use std::collections::HashMap;
use std::time::Duration;

use crate::common::{Answer, Canned, Harness, TinyServer, listen_url, wav};

/// Half a second of 8 kHz mono audio.
fn audio() -> Vec<u8> {
    wav(1, 8000, 4000)
}

/// Addresses that are not loopback, written in the ways an attacker would try. `{port}` is
/// the loopback server's port: `0.0.0.0` and `[::]` reach this machine on Linux, so a fetcher
/// that let them through would get the audio.
const OFF_LOOPBACK: &[&str] = &[
    "http://10.0.0.1/a.wav",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::ffff:10.0.0.1]/a.wav",
    "http://[::ffff:a9fe:a9fe]/latest/meta-data/",
    "http://[fd00::1]/a.wav",
    "http://0.0.0.0:{port}/audio.wav",
    "http://[::]:{port}/audio.wav",
    "http://167772161/a.wav",
    "http://0x0a.0.0.1/a.wav",
    "https://10.0.0.1/a.wav",
    "http://127.0.0.1@10.0.0.1/a.wav",
    "//10.0.0.1/a.wav",
    "http://example.com/a.wav",
    "http://localhost.localdomain:{port}/audio.wav",
    "http://localtest.me:{port}/audio.wav",
    "http://127.0.0.1.nip.io:{port}/audio.wav",
    "file:///etc/passwd",
    "ftp://127.0.0.1:{port}/audio.wav",
];

/// Asserts Deepgram's legacy 400 body, refusing the URL as not loopback.
fn assert_refused(case: &str, answer: &Answer) {
    let message = answer.assert_legacy_error(400, "Bad Request");
    assert!(
        message.contains("only fetches loopback URLs"),
        "{case}: {message}"
    );
}

fn with_port(target: &str, port: u16) -> String {
    target.replace("{port}", &port.to_string())
}

#[tokio::test]
async fn urls_off_loopback_are_refused_directly_and_after_every_redirect() {
    let mut routes = HashMap::from([
        ("/audio.wav".to_owned(), Canned::Bytes(audio())),
        ("/hop".to_owned(), Canned::Redirect("/audio.wav".to_owned())),
    ]);
    // The port is known only once the server runs; redirect targets are written with a
    // placeholder and resolved through a second server that knows it.
    let origin = TinyServer::start(routes.clone()).await;
    for (i, target) in OFF_LOOPBACK.iter().enumerate() {
        let target = with_port(target, origin.port());
        routes.insert(format!("/away/{i}"), Canned::Redirect(target.clone()));
        // Two loopback hops first: the check applies at every hop, not only the first.
        routes.insert(
            format!("/chain/{i}"),
            Canned::Redirect(format!("/chain2/{i}")),
        );
        routes.insert(format!("/chain2/{i}"), Canned::Redirect(target));
    }
    let redirector = TinyServer::start(routes).await;
    let h = Harness::start().await;

    // The control: loopback sources, directly and through a loopback redirect, are fetched.
    for path in ["/audio.wav", "/hop"] {
        let answer = listen_url(&h, "", &redirector.url(path)).await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.text);
        assert_eq!(
            answer.json()["metadata"]["duration"],
            0.5,
            "{}",
            answer.text
        );
    }

    for (i, target) in OFF_LOOPBACK.iter().enumerate() {
        let target = with_port(target, origin.port());
        if !target.starts_with("//") {
            assert_refused(&target, &listen_url(&h, "", &target).await);
        }
        let before = redirector.paths().len();
        assert_refused(
            &target,
            &listen_url(&h, "", &redirector.url(&format!("/away/{i}"))).await,
        );
        assert_refused(
            &target,
            &listen_url(&h, "", &redirector.url(&format!("/chain/{i}"))).await,
        );
        assert_eq!(
            redirector.paths()[before..],
            [
                format!("/away/{i}"),
                format!("/chain/{i}"),
                format!("/chain2/{i}")
            ],
            "{target}: only the loopback hops were requested"
        );
    }
    assert!(
        origin.paths().is_empty(),
        "nothing reached this machine through an address off loopback: {:?}",
        origin.paths()
    );
}

#[tokio::test]
async fn callbacks_are_not_delivered_through_a_redirect_off_loopback() {
    let landing = TinyServer::start(HashMap::new()).await;
    let off = format!("http://0.0.0.0:{}/landed", landing.port());
    let hook = TinyServer::start(HashMap::from([
        ("/hook".to_owned(), Canned::Redirect(off)),
        (
            "/control".to_owned(),
            Canned::Redirect(landing.url("/landed")),
        ),
    ]))
    .await;
    let h = Harness::start().await;
    let query = |path: &str| {
        let callback = hook.url(path);
        format!(
            "callback={}",
            url::form_urlencoded::byte_serialize(callback.as_bytes()).collect::<String>()
        )
    };
    let source = TinyServer::start(HashMap::from([(
        "/a.wav".to_owned(),
        Canned::Bytes(audio()),
    )]))
    .await;
    for path in ["/control", "/hook"] {
        let answer = listen_url(&h, &query(path), &source.url("/a.wav")).await;
        assert_eq!(answer.status, 200, "{}", answer.text);
        assert!(answer.json()["request_id"].is_string(), "{}", answer.text);
    }
    // The control's delivery follows its loopback redirect to the landing server; the other
    // delivery's redirect leads to 0.0.0.0, which reaches the same server if followed.
    let waited = wait_for(Duration::from_secs(5), || {
        hook.paths().len() == 2 && !landing.paths().is_empty()
    })
    .await;
    assert!(waited, "both callbacks were attempted: {:?}", hook.paths());
    // A wrongly followed redirect would arrive about as soon as the control did.
    wait_for(Duration::from_millis(300), || landing.paths().len() > 1).await;
    assert_eq!(
        landing.paths(),
        ["/landed"],
        "only the loopback redirect was followed"
    );
}

/// Polls `done` for up to `limit`; whether it became true.
async fn wait_for(limit: Duration, done: impl Fn() -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + limit;
    while tokio::time::Instant::now() < deadline {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    done()
}
