//! A raw HTTP/1.1 server on loopback that misbehaves on purpose: each request gets the next
//! [`Step`] of a script (the last step repeats), one request per connection, and every request
//! that arrives is recorded, so tests count attempts at the server and inspect what was sent.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Step {
    /// Reads the whole request, then answers.
    Answer {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Reads `after` bytes of the body, then resets the connection (RST, not FIN).
    ResetUpload { after: u64 },
    /// Reads the whole request, sends a head announcing `declared` body bytes and then only
    /// `sent`, then resets the connection.
    ResetResponse { declared: usize, sent: Vec<u8> },
    /// Reads the whole request and answers with its `Authorization` header quoted in the body:
    /// as JSON in `err_msg` and `details` for an error status, as garbage for a 2xx.
    Echo { status: u16 },
    /// Reads the whole request and answers 200 with `body` written `piece` bytes at a time,
    /// pausing between pieces so the client receives many chunks: with `Transfer-Encoding:
    /// chunked` (no length announced) when `chunked`, else with `Content-Length`.
    Pieces {
        body: Vec<u8>,
        piece: usize,
        chunked: bool,
    },
    /// Reads the whole request and never answers.
    Stall,
    /// Reads the whole request, sends a head announcing `declared` body bytes and then only
    /// `sent`, then never sends more.
    StallResponse { declared: usize, sent: Vec<u8> },
}

impl Step {
    /// A JSON answer.
    pub fn json(status: u16, body: &str) -> Step {
        Step::Answer {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A JSON answer with a `Retry-After` header.
    pub fn retry_after(status: u16, retry_after: &str) -> Step {
        Step::Answer {
            status,
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("Retry-After".into(), retry_after.into()),
            ],
            body: br#"{"err_code":"TOO_MANY_REQUESTS","err_msg":"Too many requests."}"#.to_vec(),
        }
    }
}

/// One request as the server received it.
#[derive(Clone, Debug)]
pub struct Attempt {
    /// When its head had arrived.
    pub at: Instant,
    pub method: String,
    pub path: String,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    /// Body bytes read (all of them, unless the step cut the upload short).
    pub body_len: u64,
    /// The first bytes of the body (up to 64).
    pub body_head: Vec<u8>,
    /// SHA-256 (hex) of the body bytes read.
    pub body_sha256: String,
}

impl Attempt {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

pub struct RawServer {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    attempts: Arc<Mutex<Vec<Attempt>>>,
}

impl RawServer {
    pub async fn start(script: Vec<Step>) -> RawServer {
        assert!(!script.is_empty(), "a script needs at least one step");
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let attempts = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&attempts);
        tokio::spawn(async move {
            let mut served = 0usize;
            while let Ok((stream, _)) = listener.accept().await {
                let step = script[served.min(script.len() - 1)].clone();
                served += 1;
                tokio::spawn(serve(stream, step, Arc::clone(&recorded)));
            }
        });
        RawServer { url, attempts }
    }

    /// The requests received so far, in order.
    pub fn attempts(&self) -> Vec<Attempt> {
        self.attempts.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.attempts.lock().unwrap().len()
    }
}

/// A loopback address where nothing listens: connecting is refused.
pub fn refusing_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

async fn serve(mut stream: TcpStream, step: Step, recorded: Arc<Mutex<Vec<Attempt>>>) {
    let Some((mut attempt, buffered, content_length)) = read_head(&mut stream).await else {
        return;
    };
    let limit = match &step {
        Step::ResetUpload { after } => content_length.min(*after),
        _ => content_length,
    };
    let mut body = BodyReader {
        attempt: &mut attempt,
        hasher: Sha256::new(),
        left: limit,
    };
    body.feed(&buffered);
    let mut chunk = vec![0u8; 1 << 20];
    while body.left > 0 {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => body.feed(&chunk[..n]),
        }
    }
    let sha256 = hex(&body.hasher.finalize());
    attempt.body_sha256 = sha256;
    let auth = attempt
        .header("authorization")
        .unwrap_or_default()
        .to_owned();
    recorded.lock().unwrap().push(attempt);

    match step {
        Step::Answer {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} Status\r\n");
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str(&format!(
                "Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            ));
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
        Step::Echo { status } => {
            let body = if (200..300).contains(&status) {
                format!("<html>you sent {auth}</html>")
            } else {
                format!(r#"{{"err_code":"ECHO","err_msg":"you sent {auth}","details":"{auth}"}}"#)
            };
            let head = format!(
                "HTTP/1.1 {status} Echo\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(body.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
        Step::Pieces {
            body,
            piece,
            chunked,
        } => {
            let framing = if chunked {
                "Transfer-Encoding: chunked".to_owned()
            } else {
                format!("Content-Length: {}", body.len())
            };
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{framing}\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes()).await;
            for part in body.chunks(piece) {
                let written = if chunked {
                    let mut framed = format!("{:x}\r\n", part.len()).into_bytes();
                    framed.extend_from_slice(part);
                    framed.extend_from_slice(b"\r\n");
                    stream.write_all(&framed).await
                } else {
                    stream.write_all(part).await
                };
                if written.is_err() || stream.flush().await.is_err() {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_millis(2)).await;
            }
            if chunked {
                let _ = stream.write_all(b"0\r\n\r\n").await;
            }
            let _ = stream.shutdown().await;
        }
        Step::ResetUpload { .. } => reset(stream),
        Step::ResetResponse { declared, sent } => {
            write_partial(&mut stream, declared, &sent).await;
            reset(stream);
        }
        Step::Stall => std::future::pending::<()>().await,
        Step::StallResponse { declared, sent } => {
            write_partial(&mut stream, declared, &sent).await;
            std::future::pending::<()>().await;
        }
    }
}

/// Takes in body bytes up to a limit, recording what the [`Attempt`] reports about them.
struct BodyReader<'a> {
    attempt: &'a mut Attempt,
    hasher: Sha256,
    left: u64,
}

impl BodyReader<'_> {
    fn feed(&mut self, bytes: &[u8]) {
        let bytes = &bytes[..bytes
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX))];
        self.hasher.update(bytes);
        let head = &mut self.attempt.body_head;
        let room = 64usize.saturating_sub(head.len());
        head.extend_from_slice(&bytes[..bytes.len().min(room)]);
        self.attempt.body_len += bytes.len() as u64;
        self.left -= bytes.len() as u64;
    }
}

async fn write_partial(stream: &mut TcpStream, declared: usize, sent: &[u8]) {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\n\r\n"
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(sent).await;
    let _ = stream.flush().await;
}

/// Closes with `SO_LINGER` 0, so the peer sees a reset rather than an orderly end.
fn reset(stream: TcpStream) {
    stream.set_zero_linger().unwrap();
    drop(stream);
}

/// Reads up to the end of the head; returns the attempt, the body bytes already read and the
/// announced `Content-Length` (0 without one).
async fn read_head(stream: &mut TcpStream) -> Option<(Attempt, Vec<u8>, u64)> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let at = Instant::now();
    let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let attempt = Attempt {
        at,
        method,
        path,
        headers,
        body_len: 0,
        body_head: Vec::new(),
        body_sha256: String::new(),
    };
    let content_length = attempt
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Some((attempt, buffer[end..].to_vec(), content_length))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
