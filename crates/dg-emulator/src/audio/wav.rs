//! The header of a RIFF/WAVE file: its `fmt ` chunk and where its `data` chunk starts.
//!
//! Chunks are walked one by one, so files with `JUNK`, `LIST`, `FLLR` or other chunks before
//! (or between) `fmt ` and `data` are read correctly, and a `data` size that is zero or
//! all-ones (a stream written before its length was known, or RF64) means "up to the end".

/// What a WAV header says.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct WavInfo {
    /// The format tag (1 PCM, 3 IEEE float, 6 A-law, 7 mu-law, …), resolved through
    /// `WAVE_FORMAT_EXTENSIBLE`.
    pub(crate) format_tag: u16,
    pub(crate) channels: u16,
    pub(crate) sample_rate: u32,
    /// `None` when the `data` chunk starts beyond the bytes given.
    pub(crate) duration: Option<f64>,
    /// Bytes of audio per second.
    pub(crate) byte_rate: u32,
    /// Where the samples start; `None` when the `data` chunk starts beyond the bytes given.
    pub(crate) data_offset: Option<u64>,
}

#[derive(Clone, Copy)]
struct Fmt {
    format_tag: u16,
    channels: u16,
    sample_rate: u32,
    byte_rate: u32,
    block_align: u16,
}

const EXTENSIBLE: u16 = 0xfffe;

/// Reads the header from the first bytes of a file of `total_len` bytes; `None` when it is
/// not a WAVE file with a `fmt ` chunk.
pub(crate) fn parse(head: &[u8], total_len: u64) -> Option<WavInfo> {
    if head.len() < 12 || !matches!(&head[..4], b"RIFF" | b"RF64") || &head[8..12] != b"WAVE" {
        return None;
    }
    let mut fmt: Option<Fmt> = None;
    let mut offset: u64 = 12;
    while let Some(header) = slice(head, offset, 8) {
        let id = &header[..4];
        let size = u64::from(u32::from_le_bytes(header[4..8].try_into().ok()?));
        let body = offset + 8;
        match id {
            b"fmt " => fmt = Some(parse_fmt(slice(head, body, size.min(40))?)?),
            b"data" => {
                let fmt = fmt?;
                let available = total_len.saturating_sub(body);
                let data_len = if size == 0 || size == u64::from(u32::MAX) {
                    available
                } else {
                    size.min(available)
                };
                return Some(fmt.info(Some(data_len), Some(body)));
            }
            _ => {}
        }
        // Chunks are padded to an even length.
        offset = body + size + (size & 1);
    }
    fmt.map(|fmt| fmt.info(None, None))
}

