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
/// Version 2 holds several projects; version 1 (one project) is read and upgraded.
const STATE_VERSION: u32 = 2;

/// The balance a new project starts with, in US dollars (Deepgram's free credit).
pub(crate) const NEW_PROJECT_BALANCE_USD: f64 = 200.0;

#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct State {
    version: u32,
    /// The emulator's own project: the one [`Emulator::project_id`](crate::Emulator::project_id)
    /// names and the owner key belongs to.
    pub(crate) default_project: Uuid,
    pub(crate) projects: Vec<Project>,
    /// Accounts; what each may do is its [`Membership`] in a project.
    pub(crate) members: Vec<Member>,
    pub(crate) keys: Vec<KeyRecord>,
}

#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Project {
    pub(crate) project_id: Uuid,
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) mip_opt_out: bool,
    pub(crate) memberships: Vec<Membership>,
    #[serde(default)]
    pub(crate) invites: Vec<Invite>,
    #[serde(default)]
    pub(crate) balances: Vec<Balance>,
}

/// A member's role in one project.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Membership {
    pub(crate) member_id: Uuid,
    pub(crate) role: Role,
}

/// An invitation to a project, by email, for a role.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Invite {
    pub(crate) email: String,
    pub(crate) scope: Role,
    pub(crate) created: Timestamp,
}

/// Credit a project has bought; usage draws it down (see `state::usage`).
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Balance {
    pub(crate) balance_id: Uuid,
    /// What it held when bought, in `units`.
    pub(crate) amount: f64,
    pub(crate) units: String,
    pub(crate) purchase_order_id: String,
}

impl Balance {
    pub(crate) fn new(amount: f64) -> Balance {
        Balance {
            balance_id: Uuid::new_v4(),
            amount,
            units: "usd".to_owned(),
            purchase_order_id: Uuid::new_v4().to_string(),
        }
    }
}

#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Member {
    pub(crate) member_id: Uuid,
    pub(crate) email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) last_name: Option<String>,
}

#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct KeyRecord {
    pub(crate) api_key_id: Uuid,
    /// The project the key belongs to and acts in.
    pub(crate) project_id: Uuid,
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

impl Project {
    pub(crate) fn new(name: &str) -> Project {
        Project {
            project_id: Uuid::new_v4(),
            name: name.to_owned(),
            mip_opt_out: false,
            memberships: Vec::new(),
            invites: Vec::new(),
            balances: vec![Balance::new(NEW_PROJECT_BALANCE_USD)],
        }
    }

    /// The role of `member_id` in this project, if it is a member.
    pub(crate) fn role_of(&self, member_id: Uuid) -> Option<Role> {
        self.memberships
            .iter()
            .find(|m| m.member_id == member_id)
            .map(|m| m.role)
    }

    pub(crate) fn owners(&self) -> usize {
        self.memberships
            .iter()
            .filter(|m| m.role == Role::Owner)
            .count()
    }
}

impl State {
    fn fresh() -> State {
        let mut state = State {
            version: STATE_VERSION,
            default_project: Uuid::nil(),
            projects: Vec::new(),
            members: Vec::new(),
            keys: Vec::new(),
        };
        state.new_default_project();
        state
    }

    /// A new emulator project, with a new owner, made the default one.
    fn new_default_project(&mut self) {
        let owner = self.add_account("owner@dg-emulator.invalid");
        let mut project = Project::new("dg emulator");
        project.memberships.push(Membership {
            member_id: owner,
            role: Role::Owner,
        });
        self.default_project = project.project_id;
        self.projects.push(project);
    }

    pub(crate) fn project(&self, project_id: Uuid) -> Option<&Project> {
        self.projects.iter().find(|p| p.project_id == project_id)
    }

    pub(crate) fn project_mut(&mut self, project_id: Uuid) -> Option<&mut Project> {
        self.projects
            .iter_mut()
            .find(|p| p.project_id == project_id)
    }

    /// The emulator's own project.
    pub(crate) fn default_project(&self) -> &Project {
        self.project(self.default_project)
            .expect("the state always keeps its default project")
    }

