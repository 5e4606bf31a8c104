//! The emulator's only outbound requests (fetching a `{"url": …}` source, delivering a
//! `callback`) reach loopback and nothing else: every other address is refused, given directly
//! or through redirects (checked at every hop), with Deepgram's 400 error body. Loopback
//! redirects are followed, so the refusals are the address check and not "never redirect".

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dg_emulator::{Emulator, EmulatorConfig};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the loopback server answers on a path.
#[derive(Clone)]
enum Route {
    Redirect(String),
    Audio(Vec<u8>),
}

/// A loopback HTTP server answering canned routes and recording each request's path.
struct Origin {
    port: u16,
    paths: Arc<Mutex<Vec<String>>>,
}

impl Origin {
    async fn start(routes: HashMap<String, Route>) -> Origin {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let paths = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&paths);
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let text = String::from_utf8_lossy(&head).into_owned();
                let path = text.split(' ').nth(1).unwrap_or_default().to_owned();
                recorded.lock().unwrap().push(path.clone());
                let (status, extra, body) = match routes.get(&path) {
                    Some(Route::Redirect(to)) => {
                        ("302 Found", format!("Location: {to}\r\n"), vec![])
                    }
                    Some(Route::Audio(bytes)) => ("200 OK", String::new(), bytes.clone()),
                    None => ("404 Not Found", String::new(), vec![]),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
                let _ = stream.shutdown().await;
            }
        });
        Origin { port, paths }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn paths(&self) -> Vec<String> {
        self.paths.lock().unwrap().clone()
    }
}

/// Half a second of 8 kHz mono 16-bit PCM WAV.
fn wav() -> Vec<u8> {
    let data_len: u32 = 8000;
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt \x10\0\0\0\x01\0\x01\0");
    out.extend_from_slice(&8000u32.to_le_bytes());
    out.extend_from_slice(&16000u32.to_le_bytes());
    out.extend_from_slice(b"\x02\0\x10\0data");
    out.extend_from_slice(&data_len.to_le_bytes());
    out.extend((0..data_len).map(|i| (i % 97) as u8));
    out
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

struct Harness {
    emulator: Emulator,
    http: reqwest::Client,
}

impl Harness {
    async fn start() -> Harness {
        Harness {
            emulator: Emulator::start(EmulatorConfig::default()).await.unwrap(),
            http: reqwest::Client::builder().no_proxy().build().unwrap(),
        }
    }

    /// `POST /v1/listen?{query}` with `{"url": url}`: the status and the JSON body.
    async fn listen_url(&self, query: &str, url: &str) -> (u16, Value, String) {
        let response = self
            .http
            .post(format!("{}/v1/listen?{query}", self.emulator.base_url()))
            .header(
                "Authorization",
                format!("Token {}", self.emulator.owner_key()),
            )
            .header("Content-Type", "application/json")
            .body(json!({ "url": url }).to_string())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let request_id = response.headers()["dg-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        (status, body, request_id)
    }
}

/// Asserts Deepgram's legacy 400 body, refusing the URL as not loopback.
fn assert_refused(case: &str, (status, body, request_id): &(u16, Value, String)) {
    assert_eq!(*status, 400, "{case}: {body}");
    assert_eq!(body["err_code"], "Bad Request", "{case}: {body}");
    assert_eq!(body["request_id"], request_id.as_str(), "{case}: {body}");
    let message = body["err_msg"].as_str().unwrap_or_default();
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
        ("/audio.wav".to_owned(), Route::Audio(wav())),
        ("/hop".to_owned(), Route::Redirect("/audio.wav".to_owned())),
    ]);
    // The port is known only once the server runs; redirect targets are written with a
    // placeholder and resolved through a second server that knows it.
    let origin = Origin::start(routes.clone()).await;
    for (i, target) in OFF_LOOPBACK.iter().enumerate() {
        let target = with_port(target, origin.port);
        routes.insert(format!("/away/{i}"), Route::Redirect(target.clone()));
        // Two loopback hops first: the check applies at every hop, not only the first.
        routes.insert(
            format!("/chain/{i}"),
            Route::Redirect(format!("/chain2/{i}")),
        );
        routes.insert(format!("/chain2/{i}"), Route::Redirect(target));
    }
    let redirector = Origin::start(routes).await;
    let h = Harness::start().await;

    // The control: loopback sources, directly and through a loopback redirect, are fetched.
    for path in ["/audio.wav", "/hop"] {
        let (status, body, _) = h.listen_url("", &redirector.url(path)).await;
        assert_eq!(status, 200, "{path}: {body}");
        assert_eq!(body["metadata"]["duration"], 0.5, "{body}");
    }

    for (i, target) in OFF_LOOPBACK.iter().enumerate() {
        let target = with_port(target, origin.port);
        if !target.starts_with("//") {
            assert_refused(&target, &h.listen_url("", &target).await);
        }
        let before = redirector.paths().len();
        assert_refused(
            &target,
            &h.listen_url("", &redirector.url(&format!("/away/{i}")))
                .await,
        );
        assert_refused(
            &target,
            &h.listen_url("", &redirector.url(&format!("/chain/{i}")))
                .await,
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
    let landing = Origin::start(HashMap::new()).await;
    let off = format!("http://0.0.0.0:{}/landed", landing.port);
    let hook = Origin::start(HashMap::from([
        ("/hook".to_owned(), Route::Redirect(off)),
        (
            "/control".to_owned(),
            Route::Redirect(landing.url("/landed")),
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
    let audio = Origin::start(HashMap::from([("/a.wav".to_owned(), Route::Audio(wav()))])).await;
    for path in ["/control", "/hook"] {
        let (status, body, _) = h.listen_url(&query(path), &audio.url("/a.wav")).await;
        assert_eq!(status, 200, "{body}");
        assert!(body["request_id"].is_string(), "{body}");
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
