//! The projects, members and keys, kept in memory and, with a data directory, in `state.json`.
//!
//! Every change is made on a copy that is written to disk before it replaces the live state,
//! so an answer never reports a change that a restart would lose.

use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::auth::{KeyHolder, Keyring};
use crate::access::roles::Role;
use crate::access::secret::new_api_key;
use crate::hex::sha256_hex;
use crate::state::clock::Timestamp;

/// The name of the state file inside the data directory.
pub(crate) const STATE_FILE: &str = "state.json";
const STATE_VERSION: u32 = 1;

#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct State {
    version: u32,
    pub(crate) project: Project,
    pub(crate) members: Vec<Member>,
    pub(crate) keys: Vec<KeyRecord>,
}

#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Project {
    pub(crate) project_id: Uuid,
    pub(crate) name: String,
}

#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Member {
    pub(crate) member_id: Uuid,
    pub(crate) email: String,
    pub(crate) role: Role,
}

#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct KeyRecord {
    pub(crate) api_key_id: Uuid,
    /// The member the key belongs to and acts as.
    pub(crate) member_id: Uuid,
    /// The member whose key created it.
    pub(crate) created_by: Uuid,
    pub(crate) comment: String,
    pub(crate) scopes: Vec<String>,
    #[serde(default)]
    pub(crate) tags: Vec<String>,
    pub(crate) created: Timestamp,
    pub(crate) expiration_date: Option<Timestamp>,
    /// The secret itself is never stored.
    pub(crate) secret_sha256: String,
}

impl KeyRecord {
    pub(crate) fn is_expired(&self) -> bool {
        self.expiration_date.is_some_and(Timestamp::is_past)
    }
}

impl State {
    fn fresh() -> State {
        let owner = Member {
            member_id: Uuid::new_v4(),
            email: "owner@dg-emulator.invalid".to_owned(),
            role: Role::Owner,
        };
        State {
            version: STATE_VERSION,
            project: Project {
                project_id: Uuid::new_v4(),
                name: "dg emulator".to_owned(),
            },
            members: vec![owner],
            keys: Vec::new(),
        }
    }

    /// The project's first owner, who holds the emulator's owner key.
    pub(crate) fn owner_id(&self) -> Uuid {
        self.members
            .iter()
            .find(|m| m.role == Role::Owner)
            .map(|m| m.member_id)
            .expect("the state always keeps its owner")
    }

    pub(crate) fn member(&self, member_id: Uuid) -> Option<&Member> {
        self.members.iter().find(|m| m.member_id == member_id)
    }

    pub(crate) fn key(&self, api_key_id: Uuid) -> Option<&KeyRecord> {
        self.keys.iter().find(|k| k.api_key_id == api_key_id)
    }

    pub(crate) fn key_by_secret(&self, secret: &str) -> Option<&KeyRecord> {
        let hash = sha256_hex(secret.as_bytes());
        self.keys.iter().find(|k| k.secret_sha256 == hash)
    }

    pub(crate) fn add_member(&mut self, email: &str, role: Role) -> Uuid {
        let member_id = Uuid::new_v4();
        self.members.push(Member {
            member_id,
            email: email.to_owned(),
            role,
        });
        member_id
    }

    /// Adds a key that `member_id` created for itself with one role scope, as the emulator's
    /// own set-up does (the owner key, members added by tests).
    pub(crate) fn add_role_key(
        &mut self,
        member_id: Uuid,
        role: Role,
        comment: &str,
        secret: &str,
    ) {
        self.keys.push(KeyRecord {
            api_key_id: Uuid::new_v4(),
            member_id,
            created_by: member_id,
            comment: comment.to_owned(),
            scopes: vec![role.as_str().to_owned()],
            tags: Vec::new(),
            created: Timestamp::now(),
            expiration_date: None,
            secret_sha256: sha256_hex(secret.as_bytes()),
        });
    }
}

/// Why the state could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StoreError {
    #[error("cannot read the emulator state at {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write the emulator state to {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("the emulator state at {path} is not valid: {source}")]
    Corrupt {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error(
        "the emulator state at {path} has version {found}; this emulator reads version {STATE_VERSION}"
    )]
    Version { path: PathBuf, found: u32 },
}

impl From<StoreError> for io::Error {
    fn from(err: StoreError) -> io::Error {
        let kind = match &err {
            StoreError::Read { source, .. } | StoreError::Write { source, .. } => source.kind(),
            StoreError::Corrupt { .. } | StoreError::Version { .. } => io::ErrorKind::InvalidData,
        };
        io::Error::new(kind, err)
    }
}

pub(crate) struct Store {
    state: Mutex<State>,
    file: Option<PathBuf>,
}

