//! `dg projects`.

use super::Context;
use crate::args::JsonFlag;
use crate::exit::CliError;
use crate::output;

/// Lists the projects the credentials can see.
pub async fn run(context: &Context, args: JsonFlag) -> Result<(), CliError> {
    let projects = context.client.list_projects().await?;
    match args.json {
        true => output::to_stdout(|out| output::json(out, &projects)),
        false => output::to_stdout(|out| output::projects(out, &projects)),
    }
}
