//! `dg transcribe`: a URL is fetched by Deepgram, a file is streamed from disk by dg-core
//! (never read into memory here), `-` streams standard input.

use std::io::IsTerminal;

use dg_core::ListenOptions;
use dg_core::models::ListenResponse;

use super::Context;
use super::source::Source;
use crate::args::TranscribeArgs;
use crate::exit::CliError;
use crate::options::listen_options;
use crate::output;
use crate::progress::Upload;

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
