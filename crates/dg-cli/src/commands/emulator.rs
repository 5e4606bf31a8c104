//! `dg emulator`: the `dg-emulator` server, with the same arguments and output.

use crate::exit::CliError;

/// Serves until Ctrl-C or SIGTERM.
pub async fn run(args: dg_emulator::Args) -> Result<(), CliError> {
    dg_emulator::run(args).await.map_err(CliError::Emulator)
}
