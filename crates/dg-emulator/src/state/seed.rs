//! A seed: projects, members, keys and invitations to add at start (`--seed FILE`), so a
//! team's emulator starts with the projects its tests expect.
//!
//! ```json
//! {
//!   "projects": [
//!     {
//!       "name": "Acme",
//!       "project_id": "3f0c6a5e-8a3e-4c1a-9d1b-2f6a1c9e7b10",
//!       "balance_usd": 500.0,
//!       "members": [
//!         {"email": "ann@example.com", "role": "owner", "first_name": "Ann",
//!          "keys": [{"key": "<secret>", "comment": "ann's ci", "tags": ["ci"]}]},
//!         {"email": "bob@example.com", "role": "member",
//!          "keys": [{"key": "<secret>", "scopes": ["usage:write"]}]}
//!       ],
//!       "invites": [{"email": "carol@example.com", "scope": "admin"}]
//!     },
//!     {"default": true, "members": [{"email": "dan@example.com", "role": "admin"}]}
//!   ]
//! }
//! ```
//!
//! - A project is `"default": true` (the emulator's own), or found by `project_id` when
//!   given, else by `name`; it is made when there is none (with `balance_usd`, default 200).
//! - A member is an account found by email (made when there is none), with a `role`
//!   (`member`, `admin`, `owner`) in the project; one already in the project keeps its role.
//! - A key's `key` is its secret (any non-empty text; Deepgram's are 40 hex characters);
//!   `scopes` default to the member's role. A key whose secret is already stored is left
//!   alone, so the same seed can be given at every start of a persisted emulator.
//! - Unknown fields are refused, so a misspelt one is not silently ignored. Secrets are never
//!   printed: they do not appear in this type's `Debug` or in its errors.

use std::fmt;
use std::io;
use std::path::Path;

use serde::Deserialize;
use uuid::Uuid;

use crate::access::roles::Role;
use crate::state::store::{Balance, Invite, NEW_PROJECT_BALANCE_USD, Project, State, Store};

/// The projects, members and keys a seed file adds; see the module documentation for the
/// format.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    projects: Vec<SeedProject>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedProject {
    #[serde(default)]
    default: bool,
    project_id: Option<Uuid>,
    name: Option<String>,
    balance_usd: Option<f64>,
    #[serde(default)]
    members: Vec<SeedMember>,
    #[serde(default)]
    invites: Vec<SeedInvite>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedMember {
    email: String,
    role: Role,
    first_name: Option<String>,
    last_name: Option<String>,
    #[serde(default)]
    keys: Vec<SeedKey>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedKey {
    key: String,
    comment: Option<String>,
    scopes: Option<Vec<String>>,
    #[serde(default)]
    tags: Vec<String>,
}

impl fmt::Debug for SeedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SeedKey")
            .field("key", &"[redacted]")
            .field("comment", &self.comment)
            .field("scopes", &self.scopes)
            .field("tags", &self.tags)
            .finish()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedInvite {
    email: String,
    scope: Role,
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

impl Seed {
    /// Reads and checks a seed file.
    pub fn read(path: &Path) -> io::Result<Seed> {
        let bytes = std::fs::read(path).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot read the seed {}: {e}", path.display()),
            )
        })?;
        // serde_json's messages name the field and position, never the value.
        let seed: Seed = serde_json::from_slice(&bytes)
            .map_err(|e| invalid(format!("the seed {} is not valid: {e}", path.display())))?;
        seed.check()
            .map_err(|e| invalid(format!("the seed {} is not valid: {e}", path.display())))?;
        Ok(seed)
    }

    fn check(&self) -> Result<(), String> {
        for (index, project) in self.projects.iter().enumerate() {
            let named = project
                .name
                .as_deref()
                .is_some_and(|n| !n.trim().is_empty());
            if !project.default && !named && project.project_id.is_none() {
                return Err(format!(
                    "projects[{index}] needs a name, a project_id or \"default\": true"
                ));
            }
            if project.balance_usd.is_some_and(|b| !b.is_finite()) {
                return Err(format!("projects[{index}].balance_usd is not a number"));
            }
            for member in &project.members {
                if !member.email.contains('@') {
                    return Err(format!(
                        "projects[{index}] has a member whose email has no @"
                    ));
                }
                if member.keys.iter().any(|k| k.key.trim().is_empty()) {
                    return Err(format!("projects[{index}] has a key with an empty secret"));
                }
            }
        }
        Ok(())
    }

    /// Adds what the state does not hold yet (saved at once with a data directory).
    pub(crate) fn apply(&self, store: &Store) -> io::Result<()> {
        store.update(|state| {
            for project in &self.projects {
                project.apply(state);
            }
        })?;
        Ok(())
    }
}

