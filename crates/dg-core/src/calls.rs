//! The management calls, declared once: how every binding shows each one (its group and name,
//! its positional path arguments, its named arguments, its answer and its doc) and which
//! [`Client`](crate::Client) method runs it. `dg-gen` writes the bindings' methods from this
//! table (and `tests/schema/calls.json` from [`to_json`]), so a call added here reaches every
//! generated binding with the same names, defaults and wording.

use serde_json::json;

use crate::key_request::{CreateKeyRequest, GrantOptions, ListKeysOptions};

/// A group of calls, shown as a namespace (`client.keys`).
#[derive(Debug, Clone, Copy)]
pub struct GroupSpec {
    /// Its name (snake_case).
    pub name: &'static str,
    /// What it holds.
    pub doc: &'static str,
}

/// The groups, in the order bindings list them.
pub const GROUPS: &[GroupSpec] = &[
    GroupSpec {
        name: "keys",
        doc: "API keys of a project.",
    },
    GroupSpec {
        name: "projects",
        doc: "The projects the credentials can see.",
    },
    GroupSpec {
        name: "auth",
        doc: "Temporary tokens.",
    },
];

/// One named argument of a call: a field of its request type.
#[derive(Debug, Clone, Copy)]
pub struct ArgSpec {
    /// The field's name (snake_case).
    pub name: &'static str,
    /// Whether the caller must give it.
    pub required: bool,
    /// Its type, in the model schema's words (`string`, `integer`, `list<string>`, or
    /// `enum<a|b>` for a fixed set of strings).
    pub ty: &'static str,
    /// The request field's Rust type as written (`Option<u32>`, `Option<KeyStatus>`, an enum
    /// being a `dg_core` type), for generators that write Rust.
    pub rust: &'static str,
    /// What it is, in words that fit every language.
    pub doc: &'static str,
}

/// How a call's named arguments reach its `Client` method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// The call has none.
    Nothing,
    /// The request type, by reference (`create_key(project_id, &request)`).
    Request,
    /// Each field of the request type by value, in order (`grant_token(request.ttl_seconds)`).
    Fields,
}

/// One call.
#[derive(Debug, Clone, Copy)]
pub struct CallSpec {
    /// Its group ([`GROUPS`]).
    pub group: &'static str,
    /// Its name in the group (snake_case).
    pub name: &'static str,
    /// The [`Client`](crate::Client) method (the blocking client has the same).
    pub method: &'static str,
    /// What it does, one entry per line, in words that fit every language.
    pub doc: &'static [&'static str],
    /// Positional path arguments (strings), in order.
    pub path: &'static [&'static str],
    /// The request type the named arguments make (a `dg_core` type), if any.
    pub request: Option<&'static str>,
    /// The named arguments: the request type's fields, in its order.
    pub args: &'static [ArgSpec],
    /// How the named arguments reach the method.
    pub pass: Pass,
    /// The answer's model (see [`crate::models::schema::MODELS`]).
    pub answer: &'static str,
    /// Whether the answer is a list of `answer`.
    pub list: bool,
}

/// The arguments of key creation (the fields of [`CreateKeyRequest`]).
const CREATE_KEY_ARGS: &[ArgSpec] = &[
    ArgSpec {
        name: "comment",
        required: true,
        ty: "string",
        rust: "String",
        doc: "What the key is for (shown in the key list).",
    },
    ArgSpec {
        name: "scopes",
        required: true,
        ty: "list<string>",
        rust: "Vec<String>",
        doc: "The scopes or roles it grants (at least one), e.g. `member` or `usage:write`.",
    },
    ArgSpec {
        name: "tags",
        required: false,
        ty: "list<string>",
        rust: "Vec<String>",
        doc: "Labels.",
    },
    ArgSpec {
        name: "expiration_date",
        required: false,
        ty: "string",
        rust: "Option<String>",
        doc: "When it expires, RFC 3339 (`2030-01-01T00:00:00Z`); not with `time_to_live_in_seconds`.",
    },
    ArgSpec {
        name: "time_to_live_in_seconds",
        required: false,
        ty: "integer",
        rust: "Option<u64>",
        doc: "How long it lives, in seconds; not with `expiration_date`.",
    },
];