fn parse_fmt(chunk: &[u8]) -> Option<Fmt> {
    let u16_at = |at: usize| {
        chunk
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |at: usize| {
        chunk
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let mut format_tag = u16_at(0)?;
    if format_tag == EXTENSIBLE {
        // The first two bytes of the SubFormat GUID are the real format tag.
        format_tag = u16_at(24).unwrap_or(EXTENSIBLE);
    }
    Some(Fmt {
        format_tag,
        channels: u16_at(2)?,
        sample_rate: u32_at(4)?,
        byte_rate: u32_at(8)?,
        block_align: u16_at(12)?,
    })
}

impl Fmt {
    fn info(self, data_len: Option<u64>, data_offset: Option<u64>) -> WavInfo {
        let duration = data_len.and_then(|len| {
            if self.block_align > 0 && self.sample_rate > 0 {
                let frames = len / u64::from(self.block_align);
                Some(frames as f64 / f64::from(self.sample_rate))
            } else if self.byte_rate > 0 {
                Some(len as f64 / f64::from(self.byte_rate))
            } else {
                None
            }
        });
        WavInfo {
            format_tag: self.format_tag,
            channels: self.channels,
            sample_rate: self.sample_rate,
            duration,
            byte_rate: self.byte_rate,
            data_offset,
        }
    }
}

fn slice(bytes: &[u8], offset: u64, len: u64) -> Option<&[u8]> {
    let start = usize::try_from(offset).ok()?;
    let end = start.checked_add(usize::try_from(len).ok()?)?;
    bytes.get(start..end)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A WAV header (with the given chunks before `fmt `) announcing `data_len` bytes.
    pub(crate) fn header(
        before_fmt: &[(&[u8; 4], usize)],
        format_tag: u16,
        channels: u16,
        sample_rate: u32,
        bits: u16,
        data_len: u32,
    ) -> Vec<u8> {
        let block_align = channels * bits.div_ceil(8);
        let mut out = b"RIFF\0\0\0\0WAVE".to_vec();
        for (id, size) in before_fmt {
            out.extend_from_slice(*id);
            out.extend_from_slice(&(*size as u32).to_le_bytes());
            out.extend(std::iter::repeat_n(0u8, size + (size & 1)));
        }
        out.extend_from_slice(b"fmt \x10\0\0\0");
        out.extend_from_slice(&format_tag.to_le_bytes());
        out.extend_from_slice(&channels.to_le_bytes());
        out.extend_from_slice(&sample_rate.to_le_bytes());
        out.extend_from_slice(&(sample_rate * u32::from(block_align)).to_le_bytes());
        out.extend_from_slice(&block_align.to_le_bytes());
        out.extend_from_slice(&bits.to_le_bytes());
        out.extend_from_slice(b"data");
        out.extend_from_slice(&data_len.to_le_bytes());
        out
    }

    #[test]
    fn reads_pcm_after_junk_list_and_odd_sized_chunks() {
        let head = header(
            &[(b"JUNK", 28), (b"LIST", 7), (b"FLLR", 4000)],
            1,
            2,
            44100,
            16,
            441_000,
        );
        let info = parse(&head, head.len() as u64 + 441_000).unwrap();
        assert_eq!(
            (info.format_tag, info.channels, info.sample_rate),
            (1, 2, 44100)
        );
        assert!((info.duration.unwrap() - 2.5).abs() < 1e-9);
    }

    #[test]
    fn mu_law_and_float_durations_follow_their_sample_sizes() {
        let mulaw = header(&[], 7, 1, 8000, 8, 8000 * 3);
        assert_eq!(
            parse(&mulaw, mulaw.len() as u64 + 24_000).unwrap().duration,
            Some(3.0)
        );
        let float = header(&[], 3, 2, 48000, 32, 48000 * 8);
        assert_eq!(
            parse(&float, float.len() as u64 + 384_000)
                .unwrap()
                .duration,
            Some(1.0)
        );
    }

    #[test]
    fn a_truncated_or_open_ended_data_chunk_counts_the_bytes_really_there() {
        let head = header(&[], 1, 1, 16000, 16, u32::MAX);
        assert_eq!(
            parse(&head, head.len() as u64 + 32000).unwrap().duration,
            Some(1.0)
        );
        let head = header(&[], 1, 1, 16000, 16, 320_000);
        assert_eq!(
            parse(&head, head.len() as u64 + 16000).unwrap().duration,
            Some(0.5)
        );
    }

    #[test]
    fn extensible_format_resolves_to_its_subformat() {
        let mut head = b"RIFF\0\0\0\0WAVEfmt \x28\0\0\0".to_vec();
        head.extend_from_slice(&0xfffeu16.to_le_bytes());
        head.extend_from_slice(&1u16.to_le_bytes());
        head.extend_from_slice(&8000u32.to_le_bytes());
        head.extend_from_slice(&32000u32.to_le_bytes());
        head.extend_from_slice(&4u16.to_le_bytes());
        head.extend_from_slice(&32u16.to_le_bytes());
        head.extend_from_slice(&22u16.to_le_bytes());
        head.extend_from_slice(&32u16.to_le_bytes());
        head.extend_from_slice(&4u32.to_le_bytes());
        head.extend_from_slice(&3u16.to_le_bytes()); // SubFormat: IEEE float
        head.extend_from_slice(&[0u8; 14]);
        head.extend_from_slice(b"data\0\x7d\0\0");
        let info = parse(&head, head.len() as u64 + 32000).unwrap();
        assert_eq!(info.format_tag, 3);
        assert_eq!(info.duration, Some(1.0));
    }

    #[test]
    fn not_wave_or_without_fmt_is_none() {
        assert_eq!(parse(b"RIFF\0\0\0\0AVI LIST", 100), None);
        assert_eq!(parse(b"RIFF\0\0\0\0WAVEdata\x04\0\0\0abcd", 24), None);
    }
}
