//! One management call made from the call table (`dg members list`, …; see
//! [`crate::table`]): its flags read into the core's JSON arguments, run by
//! [`dg_core::invoke::invoke`], its answer printed as JSON.

use clap::ArgMatches;
use dg_core::calls::CallSpec;
use dg_core::options::Spelling;

use super::Context;
use crate::exit::CliError;
use crate::{output, table};

/// The path argument that is the project.
const PROJECT_ID: &str = "project_id";

/// Runs `call` with the arguments of `matches` (its command's matches).
pub async fn run(
    context: &Context,
    call: &'static CallSpec,
    matches: &ArgMatches,
) -> Result<(), CliError> {
    let args = table::named_args(call, matches);
    // Refused arguments are refused before the project is looked up (which sends a request).
    dg_core::invoke::check(call, args.clone(), Spelling::Snake)?;
    let mut path = Vec::with_capacity(call.path.len());
    for name in call.path {
        path.push(match *name {
            PROJECT_ID => context.project(table::project(matches)).await?,
            other => table::path_value(matches, other).to_owned(),
        });
    }
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    let answer =
        dg_core::invoke::invoke(&context.client, call, &path, args, Spelling::Snake).await?;
    output::to_stdout(|out| output::json(out, &answer))
}
