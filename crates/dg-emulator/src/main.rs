//! `dg-emulator`: a Deepgram-compatible HTTP server for tests and offline development.

use std::process::ExitCode;

use clap::Parser;

#[derive(Parser)]
#[command(name = "dg-emulator", version, about)]
struct Cli {
    #[command(flatten)]
    args: dg_emulator::Args,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("dg-emulator: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(dg_emulator::run(cli.args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dg-emulator: {e}");
            ExitCode::FAILURE
        }
    }
}
