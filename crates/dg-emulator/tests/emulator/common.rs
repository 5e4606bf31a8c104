//! Helpers shared by the emulator's integration tests.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use dg_emulator::{Emulator, EmulatorConfig};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub struct Harness {
    pub emulator: Emulator,
    pub http: reqwest::Client,
}

/// A whole HTTP answer.
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.text))
    }

    pub fn request_id(&self) -> &str {
        self.headers["dg-request-id"].to_str().unwrap()
    }

    pub fn content_type(&self) -> &str {
        self.headers[CONTENT_TYPE].to_str().unwrap()
    }

    /// Asserts a legacy `{err_code, err_msg, request_id}` error and returns `err_msg`.
    pub fn assert_legacy_error(&self, status: u16, code: &str) -> String {
        assert_eq!(self.status, status, "{}", self.text);
        let body = self.json();
        assert_eq!(body["err_code"], code, "{}", self.text);
        assert_eq!(body["request_id"], self.request_id(), "{}", self.text);
        body["err_msg"]
            .as_str()
            .expect("err_msg is a string")
            .to_owned()
    }

    /// Asserts the modern `{category, message, details, request_id}` error; returns `details`.
    pub fn assert_modern_error(&self, category: &str) -> String {
        assert_eq!(self.status, 400, "{}", self.text);
        let body = self.json();
        assert_eq!(body["category"], category, "{}", self.text);
        assert_eq!(body["message"], "Invalid JSON submitted.");
        assert_eq!(body["request_id"], self.request_id());
        body["details"]
            .as_str()
            .expect("details is a string")
            .to_owned()
    }
}

/// `POST /v1/listen?{query}` with `{"url": url}`, as the owner.
pub async fn listen_url(h: &Harness, query: &str, url: &str) -> Answer {
    h.post_json(
        &format!("/v1/listen?{query}"),
        &h.owner(),
        &serde_json::json!({"url": url}),
    )
    .await
}

pub fn token(key: &str) -> String {
    format!("Token {key}")
}

impl Harness {
    pub async fn start() -> Harness {
        Harness::with(EmulatorConfig::default()).await
    }

    pub async fn with(config: EmulatorConfig) -> Harness {
        Harness {
            emulator: Emulator::start(config).await.expect("the emulator starts"),
            http: reqwest::Client::builder().no_proxy().build().unwrap(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emulator.base_url())
    }

    pub fn owner(&self) -> String {
        self.emulator.owner_key().to_owned()
    }

    pub fn keys_path(&self) -> String {
        format!("/v1/projects/{}/keys", self.emulator.project_id())
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("the emulator answers");
        Answer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            text: response.text().await.expect("the answer has a body"),
        }
    }

    pub async fn get(&self, path: &str, key: &str) -> Answer {
        self.send(
            self.http
                .get(self.url(path))
                .header(AUTHORIZATION, token(key)),
        )
        .await
    }

    pub async fn delete(&self, path: &str, key: &str) -> Answer {
        self.send(
            self.http
                .delete(self.url(path))
                .header(AUTHORIZATION, token(key)),
        )
        .await
    }

    pub async fn post_json(&self, path: &str, key: &str, body: &Value) -> Answer {
        self.post_bytes(path, key, "application/json", body.to_string().into_bytes())
            .await
    }

    pub async fn post_bytes(
        &self,
        path: &str,
        key: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Answer {
        let request = self
            .http
            .post(self.url(path))
            .header(AUTHORIZATION, token(key))
            .header(CONTENT_TYPE, content_type)
            .body(body);
        self.send(request).await
    }

    /// Creates a key with `key` and returns the answer, asserting it succeeded.
    pub async fn create_key(&self, key: &str, body: Value) -> Value {
        let answer = self.post_json(&self.keys_path(), key, &body).await;
        assert_eq!(answer.status, 200, "{}", answer.text);
        answer.json()
    }
}

pub fn fixture(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(relative)
}

pub fn fixture_bytes(relative: &str) -> Vec<u8> {
    std::fs::read(fixture(relative)).unwrap()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes);
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// A PCM WAV file with a JUNK chunk before `fmt ` and an (empty) LIST chunk between `fmt ` and
/// `data`, holding `frames` frames of a changing signal. Well-formed, so that an emulator with
/// the recognizer decodes it too (odd-sized chunks are covered by `wav.rs`'s unit tests).
pub fn wav(channels: u16, sample_rate: u32, frames: u32) -> Vec<u8> {
    let block_align = channels * 2;
    let data_len = frames * u32::from(block_align);
    let mut out = b"RIFF\0\0\0\0WAVE".to_vec();
    out.extend_from_slice(b"JUNK\x1c\0\0\0");
    out.extend_from_slice(&[0; 28]);
    out.extend_from_slice(b"fmt \x10\0\0\0\x01\0");
    out.extend_from_slice(&channels.to_le_bytes());
    out.extend_from_slice(&sample_rate.to_le_bytes());
    out.extend_from_slice(&(sample_rate * u32::from(block_align)).to_le_bytes());
    out.extend_from_slice(&block_align.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"LIST\x04\0\0\0INFO");
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    out.extend((0..data_len).map(|i| (i % 251) as u8));
    let riff_len = (out.len() - 8) as u32;
    out[4..8].copy_from_slice(&riff_len.to_le_bytes());
    out
}

/// What a [`TinyServer`] answers on a path.
#[derive(Clone)]
pub enum Canned {
    Bytes(Vec<u8>),
    Redirect(String),
    Status(u16),
}

/// A request a [`TinyServer`] received: its request line and its body.
pub type Received = (String, Vec<u8>);

/// A minimal HTTP/1.1 server on loopback that answers canned responses and records every
/// request (request line and body).
pub struct TinyServer {
    pub base_url: String,
    pub requests: Arc<Mutex<Vec<Received>>>,
}

impl TinyServer {
    pub async fn start(routes: HashMap<String, Canned>) -> TinyServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&requests);
        tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let (line, body) = read_request(&mut stream).await;
                let path = line.split(' ').nth(1).unwrap_or("/").to_owned();
                recorded.lock().unwrap().push((line, body));
                let (status, headers, body) = match routes.get(&path).cloned() {
                    Some(Canned::Bytes(bytes)) => {
                        ("200 OK", "Content-Type: audio/wav\r\n".to_owned(), bytes)
                    }
                    Some(Canned::Redirect(to)) => {
                        ("302 Found", format!("Location: {to}\r\n"), Vec::new())
                    }
                    Some(Canned::Status(404)) | None => {
                        ("404 Not Found", String::new(), Vec::new())
                    }
                    Some(Canned::Status(_)) => {
                        ("500 Internal Server Error", String::new(), Vec::new())
                    }
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
                let _ = stream.shutdown().await;
            }
        });
        TinyServer { base_url, requests }
    }

    pub fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    pub fn port(&self) -> u16 {
        let (_, port) = self.base_url.rsplit_once(':').unwrap();
        port.parse().unwrap()
    }

    /// The path of every request received so far, in order.
    pub fn paths(&self) -> Vec<String> {
        let requests = self.requests.lock().unwrap();
        let path = |line: &String| line.split(' ').nth(1).unwrap_or_default().to_owned();
        requests.iter().map(|(line, _)| path(line)).collect()
    }
}

