//! The command line, as clap parses it. Only shapes and help texts live here; what a flag
//! means for a request is decided in [`crate::options`] and [`crate::commands`].

use std::ffi::OsString;

use clap::{Args, Parser, Subcommand, ValueEnum};
use dg_core::Secret;

/// Shown under every `--help`: the exit codes scripts can rely on.
pub const EXIT_CODES_HELP: &str = include_str!("exit-codes.txt");

/// `dg`: transcribe audio with Deepgram and manage API keys, projects and usage.
#[derive(Debug, Parser)]
#[command(
    name = "dg",
    version,
    about = "Transcribe audio with Deepgram and manage API keys, projects and usage",
    long_about = "Transcribe audio with Deepgram and manage API keys, projects and usage.\n\n\
        Give an API key with --api-key or the DEEPGRAM_API_KEY environment variable \
        (or a temporary token in DEEPGRAM_ACCESS_TOKEN). To try dg without a key or a \
        network, add --emulator: the command then runs against a local Deepgram emulator \
        that answers from real recorded responses.\n\n\
        Examples:\n  \
        dg transcribe meeting.wav --model nova-3 --smart-format\n  \
        dg transcribe https://example.com/talk.mp3 -o paragraphs=true --json\n  \
        dg transcribe --emulator tests/fixtures/audio/preamble-rest.wav\n  \
        dg keys create --comment ci --scope usage:write --ttl 3600\n  \
        dg usage summary --start 2026-01-01 --tag ci",
    after_long_help = EXIT_CODES_HELP,
    propagate_version = true
)]
pub struct Cli {
    /// Connection settings shared by every command.
    #[command(flatten, next_help_heading = "Connection options")]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Flags accepted before or after any subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Deepgram API key [default: $DEEPGRAM_ACCESS_TOKEN as a temporary token, else
    /// $DEEPGRAM_API_KEY]
    #[arg(long, global = true, value_name = "KEY", value_parser = parse_secret)]
    pub api_key: Option<Secret>,

    /// API address; plain http is allowed only to this machine (e.g. a local emulator)
    #[arg(
        long,
        global = true,
        value_name = "URL",
        env = "DEEPGRAM_BASE_URL",
        default_value = dg_core::config::DEFAULT_BASE_URL
    )]
    pub base_url: String,

    /// Give up on a request attempt after this many seconds (uploads get extra time per
    /// megabyte)
    #[arg(long, global = true, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: Option<u64>,

    /// How often to retry a failed request that is safe to repeat [default: 2]
    #[arg(long, global = true, value_name = "N")]
    pub retries: Option<u32>,

    /// Run against a throwaway Deepgram emulator started inside dg (no key or network
    /// needed; --api-key and --base-url are ignored)
    #[arg(long, global = true)]
    pub emulator: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Transcribe an audio file or URL and print the transcript
    #[command(
        long_about = "Transcribe an audio file or URL and print the transcript.\n\n\
    A SOURCE that is an http(s) URL is fetched by Deepgram; anything else is a local file, \
    streamed from disk (any size), or `-` for standard input. The transcript of each channel \
    is printed on its own line (one line unless `-o multichannel=true`), followed by the \
    summary if one was asked for.\n\n\
    Every Deepgram option is available through -o KEY=VALUE, e.g. `-o paragraphs=true`, \
    `-o utt_split=1.2`, `-o detect_language=true`. Repeat a key to give a list \
    (`-o tag=a -o tag=b`). `-o extra_query=NAME=VALUE` sends a query parameter dg does not \
    know yet. Options are checked before anything is uploaded.",
        after_long_help = EXIT_CODES_HELP
    )]
    Transcribe(TranscribeArgs),
    /// Stream audio live and print the transcript as it comes
    #[command(
        long_about = "Stream audio live (wss://…/v1/listen) and print the transcript as it comes.\n\n\
    A FILE is streamed at real-time pace (--speed N for N times faster, --max as fast as the \
    server takes it); `-` streams standard input as it arrives, e.g. \
    `arecord -f S16_LE -r 16000 -c 1 | dg listen - --encoding linear16 --sample-rate 16000`. \
    On a terminal the words not yet final update one line in place; each final stretch is \
    printed on its own line. --json prints every message as one JSON line.",
        after_long_help = EXIT_CODES_HELP
    )]
    Listen(ListenArgs),
    /// Create, list, show and delete API keys of a project
    #[command(subcommand, after_long_help = EXIT_CODES_HELP)]
    Keys(KeysCommand),
    /// List the projects the API key can see, or show, rename, delete or leave one
    #[command(
        long_about = "List the projects the API key can see (with no subcommand), or show, \
            rename, delete or leave one (`dg projects get`, `update --name NAME`, `delete`, \
            `leave`: these print the API's answer as JSON, having no text format yet).",
        after_long_help = EXIT_CODES_HELP
    )]
    Projects(JsonFlag),
    /// Print a temporary access token for transcription requests
    #[command(
        long_about = "Print a temporary access token (a JWT) that authorizes transcription \
            requests, never key management, for a limited time. Useful to hand to a browser or \
            a device without giving it the API key. Send it as `Authorization: Bearer <token>`, \
            or put it in DEEPGRAM_ACCESS_TOKEN for dg.",
        after_long_help = EXIT_CODES_HELP
    )]
    Token(TokenArgs),
    /// Serve a Deepgram-compatible emulator until interrupted (Ctrl-C)
    #[command(
        long_about = "Serve a Deepgram-compatible emulator until interrupted (Ctrl-C or SIGTERM), \
            the same server as the dg-emulator program. It prints its URL, its project id and, \
            when it made one up, its owner key; point dg at it with --base-url and --api-key. \
            It answers audio it has a real recorded Deepgram response for (see \
            tests/fixtures) with that response.",
        after_long_help = EXIT_CODES_HELP
    )]
    Emulator(dg_emulator::Args),
}

