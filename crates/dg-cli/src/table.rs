//! The management commands made from dg-core's call table ([`dg_core::calls`]) at run time,
//! with clap's builder API: `dg members list`, `dg usage summary --start 2026-01-01`, … One
//! subcommand per group the hand-written commands do not already cover, one subcommand under
//! it per call; a group that is already a hand-written command (`dg projects`) gets the calls
//! it lacks as subcommands of its own. No code here names a call: a call added to the table
//! becomes a command with its name, its arguments and its docs.
//!
//! A call's named arguments become `--kebab-case` flags (help: the argument's doc; `boolean`
//! a flag without value, `integer` a number, `enum<…>` its values, `list<…>` repeatable);
//! its path argument `project_id` becomes `--project` (`DEEPGRAM_PROJECT_ID`, else the only
//! project the key can see), the others positional arguments (`MEMBER_ID`, …). The flags are
//! read back into the JSON object [`dg_core::invoke::invoke`] takes, which checks them as
//! every binding does.

use clap::builder::PossibleValuesParser;
use clap::{Arg, ArgAction, ArgMatches, Command};
use dg_core::calls::{ArgSpec, CALLS, CallSpec, GROUPS};
use serde_json::{Map, Value};

use crate::args::EXIT_CODES_HELP;

/// Groups whose calls are hand-written commands: `dg keys …` and `dg token`.
const HAND_WRITTEN_GROUPS: &[&str] = &["keys", "auth"];

/// Calls that are hand-written commands in a group that also gets made ones: the bare
/// `dg projects` lists the projects.
const HAND_WRITTEN_CALLS: &[(&str, &str)] = &[("projects", "list")];

/// The path argument that is the project, given as `--project`.
const PROJECT_ID: &str = "project_id";

/// The id of the `--project` argument.
const PROJECT: &str = "project";

/// The id of the `--json` flag every made command accepts.
const JSON: &str = "json";

/// Said in every made command's long help: what it prints.
const OUTPUT_NOTE: &str = "Prints the API's answer as indented JSON on standard output \
    (these commands have no text format yet).";

/// Whether `call` is a made command (not one of the hand-written ones).
fn made(call: &CallSpec) -> bool {
    !HAND_WRITTEN_GROUPS.contains(&call.group)
        && !HAND_WRITTEN_CALLS.contains(&(call.group, call.name))
}