/// Every call.
pub const CALLS: &[CallSpec] = &[
    CallSpec {
        group: "keys",
        name: "create",
        method: "create_key",
        doc: &[
            "Creates a key; its secret is in the answer, shown only this once. Never retried",
            "once sent, so it cannot create two keys.",
        ],
        path: &["project_id"],
        request: Some("CreateKeyRequest"),
        args: CREATE_KEY_ARGS,
        pass: Pass::Request,
        answer: "CreatedKey",
        list: false,
    },
    CallSpec {
        group: "keys",
        name: "list",
        method: "list_keys",
        doc: &["The project's keys (never their secrets), optionally only active or expired ones."],
        path: &["project_id"],
        request: Some("ListKeysOptions"),
        args: &[ArgSpec {
            name: "status",
            required: false,
            ty: "enum<active|expired>",
            rust: "Option<KeyStatus>",
            doc: "Only the keys with this status.",
        }],
        pass: Pass::Fields,
        answer: "KeyWithMember",
        list: true,
    },
    CallSpec {
        group: "keys",
        name: "get",
        method: "get_key",
        doc: &["One key and its member (never its secret)."],
        path: &["project_id", "key_id"],
        request: None,
        args: &[],
        pass: Pass::Nothing,
        answer: "KeyWithMember",
        list: false,
    },
    CallSpec {
        group: "keys",
        name: "delete",
        method: "delete_key",
        doc: &["Deletes a key; the answer holds the API's message."],
        path: &["project_id", "key_id"],
        request: None,
        args: &[],
        pass: Pass::Nothing,
        answer: "DeleteKeyResponse",
        list: false,
    },
    CallSpec {
        group: "projects",
        name: "list",
        method: "list_projects",
        doc: &["The projects these credentials can see."],
        path: &[],
        request: None,
        args: &[],
        pass: Pass::Nothing,
        answer: "Project",
        list: true,
    },
    CallSpec {
        group: "auth",
        name: "grant_token",
        method: "grant_token",
        doc: &[
            "A temporary token for `Authorization: Bearer` on transcription calls, living",
            "`ttl_seconds` (1 to 3600; the API's default of 30 without it).",
        ],
        path: &[],
        request: Some("GrantOptions"),
        args: &[ArgSpec {
            name: "ttl_seconds",
            required: false,
            ty: "integer",
            rust: "Option<u32>",
            doc: "How long the token lives, 1 to 3600 seconds (the API's default is 30).",
        }],
        pass: Pass::Fields,
        answer: "GrantedToken",
        list: false,
    },
];

/// The field names of a request type named in [`CALLS`] (its `FIELDS`).
pub fn request_fields(request: &str) -> Option<&'static [&'static str]> {
    match request {
        "CreateKeyRequest" => Some(CreateKeyRequest::FIELDS),
        "ListKeysOptions" => Some(ListKeysOptions::FIELDS),
        "GrantOptions" => Some(GrantOptions::FIELDS),
        _ => None,
    }
}

