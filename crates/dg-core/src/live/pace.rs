//! Streaming a reader into a session at the audio's own pace (real time, N times real time)
//! or as fast as the server takes it, so a recorded file can stand in for a microphone.

use std::time::Duration;

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio_util::io::StreamReader;

use super::LiveSender;
use crate::error::{Error, Result};
use crate::options::{Encoding, FluxOptions, ListenOptions};
use crate::source::{ByteStream, Source};

/// How fast to send.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pace {
    /// `speed` times real time (1.0: as a microphone would).
    Speed(f64),
    /// As fast as the connection and the server take it.
    Max,
}

/// What says the byte rate of raw audio without a WAV header: the stream's `encoding`,
/// `sample_rate` and `channels` (from [`ListenOptions`] or [`FluxOptions`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AudioFormat {
    /// `encoding`.
    pub encoding: Option<Encoding>,
    /// `sample_rate`, in Hz.
    pub sample_rate: Option<u32>,
    /// `channels` (1 when unset).
    pub channels: Option<u32>,
}

impl From<&ListenOptions> for AudioFormat {
    fn from(options: &ListenOptions) -> Self {
        AudioFormat {
            encoding: options.encoding.clone(),
            sample_rate: options.sample_rate,
            channels: options.channels,
        }
    }
}

impl From<&FluxOptions> for AudioFormat {
    fn from(options: &FluxOptions) -> Self {
        AudioFormat {
            encoding: options.encoding.as_ref().map(|e| e.encoding()),
            sample_rate: options.sample_rate,
            channels: None,
        }
    }
}

/// Audio sent per chunk when pacing: a tenth of a second.
const PACED_CHUNK_SECONDS: f64 = 0.1;
/// Chunk size when not pacing.
const MAX_CHUNK: usize = 32 * 1024;

/// Bytes of audio per second: from a WAV header at the start of `head`, else from the
/// format's `encoding`, `sample_rate` and `channels`. `None` when neither says.
pub fn byte_rate(head: &[u8], format: &AudioFormat) -> Option<f64> {
    if let Some(rate) = wav_byte_rate(head) {
        return Some(f64::from(rate));
    }
    let bytes_per_sample = f64::from(format.encoding.as_ref()?.bytes_per_sample()?);
    let rate = f64::from(format.sample_rate?);
    Some(bytes_per_sample * rate * f64::from(format.channels.unwrap_or(1)))
}

/// Bytes per sample frame (all channels): a WAV header's block alignment, else what
/// `encoding` and `channels` give; 1 when neither says.
pub(crate) fn frame_bytes(head: &[u8], format: &AudioFormat) -> u64 {
    if let Some((at, _)) = wav_chunk(head, b"fmt ") {
        if let Some(align) = head.get(at + 12..at + 14) {
            return u64::from(u16::from_le_bytes([align[0], align[1]]).max(1));
        }
    }
    let sample = format
        .encoding
        .as_ref()
        .and_then(Encoding::bytes_per_sample)
        .unwrap_or(1);
    u64::from(sample) * u64::from(format.channels.unwrap_or(1).max(1))
}

/// Where the samples of a RIFF/WAVE file start (the `data` chunk's body).
pub(crate) fn wav_data_offset(head: &[u8]) -> Option<usize> {
    wav_chunk(head, b"data").map(|(at, _)| at)
}

/// The body offset and size of the first chunk `id` of a RIFF/WAVE header.
fn wav_chunk(head: &[u8], id: &[u8; 4]) -> Option<(usize, usize)> {
    if head.len() < 12 || &head[..4] != b"RIFF" || &head[8..12] != b"WAVE" {
        return None;
    }
    let mut at = 12usize;
    while at + 8 <= head.len() {
        let size = u32::from_le_bytes(head[at + 4..at + 8].try_into().ok()?) as usize;
        if &head[at..at + 4] == id {
            return Some((at + 8, size));
        }
        at = at.checked_add(8 + size + (size & 1))?;
    }
    None
}

/// The `fmt ` chunk's byte rate of a RIFF/WAVE header.
fn wav_byte_rate(head: &[u8]) -> Option<u32> {
    let (at, _) = wav_chunk(head, b"fmt ")?;
    let rate = head.get(at + 8..at + 12)?;
    Some(u32::from_le_bytes(rate.try_into().ok()?)).filter(|r| *r > 0)
}

