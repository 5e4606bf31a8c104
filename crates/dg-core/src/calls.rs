//! The management calls, declared once: how every binding shows each one (its group and name,
//! its positional path arguments, its named arguments, its answer and its doc) and which
//! [`Client`](crate::Client) method runs it. `dg-gen` writes the bindings' methods from this
//! table (and `tests/schema/calls.json` from [`to_json`]), so a call added here reaches every
//! generated binding with the same names, defaults and wording.

use serde_json::json;

use crate::key_request::{CreateKeyRequest, GrantOptions, ListKeysOptions};
use crate::manage_request::{
    InviteRequest, ModelsOptions, RequestsOptions, UpdateProjectRequest, UpdateScopesRequest,
    UsageFieldsOptions, UsageOptions,
};

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
    GroupSpec {
        name: "members",
        doc: "The members of a project and their scopes.",
    },
    GroupSpec {
        name: "invites",
        doc: "Invitations to a project.",
    },
    GroupSpec {
        name: "usage",
        doc: "The requests a project made and its usage.",
    },
    GroupSpec {
        name: "balances",
        doc: "A project's balances.",
    },
    GroupSpec {
        name: "models",
        doc: "The models Deepgram offers, and those a project can use.",
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
    /// When the answer is one page of a longer listing: how to read the whole listing.
    pub paged: Option<PagedSpec>,
}

/// A listing read a page at a time: a [`Client`](crate::Client) method, named the same in the
/// call's group, that takes the call's arguments (`limit` being the page size and `page` the
/// first page) and yields the items of one page after another, fetching the next as they run out.
#[derive(Debug, Clone, Copy)]
pub struct PagedSpec {
    /// The method's name.
    pub name: &'static str,
    /// The items' model.
    pub item: &'static str,
    /// What it yields, one entry per line.
    pub doc: &'static [&'static str],
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

/// A call without named arguments.
const fn plain(
    group: &'static str,
    name: &'static str,
    method: &'static str,
    doc: &'static [&'static str],
    path: &'static [&'static str],
    (answer, list): (&'static str, bool),
) -> CallSpec {
    CallSpec {
        group,
        name,
        method,
        doc,
        path,
        request: None,
        args: &[],
        pass: Pass::Nothing,
        answer,
        list,
        paged: None,
    }
}

/// `call`, whose answer is one page of the listing `paged` reads whole.
const fn paged(call: CallSpec, paged: PagedSpec) -> CallSpec {
    CallSpec {
        paged: Some(paged),
        ..call
    }
}

/// A call whose named arguments make `request`, passed by reference.
const fn with_request(
    plain: CallSpec,
    request: &'static str,
    args: &'static [ArgSpec],
) -> CallSpec {
    CallSpec {
        request: Some(request),
        args,
        pass: Pass::Request,
        ..plain
    }
}

/// An argument the caller may leave out.
const fn optional(
    name: &'static str,
    ty: &'static str,
    rust: &'static str,
    doc: &'static str,
) -> ArgSpec {
    ArgSpec {
        name,
        required: false,
        ty,
        rust,
        doc,
    }
}

/// An argument the caller must give.
const fn required(name: &'static str, ty: &'static str, doc: &'static str) -> ArgSpec {
    ArgSpec {
        name,
        required: true,
        ty,
        rust: "String",
        doc,
    }
}

const DEPLOYMENT: &str = "enum<hosted|beta|self-hosted>";
const ENDPOINT: &str = "enum<listen|read|speak|agent>";
const METHOD: &str = "enum<sync|async|streaming>";

/// The filters the usage calls and the request listing share.
const ACCESSOR_ARG: ArgSpec = optional(
    "accessor",
    "string",
    "Option<String>",
    "Only requests made with this key (its id).",
);
const DEPLOYMENT_ARG: ArgSpec = optional(
    "deployment",
    DEPLOYMENT,
    "Option<Deployment>",
    "Only requests that ran there.",
);
const ENDPOINT_ARG: ArgSpec = optional(
    "endpoint",
    ENDPOINT,
    "Option<Endpoint>",
    "Only requests to this endpoint.",
);
const METHOD_ARG: ArgSpec = optional(
    "method",
    METHOD,
    "Option<RequestMethod>",
    "Only requests processed this way.",
);

/// The day range of usage calls.
const DAYS: [ArgSpec; 2] = [
    optional(
        "start",
        "string",
        "Option<String>",
        "From this day (`YYYY-MM-DD`).",
    ),
    optional(
        "end",
        "string",
        "Option<String>",
        "Until this day (`YYYY-MM-DD`).",
    ),
];