    /// The default project's first owner, who holds the emulator's owner key.
    pub(crate) fn owner_id(&self) -> Uuid {
        self.default_project()
            .memberships
            .iter()
            .find(|m| m.role == Role::Owner)
            .map(|m| m.member_id)
            .expect("the default project always keeps an owner")
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

    /// Whether the account with this email is a member of `project_id`.
    pub(crate) fn is_member_by_email(&self, project_id: Uuid, email: &str) -> bool {
        let project = self.project(project_id);
        self.members
            .iter()
            .filter(|m| m.email == email)
            .any(|m| project.is_some_and(|p| p.role_of(m.member_id).is_some()))
    }

    /// The account with this email, made when there is none.
    pub(crate) fn add_account(&mut self, email: &str) -> Uuid {
        if let Some(member) = self.members.iter().find(|m| m.email == email) {
            return member.member_id;
        }
        let member_id = Uuid::new_v4();
        self.members.push(Member {
            member_id,
            email: email.to_owned(),
            first_name: None,
            last_name: None,
        });
        member_id
    }

    /// A new member of the default project, as the test controls add them.
    pub(crate) fn add_member(&mut self, email: &str, role: Role) -> Uuid {
        let member_id = Uuid::new_v4();
        self.members.push(Member {
            member_id,
            email: email.to_owned(),
            first_name: None,
            last_name: None,
        });
        let project = self.default_project;
        self.join(project, member_id, role);
        member_id
    }

    /// Makes `member_id` a member of `project_id` with `role` (its role when it already is).
    pub(crate) fn join(&mut self, project_id: Uuid, member_id: Uuid, role: Role) {
        if let Some(project) = self.project_mut(project_id) {
            match project
                .memberships
                .iter_mut()
                .find(|m| m.member_id == member_id)
            {
                Some(membership) => membership.role = role,
                None => project.memberships.push(Membership { member_id, role }),
            }
        }
    }

    /// Removes `member_id` from `project_id` with every key it has there.
    pub(crate) fn remove_membership(&mut self, project_id: Uuid, member_id: Uuid) {
        if let Some(project) = self.project_mut(project_id) {
            project.memberships.retain(|m| m.member_id != member_id);
        }
        self.keys
            .retain(|k| !(k.project_id == project_id && k.member_id == member_id));
    }

    /// Removes a project with its keys. Deleting the default project is allowed (its keys
    /// stop working); the next start makes a new one.
    pub(crate) fn remove_project(&mut self, project_id: Uuid) {
        self.projects.retain(|p| p.project_id != project_id);
        self.keys.retain(|k| k.project_id != project_id);
    }

    /// Adds a key that `member_id` created for itself in the default project with one role
    /// scope, as the emulator's own set-up does (the owner key, members added by tests).
    pub(crate) fn add_role_key(
        &mut self,
        member_id: Uuid,
        role: Role,
        comment: &str,
        secret: &str,
    ) {
        let project_id = self.default_project;
        self.add_key(
            project_id,
            member_id,
            vec![role.as_str().to_owned()],
            Vec::new(),
            comment,
            secret,
        );
    }

    /// Adds a key of `member_id` in `project_id` whose secret is `secret`.
    pub(crate) fn add_key(
        &mut self,
        project_id: Uuid,
        member_id: Uuid,
        scopes: Vec<String>,
        tags: Vec<String>,
        comment: &str,
        secret: &str,
    ) {
        self.keys.push(KeyRecord {
            api_key_id: Uuid::new_v4(),
            project_id,
            member_id,
            created_by: member_id,
            comment: comment.to_owned(),
            scopes,
            tags,
            created: Timestamp::now(),
            expiration_date: None,
            secret_sha256: sha256_hex(secret.as_bytes()),
        });
    }
}

/// The state file of version 1: one project, each member's role in it.
#[derive(Deserialize)]
struct StateV1 {
    project: ProjectV1,
    members: Vec<MemberV1>,
    keys: Vec<KeyV1>,
}

#[derive(Deserialize)]
struct ProjectV1 {
    project_id: Uuid,
    name: String,
}

#[derive(Deserialize)]
struct MemberV1 {
    member_id: Uuid,
    email: String,
    role: Role,
}

#[derive(Deserialize)]
struct KeyV1 {
    api_key_id: Uuid,
    member_id: Uuid,
    created_by: Uuid,
    comment: String,
    scopes: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    created: Timestamp,
    expiration_date: Option<Timestamp>,
    secret_sha256: String,
}

impl StateV1 {
    /// The same project, members and keys in version 2.
    fn upgrade(self) -> State {
        let project_id = self.project.project_id;
        let mut project = Project::new(&self.project.name);
        project.project_id = project_id;
        project.memberships = self
            .members
            .iter()
            .map(|m| Membership {
                member_id: m.member_id,
                role: m.role,
            })
            .collect();
        State {
            version: STATE_VERSION,
            default_project: project_id,
            projects: vec![project],
            members: self
                .members
                .into_iter()
                .map(|m| Member {
                    member_id: m.member_id,
                    email: m.email,
                    first_name: None,
                    last_name: None,
                })
                .collect(),
            keys: self
                .keys
                .into_iter()
                .map(|k| KeyRecord {
                    api_key_id: k.api_key_id,
                    project_id,
                    member_id: k.member_id,
                    created_by: k.created_by,
                    comment: k.comment,
                    scopes: k.scopes,
                    tags: k.tags,
                    created: k.created,
                    expiration_date: k.expiration_date,
                    secret_sha256: k.secret_sha256,
                })
                .collect(),
        }
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
        "the emulator state at {path} has version {found}; this emulator reads versions 1 to {STATE_VERSION}"
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

    /// As [`update`](Self::update), for a change that may be refused: when `f` fails,
    /// nothing is saved or changed.
    pub(crate) fn try_update<R, E>(
        &self,
        f: impl FnOnce(&mut State) -> Result<R, E>,
    ) -> Result<Result<R, E>, StoreError> {
        let mut live = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let mut next = live.clone();
        let result = match f(&mut next) {
            Ok(result) => result,
            Err(refused) => return Ok(Err(refused)),
        };
        if let Some(file) = &self.file {
            save(file, &next)?;
        }
        *live = next;
        Ok(Ok(result))
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
    #[derive(Deserialize)]
    struct Versioned {
        version: u32,
    }
    let corrupt = |source| StoreError::Corrupt {
        path: file.to_owned(),
        source,
    };
    let Versioned { version } = serde_json::from_slice(bytes).map_err(corrupt)?;
    let mut state = match version {
        1 => serde_json::from_slice::<StateV1>(bytes)
            .map_err(corrupt)?
            .upgrade(),
        STATE_VERSION => serde_json::from_slice::<State>(bytes).map_err(corrupt)?,
        found => {
            return Err(StoreError::Version {
                path: file.to_owned(),
                found,
            });
        }
    };
    // The default project was deleted in an earlier run: the emulator needs one.
    if state.project(state.default_project).is_none() {
        state.new_default_project();
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
pub(crate) fn write_atomically(file: &Path, bytes: &[u8]) -> io::Result<()> {
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

pub(crate) fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Authentication looks keys up here: by the hash of the secret, unexpired, of a member of
/// the key's project.
impl Keyring for Store {
    fn key_holder(&self, secret: &str) -> Option<KeyHolder> {
        self.read(|state| {
            let key = state
                .key_by_secret(secret)
                .filter(|key| !key.is_expired())?;
            holder(state, key)
        })
    }

    fn token_holder(&self, api_key_id: Uuid) -> Option<KeyHolder> {
        self.read(|state| holder(state, state.key(api_key_id)?))
    }

    fn role_in(&self, project_id: Uuid, member_id: Uuid) -> Option<Role> {
        self.read(|state| state.project(project_id)?.role_of(member_id))
    }
}

fn holder(state: &State, key: &KeyRecord) -> Option<KeyHolder> {
    let role = state.project(key.project_id)?.role_of(key.member_id)?;
    Some(KeyHolder {
        member_id: key.member_id,
        project_id: key.project_id,
        api_key_id: key.api_key_id,
        member_role: role,
        key_scopes: key.scopes.clone(),
        tags: key.tags.clone(),
    })
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
            store.read(|s| s.default_project),
            reopened.read(|s| s.default_project)
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
    fn a_version_1_state_is_read_as_the_same_project() {
        let dir = tempfile::tempdir().unwrap();
        let (project, owner, key) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let v1 = serde_json::json!({
            "version": 1,
            "project": {"project_id": project, "name": "old"},
            "members": [{"member_id": owner, "email": "o@example.com", "role": "owner"}],
            "keys": [{"api_key_id": key, "member_id": owner, "created_by": owner,
                      "comment": "c", "scopes": ["owner"], "tags": ["t"],
                      "created": "2030-01-01T00:00:00.000Z", "expiration_date": null,
                      "secret_sha256": sha256_hex(b"s")}],
        });
        fs::write(dir.path().join(STATE_FILE), v1.to_string()).unwrap();
        let store = Store::open(Some(dir.path())).unwrap();
        store.read(|s| {
            assert_eq!(s.default_project, project);
            assert_eq!(s.default_project().name, "old");
            assert_eq!(s.default_project().role_of(owner), Some(Role::Owner));
            assert_eq!(s.key(key).unwrap().project_id, project);
            assert_eq!(s.key_by_secret("s").unwrap().tags, ["t"]);
        });
        assert!(store.key_holder("s").is_some());
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
