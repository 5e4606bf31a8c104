//! `dg transcribe`: a URL is fetched by Deepgram, a file is streamed from disk by dg-core
//! (never read into memory here), `-` streams standard input.

use std::ffi::OsStr;
use std::io::IsTerminal;
use std::path::PathBuf;

use dg_core::ListenOptions;
use dg_core::models::ListenResponse;

use super::Context;
use crate::args::TranscribeArgs;
use crate::exit::CliError;
use crate::options::listen_options;
use crate::output;
use crate::progress::Upload;

/// Where the audio comes from.
#[derive(Debug, PartialEq)]
enum Source {
    Url(String),
    File(PathBuf),
    Stdin,
}

impl Source {
    /// An http(s) URL is remote; `-` is standard input; anything else is a path (which may
    /// not be UTF-8).
    fn parse(raw: &OsStr) -> Source {
        if raw == "-" {
            return Source::Stdin;
        }
        match raw.to_str().map(url::Url::parse) {
            Some(Ok(url)) if matches!(url.scheme(), "http" | "https") => Source::Url(url.into()),
            _ => Source::File(PathBuf::from(raw)),
        }
    }
}

/// Transcribes the source and prints the transcript or the whole answer.
pub async fn run(context: &Context, args: TranscribeArgs) -> Result<(), CliError> {
    let options = listen_options(&args.flags)?;
    let response = transcribe(context, Source::parse(&args.source), &options).await?;
    if args.json {
        return output::to_stdout(|out| output::json(out, &response));
    }
    // Warnings go with the diagnostics so stdout stays just the transcript.
    output::warnings(&mut std::io::stderr().lock(), &response).map_err(CliError::Stdout)?;
    output::to_stdout(|out| output::transcript(out, &response))
}

async fn transcribe(
    context: &Context,
    source: Source,
    options: &ListenOptions,
) -> Result<ListenResponse, CliError> {
    let client = &context.client;
    Ok(match source {
        Source::Url(url) => client.transcribe_url(&url, options).await?,
        Source::File(path) => {
            let bar = Upload::start();
            let result = client
                .transcribe_file_with_progress(&path, options, bar.as_ref().map(Upload::callback))
                .await;
            if let Some(bar) = bar {
                bar.finish();
            }
            result?
        }
        Source::Stdin => {
            if std::io::stdin().is_terminal() {
                return Err(CliError::Usage(
                    "`-` reads audio from standard input, which is a terminal: pipe audio in (e.g. `dg transcribe - < talk.wav`)".into(),
                ));
            }
            client
                .transcribe_reader(tokio::io::stdin(), None, None, options)
                .await?
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_files_and_stdin_are_told_apart() {
        let parse = |s: &str| Source::parse(OsStr::new(s));
        assert_eq!(
            parse("https://example.com/a.wav"),
            Source::Url("https://example.com/a.wav".into())
        );
        assert_eq!(
            parse("http://example.com/a.wav"),
            Source::Url("http://example.com/a.wav".into())
        );
        assert_eq!(parse("-"), Source::Stdin);
        for path in [
            "a.wav",
            "./https.wav",
            "C:\\audio\\a.wav",
            "file:///tmp/a.wav",
            "ftp://host/a.wav",
            "dir/http:x",
        ] {
            assert_eq!(parse(path), Source::File(path.into()), "{path}");
        }
    }
}