/// `--json`, for commands whose only option it is.
#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print the API's answer as JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// `dg transcribe`.
#[derive(Debug, Args)]
pub struct TranscribeArgs {
    /// An http(s) URL, a path to an audio file, or `-` for standard input
    #[arg(value_name = "URL|FILE")]
    pub source: OsString,

    #[command(flatten)]
    pub flags: OptionFlags,

    /// Print the whole response as JSON instead of the transcript
    #[arg(long)]
    pub json: bool,
}

/// `dg listen`.
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// An http(s) URL of audio (fetched by dg as it streams, e.g. an internet radio), a path
    /// to an audio file, or `-` for standard input (e.g. a microphone through arecord)
    #[arg(value_name = "URL|FILE")]
    pub source: OsString,

    #[command(flatten)]
    pub flags: OptionFlags,

    /// Also show results that may still change (interim_results=true)
    #[arg(long, help_heading = "Transcription options", conflicts_with = "flux")]
    pub interim: bool,

    /// Stream to Flux (`/v2/listen`, turn-based): one line per turn; needs --model
    /// flux-general-en or flux-general-multi, and takes the Flux options (see -o)
    #[arg(long)]
    pub flux: bool,

    /// The encoding of headerless audio (linear16, mulaw, ...); WAV needs none
    #[arg(long, value_name = "ENCODING", help_heading = "Transcription options")]
    pub encoding: Option<String>,

    /// The sample rate of headerless audio, in Hz
    #[arg(long, value_name = "HZ", help_heading = "Transcription options")]
    pub sample_rate: Option<String>,

    /// Stream a file this many times faster than real time [default: 1]
    #[arg(long, value_name = "N", conflicts_with = "max")]
    pub speed: Option<f64>,

    /// Stream as fast as the server takes it (the default for standard input)
    #[arg(long)]
    pub max: bool,

    /// Print every message as a JSON line instead of the transcript
    #[arg(long)]
    pub json: bool,
}

/// The transcription options of `dg transcribe` and `dg listen`.
#[derive(Debug, Args)]
pub struct OptionFlags {
    /// Speech model, e.g. nova-3, nova-2, nova-3-medical
    #[arg(long, value_name = "MODEL", help_heading = "Transcription options")]
    pub model: Option<String>,

    /// Language as a BCP-47 tag (en, en-US, fr, ...) or `multi`
    #[arg(long, value_name = "LANG", help_heading = "Transcription options")]
    pub language: Option<String>,

    /// Format numbers, dates, currencies, ... for readability
    #[arg(long, help_heading = "Transcription options")]
    pub smart_format: bool,

    /// Add punctuation and capitalization
    #[arg(long, help_heading = "Transcription options")]
    pub punctuate: bool,

