//! `dg keys create|list|get|delete`.

use dg_core::Error;
use dg_core::key_request::{CreateKeyRequest, KeyStatus};

use super::Context;
use crate::args::{CreateKeyArgs, KeyIdArgs, KeysCommand, ListKeysArgs, StatusArg};
use crate::exit::CliError;
use crate::output;

/// Runs one key command.
pub async fn run(context: &Context, command: KeysCommand) -> Result<(), CliError> {
    match command {
        KeysCommand::Create(args) => create(context, args).await,
        KeysCommand::List(args) => list(context, args).await,
        KeysCommand::Get(args) => get(context, args).await,
        KeysCommand::Delete(args) => delete(context, args).await,
    }
}

async fn create(context: &Context, args: CreateKeyArgs) -> Result<(), CliError> {
    let request = CreateKeyRequest {
        comment: args.comment,
        scopes: args.scopes,
        tags: args.tags,
        expiration_date: args.expires,
        time_to_live_in_seconds: args.ttl,
    };
    // Checked before the project lookup, so a typo costs no request.
    request.validate()?;
    let project = context.project(args.project.project).await?;
    let key = match context.client.create_key(&project, &request).await {
        Ok(key) => key,
        Err(Error::KeyCreatedUndecodable { message, raw }) => {
            // The key exists and this answer is the only copy of its secret: hand it over
            // as received rather than lose it.
            output::to_stdout(|out| writeln!(out, "{}", raw.expose()))?;
            return Err(Error::KeyCreatedUndecodable { message, raw }.into());
        }
        Err(err) => return Err(err.into()),
    };
    let printed = match args.json {
        true => output::to_stdout(|out| output::json(out, &key)),
        false => output::to_stdout(|out| output::created_key(out, &key)),
    };
    match printed {
        Ok(()) => {
            if !args.json {
                eprintln!("Store the key now: Deepgram never shows it again.");
            }
            Ok(())
        }
        Err(CliError::Stdout(source)) => Err(CliError::KeyNotShown {
            key_id: key.api_key_id,
            source,
        }),
        Err(other) => Err(other),
    }
}

async fn list(context: &Context, args: ListKeysArgs) -> Result<(), CliError> {
    let project = context.project(args.project.project).await?;
    let status = args.status.map(|s| match s {
        StatusArg::Active => KeyStatus::Active,
        StatusArg::Expired => KeyStatus::Expired,
    });
    let keys = context.client.list_keys(&project, status).await?;
    match args.json {
        true => output::to_stdout(|out| output::json(out, &keys)),
        false => output::to_stdout(|out| output::key_list(out, &keys)),
    }
}

async fn get(context: &Context, args: KeyIdArgs) -> Result<(), CliError> {
    let project = context.project(args.project.project).await?;
    let key = context.client.get_key(&project, &args.key_id).await?;
    match args.json {
        true => output::to_stdout(|out| output::json(out, &key)),
        false => output::to_stdout(|out| output::key(out, &key)),
    }
}

async fn delete(context: &Context, args: KeyIdArgs) -> Result<(), CliError> {
    let project = context.project(args.project.project).await?;
    let answer = context.client.delete_key(&project, &args.key_id).await?;
    match args.json {
        true => output::to_stdout(|out| output::json(out, &answer)),
        false => output::to_stdout(|out| {
            writeln!(out, "Deleted key {}: {}", args.key_id, answer.message)
        }),
    }
}
