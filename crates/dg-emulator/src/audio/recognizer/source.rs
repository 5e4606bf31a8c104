//! Where a live stream's samples come from: its bytes decoded as they arrive ([`Pcm`]), or,
//! for audio in a container, spooled and decoded a packet at a time ([`Compressed`]).

use super::compressed::Compressed;
use super::pcm::Pcm;
use crate::audio::identify::RawFormat;

/// Bytes of PCM decoded at a time: however large a frame, at most this much audio is added
/// to the window before a full window is recognized.
const PIECE: usize = 16 * 1024;

pub(super) enum Source {
    Pcm(Pcm),
    Compressed(Compressed),
}

impl Source {
    /// How to decode the stream that starts with `head` (read as `raw` says when it has no
    /// header); `None` for audio neither reads.
    pub(super) fn of(head: &[u8], raw: Option<&RawFormat>) -> Option<Source> {
        match Pcm::of(head, raw) {
            Some(pcm) => Some(Source::Pcm(pcm)),
            None => Compressed::of(head).map(Source::Compressed),
        }
    }

    /// The next samples, one `Vec` per channel, from the front of `bytes` (which this takes)
    /// and what came before them; `None` when nothing more can be decoded yet (`end`: the
    /// stream has ended).
    pub(super) fn next(
        &mut self,
        bytes: &mut &[u8],
        end: bool,
    ) -> Result<Option<&[Vec<f32>]>, String> {
        match self {
            Source::Pcm(pcm) => {
                if bytes.is_empty() {
                    return Ok(None);
                }
                let (piece, rest) = bytes.split_at(bytes.len().min(PIECE));
                *bytes = rest;
                Ok(Some(pcm.decode(piece)))
            }
            Source::Compressed(compressed) => {
                if !bytes.is_empty() {
                    compressed.write(std::mem::take(bytes))?;
                }
                compressed.next_planes(end)
            }
        }
    }

    /// The rate of the samples, once known.
    pub(super) fn rate(&self) -> Option<u32> {
        match self {
            Source::Pcm(pcm) => Some(pcm.rate()),
            Source::Compressed(compressed) => compressed.rate(),
        }
    }

    /// Seconds of audio decoded, for compressed audio, whose bytes do not tell its length;
    /// `None` for PCM, which the stream's clock times exactly.
    pub(super) fn decoded(&self) -> Option<f64> {
        match self {
            Source::Pcm(_) => None,
            Source::Compressed(compressed) => Some(compressed.decoded()),
        }
    }
}
