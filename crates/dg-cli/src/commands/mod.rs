//! Runs a parsed command line: connects to Deepgram (or to an emulator started for this one
//! run), hands the command its client, and shuts everything down.

mod call;
mod emulator;
mod keys;
mod listen;
mod projects;
mod source;
mod token;
mod transcribe;

use std::time::Duration;

use clap::ArgMatches;
use dg_core::calls::CallSpec;
use dg_core::models::Project;
use dg_core::{Client, ClientConfig};
use dg_emulator::{Emulator, EmulatorConfig};

use crate::args::{Cli, Command, GlobalArgs};
use crate::exit::CliError;

/// What every API command works with.
pub struct Context {
    /// The client, configured from the global flags.
    pub client: Client,
}

impl Context {
    /// The project a key command acts on: the one given, else the only one the credentials
    /// can see.
    pub async fn project(&self, given: Option<String>) -> Result<String, CliError> {
        if let Some(id) = given {
            return Ok(id);
        }
        only_project(&self.client.list_projects().await?)
    }
}

/// The id of the one project in `projects`, or an error asking the user to pick.
fn only_project(projects: &[Project]) -> Result<String, CliError> {
    match projects {
        [only] => Ok(only.project_id.clone()),
        [] => Err(CliError::Usage(
            "these credentials cannot see any project".into(),
        )),
        many => {
            let names: Vec<String> = many
                .iter()
                .map(|p| format!("{} ({})", p.project_id, p.name))
                .collect();
            Err(CliError::Usage(format!(
                "this API key can see {} projects: {}; choose one with --project ID or DEEPGRAM_PROJECT_ID",
                many.len(),
                names.join(", ")
            )))
        }
    }
}

/// Runs the command line to completion.
pub fn run(cli: Cli) -> Result<(), CliError> {
    runtime()?.block_on(dispatch(cli))
}

/// Runs a management call made from the call table ([`crate::table`]) to completion;
/// `matches` are its command's.
pub fn run_call(
    global: &GlobalArgs,
    call: &'static CallSpec,
    matches: &ArgMatches,
) -> Result<(), CliError> {
    runtime()?.block_on(with_context(global, async move |c| {
        call::run(c, call, matches).await
    }))
}

fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(CliError::Runtime)
}

async fn dispatch(cli: Cli) -> Result<(), CliError> {
    let global = &cli.global;
    match cli.command {
        Command::Emulator(_) if global.emulator => Err(CliError::Usage(
            "`dg emulator` serves an emulator itself: drop --emulator".into(),
        )),
        Command::Emulator(args) => emulator::run(args).await,
        Command::Transcribe(args) => {
            with_context(global, async move |c| transcribe::run(c, args).await).await
        }
        Command::Listen(args) => {
            with_context(global, async move |c| listen::run(c, args).await).await
        }
        Command::Keys(command) => {
            with_context(global, async move |c| keys::run(c, command).await).await
        }
        Command::Projects(args) => {
            with_context(global, async move |c| projects::run(c, args).await).await
        }
        Command::Token(args) => {
            with_context(global, async move |c| token::run(c, args).await).await
        }
    }
}

/// Runs `command` with a client for the API, or for an emulator that lives in memory for
/// this run only (`--emulator`) and is stopped when the command ends, whatever its outcome.
async fn with_context(
    global: &GlobalArgs,
    command: impl AsyncFnOnce(&Context) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let local = match global.emulator {
        true => Some(
            Emulator::start(EmulatorConfig::default())
                .await
                .map_err(CliError::Emulator)?,
        ),
        false => None,
    };
    let outcome = match connect(global, local.as_ref()) {
        Ok(context) => command(&context).await,
        Err(err) => Err(err),
    };
    if let Some(emulator) = local {
        emulator.shutdown().await;
    }
    outcome
}

fn connect(global: &GlobalArgs, local: Option<&Emulator>) -> Result<Context, CliError> {
    let mut config =
        ClientConfig::builder().user_agent_suffix(concat!("dg-cli/", env!("CARGO_PKG_VERSION")));
    match local {
        Some(emulator) => {
            config = config
                .base_url(emulator.base_url())
                .api_key(emulator.owner_key())
        }
        None => {
            config = config.base_url(global.base_url.as_str());
            if let Some(key) = &global.api_key {
                config = config.api_key(key.clone());
            }
        }
    }
    if let Some(seconds) = global.timeout {
        config = config.timeout(Duration::from_secs(seconds));
    }
    if let Some(retries) = global.retries {
        config = config.max_retries(retries);
    }
    Ok(Context {
        client: Client::with_config(config.build()?)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(id: &str, name: &str) -> Project {
        Project {
            project_id: id.into(),
            name: name.into(),
            ..Project::default()
        }
    }

    #[test]
    fn the_only_project_is_the_default_and_several_need_a_choice() {
        assert_eq!(only_project(&[project("p1", "Main")]).unwrap(), "p1");
        let err = only_project(&[project("p1", "Main"), project("p2", "Lab")]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let message = err.to_string();
        assert!(
            message.contains("p1 (Main), p2 (Lab)") && message.contains("--project"),
            "{message}"
        );
        assert_eq!(only_project(&[]).unwrap_err().exit_code(), 2);
    }
}
