//! The samples of a live stream as its frames arrive: linear PCM (8 to 32 bits), 32-bit float
//! and G.711 (mu-law, A-law), as a WAV header or the query's raw `encoding` says. A live
//! stream's frames are cut anywhere, so the bytes of an unfinished sample frame wait for the
//! next. Compressed streams (FLAC, Ogg, MP3, …) are read by the file decoder instead
//! ([`Compressed`](super::compressed::Compressed)).

use crate::audio::identify::RawFormat;
use crate::audio::wav;

/// How one sample is written.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Sample {
    U8,
    I16,
    I24,
    I32,
    F32,
    MuLaw,
    ALaw,
}

impl Sample {
    fn size(self) -> usize {
        match self {
            Sample::U8 | Sample::MuLaw | Sample::ALaw => 1,
            Sample::I16 => 2,
            Sample::I24 => 3,
            Sample::I32 | Sample::F32 => 4,
        }
    }

    /// The sample in `bytes` (little-endian), from -1 to 1.
    fn read(self, bytes: &[u8]) -> f32 {
        match self {
            Sample::U8 => (f32::from(bytes[0]) - 128.0) / 128.0,
            Sample::I16 => f32::from(i16::from_le_bytes([bytes[0], bytes[1]])) / 32_768.0,
            Sample::I24 => {
                (i32::from_le_bytes([0, bytes[0], bytes[1], bytes[2]]) >> 8) as f32 / 8_388_608.0
            }
            Sample::I32 => {
                i32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as f32
                    / 2_147_483_648.0
            }
            Sample::F32 => f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
            Sample::MuLaw => f32::from(mu_law(bytes[0])) / 32_768.0,
            Sample::ALaw => f32::from(a_law(bytes[0])) / 32_768.0,
        }
    }
}

/// G.711 mu-law to 16-bit linear.
fn mu_law(byte: u8) -> i16 {
    const BIAS: i16 = 0x84;
    let u = !byte;
    let magnitude = ((i16::from(u & 0x0f) << 3) + BIAS) << ((u >> 4) & 7);
    if u & 0x80 != 0 {
        BIAS - magnitude
    } else {
        magnitude - BIAS
    }
}

/// G.711 A-law to 16-bit linear.
fn a_law(byte: u8) -> i16 {
    let a = byte ^ 0x55;
    let mantissa = i16::from(a & 0x0f) << 4;
    let magnitude = match (a >> 4) & 7 {
        0 => mantissa + 8,
        segment => (mantissa + 0x108) << (segment - 1),
    };
    if a & 0x80 != 0 { magnitude } else { -magnitude }
}

/// A stream's samples, decoded as its bytes arrive.
pub(crate) struct Pcm {
    sample: Sample,
    channels: usize,
    rate: u32,
    /// Header bytes still to skip.
    skip: usize,
    /// The bytes of an unfinished sample frame.
    carry: Vec<u8>,
    planes: Vec<Vec<f32>>,
}

impl Pcm {
    /// How to read the stream that starts with `head` (read as the live clock reads it: a WAV
    /// header, else the query's `encoding`); `None` when it is not linear PCM or G.711.
    pub(crate) fn of(head: &[u8], raw: Option<&RawFormat>) -> Option<Pcm> {
        if let Some(info) = wav::parse(head, u64::MAX) {
            let frame_rate = info.sample_rate.checked_mul(u32::from(info.channels))?;
            let size = info.byte_rate.checked_div(frame_rate)?;
            let sample = match (info.format_tag, size) {
                (1, 1) => Sample::U8,
                (1, 2) => Sample::I16,
                (1, 3) => Sample::I24,
                (1, 4) => Sample::I32,
                (3, 4) => Sample::F32,
                (6, 1) => Sample::ALaw,
                (7, 1) => Sample::MuLaw,
                _ => return None,
            };
            let skip = usize::try_from(info.data_offset?).ok()?;
            return Pcm::new(sample, info.channels, info.sample_rate, skip);
        }
        let raw = raw?;
        let sample = match raw.encoding.as_str() {
            "linear16" => Sample::I16,
            "linear32" => Sample::I32,
            "mulaw" => Sample::MuLaw,
            "alaw" => Sample::ALaw,
            _ => return None,
        };
        // As the live clock assumes, and Deepgram requires the rate with an encoding.
        Pcm::new(sample, raw.channels, raw.sample_rate.unwrap_or(16_000), 0)
    }