async fn read_request(stream: &mut tokio::net::TcpStream) -> Received {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let header_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let read = stream.read(&mut chunk).await.unwrap_or(0);
        if read == 0 {
            return (String::new(), Vec::new());
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).into_owned();
    let content_length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let mut body = buffer[header_end..].to_vec();
    while body.len() < content_length {
        let read = stream.read(&mut chunk).await.unwrap_or(0);
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    (head.lines().next().unwrap_or_default().to_owned(), body)
}

/// `crates/dg-emulator/seed.example.json`: two projects, their members and keys.
pub fn seed_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seed.example.json")
}

/// The seed's projects and key secrets, as the tests use them.
pub mod seeded {
    pub const ACME: &str = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f";
    pub const GLOBEX: &str = "0e9d8c7b-6a5f-4e3d-9c2b-1a0f9e8d7c6b";
    /// Acme's owner.
    pub const ANN: &str = "a11ce0000000000000000000000000000000a001";
    /// Acme's admin.
    pub const ADA: &str = "adad00000000000000000000000000000000a002";
    /// An Acme member.
    pub const BOB: &str = "b0b0000000000000000000000000000000000b03";
    /// Bob's key with the scopes usage:write and usage:read, tagged `ci` and `nightly`.
    pub const BOB_CI: &str = "b0b0c1000000000000000000000000000000c104";
    /// Ann's key in Globex, where she is a member.
    pub const ANN_IN_GLOBEX: &str = "a11ce0000000000000000000000000000000b005";
    /// Globex's owner.
    pub const GUS: &str = "9a5000000000000000000000000000000000b006";
}

impl Harness {
    /// An emulator started with `seed.example.json`.
    pub async fn seeded() -> Harness {
        Harness::with(EmulatorConfig {
            seed: Some(seed_file()),
            ..EmulatorConfig::default()
        })
        .await
    }

    /// `/v1/projects/{project}{rest}`.
    pub fn project_path(project: &str, rest: &str) -> String {
        format!("/v1/projects/{project}{rest}")
    }

    pub async fn put_json(&self, path: &str, key: &str, body: &Value) -> Answer {
        self.send(
            self.http
                .put(self.url(path))
                .header(AUTHORIZATION, token(key))
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_string()),
        )
        .await
    }

    pub async fn patch_json(&self, path: &str, key: &str, body: &Value) -> Answer {
        self.send(
            self.http
                .patch(self.url(path))
                .header(AUTHORIZATION, token(key))
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_string()),
        )
        .await
    }

    /// `POST /v1/listen` of `seconds` of 8 kHz mono WAV with `key`; asserts a 200 and
    /// returns the answer's request id.
    pub async fn listen_seconds(&self, key: &str, query: &str, seconds: u32) -> String {
        let answer = self
            .post_bytes(
                &format!("/v1/listen?{query}"),
                key,
                "audio/wav",
                wav(1, 8000, 8000 * seconds),
            )
            .await;
        assert_eq!(answer.status, 200, "{}", answer.text);
        answer.json()["metadata"]["request_id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// Asserts Deepgram's plain-text 404 for a path id that is no UUID.
pub fn assert_not_a_uuid(answer: &Answer) {
    assert_eq!(answer.status, 404, "{}", answer.text);
    assert!(
        answer.content_type().starts_with("text/plain"),
        "{}",
        answer.text
    );
    assert!(
        answer.text.starts_with("UUID parsing failed"),
        "{}",
        answer.text
    );
}

/// A file of `crates/dg-emulator/tests/fixtures`.
pub fn fixture_in_crate(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}
