//! Helpers shared by the integration tests: the `dg` binary with a clean environment, the
//! fixtures, and a `dg emulator` server running as a child process.

#![allow(dead_code)] // each test file uses its own subset

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command as StdCommand, Stdio};

use assert_cmd::Command;

/// `dg`, with none of the developer's Deepgram settings leaking in.
pub fn dg() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dg"));
    for var in [
        "DEEPGRAM_API_KEY",
        "DEEPGRAM_ACCESS_TOKEN",
        "DEEPGRAM_BASE_URL",
        "DEEPGRAM_PROJECT_ID",
        "DG_EMULATOR_ADMIN_KEY",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// A file of `tests/fixtures/audio`.
pub fn audio(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/audio")
        .join(name)
}

/// The first words of the real recorded transcript of `preamble-rest.wav`.
pub const PREAMBLE: &str =
    "We, the people of The United States, in order to form a more perfect union";

/// The URL whose recorded answer the emulator serves without fetching it.
pub const BUELLER_URL: &str =
    "https://static.deepgram.com/examples/Bueller-Life-moves-pretty-fast.wav";

/// `dg emulator` serving in a child process, killed on drop.
pub struct Server {
    child: Child,
    /// Its base URL.
    pub url: String,
    /// Its one project.
    pub project_id: String,
    /// The owner key: the one it generated, or the one it was given.
    pub owner_key: String,
    _data: tempfile::TempDir,
}

impl Server {
    /// A server with a generated owner key.
    pub fn start() -> Server {
        Server::spawn(None, None)
    }

    /// A server whose owner key is `key`.
    pub fn with_owner_key(key: &str) -> Server {
        Server::spawn(Some(key), None)
    }

    /// A server with the projects, members, keys and invitations of dg-emulator's
    /// `seed.example.json` besides its own project (see [`seed`] for their keys).
    pub fn seeded() -> Server {
        let file =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dg-emulator/seed.example.json");
        Server::spawn(None, Some(file))
    }

    fn spawn(owner_key: Option<&str>, seed: Option<PathBuf>) -> Server {
        let data = tempfile::tempdir().unwrap();
        let mut cmd = StdCommand::new(env!("CARGO_BIN_EXE_dg"));
        cmd.args(["emulator", "--json", "--data-dir"])
            .arg(data.path());
        if let Some(seed) = seed {
            cmd.arg("--seed").arg(seed);
        }
        cmd.env_remove("DG_EMULATOR_ADMIN_KEY")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(key) = owner_key {
            cmd.env("DG_EMULATOR_ADMIN_KEY", key);
        }
        let mut child = cmd.spawn().unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let announced: serde_json::Value = match serde_json::from_str(&line) {
            Ok(value) => value,
            Err(e) => {
                let _ = child.kill();
                panic!("`dg emulator --json` printed {line:?}: {e}");
            }
        };
        let text = |key: &str| announced[key].as_str().map(str::to_owned);
        Server {
            url: text("url").unwrap(),
            project_id: text("project_id").unwrap(),
            owner_key: owner_key
                .map(str::to_owned)
                .or_else(|| text("owner_key"))
                .unwrap(),
            child,
            _data: data,
        }
    }

    /// `dg` pointed at this server with `key`.
    pub fn dg_with_key(&self, key: &str) -> Command {
        let mut cmd = dg();
        cmd.args(["--base-url", &self.url, "--api-key", key]);
        cmd
    }

    /// Queues a fault (see dg-emulator's `POST /__emulator/faults`), over a bare HTTP/1.1
    /// request so the tests need no HTTP client of their own.
    pub fn inject_fault(&self, fault: serde_json::Value) {
        let host = self.url.trim_start_matches("http://").trim_end_matches('/');
        let body = fault.to_string();
        let mut stream = TcpStream::connect(host).unwrap();
        write!(
            stream,
            "POST /__emulator/faults HTTP/1.1\r\nHost: {host}\r\nAuthorization: Token {}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.owner_key,
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }

    /// `dg` pointed at this server as its owner.
    pub fn dg(&self) -> Command {
        self.dg_with_key(&self.owner_key)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What `dg-emulator/seed.example.json` holds (see [`Server::seeded`]).
pub mod seed {
    /// The Acme project.
    pub const ACME: &str = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f";
    /// Ann, Acme's owner: her key.
    pub const ANN: &str = "a11ce0000000000000000000000000000000a001";
    /// Bob, a member of Acme: his plain key.
    pub const BOB: &str = "b0b0000000000000000000000000000000000b03";
    /// Bob's nightly CI key in Acme, tagged `ci` and `nightly`.
    pub const BOB_CI: &str = "b0b0c1000000000000000000000000000000c104";
    /// The invitation open in Acme.
    pub const CAROL: &str = "carol@acme.example";
}

/// `dg keys create` of a member key with `comment` in `project`.
pub fn create_key_args<'a>(comment: &'a str, project: &'a str) -> [&'a str; 8] {
    [
        "keys",
        "create",
        "--comment",
        comment,
        "--scope",
        "member",
        "--project",
        project,
    ]
}

/// Everything a finished command printed, stdout then stderr.
pub fn printed(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The value of a `label  value` line of dg's text output.
pub fn field(text: &str, label: &str) -> String {
    text.lines()
        .find_map(|line| {
            line.strip_prefix(label)
                .filter(|rest| rest.starts_with(' '))
                .map(|rest| rest.trim().to_owned())
        })
        .unwrap_or_else(|| panic!("no `{label}` line in {text:?}"))
}
