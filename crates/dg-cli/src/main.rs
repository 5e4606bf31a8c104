//! # dg
//!
//! The `dg` command: transcribe audio with Deepgram and manage API keys from a terminal or
//! a script. A thin layer over `dg-core`, which does all the talking to the API.
//!
//! ```text
//! dg transcribe <URL|FILE|-> [--model M] [--language L] [--smart-format] [--punctuate]
//!               [--diarize] [--keyterm T]... [--redact R]... [--summarize]
//!               [-o KEY=VALUE]... [--json]
//! dg keys create --comment C --scope S... [--tag T]... [--ttl SECONDS | --expires RFC3339]
//! dg keys list [--status active|expired]
//! dg keys get KEY_ID
//! dg keys delete KEY_ID
//! dg projects
//! dg token [--ttl SECONDS]
//! dg emulator [--addr 127.0.0.1:0] [--data-dir DIR] [--admin-key KEY]
//! ```
//!
//! Global flags: `--api-key` (else `DEEPGRAM_ACCESS_TOKEN`, else `DEEPGRAM_API_KEY`),
//! `--base-url` (`DEEPGRAM_BASE_URL`), `--timeout SECONDS`, `--retries N`, and `--emulator`,
//! which runs the command against an emulator started inside dg for that one run (built
//! with the `recognizer` feature and given the model of `scripts/fetch-model.sh`, that
//! emulator transcribes audio it has no recorded answer for, offline). Key
//! commands take `--project` (`DEEPGRAM_PROJECT_ID`), defaulting to the only project the key
//! can see.
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

use std::process::ExitCode;

use clap::FromArgMatches;

fn main() -> ExitCode {
    let matches = args::command()
        .subcommand(generate::subcommand())
        .get_matches();
    if let Some((generate::NAME, matches)) = matches.subcommand() {
        return exit::report(generate::run(matches));
    }
    let cli = args::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    exit::report(commands::run(cli))
}
