//! An emulator without a socket, for fuzzing the request handling and for tests that want
//! no port: raw HTTP/1.1 goes in through an in-memory pipe, through the same parser, faults
//! and handlers as a served connection, and the raw answer comes out.

use std::io;
use std::sync::Arc;

use hyper::server::conn::http1;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::config::EmulatorConfig;
use crate::emulator::Setup;
use crate::handlers::Shared;
use crate::http::outbound::Outbound;
use crate::server::connections;

/// Bytes the pipe holds in each direction before a writer waits for the reader.
const PIPE_CAPACITY: usize = 64 * 1024;

/// An emulator that listens nowhere and opens no socket: each [`exchange`] hands it the raw
/// bytes of one connection and returns what it answered. Its state (keys, tokens, queued
/// faults) lasts as long as the value.
///
/// It fetches no URL (a `{"url": …}` source that is not a recording gets a 400) and delivers
/// no callback; everything else answers as [`Emulator`](crate::Emulator) does.
///
/// [`exchange`]: InMemoryEmulator::exchange
pub struct InMemoryEmulator {
    shared: Arc<Shared>,
    owner_key: String,
    project_id: String,
}

impl InMemoryEmulator {
    /// Loads (or creates) the state and makes sure the owner key exists, as
    /// [`Emulator::start`](crate::Emulator::start) does; `config.addr` is not used.
    pub fn new(config: EmulatorConfig) -> io::Result<InMemoryEmulator> {
        let setup = Setup::new(&config, Outbound::offline())?;
        Ok(InMemoryEmulator {
            shared: Arc::new(setup.shared),
            owner_key: setup.owner_key,
            project_id: setup.project_id,
        })
    }

    /// The owner's API key secret (send as `Authorization: Token <key>`).
    pub fn owner_key(&self) -> &str {
        &self.owner_key
    }

    /// The id of the emulator's own project (the owner key's).
    pub fn project_id(&self) -> &str {
        &self.project_id
    }

    /// Sends `connection` (one or more HTTP/1.1 requests, any bytes at all) on a new
    /// connection, closes the sending side, and returns every byte answered until the
    /// emulator closed the connection. Empty when a fault dropped the connection.
    ///
    /// Needs a tokio runtime (with its clock when a delay fault is queued). Nothing is
    /// spawned, so a panic in a handler reaches the caller.
    pub async fn exchange(&self, connection: &[u8]) -> Vec<u8> {
        let (client, server_end) = tokio::io::duplex(PIPE_CAPACITY);
        // Half-close: the end of the input must not drop the answers still being made.
        let mut http = http1::Builder::new();
        http.half_close(true);
        let serving = connections::serve_connection(server_end, Arc::clone(&self.shared), &http);
        // Sent and read at once: answers to pipelined requests can fill the pipe before the
        // last request is sent.
        let (mut reader, mut writer) = tokio::io::split(client);
        let sending = async move {
            // A write fails once the emulator stops reading (a dropped connection, a body
            // over the limit); what it answered is still read.
            if writer.write_all(connection).await.is_ok() {
                let _ = writer.shutdown().await;
            }
        };
        let receiving = async move {
            let mut answer = Vec::new();
            let _ = reader.read_to_end(&mut answer).await;
            answer
        };
        let ((), (), answer) = tokio::join!(serving, sending, receiving);
        answer
    }
}

impl std::fmt::Debug for InMemoryEmulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InMemoryEmulator")
            .field("project_id", &self.project_id)
            .field("owner_key", &"[redacted]")
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emulator() -> InMemoryEmulator {
        InMemoryEmulator::new(EmulatorConfig::default()).unwrap()
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
    }

    #[test]
    fn answers_pipelined_requests_without_a_socket() {
        let emulator = emulator();
        let owner = emulator.owner_key().to_owned();
        let request = format!(
            "GET /v1/projects HTTP/1.1\r\nhost: x\r\nauthorization: Token {owner}\r\n\r\n\
             GET /v1/projects HTTP/1.1\r\nhost: x\r\n\r\n"
        );
        let answer = runtime().block_on(emulator.exchange(request.as_bytes()));
        let answer = String::from_utf8(answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
        assert!(answer.contains(emulator.project_id()), "{answer}");
        assert!(answer.contains("HTTP/1.1 401 Unauthorized\r\n"), "{answer}");
    }

    #[test]
    fn a_body_cut_short_is_answered() {
        let emulator = emulator();
        let owner = emulator.owner_key().to_owned();
        let request = format!(
            "POST /v1/listen HTTP/1.1\r\nhost: x\r\nauthorization: Token {owner}\r\n\
             content-length: 100\r\n\r\nRIFF"
        );
        let answer = runtime().block_on(emulator.exchange(request.as_bytes()));
        let answer = String::from_utf8(answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 422 "), "{answer}");
    }

    #[test]
    fn urls_are_never_fetched() {
        let emulator = emulator();
        let owner = emulator.owner_key().to_owned();
        let body = r#"{"url": "http://127.0.0.1:9/a.wav"}"#;
        let request = format!(
            "POST /v1/listen HTTP/1.1\r\nhost: x\r\nauthorization: Token {owner}\r\n\
             content-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        let answer = runtime().block_on(emulator.exchange(request.as_bytes()));
        let answer = String::from_utf8(answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
        assert!(answer.contains("in-memory"), "{answer}");
    }
}