/// `name` as a command-line word: `get_scopes` → `get-scopes`.
fn kebab(name: &'static str) -> &'static str {
    if name.contains('_') {
        // clap's builder keeps names as `&'static str` (without its `string` feature); the
        // command line is made a few times per run at most.
        Box::leak(name.replace('_', "-").into_boxed_str())
    } else {
        name
    }
}

/// `name` as a value name: `member_id` → `MEMBER_ID`.
fn upper(name: &'static str) -> &'static str {
    Box::leak(name.to_uppercase().into_boxed_str())
}

/// `command` (the derived command line) with the made commands added: a new subcommand per
/// group, or new subcommands under the hand-written command of the group's name.
pub fn add_to(mut command: Command) -> Command {
    for group in GROUPS
        .iter()
        .filter(|g| !HAND_WRITTEN_GROUPS.contains(&g.name))
    {
        let calls: Vec<Command> = CALLS
            .iter()
            .filter(|c| c.group == group.name && made(c))
            .map(call_command)
            .collect();
        if calls.is_empty() {
            continue;
        }
        let name = kebab(group.name);
        command = if command.find_subcommand(name).is_some() {
            // The hand-written command still runs without a subcommand; with one, its own
            // flags make no sense.
            command.mut_subcommand(name, |c| {
                c.subcommands(calls).args_conflicts_with_subcommands(true)
            })
        } else {
            command.subcommand(
                Command::new(name)
                    .about(group.doc.trim_end_matches('.').to_owned())
                    .long_about(format!("{}\n\n{OUTPUT_NOTE}", group.doc))
                    .subcommand_required(true)
                    .arg_required_else_help(true)
                    .after_long_help(EXIT_CODES_HELP)
                    .subcommands(calls),
            )
        };
    }
    command
}

/// The command of one call.
fn call_command(call: &'static CallSpec) -> Command {
    let doc = call.doc.join(" ");
    let mut command = Command::new(kebab(call.name))
        .about(doc.trim_end_matches('.').to_owned())
        .long_about(format!("{doc}\n\n{OUTPUT_NOTE}"))
        .after_long_help(EXIT_CODES_HELP);
    for name in call.path {
        command = command.arg(path_arg(name));
    }
    for spec in call.args {
        command = command.arg(named_arg(spec));
    }
    command.arg(
        Arg::new(JSON)
            .long("json")
            .action(ArgAction::SetTrue)
            .help("Print the API's answer as JSON (what these commands print anyway, for now)"),
    )
}

/// A path argument: `--project` for the project, else a required positional argument.
fn path_arg(name: &'static str) -> Arg {
    if name == PROJECT_ID {
        return Arg::new(PROJECT)
            .long("project")
            .value_name("ID")
            .env("DEEPGRAM_PROJECT_ID")
            .help("Project id [default: the only project the API key can see]");
    }
    Arg::new(name)
        .value_name(upper(name))
        .required(true)
        .help(format!("The {}", name.replace('_', " ")))
}

/// What an argument's type (`ArgSpec::ty`) makes on the command line.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    /// Repeatable (`list<…>`).
    list: bool,
    /// What one value is.
    value: ValueKind,
}

/// What one value of an argument is.
#[derive(Debug, PartialEq, Eq)]
enum ValueKind {
    /// Any text (`string`, and any type this CLI does not know yet: the core checks it).
    Text,
    /// A whole number (`integer`).
    Integer,
    /// A flag without a value (`boolean`).
    Boolean,
    /// One of these (`enum<a|b>`).
    Choice(Vec<&'static str>),
}

/// The shape of an argument of type `ty` (`ArgSpec::ty`).
fn shape(ty: &'static str) -> Shape {
    let (list, one) = match ty.strip_prefix("list<").and_then(|t| t.strip_suffix('>')) {
        Some(inner) => (true, inner),
        None => (false, ty),
    };
    let value = match one {
        "integer" => ValueKind::Integer,
        "boolean" => ValueKind::Boolean,
        _ => match one.strip_prefix("enum<").and_then(|t| t.strip_suffix('>')) {
            Some(values) => ValueKind::Choice(values.split('|').collect()),
            None => ValueKind::Text,
        },
    };
    Shape { list, value }
}

/// A named argument: `--kebab-name`, its doc as help.
fn named_arg(spec: &'static ArgSpec) -> Arg {
    let shape = shape(spec.ty);
    let mut arg = Arg::new(spec.name)
        .long(kebab(spec.name))
        .help(spec.doc.trim_end_matches('.'))
        .required(spec.required);
    arg = match shape.value {
        // A list of booleans (none in the table today) takes `true` or `false` each time.
        ValueKind::Boolean if shape.list => arg.value_parser(clap::value_parser!(bool)),
        ValueKind::Boolean => arg.action(ArgAction::SetTrue),
        ValueKind::Integer => arg.value_name("N").value_parser(clap::value_parser!(u64)),
        ValueKind::Choice(values) => arg
            .value_name(upper(spec.name))
            .value_parser(PossibleValuesParser::new(values)),
        ValueKind::Text => arg.value_name(upper(spec.name)),
    };
    if shape.list {
        arg = arg.action(ArgAction::Append);
    }
    arg
}

/// The made call the command line chose, and the matches of its command.
pub fn chosen(matches: &ArgMatches) -> Option<(&'static CallSpec, &ArgMatches)> {
    let (group, group_matches) = matches.subcommand()?;
    let (name, call_matches) = group_matches.subcommand()?;
    CALLS
        .iter()
        .find(|c| made(c) && kebab(c.group) == group && kebab(c.name) == name)
        .map(|call| (call, call_matches))
}

/// The project given with `--project` (or `DEEPGRAM_PROJECT_ID`), if any.
pub fn project(matches: &ArgMatches) -> Option<String> {
    matches.get_one::<String>(PROJECT).cloned()
}

/// A path argument other than the project, as given.
pub fn path_value<'a>(matches: &'a ArgMatches, name: &str) -> &'a str {
    matches
        .get_one::<String>(name)
        .map(String::as_str)
        .expect("a required argument")
}