    fn new(sample: Sample, channels: u16, rate: u32, skip: usize) -> Option<Pcm> {
        (channels > 0 && rate > 0).then(|| Pcm {
            sample,
            channels: usize::from(channels),
            rate,
            skip,
            carry: Vec::new(),
            planes: vec![Vec::new(); usize::from(channels)],
        })
    }

    pub(crate) fn rate(&self) -> u32 {
        self.rate
    }

    /// The samples of the whole sample frames in `bytes` and the bytes before them, one
    /// `Vec` per channel.
    pub(crate) fn decode(&mut self, mut bytes: &[u8]) -> &[Vec<f32>] {
        let skipped = self.skip.min(bytes.len());
        self.skip -= skipped;
        bytes = &bytes[skipped..];
        for plane in &mut self.planes {
            plane.clear();
        }
        let frame = self.sample.size() * self.channels;
        if !self.carry.is_empty() {
            let missing = (frame - self.carry.len()).min(bytes.len());
            self.carry.extend_from_slice(&bytes[..missing]);
            bytes = &bytes[missing..];
            if self.carry.len() == frame {
                let carried = std::mem::take(&mut self.carry);
                self.read_frames(&carried);
            }
        }
        let whole = bytes.len() / frame * frame;
        self.read_frames(&bytes[..whole]);
        self.carry.extend_from_slice(&bytes[whole..]);
        &self.planes
    }

    fn read_frames(&mut self, bytes: &[u8]) {
        let size = self.sample.size();
        for frame in bytes.chunks_exact(size * self.channels) {
            for (plane, sample) in self.planes.iter_mut().zip(frame.chunks_exact(size)) {
                plane.push(self.sample.read(sample));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g711_follows_the_standard_tables() {
        assert_eq!((mu_law(0xff), mu_law(0x7f)), (0, 0));
        assert_eq!((mu_law(0x00), mu_law(0x80)), (-32_124, 32_124));
        assert_eq!((a_law(0xd5), a_law(0x55)), (8, -8));
        assert_eq!((a_law(0xaa), a_law(0x2a)), (32_256, -32_256));
    }

    #[test]
    fn frames_cut_anywhere_give_every_sample_once_after_the_header() {
        let header = crate::audio::wav::tests::header(&[], 1, 2, 8000, 16, 0);
        let samples: Vec<i16> = (0..1000).map(|i| (i * 37 % 2000 - 1000) as i16).collect();
        let mut bytes = header.clone();
        bytes.extend(samples.iter().flat_map(|s| s.to_le_bytes()));
        let mut pcm = Pcm::of(&bytes[..header.len()], None).unwrap();
        assert_eq!(pcm.rate(), 8000);
        let (mut left, mut right) = (Vec::new(), Vec::new());
        for piece in bytes.chunks(7) {
            let planes = pcm.decode(piece);
            left.extend_from_slice(&planes[0]);
            right.extend_from_slice(&planes[1]);
        }
        let expect = |parity: usize| -> Vec<f32> {
            samples
                .iter()
                .skip(parity)
                .step_by(2)
                .map(|&s| f32::from(s) / 32_768.0)
                .collect()
        };
        assert_eq!((left, right), (expect(0), expect(1)));
    }

    #[test]
    fn raw_encodings_are_read_and_compressed_ones_are_not() {
        let raw = |encoding: &str| RawFormat {
            encoding: encoding.into(),
            sample_rate: Some(8000),
            channels: 1,
        };
        let mut pcm = Pcm::of(b"\xff\x7f", Some(&raw("mulaw"))).unwrap();
        assert_eq!(pcm.decode(&[0xff, 0x80]), [vec![0.0, 32_124.0 / 32_768.0]]);
        let mut pcm = Pcm::of(b"", Some(&raw("linear32"))).unwrap();
        assert_eq!(pcm.decode(&i32::MIN.to_le_bytes()), [vec![-1.0]]);
        assert!(Pcm::of(b"", Some(&raw("opus"))).is_none());
        assert!(Pcm::of(b"fLaC\0\0\0\x22", None).is_none());
    }
}