impl SeedProject {
    fn apply(&self, state: &mut State) {
        let project_id = self.find_or_make(state);
        for member in &self.members {
            let member_id = state.add_account(&member.email);
            if let Some(account) = state.members.iter_mut().find(|m| m.member_id == member_id) {
                account.first_name = member.first_name.clone().or(account.first_name.take());
                account.last_name = member.last_name.clone().or(account.last_name.take());
            }
            let role = state
                .project(project_id)
                .and_then(|p| p.role_of(member_id))
                .unwrap_or(member.role);
            state.join(project_id, member_id, role);
            for key in &member.keys {
                if state.key_by_secret(&key.key).is_some() {
                    continue;
                }
                let scopes = key
                    .scopes
                    .clone()
                    .unwrap_or_else(|| vec![member.role.as_str().to_owned()]);
                let comment = key.comment.as_deref().unwrap_or("seeded key");
                state.add_key(
                    project_id,
                    member_id,
                    scopes,
                    key.tags.clone(),
                    comment,
                    &key.key,
                );
            }
        }
        let invited: Vec<Invite> = self
            .invites
            .iter()
            .filter(|invite| !state.is_member_by_email(project_id, &invite.email))
            .map(|invite| Invite {
                email: invite.email.clone(),
                scope: invite.scope,
                created: crate::state::clock::Timestamp::now(),
            })
            .collect();
        if let Some(project) = state.project_mut(project_id) {
            for invite in invited {
                if !project.invites.iter().any(|i| i.email == invite.email) {
                    project.invites.push(invite);
                }
            }
        }
    }

    /// The id of the project this entry names, made when there is none.
    fn find_or_make(&self, state: &mut State) -> Uuid {
        if self.default {
            return state.default_project;
        }
        let found = state.projects.iter().find(|p| match self.project_id {
            Some(id) => p.project_id == id,
            None => Some(p.name.as_str()) == self.name.as_deref(),
        });
        if let Some(project) = found {
            return project.project_id;
        }
        let name = self.name.as_deref().unwrap_or("seeded project");
        let mut project = Project::new(name);
        if let Some(id) = self.project_id {
            project.project_id = id;
        }
        project.balances = vec![Balance::new(
            self.balance_usd.unwrap_or(NEW_PROJECT_BALANCE_USD),
        )];
        let project_id = project.project_id;
        state.projects.push(project);
        project_id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(json: serde_json::Value) -> Seed {
        let seed: Seed = serde_json::from_value(json).unwrap();
        seed.check().unwrap();
        seed
    }

    #[test]
    fn a_seed_applied_twice_adds_everything_once() {
        let store = Store::open(None).unwrap();
        let seed = seed(serde_json::json!({"projects": [
            {"name": "Acme", "members": [
                {"email": "ann@example.com", "role": "owner",
                 "keys": [{"key": "ann-secret", "tags": ["ci"]}]}],
             "invites": [{"email": "bob@example.com", "scope": "member"}]},
            {"default": true, "members": [{"email": "ann@example.com", "role": "admin"}]}
        ]}));
        seed.apply(&store).unwrap();
        seed.apply(&store).unwrap();
        store.read(|s| {
            assert_eq!(s.projects.len(), 2);
            let acme = s.projects.iter().find(|p| p.name == "Acme").unwrap();
            let ann = s
                .members
                .iter()
                .find(|m| m.email == "ann@example.com")
                .unwrap();
            assert_eq!(acme.role_of(ann.member_id), Some(Role::Owner));
            assert_eq!(
                s.default_project().role_of(ann.member_id),
                Some(Role::Admin)
            );
            assert_eq!(acme.invites.len(), 1);
            assert_eq!(
                s.keys
                    .iter()
                    .filter(|k| k.project_id == acme.project_id)
                    .count(),
                1
            );
            let key = s.key_by_secret("ann-secret").unwrap();
            assert_eq!(
                (key.scopes.as_slice(), key.tags.as_slice()),
                (&["owner".to_owned()][..], &["ci".to_owned()][..])
            );
        });
    }

    #[test]
    fn mistakes_are_refused_without_showing_secrets() {
        let unknown: Result<Seed, _> = serde_json::from_value(serde_json::json!(
            {"projects": [{"name": "x", "memberz": []}]}
        ));
        assert!(unknown.is_err());
        let nameless: Seed =
            serde_json::from_value(serde_json::json!({"projects": [{"members": []}]})).unwrap();
        assert!(nameless.check().is_err());
        let with_key = seed(serde_json::json!({"projects": [{"name": "x", "members": [
            {"email": "a@example.com", "role": "member", "keys": [{"key": "top-secret-value"}]}]}]}));
        assert!(!format!("{with_key:?}").contains("top-secret-value"));
    }
}