/// The arguments of the usage summary and breakdown (the fields of [`UsageOptions`]).
const USAGE_ARGS: &[ArgSpec] = &[
    DAYS[0],
    DAYS[1],
    ACCESSOR_ARG,
    optional(
        "tag",
        "string",
        "Option<String>",
        "Only requests whose key carries this tag.",
    ),
    optional(
        "model",
        "string",
        "Option<String>",
        "Only requests that used this model (its id).",
    ),
    DEPLOYMENT_ARG,
    ENDPOINT_ARG,
    METHOD_ARG,
    optional(
        "grouping",
        "list<enum<accessor|endpoint|feature_set|models|method|tags|deployment>>",
        "Vec<UsageGrouping>",
        "What to group by (the breakdown only).",
    ),
];

const MODELS_ARGS: &[ArgSpec] = &[optional(
    "include_outdated",
    "boolean",
    "Option<bool>",
    "Also list the models newer versions replaced.",
)];

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
        paged: None,
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
        paged: None,
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
        paged: None,
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
        paged: None,
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
        paged: None,
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
        paged: None,
    },
    plain(
        "projects",
        "get",
        "get_project",
        &["One project: its id, name and Model Improvement Program choice."],
        &["project_id"],
        ("ProjectDetails", false),
    ),
    with_request(
        plain(
            "projects",
            "update",
            "update_project",
            &["Renames a project."],
            &["project_id"],
            ("ApiMessage", false),
        ),
        "UpdateProjectRequest",
        &[required("name", "string", "The project's new name.")],
    ),
    plain(
        "projects",
        "delete",
        "delete_project",
        &["Deletes a project (its owner only)."],
        &["project_id"],
        ("ApiMessage", false),
    ),
    plain(
        "projects",
        "leave",
        "leave_project",
        &["Removes the caller from a project (an owner cannot leave)."],
        &["project_id"],
        ("ApiMessage", false),
    ),
    plain(
        "members",
        "list",
        "list_members",
        &["The members of a project and their scopes."],
        &["project_id"],
        ("ProjectMember", true),
    ),
    plain(
        "members",
        "remove",
        "remove_member",
        &["Removes a member from a project."],
        &["project_id", "member_id"],
        ("ApiMessage", false),
    ),
    plain(
        "members",
        "get_scopes",
        "get_member_scopes",
        &["A member's scopes."],
        &["project_id", "member_id"],
        ("MemberScopes", false),
    ),
    with_request(
        plain(
            "members",
            "update_scopes",
            "update_member_scopes",
            &["Changes a member's scope."],
            &["project_id", "member_id"],
            ("ApiMessage", false),
        ),
        "UpdateScopesRequest",
        &[required(
            "scope",
            "string",
            "The member's new scope (`admin`, `member`, ...).",
        )],
    ),
    plain(
        "invites",
        "list",
        "list_invites",
        &["The open invitations of a project."],
        &["project_id"],
        ("Invite", true),
    ),
    with_request(
        plain(
            "invites",
            "send",
            "send_invite",
            &[
                "Invites someone to a project by email. Never repeated once it may have",
                "arrived, so nobody gets two emails.",
            ],
            &["project_id"],
            ("ApiMessage", false),
        ),
        "InviteRequest",
        &[
            required("email", "string", "Who to invite."),
            required(
                "scope",
                "string",
                "The scope they join with (`member`, `admin`, ...).",
            ),
        ],
    ),
    plain(
        "invites",
        "delete",
        "delete_invite",
        &["Withdraws the invitation sent to `email`."],
        &["project_id", "email"],
        ("ApiMessage", false),
    ),
    paged(
        with_request(
            plain(
                "usage",
                "list_requests",
                "list_requests",
                &["A page of the requests a project made, newest first."],
                &["project_id"],
                ("RequestPage", false),
            ),
            "RequestsOptions",
            &[
                optional(
                    "start",
                    "string",
                    "Option<String>",
                    "From this time: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS` or with an offset.",
                ),
                optional(
                    "end",
                    "string",
                    "Option<String>",
                    "Until this time, in the same forms.",
                ),
                optional(
                    "limit",
                    "integer",
                    "Option<u32>",
                    "Requests per page, 1 to 1000 (the API's default is 10).",
                ),
                optional("page", "integer", "Option<u32>", "The page, from 0."),
                ACCESSOR_ARG,
                optional(
                    "request_id",
                    "string",
                    "Option<String>",
                    "Only the request with this id.",
                ),
                DEPLOYMENT_ARG,
                ENDPOINT_ARG,
                METHOD_ARG,
                optional(
                    "status",
                    "enum<succeeded|failed>",
                    "Option<RequestStatus>",
                    "Only requests that succeeded, or failed.",
                ),
            ],
        ),
        PagedSpec {
            name: "requests",
            item: "ProjectRequest",
            doc: &[
                "Every request a project made that the filters select, newest first, fetched a",
                "page at a time as it is read (`limit` is the page size).",
            ],
        },
    ),
    plain(
        "usage",
        "get_request",
        "get_request",
        &["One request a project made."],
        &["project_id", "request_id"],
        ("RequestAnswer", false),
    ),
    with_request(
        plain(
            "usage",
            "summary",
            "get_usage",
            &["A project's usage over a range of days."],
            &["project_id"],
            ("UsageSummary", false),
        ),
        "UsageOptions",
        USAGE_ARGS,
    ),
    with_request(
        plain(
            "usage",
            "fields",
            "get_usage_fields",
            &["What a project's usage can be filtered by: tags, models, methods, features."],
            &["project_id"],
            ("UsageFields", false),
        ),
        "UsageFieldsOptions",
        &DAYS,
    ),
    with_request(
        plain(
            "usage",
            "breakdown",
            "get_usage_breakdown",
            &["A project's usage broken down by `grouping`."],
            &["project_id"],
            ("UsageBreakdown", false),
        ),
        "UsageOptions",
        USAGE_ARGS,
    ),
    plain(
        "balances",
        "list",
        "list_balances",
        &["A project's balances."],
        &["project_id"],
        ("Balance", true),
    ),
    plain(
        "balances",
        "get",
        "get_balance",
        &["One balance of a project."],
        &["project_id", "balance_id"],
        ("Balance", false),
    ),
    with_request(
        plain(
            "models",
            "list",
            "list_models",
            &["The models Deepgram offers."],
            &[],
            ("ModelCatalog", false),
        ),
        "ModelsOptions",
        MODELS_ARGS,
    ),
    plain(
        "models",
        "get",
        "get_model",
        &["One model Deepgram offers."],
        &["model_id"],
        ("CatalogModel", false),
    ),
    with_request(
        plain(
            "models",
            "list_for_project",
            "list_project_models",
            &["The models a project can use."],
            &["project_id"],
            ("ModelCatalog", false),
        ),
        "ModelsOptions",
        MODELS_ARGS,
    ),
    plain(
        "models",
        "get_for_project",
        "get_project_model",
        &["One model a project can use."],
        &["project_id", "model_id"],
        ("CatalogModel", false),
    ),
];

