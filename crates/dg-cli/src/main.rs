//! # dg
//!
//! The `dg` command: transcribe audio with Deepgram and manage API keys, projects, members,
//! invitations and usage from a terminal or a script. A thin layer over `dg-core`, which does
//! all the talking to the API.
//!
//! ```text
//! dg transcribe <URL|FILE|-> [--model M] [--language L] [--smart-format] [--punctuate]
//!               [--diarize] [--keyterm T]... [--redact R]... [--summarize]
//!               [-o KEY=VALUE]... [--json]
//! dg keys create --comment C --scope S... [--tag T]... [--ttl SECONDS | --expires RFC3339]
//! dg keys list [--status active|expired]
//! dg keys get KEY_ID
//! dg keys delete KEY_ID
//! dg projects [--json]
//! dg token [--ttl SECONDS]
//! dg emulator [--addr 127.0.0.1:0] [--data-dir DIR] [--admin-key KEY] [--seed FILE]
//!
//! dg projects get|delete|leave;  dg projects update --name NAME
//! dg members list;  dg members get-scopes|remove MEMBER_ID
//! dg members update-scopes MEMBER_ID --scope SCOPE
//! dg invites list;  dg invites send --email E --scope S;  dg invites delete EMAIL
//! dg usage list-requests [--start T] [--end T] [--limit N] [--page N] [--status S] ...
//! dg usage get-request REQUEST_ID
//! dg usage summary|breakdown [--start DAY] [--end DAY] [--tag T] ... [--grouping G]...
//! dg usage fields [--start DAY] [--end DAY]
//! dg balances list;  dg balances get BALANCE_ID
//! dg models list [--include-outdated];  dg models get MODEL_ID
//! dg models list-for-project [--include-outdated];  dg models get-for-project MODEL_ID
//! ```
//!
//! The management commands of the second block are not written here one by one: they are
//! made at run time from dg-core's call table (`dg_core::calls`; see `table.rs`), a group per
//! subcommand and a call per subcommand under it, each call's named arguments as
//! `--kebab-case` flags with the table's docs as help, and run through `dg_core::invoke`.
//! A call added to the table is a command without a change here. They print the API's answer
//! as indented JSON (they have no text format yet).
//!
//! Global flags: `--api-key` (else `DEEPGRAM_ACCESS_TOKEN`, else `DEEPGRAM_API_KEY`),
//! `--base-url` (`DEEPGRAM_BASE_URL`), `--timeout SECONDS`, `--retries N`, and `--emulator`,
//! which runs the command against an emulator started inside dg for that one run (built
//! with the `recognizer` feature and given the model of `scripts/fetch-model.sh`, that
//! emulator transcribes audio it has no recorded answer for, offline). Key and
//! management commands take `--project` (`DEEPGRAM_PROJECT_ID`), defaulting to the only
//! project the key can see.
//!
//! Errors are one `error: …` line on stderr.
//!
//! ```text
#![doc = include_str!("exit-codes.txt")]
//! ```
#![warn(missing_docs)]

mod args;
mod commands;
mod exit;
mod generate;
mod options;
mod output;
mod progress;
mod table;

use std::process::ExitCode;

use clap::FromArgMatches;

fn main() -> ExitCode {
    let matches = args::command()
        .subcommand(generate::subcommand())
        .get_matches();
    if let Some((generate::NAME, matches)) = matches.subcommand() {
        return exit::report(generate::run(matches));
    }
    if let Some((call, call_matches)) = table::chosen(&matches) {
        let global = args::GlobalArgs::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
        return exit::report(commands::run_call(&global, call, call_matches));
    }
    let cli = args::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    exit::report(commands::run(cli))
}
