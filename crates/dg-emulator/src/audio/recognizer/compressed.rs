//! A live stream in a container (FLAC, Ogg, MP3, …) decoded as it arrives by the same
//! [`Decoder`] an upload goes through: the bytes are spooled to disk ([`Growing`]) and the
//! decoder reads the file a packet at a time while at least [`MARGIN`] bytes are ahead of
//! it, so no packet it reads is cut off by the end of what has arrived. The last bytes are
//! decoded when the stream ends.

use super::decode::{DecodeError, Decoder};
use super::growing::Growing;
use crate::audio::identify::Container;

/// Bytes that must be spooled beyond what the decoder has read before it reads on: more
/// than any packet (an Ogg page is at most 65 307 bytes, MP3 and FLAC frames are smaller).
const MARGIN: u64 = 96 * 1024;

/// One stream's compressed audio on its way to samples.
pub(super) struct Compressed {
    spool: Growing,
    container: Container,
    /// Opened once enough of the stream has arrived.
    decoder: Option<Decoder>,
    /// The decoder has reached the end of the audio.
    done: bool,
}

impl Compressed {
    /// The stream that starts with `head`, when it is in a container the decoder reads.
    pub(super) fn of(head: &[u8]) -> Option<Compressed> {
        let container = Container::sniff(head).filter(|c| Decoder::reads(*c))?;
        if !codec_read(container, head) {
            return None;
        }
        Some(Compressed {
            spool: Growing::new().ok()?,
            container,
            decoder: None,
            done: false,
        })
    }

    /// Spools the next bytes of the stream.
    pub(super) fn write(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.spool
            .append(bytes)
            .map_err(|e| format!("cannot spool the audio: {e}"))
    }

    /// The audio's rate, once the decoder has read its header.
    pub(super) fn rate(&self) -> Option<u32> {
        self.decoder.as_ref().map(Decoder::sample_rate)
    }

    /// Seconds of audio decoded so far.
    pub(super) fn decoded(&self) -> f64 {
        self.decoder.as_ref().map_or(0.0, |decoder| {
            decoder.frames() as f64 / f64::from(decoder.sample_rate())
        })
    }

    /// The next packet's samples, one `Vec` per channel; `None` while too little of the
    /// stream is ahead of the decoder (`end`: the whole stream has arrived), or at the end.
    pub(super) fn next_planes(&mut self, end: bool) -> Result<Option<&[Vec<f32>]>, String> {
        let ready = |spool: &Growing| end || spool.ahead() >= MARGIN;
        if self.done || !ready(&self.spool) {
            return Ok(None);
        }
        if self.decoder.is_none() {
            let reader = self.spool.reader().map_err(|e| e.to_string())?;
            let opened = Decoder::open(reader, self.container).map_err(|e| e.to_string())?;
            self.decoder = Some(opened);
            if !ready(&self.spool) {
                return Ok(None);
            }
        }
        let decoder = self.decoder.as_mut().expect("opened above");
        match decoder.next_planes() {
            Ok(Some(planes)) => Ok(Some(planes)),
            Ok(None) | Err(DecodeError::Empty) => {
                self.done = true;
                Ok(None)
            }
            Err(error) => Err(error.to_string()),
        }
    }
}

/// Whether the decoder has the codec of the stream that starts with `head`. Of Ogg streams,
/// it reads Vorbis only (symphonia is built without Opus): an Ogg stream's first page holds
/// its codec's identification header alone.
fn codec_read(container: Container, head: &[u8]) -> bool {
    if !matches!(container, Container::Ogg) {
        return true;
    }
    let payload = head.get(26).map(|&segments| 27 + usize::from(segments));
    payload
        .and_then(|at| head.get(at..))
        .is_some_and(|packet| packet.starts_with(b"\x01vorbis"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::wav::tests::header;

    /// Every sample the decoder hands out until it has nothing more (`end`: all has arrived).
    fn drain(compressed: &mut Compressed, end: bool) -> usize {
        let mut frames = 0;
        while let Some(planes) = compressed.next_planes(end).unwrap() {
            frames += planes[0].len();
        }
        frames
    }

    #[test]
    fn packets_are_decoded_while_enough_is_ahead_and_the_rest_at_the_end() {
        let frames = 160_000;
        let mut bytes = header(&[], 1, 1, 16_000, 16, frames as u32 * 2);
        bytes.extend((0..frames).flat_map(|i| ((i % 100) as i16 * 100).to_le_bytes()));
        let riff = bytes.len() as u32 - 8;
        bytes[4..8].copy_from_slice(&riff.to_le_bytes());
        let mut compressed = Compressed::of(&bytes).expect("a WAV file is decoded");
        let half_margin = MARGIN as usize / 2;
        compressed.write(&bytes[..half_margin]).unwrap();
        assert_eq!(drain(&mut compressed, false), 0, "too little has arrived");
        compressed.write(&bytes[half_margin..]).unwrap();
        let before_end = drain(&mut compressed, false);
        assert!(0 < before_end && before_end < frames, "{before_end}");
        assert_eq!(before_end + drain(&mut compressed, true), frames);
        assert!((compressed.decoded() - 10.0).abs() < 1e-9);
        assert_eq!(drain(&mut compressed, true), 0, "the end stays the end");
    }

    #[test]
    fn of_ogg_streams_only_vorbis_is_decoded() {
        let first_page = |packet: &[u8]| {
            let mut page = b"OggS".to_vec();
            page.resize(26, 0);
            page.push(1);
            page.push(packet.len() as u8);
            page.extend_from_slice(packet);
            page
        };
        assert!(Compressed::of(&first_page(b"\x01vorbis\0\0\0\0\x01")).is_some());
        assert!(Compressed::of(&first_page(b"OpusHead\x01\x01")).is_none());
        assert!(Compressed::of(b"OggS").is_none());
    }
}
