//! A Deepgram-compatible HTTP server for tests and offline development.
//!
//! The emulator is the independent reference that dg's clients are tested against: it speaks
//! the parts of the Deepgram API that dg implements (`/v1/listen`, live streaming and Flux's
//! `/v2/listen`, projects, members, invitations, keys, usage, balances, models, temporary
//! tokens) with Deepgram's status codes and error bodies, and it never touches the network
//! beyond loopback.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use dg_emulator::{Emulator, EmulatorConfig, Fault, FaultAction, Role};
//!
//! let emulator = Emulator::start(EmulatorConfig::default()).await?;
//! let base_url = emulator.base_url(); // "http://127.0.0.1:PORT"
//! let owner_key = emulator.owner_key(); // send as `Authorization: Token <key>`
//! let (_member_id, member_key) = emulator.add_member("ann@example.com", Role::Member);
//! emulator.inject(Fault {
//!     count: 2,
//!     path_prefix: Some("/v1/listen".into()),
//!     action: FaultAction::Status { status: 503, body: None, retry_after: Some(1) },
//! });
//! let stats = emulator.stats();
//! emulator.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! # What it answers
//! - **Auth**: `Authorization: Token <api key>` everywhere, `Bearer <token>` (from
//!   `POST /v1/auth/grant`) on `/v1/listen` and `/v2/listen` only (on a WebSocket also as the
//!   subprotocol `token, <key>` or `bearer, <token>`, echoed without the secret); the scheme is
//!   matched case-insensitively.
//!   Anything else is `401 INVALID_AUTH`. Every answer carries a `dg-request-id` header.
//! - **Projects and keys**: `GET /v1/projects`, `GET|PATCH|DELETE /v1/projects/{id}`,
//!   `DELETE /v1/projects/{id}/leave`, `GET|POST /v1/projects/{id}/keys`
//!   (`?status=active|expired`), `GET|DELETE /v1/projects/{id}/keys/{key_id}`. Secrets are 40
//!   hex characters, shown once at creation and stored only as SHA-256 hashes. A key belongs
//!   to one project and acts there only: `GET /v1/projects` lists its project, another
//!   project's path is `403 FORBIDDEN`, an id no project has `404 PROJECT_NOT_FOUND`. Roles
//!   are scopes (`member`, `admin`, `owner`); a new key's scopes must be a subset of its
//!   creator's (so an admin cannot mint an owner key); members see their own keys, admins
//!   theirs and those they created, owners all.
//! - **Members and invitations**: `GET /v1/projects/{id}/members`,
//!   `DELETE …/members/{member_id}`, `GET|PUT …/members/{member_id}/scopes` (`{"scope":
//!   "admin"}`: a member's scope is its role), `GET|POST …/invites` (`{"email", "scope"}`),
//!   `DELETE …/invites/{email}`. Admins and owners read and write them; managing someone
//!   also needs the scope of their role and of the role given (`members:write`,
//!   `admins:write`, `owners:write`): an admin never removes, demotes, invites or makes an
//!   owner. A project keeps at least one owner (removing, demoting or leaving as the last
//!   one is a `400`).
//! - **Usage**: every `/v1/listen` request (pre-recorded, and live streams on `/v1/listen`
//!   and `/v2/listen` when they end) is recorded against the caller's project with its key's
//!   tags (then the request's own `tag`s), duration, channels, models, features, status and
//!   request id. `GET …/requests` (newest first; `start`, `end`, `limit` 1–1000 default 10,
//!   `page` from 0, `status`, `method`, `endpoint`, `deployment`, `accessor`, `request_id`,
//!   `tag`), `GET …/requests/{request_id}`, `GET …/usage` (one result per day),
//!   `GET …/usage/fields`, `GET …/usage/breakdown` (`grouping=`), filtered alike (also by
//!   `model` and the feature booleans); bad dates, enums and limits are a `400`. At most
//!   [`EmulatorConfig::max_recorded_requests`] requests are kept, the oldest dropped.
//! - **Balances**: `GET …/balances[/{balance_id}]`, admins and owners; a project starts
//!   with $200 and every request draws $0.258 an audio hour from it (the `state::usage`
//!   module).
//! - **Models**: `GET /v1/models[/{model_id}]` and `GET /v1/projects/{id}/models[/…]`
//!   (`include_outdated=true`): the models of the recorded answers (nova-3, nova-2, base),
//!   Flux, the emulator's own and two Aura voices.
//!
//!   The route table (`server::routes`) names each endpoint's credentials and scope.
//! - **Transcription** (`POST /v1/listen`): a JSON `{"url": …}` body (with
//!   `Content-Type: application/json`) or raw audio, streamed through SHA-256 and never
//!   buffered. Audio (or a URL) with a recorded real Deepgram answer in
//!   `tests/fixtures/responses` (embedded at build time) gets that answer, the recording whose
//!   options best match the query; other audio gets a well-formed answer with true metadata
//!   (sha256, duration, channels), an empty transcript and a warning; bytes that are no known
//!   audio format get Deepgram's `400` "corrupt or unsupported data". URLs are fetched only on
//!   loopback; callbacks (`callback=`) are delivered only to loopback URLs.
//! - **Live streaming** (`GET /v1/listen` as a WebSocket): results paced by the audio
//!   received, not the clock, from the recording whose audio the stream's first bytes match;
//!   `KeepAlive`, `Finalize`, `CloseStream`; closes 1008 `DATA-0000` and 1011 `NET-0001` as
//!   Deepgram does.
//! - **Flux** (`GET /v2/listen` as a WebSocket, `model=flux-general-en|flux-general-multi`):
//!   `Connected`, then `TurnInfo` turns (`StartOfTurn`, `Update`, `EagerEndOfTurn`,
//!   `TurnResumed`, `EndOfTurn`) from the recording's word timings by fixed rules (see the
//!   `audio::turns` module), `Configure`, `CloseStream`, numbered by `sequence_id`; out-of-range
//!   query options are a 400 before the upgrade.
//!
//! # Real recognition (the `recognizer` feature)
//! Built with `--features recognizer` and given a Whisper model (`scripts/fetch-model.sh`
//! fetches Whisper tiny.en into the cache folder the emulator looks in; `--model-dir` or
//! `DG_EMULATOR_MODEL_DIR` name another), the emulator transcribes WAV (PCM, float, mu-law,
//! a-law), FLAC, MP3 and Ogg/Vorbis audio that has no recorded answer, offline: a Deepgram
//! answer with the transcript, word timings and confidences, `paragraphs` (with
//! `paragraphs=true` or `smart_format=true`), `utterances` (`utterances=true`), one channel
//! per audio channel with `multichannel=true`, and a `metadata.warnings` entry for each option
//! the local model cannot honour (diarize, summarize, topics, …). Corrupt or truncated audio
//! gets the 400 "corrupt or unsupported data". Recorded answers still win.
//! [`Emulator::recognition`] says whether recognition is on and where the model came from.
//!
//! CTranslate2 runs in a plugin, `libdg_recognizer_ct2.so` (the `dg-recognizer-ct2` crate,
//! built with `cargo build -p dg-recognizer-ct2` after `scripts/fetch-ctranslate2.sh`), which
//! the emulator opens when it starts: the file `$DG_EMULATOR_RECOGNIZER` if set, else the one
//! beside the running executable, where cargo puts it. Without it, or without the CTranslate2
//! library it links, the emulator still serves, with recognition off and the reason.
//!
//! # Test controls over HTTP
//! For test suites in other languages; each needs `Authorization: Token <owner key>`.
//! - `POST /__emulator/faults` queues a [`Fault`]. Body: `count` (default 1), optional
//!   `path_prefix`, and one action:
//!   `{"status": 503, "body": "…", "retry_after": 2}` (`body` omitted = Deepgram's documented
//!   body for that status), `{"error": "invalid_json"}` (a [`DocumentedError`] by its snake
//!   case name), `{"delay_ms": 3000}`, `{"drop": "connection"}`, `{"drop": "after_body"}` or,
//!   for a live stream (`/v1/listen` or `/v2/listen`; `count` streams):
//!   `{"cut_live_after_ms": 2000}` (cut once that much audio has arrived),
//!   `{"cut_live_after_messages": 3}` (cut right after the server's third message, every
//!   text message counting: `Results`, `Metadata`, Flux's `Connected` and `TurnInfo`, ...),
//!   each with an optional `"close_code": 1011` (without one the connection is dropped,
//!   without a close frame), or `{"delay_live_results_ms": 300}` (every message the server
//!   sends goes out 300 ms after it was produced, in order; the audio is still read meanwhile).
//!   Faults never apply to `/__emulator/` itself.
//! - `POST /__emulator/members` `{"email": "…", "role": "member"|"admin"|"owner"}` answers
//!   `{"member_id": "…", "key": "…"}`: a new member of the emulator's own project with one
//!   key.
//! - `GET /__emulator/stats` answers [`Stats`] as JSON.
//!
//! # Without a socket
//! [`InMemoryEmulator`] answers raw HTTP/1.1 bytes handed to it in memory, through the same
//! parser and handlers, and makes no network request at all (the fuzz targets in `fuzz/`
//! drive it).
//!
//! # Persistence
//! With [`EmulatorConfig::data_dir`], projects, members, invitations and key hashes are kept
//! in `state.json` there, and the recorded requests and what they spent in `usage.json`
//! (both mode 0600), each rewritten atomically (temporary file, fsync, rename) on every
//! change, so they survive a restart and a crash never leaves a torn file. A `state.json` of
//! version 1 (one project) is read as the same project. Without a data directory the state
//! lives in memory. Temporary tokens never outlive the process. Without an admin key a new
//! owner key is generated at every start; keys from earlier runs stay valid.
//!
//! # Seeding
//! [`EmulatorConfig::seed`] (`--seed FILE`) names a JSON file of projects, members (with
//! roles), keys (with their secrets, scopes and tags) and invitations to add at start; what
//! is already there is kept, so the same seed can be given at every start. The format is
//! [`Seed`]'s; `crates/dg-emulator/seed.example.json` is an example.
//!
//! # Command line
//! `dg-emulator [--addr 127.0.0.1:0] [--data-dir DIR] [--admin-key KEY] [--max-upload-bytes N]
//! [--seed FILE] [--max-recorded-requests N] [--model-dir DIR] [--json]` (the admin key is better given as `DG_EMULATOR_ADMIN_KEY`;
//! `--model-dir` exists with the `recognizer` feature). At start it prints its URL, the
//! project id, only when it generated one the owner key, and whether real recognition is on;
//! with `--json` exactly one line `{"url": "http://127.0.0.1:PORT", "project_id": "…",
//! "owner_key": "…", "recognition": {"enabled": true, "model_dir": "…", "found_by": "…"}}`
//! (`owner_key` only when generated; `{"enabled": false, "reason": "…"}` when off). It serves until Ctrl-C or SIGTERM. `dg emulator`
//! reuses [`Args`] and [`run`].
//!
//! # Source layout
//! Each folder is one concern; a folder uses only the folders listed after it, never one
//! listed before it, so there are no import cycles between folders:
//!
//! - `server/`: accepting connections, faults, draining bodies (`connections`), and the
//!   route table with each endpoint's credentials and scope, enforced before the handler
//!   runs (`routes`).
//! - `handlers/`: one module per group of endpoints (`listen`, `keys`, `projects`,
//!   `members`, `invites`, `requests`, `usage`, `balances`, `models`, `grant`, `controls`,
//!   and `live/` for the two WebSocket endpoints), what they share (`Shared`, `Call`), the
//!   usage endpoints' query (`filters`) and how a request is recorded (`recording`).
//! - `audio/`: identifying audio (`identify`, `wav`), the listen options, the fallback
//!   answer and real recognition (`recognition`, `recognizer/`), and what live streams are
//!   answered (`streaming` for `/v1/listen`, `turns` and `flux_options` for Flux).
//! - `state/`: the store and its persistence, the recorded requests and spending (`usage`),
//!   the seed, timestamps, counters, queued faults, and the recorded answers
//!   (`recordings`).
//! - `access/`: resolving `Authorization` to a caller (`auth`, which reads keys through its
//!   `Keyring` trait, implemented by the store), roles and scopes, key secrets, tokens.
//! - `http/`: bodies, replies, query strings and outbound (loopback-only) requests.
//!
//! Shared by all at the crate root: `errors` (Deepgram's error answers), `config` and `hex`.
//! Above every folder: `emulator` and `in_memory` (the two ways to run one), `cli`.
#![warn(missing_docs)]

mod access;
mod audio;
mod cli;
mod config;
mod emulator;
mod errors;
mod handlers;
mod hex;
mod http;
mod in_memory;
mod server;
mod state;

pub use access::roles::{Role, UnknownRole};
pub use audio::recognition::{ModelSource, Recognition};
pub use cli::{Args, run, serve_forever};
pub use config::EmulatorConfig;
pub use emulator::Emulator;
pub use errors::DocumentedError;
pub use in_memory::InMemoryEmulator;
pub use state::faults::{Fault, FaultAction};
pub use state::seed::Seed;
pub use state::stats::Stats;
