//! A running emulator and the Rust controls tests use on it.

use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use tokio::net::{TcpListener, TcpSocket};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::access::roles::Role;
use crate::access::secret::new_api_key;
use crate::access::tokens::Grants;
use crate::audio::recognition::{Recognition, Speech};
use crate::config::EmulatorConfig;
use crate::handlers::Shared;
use crate::http::outbound::Outbound;
use crate::server::connections;
use crate::state::faults::{Fault, FaultQueue};
use crate::state::recordings::Library;
use crate::state::seed::Seed;
use crate::state::stats::{Counters, Stats};
use crate::state::store::Store;
use crate::state::usage::Ledger;

/// Connections the kernel may hold for the accept loop. `TcpListener::bind` asks for 128, as
/// std does: a client opening 1,000 connections at once (the load tests) overflows that, and
/// the connects it drops are retried only after a second or more. The kernel caps this at
/// `net.core.somaxconn`.
const ACCEPT_BACKLOG: u32 = 4096;

/// A listener on `addr` with [`ACCEPT_BACKLOG`] (and `SO_REUSEADDR`, as `bind` sets on Unix).
fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(ACCEPT_BACKLOG)
}

/// A Deepgram-compatible server running in the background on the current tokio runtime.
/// Dropping it stops the server; [`Emulator::shutdown`] also waits until it has stopped.
pub struct Emulator {
    addr: SocketAddr,
    owner_key: String,
    owner_key_was_generated: bool,
    project_id: String,
    shared: Arc<Shared>,
    stop: CancellationToken,
    server: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Loads (or creates) the state, makes sure the owner key exists, and starts serving on
    /// `config.addr`.
    ///
    /// Fails when the address cannot be bound, the data directory cannot be read or written,
    /// its state or usage file is not valid, `admin_key` is empty or names a key that is not
    /// an owner's, or the seed file cannot be read or is not valid.
    pub async fn start(config: EmulatorConfig) -> io::Result<Emulator> {
        let Setup {
            shared,
            owner_key,
            owner_key_was_generated,
            project_id,
        } = Setup::new(&config, Outbound::default())?;
        let listener = listen(config.addr)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(shared);
        let stop = CancellationToken::new();
        let server = tokio::spawn(connections::serve(
            listener,
            Arc::clone(&shared),
            stop.clone(),
        ));
        Ok(Emulator {
            addr,
            owner_key,
            owner_key_was_generated,
            project_id,
            shared,
            stop,
            server: Some(server),
        })
    }

    /// The address it listens on (with the real port when started on port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (a wildcard listen address is reached through loopback).
    pub fn base_url(&self) -> String {
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}", SocketAddr::new(ip, self.addr.port()))
    }

    /// The owner's API key secret: the configured admin key, or one generated at start.
    pub fn owner_key(&self) -> &str {
        &self.owner_key
    }

    /// Whether [`owner_key`](Self::owner_key) was generated (no admin key was configured).
    pub fn owner_key_was_generated(&self) -> bool {
        self.owner_key_was_generated
    }

    /// The id of the emulator's own project: the owner key's, the one
    /// [`add_member`](Self::add_member) adds to.
    pub fn project_id(&self) -> &str {
        &self.project_id
    }

    /// Adds a member with `role` to the emulator's own project, with one key holding the
    /// role's scopes;
    /// returns the member id and the key's secret.
    ///
    /// # Panics
    /// If the state cannot be saved to the data directory.
    pub fn add_member(&self, email: &str, role: Role) -> (String, String) {
        let (member_id, key) = self
            .shared
            .store
            .add_member_with_key(email, role)
            .unwrap_or_else(|e| panic!("the emulator could not add a member: {e}"));
        (member_id.to_string(), key)
    }

    /// Queues a fault for the next matching requests.
    ///
    /// # Panics
    /// If its `count` is 0, a [`FaultAction::Status`](crate::FaultAction::Status) status is
    /// outside 200–599, a live stream is to be cut after 0 messages or with a close code no
    /// close frame may carry: such a fault is a mistake in the test.
    pub fn inject(&self, fault: Fault) {
        if let Some(problem) = fault.problem() {
            panic!("invalid fault: {problem}");
        }
        self.shared.faults.push(fault);
    }

    /// Queues a fault written as the JSON body of `POST /__emulator/faults` (what data-driven
    /// tests such as the conformance suite hold), or says why it is not one.
    pub fn inject_json(&self, spec: &str) -> Result<(), String> {
        let spec: crate::state::faults::FaultSpec =
            serde_json::from_str(spec).map_err(|e| e.to_string())?;
        self.shared.faults.push(spec.into_fault()?);
        Ok(())
    }

    /// Whether audio without a recorded answer gets a real transcript, and from which model.
    pub fn recognition(&self) -> Recognition {
        self.shared.speech.status()
    }

    /// What it has received so far.
    pub fn stats(&self) -> Stats {
        self.shared.stats.snapshot()
    }

    /// Stops accepting, closes every connection and waits until the server has stopped.
    pub async fn shutdown(mut self) {
        self.stop.cancel();
        self.shared.stopping.cancel();
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.stop.cancel();
        self.shared.stopping.cancel();
    }
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr)
            .field("project_id", &self.project_id)
            .field("owner_key", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// What an emulator answers from (served on a socket or in memory): its state and the owner
/// key it made sure exists.
pub(crate) struct Setup {
    pub(crate) shared: Shared,
    pub(crate) owner_key: String,
    pub(crate) owner_key_was_generated: bool,
    pub(crate) project_id: String,
}

impl Setup {
    /// Loads (or creates) the state and makes sure the owner key exists; `config.addr` is not
    /// used.
    pub(crate) fn new(config: &EmulatorConfig, outbound: Outbound) -> io::Result<Setup> {
        let store = Store::open(config.data_dir.as_deref())?;
        let (owner_key, owner_key_was_generated) = match &config.admin_key {
            Some(key) if key.trim().is_empty() => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "the admin key is empty",
                ));
            }
            Some(key) => (key.clone(), false),
            None => (new_api_key(), true),
        };
        install_owner_key(&store, &owner_key)?;
        if let Some(seed) = &config.seed {
            Seed::read(seed)?.apply(&store)?;
        }
        let project_id = store.read(|s| s.default_project.to_string());
        let ledger = Ledger::open(config.data_dir.as_deref(), config.max_recorded_requests)?;
        let shared = Shared {
            store,
            ledger: Arc::new(ledger),
            grants: Grants::new(),
            faults: FaultQueue::default(),
            stats: Counters::default(),
            library: Library::embedded(),
            outbound,
            speech: Speech::new(config)?,
            max_upload_bytes: config.max_upload_bytes,
            live_idle_timeout: config.live_idle_timeout,
            stopping: CancellationToken::new(),
        };
        Ok(Setup {
            shared,
            owner_key,
            owner_key_was_generated,
            project_id,
        })
    }
}

/// Makes `secret` an owner key of the project (kept across restarts with a data directory).
fn install_owner_key(store: &Store, secret: &str) -> io::Result<()> {
    let existing = store.read(|state| {
        state.key_by_secret(secret).map(|key| {
            // An owner key of the emulator's own project.
            (key.project_id == state.default_project)
                .then(|| state.default_project().role_of(key.member_id))
                .flatten()
        })
    });
    match existing {
        Some(Some(Role::Owner)) => Ok(()),
        Some(_) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the admin key belongs to a member who is not an owner of the emulator's project",
        )),
        None => Ok(store.update(|state| {
            let owner = state.owner_id();
            state.add_role_key(owner, Role::Owner, "dg emulator owner key", secret);
        })?),
    }
}
