//! `dg listen`: streams a file or an http(s) URL (paced like a microphone, or faster) or
//! standard input to `wss://…/v1/listen` (or Flux's `/v2/listen` with `--flux`) and prints the
//! transcript as it comes. Pacing, keep-alive and the stream itself are dg-core's (`live::send_reader`,
//! `LiveSession`); this prints.

use std::io::{IsTerminal, Write};

use dg_core::live::{AudioFormat, Pace, send_reader, send_source};
use dg_core::{LiveConfig, LiveEvent};

use super::Context;
use super::source::Source;
use crate::args::ListenArgs;
use crate::exit::CliError;
use crate::options::{flux_options, with_pairs};

/// Streams the source and prints what comes back until the server closes the stream.
pub async fn run(context: &Context, args: ListenArgs) -> Result<(), CliError> {
    let mut extra: Vec<(&str, &str)> = Vec::new();
    if args.interim {
        extra.push(("interim_results", "true"));
    }
    extra.extend(args.encoding.as_deref().map(|e| ("encoding", e)));
    extra.extend(args.sample_rate.as_deref().map(|r| ("sample_rate", r)));
    let source = Source::parse(&args.source);
    if source == Source::Stdin && std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "`-` streams standard input, which is a terminal: pipe audio in (e.g. `arecord -f S16_LE -r 16000 -c 1 | dg listen - --encoding linear16 --sample-rate 16000`)".into(),
        ));
    }
    let pace = match (args.max || source == Source::Stdin, args.speed) {
        (true, _) => Pace::Max,
        (false, speed) => Pace::Speed(speed.unwrap_or(1.0)),
    };
    let (mut session, format) = if args.flux {
        let options = flux_options(&args.flags, &extra)?;
        let session = context
            .client
            .listen_flux(&options, LiveConfig::default())
            .await?;
        (session, AudioFormat::from(&options))
    } else {
        let options = with_pairs(&args.flags, &extra)?;
        let session = context
            .client
            .listen_live(&options, LiveConfig::default())
            .await?;
        (session, AudioFormat::from(&options))
    };
    let sender = session.sender();
    let feeding = tokio::spawn(async move {
        let sent = match source {
            Source::Stdin => send_reader(&sender, tokio::io::stdin(), format, pace).await,
            Source::Url(url) => send_source(&sender, dg_core::Source::Url(url), format, pace).await,
            Source::File(path) => {
                send_source(&sender, dg_core::Source::File(path.into()), format, pace).await
            }
        };
        // Whatever happened to the audio, end the stream: the server then sends the
        // results of what was sent, and closes.
        let closed = sender.close().await;
        sent.and(closed)
    });
    let mut printer = Printer::new(args.json);
    let mut outcome = Ok(());
    while let Some(event) = session.next_event().await {
        match event {
            Ok(event) => printer.print(&event).map_err(CliError::Stdout)?,
            Err(error) => {
                outcome = Err(error.into());
                break;
            }
        }
    }
    printer.end().map_err(CliError::Stdout)?;
    drop(session);
    // The audio's own failure (a missing file, a bad pace) explains more than the stream's end.
    match feeding.await {
        Ok(Err(error)) => Err(error.into()),
        _ => outcome,
    }
}

/// Writes events: JSON lines, or final transcripts with the interim one redrawn in place on
/// a terminal.
struct Printer {
    json: bool,
    live_line: bool,
    interim_shown: bool,
}

impl Printer {
    fn new(json: bool) -> Printer {
        Printer {
            json,
            live_line: std::io::stdout().is_terminal(),
            interim_shown: false,
        }
    }

    fn print(&mut self, event: &LiveEvent) -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        if self.json {
            writeln!(out, "{}", event.to_json())?;
            return out.flush();
        }
        // A final result or a turn's end is a line; an interim result or a turn's update is
        // redrawn in place.
        let (text, done) = match event {
            LiveEvent::Results(result) => (
                result.transcript().unwrap_or_default(),
                result.is_final == Some(true),
            ),
            LiveEvent::TurnInfo(turn) => (turn.transcript.as_str(), turn.is_end_of_turn()),
            _ => return Ok(()),
        };
        if done {
            self.clear(&mut out)?;
            if !text.is_empty() {
                writeln!(out, "{text}")?;
            }
        } else if self.live_line {
            self.clear(&mut out)?;
            write!(out, "{text}")?;
            self.interim_shown = true;
        }
        out.flush()
    }

    /// Erases the interim line, if one is shown.
    fn clear(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        if self.interim_shown {
            write!(out, "\r\x1b[2K")?;
            self.interim_shown = false;
        }
        Ok(())
    }

    fn end(&mut self) -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        self.clear(&mut out)?;
        out.flush()
    }
}