/// The named arguments given, as the JSON object [`dg_core::invoke::invoke`] reads (snake_case
/// names; the ones not given left out).
pub fn named_args(call: &CallSpec, matches: &ArgMatches) -> Value {
    let mut args = Map::new();
    for spec in call.args {
        let shape = shape(spec.ty);
        let value = match (shape.list, shape.value) {
            (false, ValueKind::Boolean) => matches.get_flag(spec.name).then_some(Value::Bool(true)),
            (false, ValueKind::Integer) => matches.get_one::<u64>(spec.name).map(|n| (*n).into()),
            (true, ValueKind::Integer) => matches
                .get_many::<u64>(spec.name)
                .map(|values| values.map(|n| Value::from(*n)).collect()),
            (true, ValueKind::Boolean) => matches
                .get_many::<bool>(spec.name)
                .map(|values| values.map(|b| Value::from(*b)).collect()),
            (false, _) => matches
                .get_one::<String>(spec.name)
                .map(|s| Value::String(s.clone())),
            (true, _) => matches
                .get_many::<String>(spec.name)
                .map(|values| values.map(|s| Value::String(s.clone())).collect()),
        };
        if let Some(value) = value {
            args.insert(spec.name.to_owned(), value);
        }
    }
    Value::Object(args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(words: &[&str]) -> ArgMatches {
        crate::args::command()
            .try_get_matches_from(std::iter::once("dg").chain(words.iter().copied()))
            .unwrap_or_else(|e| panic!("{words:?}: {e}"))
    }

    fn call_of(words: &[&str]) -> (&'static CallSpec, Value, ArgMatches) {
        let matches = parse(words);
        let (call, sub) = chosen(&matches).expect("a made call");
        let args = named_args(call, sub);
        (call, args, sub.clone())
    }

    #[test]
    fn every_type_in_the_table_is_understood() {
        for spec in CALLS.iter().flat_map(|c| c.args) {
            let shape = shape(spec.ty);
            let known =
                matches!(spec.ty, "string" | "list<string>") || shape.value != ValueKind::Text;
            assert!(known, "{}: {} would be read as text", spec.name, spec.ty);
        }
        assert_eq!(
            shape("list<enum<a|b_c>>"),
            Shape {
                list: true,
                value: ValueKind::Choice(vec!["a", "b_c"])
            }
        );
    }

    #[test]
    fn every_made_call_has_a_command_and_only_those() {
        let command = crate::args::command();
        for call in CALLS {
            let found = command
                .find_subcommand(kebab(call.group))
                .and_then(|g| g.find_subcommand(kebab(call.name)));
            if made(call) {
                assert!(found.is_some(), "{}.{}", call.group, call.name);
            } else if !HAND_WRITTEN_GROUPS.contains(&call.group) {
                // `dg projects` itself, not `dg projects list`.
                assert!(found.is_none(), "{}.{}", call.group, call.name);
            }
        }
        // The hand-written commands are untouched.
        let keys = command.find_subcommand("keys").unwrap();
        let names: Vec<&str> = keys.get_subcommands().map(|c| c.get_name()).collect();
        assert_eq!(names, ["create", "list", "get", "delete"]);
        assert!(
            command
                .find_subcommand("token")
                .unwrap()
                .get_subcommands()
                .next()
                .is_none()
        );
    }

    #[test]
    fn flags_are_read_into_the_calls_arguments() {
        let (call, args, sub) = call_of(&[
            "usage",
            "list-requests",
            "--limit",
            "50",
            "--status",
            "failed",
            "--request-id",
            "r1",
            "--project",
            "p1",
        ]);
        assert_eq!(call.method, "list_requests");
        assert_eq!(
            args,
            json!({"limit": 50, "status": "failed", "request_id": "r1"})
        );
        assert_eq!(project(&sub).as_deref(), Some("p1"));

        let (call, args, _) = call_of(&[
            "usage",
            "breakdown",
            "--grouping",
            "tags",
            "--grouping",
            "models",
            "--start",
            "2026-01-01",
        ]);
        assert_eq!(call.method, "get_usage_breakdown");
        assert_eq!(
            args,
            json!({"grouping": ["tags", "models"], "start": "2026-01-01"})
        );

        let (call, args, _) = call_of(&["models", "list", "--include-outdated"]);
        assert_eq!(call.method, "list_models");
        assert_eq!(args, json!({"include_outdated": true}));
        let (_, args, _) = call_of(&["models", "list"]);
        assert_eq!(args, json!({}));

        let (call, args, sub) = call_of(&["members", "update-scopes", "m-1", "--scope", "admin"]);
        assert_eq!(call.method, "update_member_scopes");
        assert_eq!(args, json!({"scope": "admin"}));
        assert_eq!(path_value(&sub, "member_id"), "m-1");
        assert_eq!(project(&sub), None);

        let (call, args, _) = call_of(&["projects", "update", "--name", "X"]);
        assert_eq!(call.method, "update_project");
        assert_eq!(args, json!({"name": "X"}));
    }

    #[test]
    fn the_command_line_refuses_what_the_table_rules_out() {
        let refused = |words: &[&str]| {
            crate::args::command()
                .try_get_matches_from(std::iter::once("dg").chain(words.iter().copied()))
                .unwrap_err()
                .kind()
        };
        use clap::error::ErrorKind;
        assert_eq!(
            refused(&["usage", "list-requests", "--status", "maybe"]),
            ErrorKind::InvalidValue
        );
        assert_eq!(
            refused(&["usage", "list-requests", "--limit", "ten"]),
            ErrorKind::ValueValidation
        );
        assert_eq!(
            refused(&["invites", "send", "--email", "a@b.io"]),
            ErrorKind::MissingRequiredArgument
        );
        assert_eq!(
            refused(&["members", "get-scopes"]),
            ErrorKind::MissingRequiredArgument
        );
        assert_eq!(
            refused(&["models", "list", "--include-outdated=yes"]),
            ErrorKind::TooManyValues
        );
        assert_eq!(
            refused(&["projects", "--json", "get"]),
            ErrorKind::ArgumentConflict
        );
        assert_eq!(
            refused(&["members"]),
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        );
        // The bare `dg projects` is still the hand-written list.
        let matches = parse(&["projects", "--json"]);
        assert!(chosen(&matches).is_none());
    }
}