/// The field names of a request type named in [`CALLS`] (its `FIELDS`).
pub fn request_fields(request: &str) -> Option<&'static [&'static str]> {
    match request {
        "CreateKeyRequest" => Some(CreateKeyRequest::FIELDS),
        "ListKeysOptions" => Some(ListKeysOptions::FIELDS),
        "GrantOptions" => Some(GrantOptions::FIELDS),
        "UpdateProjectRequest" => Some(UpdateProjectRequest::FIELDS),
        "UpdateScopesRequest" => Some(UpdateScopesRequest::FIELDS),
        "InviteRequest" => Some(InviteRequest::FIELDS),
        "RequestsOptions" => Some(RequestsOptions::FIELDS),
        "UsageOptions" => Some(UsageOptions::FIELDS),
        "UsageFieldsOptions" => Some(UsageFieldsOptions::FIELDS),
        "ModelsOptions" => Some(ModelsOptions::FIELDS),
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
                "paged": c.paged.map(|p| json!({"name": p.name, "item": p.item, "doc": p.doc})),
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
    fn a_paged_listing_yields_the_items_its_pages_hold() {
        let paged: Vec<_> = CALLS.iter().filter(|c| c.paged.is_some()).collect();
        assert!(!paged.is_empty());
        for call in paged {
            let item = call.paged.map(|p| p.item).unwrap_or_default();
            let page = MODELS.iter().find(|m| m.name == call.answer).unwrap();
            assert!(
                page.fields
                    .iter()
                    .any(|f| f.rust.contains(&format!("Vec<{item}>"))),
                "{} pages hold no list of {item}",
                call.name
            );
            assert!(call.args.iter().any(|a| a.name == "page"), "{}", call.name);
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
            "boolean" => json!(true),
            "list<string>" => json!(["x"]),
            list if list.starts_with("list<enum<") => json!([example(&list[5..list.len() - 1])]),
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
            "UpdateProjectRequest" => serde_json::from_value::<UpdateProjectRequest>(value).is_ok(),
            "UpdateScopesRequest" => serde_json::from_value::<UpdateScopesRequest>(value).is_ok(),
            "InviteRequest" => serde_json::from_value::<InviteRequest>(value).is_ok(),
            "RequestsOptions" => serde_json::from_value::<RequestsOptions>(value).is_ok(),
            "UsageOptions" => serde_json::from_value::<UsageOptions>(value).is_ok(),
            "UsageFieldsOptions" => serde_json::from_value::<UsageFieldsOptions>(value).is_ok(),
            "ModelsOptions" => serde_json::from_value::<ModelsOptions>(value).is_ok(),
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
                ty if ty.starts_with("list<enum<") => inner
                    .strip_prefix("Vec<")
                    .is_some_and(|t| t.trim_end_matches('>').chars().all(char::is_alphanumeric)),
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
