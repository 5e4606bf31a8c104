//! How a run ends: the CLI's error type, the one line it prints, and its exit code (one per
//! class of failure, so scripts can react without parsing messages; see `exit-codes.txt`).

use std::io;
use std::process::ExitCode;

use dg_core::ErrorKind;

/// Why a command failed. Every message is safe to print: dg-core's never hold a secret, and
/// the CLI's own name only ids and paths.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A failure reported by dg-core (including options it rejected).
    #[error(transparent)]
    Core(#[from] dg_core::Error),
    /// The command line asks for something that cannot be done as given.
    #[error("{0}")]
    Usage(String),
    /// Standard output could not be written.
    #[error("could not write to standard output: {0}")]
    Stdout(#[source] io::Error),
    /// A key was created but its secret could not be printed, so nobody can use it.
    #[error(
        "key {key_id} was created but could not be written to standard output ({source}); its secret is lost: delete it with `dg keys delete {key_id}`"
    )]
    KeyNotShown {
        /// The new key's id (not a secret).
        key_id: String,
        /// Why stdout failed.
        #[source]
        source: io::Error,
    },
    /// The async runtime could not start (out of threads or memory).
    #[error("could not start the async runtime: {0}")]
    Runtime(#[source] io::Error),
    /// The emulator could not start or stopped with an error.
    #[error("emulator: {0}")]
    Emulator(#[source] io::Error),
    /// The completions and man pages could not be written (`dg __generate`).
    #[error("could not write the completions and man pages: {0}")]
    Generate(#[source] io::Error),
}

/// Exit code for a usage error (the same code clap uses for a bad command line).
pub const USAGE: u8 = 2;

impl CliError {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Core(err) => kind_code(err.kind()),
            CliError::Usage(_) => USAGE,
            CliError::Runtime(_) => 1,
            CliError::Stdout(_)
            | CliError::KeyNotShown { .. }
            | CliError::Emulator(_)
            | CliError::Generate(_) => 7,
        }
    }
}

fn kind_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::InvalidOptions | ErrorKind::Config => USAGE,
        ErrorKind::Auth | ErrorKind::PermissionDenied => 3,
        ErrorKind::NotFound | ErrorKind::BadRequest | ErrorKind::PaymentRequired => 4,
        ErrorKind::RateLimited | ErrorKind::Server => 5,
        ErrorKind::Timeout | ErrorKind::Network => 6,
        ErrorKind::Io => 7,
        ErrorKind::Decode | ErrorKind::KeyCreatedUndecodable => 8,
        // A class added to dg-core after this CLI was written.
        _ => 1,
    }
}

/// Prints a failure as one `error: …` line on stderr and turns the outcome into the exit
/// code. A reader that closed the pipe early (`dg … | head -1`) is not a failure.
pub fn report(result: Result<(), CliError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Stdout(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            // API messages are quoted from response bodies and may span lines.
            let line = err.to_string().replace(['\r', '\n'], " ");
            eprintln!("error: {line}");
            ExitCode::from(err.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dg_core::{ApiError, Error};

    fn api(status: u16) -> CliError {
        CliError::Core(Error::from_api(
            ApiError::from_body(status, None, b"{}"),
            None,
        ))
    }

    fn timeout() -> Error {
        Error::Timeout {
            message: "x".into(),
            request_sent: true,
        }
    }

    #[test]
    fn each_class_of_failure_has_its_documented_code() {
        let cases = [
            (CliError::Core(Error::invalid("x")), 2),
            (CliError::Core(Error::config(None, "x")), 2),
            (CliError::Usage("x".into()), 2),
            (api(401), 3),
            (api(403), 3),
            (api(400), 4),
            (api(402), 4),
            (api(404), 4),
            (api(429), 5),
            (api(503), 5),
            (CliError::Core(timeout()), 6),
            (
                CliError::Core(Error::Network {
                    message: "x".into(),
                    request_sent: false,
                    source: None,
                }),
                6,
            ),
            (
                CliError::Core(Error::Io {
                    path: "a.wav".into(),
                    source: io::Error::other("x"),
                }),
                7,
            ),
            (CliError::Stdout(io::Error::other("x")), 7),
            (
                CliError::Core(Error::Decode {
                    status: 200,
                    message: "x".into(),
                    excerpt: String::new(),
                }),
                8,
            ),
        ];
        let documented = crate::args::EXIT_CODES_HELP;
        for (err, code) in cases {
            assert_eq!(err.exit_code(), code, "{err}");
            assert!(
                documented.contains(&format!("\n  {code}  ")),
                "exit code {code} is not documented"
            );
        }
    }
}