/// Sends everything `reader` yields, at `pace`, then returns the bytes sent (it does not
/// close the stream). Pacing needs the byte rate ([`byte_rate`] of the first bytes, or of
/// `format`: the stream's options); audio whose rate is unknown is refused with
/// [`Error::InvalidOptions`] unless the pace is [`Pace::Max`].
pub async fn send_reader(
    sender: &LiveSender,
    mut reader: impl AsyncRead + Unpin,
    format: impl Into<AudioFormat>,
    pace: Pace,
) -> Result<u64> {
    let format = format.into();
    let speed = match pace {
        Pace::Max => None,
        Pace::Speed(speed) if speed.is_finite() && speed > 0.0 => Some(speed),
        Pace::Speed(speed) => {
            return Err(Error::invalid_option(
                "speed",
                format!("`speed` must be a positive number, not {speed}"),
            ));
        }
    };
    let mut head = vec![0u8; MAX_CHUNK];
    let n = read_full(&mut reader, &mut head).await?;
    head.truncate(n);
    let rate = match speed {
        Some(speed) => Some(byte_rate(&head, &format).ok_or_else(|| {
            Error::invalid(
                "cannot pace this audio: it has no WAV header, and `encoding` + `sample_rate` do not say its byte rate (send it as fast as possible instead)",
            )
        })? * speed),
        None => None,
    };
    let chunk = rate.map_or(MAX_CHUNK, |r| ((r * PACED_CHUNK_SECONDS) as usize).max(1));
    let start = tokio::time::Instant::now();
    let mut sent = 0u64;
    let mut pending = Bytes::from(head);
    loop {
        while !pending.is_empty() {
            let piece = pending.split_to(chunk.min(pending.len()));
            sent += piece.len() as u64;
            sender.send(piece).await?;
            if let Some(rate) = rate {
                tokio::time::sleep_until(start + Duration::from_secs_f64(sent as f64 / rate)).await;
            }
        }
        let mut buf = vec![0u8; chunk.max(MAX_CHUNK)];
        let n = read_full(&mut reader, &mut buf).await?;
        if n == 0 {
            return Ok(sent);
        }
        buf.truncate(n);
        pending = Bytes::from(buf);
    }
}

/// Sends a [`Source`] into the session at `pace`, as [`send_reader`] does: a file (by path or
/// already open, from its offset), bytes, a stream of chunks, or a URL (fetched by
/// [`super::open_url`]). One function for every front end that streams what it would upload.
pub async fn send_source(
    sender: &LiveSender,
    source: Source,
    format: impl Into<AudioFormat>,
    pace: Pace,
) -> Result<u64> {
    let chunks: ByteStream = match source {
        Source::Url(url) => {
            let audio = super::open_url(&url).await?;
            return send_reader(sender, audio, format, pace).await;
        }
        Source::File(file) => {
            let (len, _) = file.prepare().await?;
            file.chunks(len).await?
        }
        Source::Bytes { data, .. } => Box::pin(futures_util::stream::once(async { Ok(data) })),
        Source::Stream { stream, .. } => stream,
    };
    send_reader(sender, StreamReader::new(chunks), format, pace).await
}

/// Fills `buf` as far as the reader goes; the count read (less only at the end).
async fn read_full(reader: &mut (impl AsyncRead + Unpin), buf: &mut [u8]) -> Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        let read = reader
            .read(&mut buf[n..])
            .await
            .map_err(|e| Error::Network {
                message: format!("reading the audio failed: {e}"),
                request_sent: true,
                source: Some(Box::new(e)),
            })?;
        if read == 0 {
            break;
        }
        n += read;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_rate_comes_from_the_header_or_the_options() {
        let preamble = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/audio/preamble-rest.wav"
        ))
        .unwrap();
        let unset = AudioFormat::default();
        assert_eq!(byte_rate(&preamble[..64], &unset), Some(44_100.0));
        let raw = ListenOptions {
            encoding: Some(Encoding::Linear16),
            sample_rate: Some(16_000),
            channels: Some(2),
            ..Default::default()
        };
        assert_eq!(byte_rate(b"\x01\x02", &(&raw).into()), Some(64_000.0));
        assert_eq!(byte_rate(b"\x01\x02", &unset), None);
        let flux = FluxOptions {
            encoding: Some(crate::options::FluxEncoding::Mulaw),
            sample_rate: Some(8_000),
            ..Default::default()
        };
        assert_eq!(byte_rate(b"\x01\x02", &(&flux).into()), Some(8_000.0));
    }
}