    /// Tell speakers apart
    #[arg(long, help_heading = "Transcription options")]
    pub diarize: bool,

    /// A term to recognize better (nova-3 models; repeatable)
    #[arg(long, value_name = "TERM", help_heading = "Transcription options")]
    pub keyterm: Vec<String>,

    /// Redact pci, pii or numbers (repeatable)
    #[arg(long, value_name = "WHAT", help_heading = "Transcription options")]
    pub redact: Vec<String>,

    /// Add a summary of the transcript (summarize=v2)
    #[arg(long, help_heading = "Transcription options")]
    pub summarize: bool,

    /// Any Deepgram option as KEY=VALUE (repeatable; a repeated key makes a list)
    #[arg(
        short = 'o',
        long = "option",
        value_name = "KEY=VALUE",
        value_parser = parse_key_value,
        help_heading = "Transcription options"
    )]
    pub options: Vec<(String, String)>,
}

/// Wraps the key at once, so no `Debug` of the parsed command line can show it.
fn parse_secret(raw: &str) -> Result<Secret, std::convert::Infallible> {
    Ok(Secret::new(raw))
}

fn parse_key_value(raw: &str) -> Result<(String, String), String> {
    match raw.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_owned(), value.to_owned()))
        }
        _ => Err(format!("expected KEY=VALUE, got {raw:?}")),
    }
}

/// Flags that pick the project of a key command.
#[derive(Debug, Args)]
pub struct ProjectArg {
    /// Project id [default: the only project the API key can see]
    #[arg(long, value_name = "ID", env = "DEEPGRAM_PROJECT_ID")]
    pub project: Option<String>,
}

/// `dg keys …`.
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Create an API key and print its secret (shown only this once)
    #[command(after_long_help = EXIT_CODES_HELP)]
    Create(CreateKeyArgs),
    /// List the keys of a project (never their secrets)
    #[command(after_long_help = EXIT_CODES_HELP)]
    List(ListKeysArgs),
    /// Show one key (never its secret)
    #[command(after_long_help = EXIT_CODES_HELP)]
    Get(KeyIdArgs),
    /// Delete a key; requests made with it fail from then on
    #[command(after_long_help = EXIT_CODES_HELP)]
    Delete(KeyIdArgs),
}

/// `dg keys create`.
#[derive(Debug, Args)]
pub struct CreateKeyArgs {
    /// What the key is for (shown in key lists)
    #[arg(long, value_name = "TEXT")]
    pub comment: String,

    /// A permission of the new key, e.g. usage:write, keys:read, member (repeatable; at
    /// least one)
    #[arg(long = "scope", value_name = "SCOPE", required = true)]
    pub scopes: Vec<String>,

    /// A label of the new key (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// The key expires this many seconds from now [default: never]
    #[arg(long, value_name = "SECONDS", conflicts_with = "expires")]
    pub ttl: Option<u64>,

    /// The key expires at this RFC 3339 time, e.g. 2030-01-31T00:00:00Z [default: never]
    #[arg(long, value_name = "TIME")]
    pub expires: Option<String>,

    #[command(flatten)]
    pub project: ProjectArg,

    /// Print the API's answer (secret included) as JSON
    #[arg(long)]
    pub json: bool,
}

/// Key status filter of `dg keys list`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    /// Keys that still work.
    Active,
    /// Keys past their expiration date.
    Expired,
}

/// `dg keys list`.
#[derive(Debug, Args)]
pub struct ListKeysArgs {
    /// Only keys that still work, or only expired ones [default: all]
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,

    #[command(flatten)]
    pub project: ProjectArg,

    /// Print the API's answer as JSON
    #[arg(long)]
    pub json: bool,
}

/// `dg keys get` and `dg keys delete`.
#[derive(Debug, Args)]
pub struct KeyIdArgs {
    /// The key's id (`api_key_id`, as `dg keys list` shows it)
    #[arg(value_name = "KEY_ID")]
    pub key_id: String,

    #[command(flatten)]
    pub project: ProjectArg,

    /// Print the API's answer as JSON
    #[arg(long)]
    pub json: bool,
}

/// `dg token`.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// How long the token lives, 1 to 3600 seconds [default: 30]
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u32).range(1..=3600))]
    pub ttl: Option<u32>,

    /// Print the token and its lifetime as JSON
    #[arg(long)]
    pub json: bool,
}

