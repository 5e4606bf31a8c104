//! `dg token`: the one command besides `keys create` that prints a secret, because printing
//! it is what the user asked for.

use super::Context;
use crate::args::TokenArgs;
use crate::exit::CliError;
use crate::output;

/// Mints a temporary token and prints it alone on a line (so `$(dg token)` is the token).
pub async fn run(context: &Context, args: TokenArgs) -> Result<(), CliError> {
    let token = context.client.grant_token(args.ttl).await?;
    match args.json {
        true => output::to_stdout(|out| output::json(out, &token)),
        false => output::to_stdout(|out| writeln!(out, "{}", token.access_token.expose())),
    }
}