impl Store {
    /// The state in `data_dir` (created, with a new project, when absent), or a new in-memory
    /// state without one.
    pub(crate) fn open(data_dir: Option<&Path>) -> Result<Store, StoreError> {
        let Some(dir) = data_dir else {
            return Ok(Store {
                state: Mutex::new(State::fresh()),
                file: None,
            });
        };
        let file = dir.join(STATE_FILE);
        create_private_dir(dir).map_err(|source| StoreError::Write {
            path: dir.to_owned(),
            source,
        })?;
        let state = match fs::read(&file) {
            Ok(bytes) => parse(&file, &bytes)?,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                let state = State::fresh();
                save(&file, &state)?;
                state
            }
            Err(source) => return Err(StoreError::Read { path: file, source }),
        };
        Ok(Store {
            state: Mutex::new(state),
            file: Some(file),
        })
    }

    /// A new member of the project with one key holding its role's scopes; the key's secret
    /// is returned, only its hash is kept.
    pub(crate) fn add_member_with_key(
        &self,
        email: &str,
        role: Role,
    ) -> Result<(Uuid, String), StoreError> {
        let secret = new_api_key();
        let member_id = self.update(|state| {
            let member_id = state.add_member(email, role);
            state.add_role_key(member_id, role, "dg emulator member key", &secret);
            member_id
        })?;
        Ok((member_id, secret))
    }

    pub(crate) fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        f(&self.state.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Applies `f` to a copy, saves the copy, and only then makes it the live state.
    pub(crate) fn update<R>(&self, f: impl FnOnce(&mut State) -> R) -> Result<R, StoreError> {
        let mut live = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let mut next = live.clone();
        let result = f(&mut next);
        if let Some(file) = &self.file {
            save(file, &next)?;
        }
        *live = next;
        Ok(result)
    }
}

fn parse(file: &Path, bytes: &[u8]) -> Result<State, StoreError> {
    let state: State = serde_json::from_slice(bytes).map_err(|source| StoreError::Corrupt {
        path: file.to_owned(),
        source,
    })?;
    if state.version != STATE_VERSION {
        return Err(StoreError::Version {
            path: file.to_owned(),
            found: state.version,
        });
    }
    Ok(state)
}

fn save(file: &Path, state: &State) -> Result<(), StoreError> {
    let bytes = serde_json::to_vec_pretty(state).expect("the state always serializes");
    write_atomically(file, &bytes).map_err(|source| StoreError::Write {
        path: file.to_owned(),
        source,
    })
}

/// Writes a private temporary file beside `file`, flushes it to disk and renames it over
/// `file`: readers (and a restart after a crash) see the old or the new state, never a mix.
fn write_atomically(file: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".state-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(fs::Permissions::from_mode(0o600));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(file).map_err(|err| err.error)?;
    // The rename itself is durable only once the directory is flushed.
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    Ok(())
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Authentication looks keys up here: by the hash of the secret, unexpired, with a member.
impl Keyring for Store {
    fn key_holder(&self, secret: &str) -> Option<KeyHolder> {
        self.read(|state| {
            let key = state
                .key_by_secret(secret)
                .filter(|key| !key.is_expired())?;
            let member = state.member(key.member_id)?;
            Some(KeyHolder {
                member_id: member.member_id,
                member_role: member.role,
                key_scopes: key.scopes.clone(),
            })
        })
    }

    fn has_member(&self, member_id: Uuid) -> bool {
        self.read(|state| state.member(member_id).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_is_on_disk_before_it_is_live() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(Some(dir.path())).unwrap();
        store
            .update(|s| s.add_member("ann@example.com", Role::Admin))
            .unwrap();
        let reopened = Store::open(Some(dir.path())).unwrap();
        let emails = reopened.read(|s| {
            s.members
                .iter()
                .map(|m| m.email.clone())
                .collect::<Vec<_>>()
        });
        assert!(emails.contains(&"ann@example.com".to_owned()));
        assert_eq!(
            store.read(|s| s.project.project_id),
            reopened.read(|s| s.project.project_id)
        );
    }

    #[test]
    fn a_failed_save_leaves_the_live_state_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(Some(dir.path())).unwrap();
        let members_before = store.read(|s| s.members.len());
        // A directory where the state file should be makes the rename fail.
        fs::remove_file(dir.path().join(STATE_FILE)).unwrap();
        fs::create_dir(dir.path().join(STATE_FILE)).unwrap();
        assert!(
            store
                .update(|s| s.add_member("bob@example.com", Role::Member))
                .is_err()
        );
        assert_eq!(store.read(|s| s.members.len()), members_before);
    }

    #[test]
    fn a_corrupt_state_file_is_refused_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(STATE_FILE), b"{\"version\": 1, \"proj").unwrap();
        let err = Store::open(Some(dir.path()))
            .err()
            .expect("corrupt state must fail");
        assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
        assert_eq!(
            fs::read(dir.path().join(STATE_FILE)).unwrap(),
            b"{\"version\": 1, \"proj"
        );
    }

    #[test]
    fn secrets_are_stored_only_as_hashes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(Some(dir.path())).unwrap();
        let secret = crate::access::secret::new_api_key();
        store
            .update(|s| {
                let owner = s.owner_id();
                s.add_role_key(owner, Role::Owner, "test", &secret)
            })
            .unwrap();
        let on_disk = fs::read_to_string(dir.path().join(STATE_FILE)).unwrap();
        assert!(!on_disk.contains(&secret));
        assert!(on_disk.contains(&sha256_hex(secret.as_bytes())));
        assert!(store.read(|s| s.key_by_secret(&secret).is_some()));
    }
}
