//! Roles and scopes. A role is also a scope that stands for its whole set, as in Deepgram:
//! a key created with scopes `["member"]` holds every member scope.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A member's role in a project, from least to most privileged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Transcribes, reads the project, and manages only its own keys.
    Member,
    /// A member who also manages members and sees the keys it created.
    Admin,
    /// Everything, including every key of the project and billing.
    Owner,
}

const MEMBER_SCOPES: &[&str] = &[
    "member",
    "project:read",
    "project:write",
    "keys:read",
    "keys:write",
    "usage:read",
    "usage:write",
];
const ADMIN_SCOPES: &[&str] = &[
    "admin",
    "members:read",
    "members:write",
    "admins:read",
    "admins:write",
    "owners:read",
    "billing:read",
];
const OWNER_SCOPES: &[&str] = &[
    "owner",
    "owners:write",
    "billing:write",
    "project:write:destroy",
];

impl Role {
    /// The role's name, which is also the scope that stands for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Admin => "admin",
            Role::Owner => "owner",
        }
    }

    /// Every scope the role holds, its own name included.
    pub(crate) fn scopes(self) -> impl Iterator<Item = &'static str> {
        let sets: &[&[&'static str]] = match self {
            Role::Member => &[MEMBER_SCOPES],
            Role::Admin => &[MEMBER_SCOPES, ADMIN_SCOPES],
            Role::Owner => &[MEMBER_SCOPES, ADMIN_SCOPES, OWNER_SCOPES],
        };
        sets.iter().flat_map(|set| set.iter().copied())
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a [`Role`] from a name that is none.
#[derive(Debug, thiserror::Error)]
#[error("unknown role {0:?}: expected member, admin or owner")]
pub struct UnknownRole(String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "member" => Ok(Role::Member),
            "admin" => Ok(Role::Admin),
            "owner" => Ok(Role::Owner),
            other => Err(UnknownRole(other.to_owned())),
        }
    }
}

/// The scopes a list grants, with role scopes replaced by their whole sets.
pub(crate) fn expand(scopes: &[String]) -> BTreeSet<String> {
    let mut expanded = BTreeSet::new();
    for scope in scopes {
        match scope.parse::<Role>() {
            Ok(role) => expanded.extend(role.scopes().map(str::to_owned)),
            Err(_) => {
                expanded.insert(scope.clone());
            }
        }
    }
    expanded
}

/// What a key may do: what its scopes grant, capped by its member's role.
pub(crate) fn effective(key_scopes: &[String], member_role: Role) -> BTreeSet<String> {
    let allowed: BTreeSet<&str> = member_role.scopes().collect();
    expand(key_scopes)
        .into_iter()
        .filter(|scope| allowed.contains(scope.as_str()))
        .collect()
}

/// The scope a caller needs to manage (invite, remove, change the scopes of) someone who
/// holds `role`, or to give someone `role`: `members:write` for a member, `admins:write` for
/// an admin, `owners:write` for an owner. So an admin manages members and admins but never
/// an owner, and only an owner makes or removes owners, as Deepgram's role table says.
pub(crate) fn scope_to_manage(role: Role) -> &'static str {
    match role {
        Role::Member => "members:write",
        Role::Admin => "admins:write",
        Role::Owner => "owners:write",
    }
}

/// Whether a caller with these effective scopes may manage someone holding `role`.
pub(crate) fn may_manage(effective: &BTreeSet<String>, role: Role) -> bool {
    effective.contains(scope_to_manage(role))
}

/// The role a set of effective scopes acts as: the highest role scope it holds. A key with
/// only fine-grained scopes acts as a member, so it never sees other members' keys.
pub(crate) fn acting_role(effective: &BTreeSet<String>) -> Role {
    [Role::Owner, Role::Admin]
        .into_iter()
        .find(|role| effective.contains(role.as_str()))
        .unwrap_or(Role::Member)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(scopes: &[&str]) -> Vec<String> {
        scopes.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn role_scopes_grow_with_the_role() {
        let member = expand(&strings(&["member"]));
        let admin = expand(&strings(&["admin"]));
        let owner = expand(&strings(&["owner"]));
        assert!(member.is_subset(&admin) && admin.is_subset(&owner));
        assert!(!member.contains("members:write") && admin.contains("members:write"));
        assert!(!admin.contains("billing:write") && owner.contains("billing:write"));
    }

    #[test]
    fn a_key_never_exceeds_its_members_role() {
        let scopes = effective(&strings(&["owner", "keys:read"]), Role::Member);
        assert_eq!(acting_role(&scopes), Role::Member);
        assert!(scopes.contains("keys:read") && !scopes.contains("billing:write"));
    }

    #[test]
    fn fine_grained_keys_act_as_members() {
        let scopes = effective(&strings(&["keys:read", "keys:write"]), Role::Owner);
        assert_eq!(acting_role(&scopes), Role::Member);
        assert_eq!(
            acting_role(&effective(&strings(&["admin"]), Role::Owner)),
            Role::Admin
        );
    }

    #[test]
    fn admins_manage_members_and_admins_and_only_owners_manage_owners() {
        let member = expand(&strings(&["member"]));
        let admin = expand(&strings(&["admin"]));
        let owner = expand(&strings(&["owner"]));
        for role in [Role::Member, Role::Admin, Role::Owner] {
            assert!(!may_manage(&member, role), "{role}");
            assert_eq!(may_manage(&admin, role), role != Role::Owner, "{role}");
            assert!(may_manage(&owner, role), "{role}");
        }
    }

    #[test]
    fn unknown_scopes_are_granted_to_nobody() {
        assert!(effective(&strings(&["teleport:write"]), Role::Owner).is_empty());
    }
}