/// The table as JSON (`tests/schema/calls.json`), for generators that are not Rust.
pub fn to_json() -> serde_json::Value {
    let groups: Vec<_> = GROUPS
        .iter()
        .map(|g| json!({"name": g.name, "doc": g.doc}))
        .collect();
    let calls: Vec<_> = CALLS
        .iter()
        .map(|c| {
            let args: Vec<_> = c
                .args
                .iter()
                .map(
                    |a| json!({"name": a.name, "required": a.required, "type": a.ty, "doc": a.doc}),
                )
                .collect();
            json!({
                "group": c.group,
                "name": c.name,
                "method": c.method,
                "doc": c.doc,
                "path": c.path,
                "args": args,
                "answer": c.answer,
                "list": c.list,
            })
        })
        .collect();
    json!({"groups": groups, "calls": calls})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::schema::MODELS;

    #[test]
    fn each_call_is_in_a_group_and_answers_a_model() {
        for call in CALLS {
            assert!(GROUPS.iter().any(|g| g.name == call.group), "{}", call.name);
            assert!(
                MODELS.iter().any(|m| m.name == call.answer),
                "{}",
                call.answer
            );
        }
    }

    #[test]
    fn the_arguments_are_the_request_fields_in_order() {
        for call in CALLS {
            let names: Vec<&str> = call.args.iter().map(|a| a.name).collect();
            match call.request {
                Some(request) => {
                    let fields = request_fields(request).expect("a known request type");
                    assert_eq!(names, fields, "{}", call.name);
                    assert_ne!(call.pass, Pass::Nothing, "{}", call.name);
                }
                None => {
                    assert!(names.is_empty(), "{}", call.name);
                    assert_eq!(call.pass, Pass::Nothing, "{}", call.name);
                }
            }
        }
    }

    /// A value of an argument's type.
    fn example(ty: &str) -> serde_json::Value {
        match ty {
            "string" => json!("x"),
            "integer" => json!(1),
            "list<string>" => json!(["x"]),
            enumeration => {
                let first = enumeration
                    .strip_prefix("enum<")
                    .and_then(|e| e.split(['|', '>']).next())
                    .unwrap_or_else(|| panic!("unknown argument type {enumeration}"));
                json!(first)
            }
        }
    }

    fn reads(request: &str, value: serde_json::Value) -> bool {
        match request {
            "CreateKeyRequest" => serde_json::from_value::<CreateKeyRequest>(value).is_ok(),
            "ListKeysOptions" => serde_json::from_value::<ListKeysOptions>(value).is_ok(),
            "GrantOptions" => serde_json::from_value::<GrantOptions>(value).is_ok(),
            other => panic!("unknown request type {other}"),
        }
    }

    #[test]
    fn required_is_what_the_request_type_requires_and_types_are_read() {
        for call in CALLS {
            let Some(request) = call.request else {
                continue;
            };
            let all: serde_json::Map<_, _> = call
                .args
                .iter()
                .map(|a| (a.name.to_owned(), example(a.ty)))
                .collect();
            let required: serde_json::Map<_, _> = all
                .iter()
                .filter(|(name, _)| call.args.iter().any(|a| a.name == *name && a.required))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            assert!(reads(request, all.into()), "{}: every argument", call.name);
            assert!(
                reads(request, required.clone().into()),
                "{}: the required ones",
                call.name
            );
            for name in required.keys() {
                let mut without = required.clone();
                without.remove(name);
                assert!(
                    !reads(request, without.into()),
                    "{}: {name} is optional",
                    call.name
                );
            }
        }
    }

    #[test]
    fn the_rust_type_agrees_with_the_schema_type() {
        for arg in CALLS.iter().flat_map(|c| c.args) {
            let inner = arg
                .rust
                .strip_prefix("Option<")
                .and_then(|t| t.strip_suffix('>'))
                .filter(|_| !arg.required)
                .unwrap_or(arg.rust);
            let agrees = match arg.ty {
                "string" => inner == "String",
                "integer" => ["u32", "u64"].contains(&inner),
                "boolean" => inner == "bool",
                "list<string>" => inner == "Vec<String>",
                ty => ty.starts_with("enum<") && inner.chars().all(char::is_alphanumeric),
            };
            assert!(agrees, "{}: {} is not {}", arg.name, arg.rust, arg.ty);
            // A required argument is never an `Option`; an optional one is, or is a list.
            let option = arg.rust.starts_with("Option<");
            let optional = option || arg.rust.starts_with("Vec<");
            assert!(
                if arg.required { !option } else { optional },
                "{}",
                arg.name
            );
            assert!(!arg.doc.is_empty(), "{}", arg.name);
        }
    }

    #[test]
    fn names_are_unique_in_a_group() {
        for (i, a) in CALLS.iter().enumerate() {
            for b in &CALLS[i + 1..] {
                assert!(
                    a.group != b.group || a.name != b.name,
                    "{}.{}",
                    a.group,
                    a.name
                );
            }
        }
    }
}