/// The flags of `dg transcribe` that set one listen option each; an argument's id is the
/// option's name.
const OPTION_FLAGS: &[&str] = &[
    "model",
    "language",
    "smart_format",
    "punctuate",
    "diarize",
    "keyterm",
    "redact",
];

/// The command line, with the help of every transcription option written from dg-core's
/// option schema, so the CLI's help cannot drift from the options it sends.
pub fn command() -> clap::Command {
    use clap::CommandFactory;

    let with_option_help = |live: bool| {
        move |command: clap::Command| {
            let command = OPTION_FLAGS.iter().fold(command, |c, option| {
                let spec = dg_core::options::schema::find(option).expect("a declared option");
                c.mut_arg(*option, |a| a.help(spec.summary()))
            });
            command.mut_arg("options", |a| a.long_help(options_help(live)))
        }
    };
    let command = Cli::command()
        .mut_subcommand("transcribe", with_option_help(false))
        .mut_subcommand("listen", with_option_help(true));
    // The commands made from the call table come after the hand-written API commands, the
    // emulator last.
    crate::table::add_to(command).mut_subcommand("emulator", |c| c.display_order(usize::MAX))
}

/// `-o`'s long help: every option with its type and what it does (the live-only ones and the
/// Flux options for `dg listen` only).
fn options_help(live: bool) -> String {
    use dg_core::options::{FLUX_OPTIONS, LISTEN_OPTIONS};

    let mut help = String::from(
        "Any Deepgram option as KEY=VALUE (repeatable; a repeated key makes a list). The options:\n",
    );
    help.push_str(&spec_lines(
        LISTEN_OPTIONS.iter().filter(|s| live || !s.live_only),
    ));
    if live {
        help.push_str("\n\nWith --flux, the Flux options instead:\n");
        help.push_str(&spec_lines(FLUX_OPTIONS.iter()));
    }
    help
}

/// One entry per option: `name=TYPE[, repeatable]` and its summary.
fn spec_lines<'a>(specs: impl Iterator<Item = &'a dg_core::options::OptionSpec>) -> String {
    use dg_core::options::OptionKind;

    let mut lines = String::new();
    for spec in specs {
        let kind = match spec.kind {
            OptionKind::Boolean => "true|false".to_owned(),
            OptionKind::Integer => "N".to_owned(),
            OptionKind::Number => "X.Y".to_owned(),
            OptionKind::DetectLanguage => "true|false|LANG".to_owned(),
            OptionKind::QueryPair => "NAME=VALUE".to_owned(),
            _ if !spec.known_values.is_empty() && spec.known_values.len() <= 12 => {
                spec.known_values.join("|")
            }
            _ => "TEXT".to_owned(),
        };
        let list = if spec.list { ", repeatable" } else { "" };
        lines.push_str(&format!(
            "\n  {}={kind}{list}\n      {}",
            spec.name,
            spec.summary()
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
        command().debug_assert();
    }

    #[test]
    fn every_option_is_in_the_help_with_the_schemas_words() {
        let mut cmd = command();
        for (name, live) in [("transcribe", false), ("listen", true)] {
            let sub = cmd.find_subcommand_mut(name).unwrap();
            let help = sub.render_long_help().to_string();
            for spec in dg_core::options::LISTEN_OPTIONS {
                let listed = help.contains(&format!("  {}=", spec.name));
                assert_eq!(listed, live || !spec.live_only, "{name}: {}", spec.name);
                if listed {
                    assert!(help.contains(&spec.summary()), "{} has no doc", spec.name);
                }
            }
            assert!(
                help.contains("redact=pci|pii|numbers, repeatable"),
                "{help}"
            );
            let flux = dg_core::options::FLUX_OPTIONS
                .iter()
                .find(|s| s.name == "eot_threshold")
                .unwrap();
            assert_eq!(help.contains(&flux.summary()), live, "{name}: Flux options");
        }
    }

    #[test]
    fn key_value_pairs_split_at_the_first_equals_sign() {
        assert_eq!(
            parse_key_value("extra_query=a=b").unwrap(),
            ("extra_query".into(), "a=b".into())
        );
        assert_eq!(
            parse_key_value("model=").unwrap(),
            ("model".into(), String::new())
        );
        assert!(parse_key_value("model").is_err());
        assert!(parse_key_value("=x").is_err());
    }
}
