//! Reading the 16-bit fixtures and writing WAV files in every encoding the recognizer reads,
//! so the tests send audio no recording matches (its bytes, hence its hash, differ).

/// A WAV sample encoding.
#[derive(Clone, Copy, Debug)]
pub enum Encoding {
    Pcm8,
    Pcm16,
    Pcm24,
    Pcm32,
    Float32,
    ALaw,
}

impl Encoding {
    pub const ALL: [Encoding; 6] = [
        Encoding::Pcm8,
        Encoding::Pcm16,
        Encoding::Pcm24,
        Encoding::Pcm32,
        Encoding::Float32,
        Encoding::ALaw,
    ];

    fn format_tag(self) -> u16 {
        match self {
            Encoding::Float32 => 3,
            Encoding::ALaw => 6,
            _ => 1,
        }
    }

    fn bytes(self) -> u16 {
        match self {
            Encoding::Pcm8 | Encoding::ALaw => 1,
            Encoding::Pcm16 => 2,
            Encoding::Pcm24 => 3,
            Encoding::Pcm32 | Encoding::Float32 => 4,
        }
    }

    fn encode(self, sample: f32, out: &mut Vec<u8>) {
        let sample = sample.clamp(-1.0, 1.0);
        match self {
            Encoding::Pcm8 => out.push((sample * 127.0 + 128.0).round() as u8),
            Encoding::Pcm16 => out.extend_from_slice(&((sample * 32767.0) as i16).to_le_bytes()),
            Encoding::Pcm24 => {
                out.extend_from_slice(&((sample * 8_388_607.0) as i32).to_le_bytes()[..3])
            }
            Encoding::Pcm32 => {
                out.extend_from_slice(&((f64::from(sample) * 2_147_483_647.0) as i32).to_le_bytes())
            }
            Encoding::Float32 => out.extend_from_slice(&sample.to_le_bytes()),
            Encoding::ALaw => out.push(alaw((sample * 32767.0) as i16)),
        }
    }
}

/// G.711 A-law, as ITU-T's reference encoder does it.
fn alaw(sample: i16) -> u8 {
    let mut value = i32::from(sample) >> 3;
    let mask = if value >= 0 {
        0xd5
    } else {
        value = -value - 1;
        0x55
    };
    let segment = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff]
        .iter()
        .position(|&end| value <= end);
    let Some(segment) = segment else {
        return 0x7f ^ mask;
    };
    let shift = if segment < 2 { 1 } else { segment };
    let code = ((segment as i32) << 4) | ((value >> shift) & 0x0f);
    (code as u8) ^ mask
}

/// Audio as interleaved samples in [-1, 1].
pub struct Pcm {
    pub rate: u32,
    pub channels: u16,
    pub samples: Vec<f32>,
}

impl Pcm {
    pub fn duration(&self) -> f64 {
        self.samples.len() as f64 / f64::from(self.channels) / f64::from(self.rate)
    }
}

/// The samples of a 16-bit PCM WAV file, whatever chunks surround `fmt ` and `data`.
pub fn read_pcm16(bytes: &[u8]) -> Pcm {
    let mut at = 12;
    let (mut rate, mut channels) = (0, 0);
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let len = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
        let body = &bytes[at + 8..(at + 8 + len).min(bytes.len())];
        match id {
            b"fmt " => {
                assert_eq!(u16::from_le_bytes([body[14], body[15]]), 16, "16-bit only");
                channels = u16::from_le_bytes([body[2], body[3]]);
                rate = u32::from_le_bytes(body[4..8].try_into().unwrap());
            }
            b"data" => {
                let samples = body
                    .chunks_exact(2)
                    .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
                    .collect();
                return Pcm {
                    rate,
                    channels,
                    samples,
                };
            }
            _ => {}
        }
        at += 8 + len + (len & 1);
    }
    panic!("no data chunk");
}

/// The header of a WAV file of `frames` frames.
pub fn header(encoding: Encoding, rate: u32, channels: u16, frames: u64) -> Vec<u8> {
    let block_align = channels * encoding.bytes();
    let data_len = u32::try_from(frames * u64::from(block_align)).expect("under 4 GiB");
    let pcm = encoding.format_tag() == 1;
    let mut out = b"RIFF\0\0\0\0WAVE".to_vec();
    out.extend_from_slice(if pcm {
        b"fmt \x10\0\0\0"
    } else {
        b"fmt \x12\0\0\0"
    });
    out.extend_from_slice(&encoding.format_tag().to_le_bytes());
    out.extend_from_slice(&channels.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * u32::from(block_align)).to_le_bytes());
    out.extend_from_slice(&block_align.to_le_bytes());
    out.extend_from_slice(&(encoding.bytes() * 8).to_le_bytes());
    if !pcm {
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(b"fact\x04\0\0\0");
        out.extend_from_slice(&(frames as u32).to_le_bytes());
    }
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    let riff_len = (out.len() - 8) as u32 + data_len;
    out[4..8].copy_from_slice(&riff_len.to_le_bytes());
    out
}

/// `samples` (interleaved) in `encoding`, without a header.
pub fn encode(encoding: Encoding, samples: &[f32], out: &mut Vec<u8>) {
    for &sample in samples {
        encoding.encode(sample, out);
    }
}

/// A whole WAV file.
pub fn wav(encoding: Encoding, pcm: &Pcm) -> Vec<u8> {
    let frames = (pcm.samples.len() / usize::from(pcm.channels)) as u64;
    let mut out = header(encoding, pcm.rate, pcm.channels, frames);
    encode(encoding, &pcm.samples, &mut out);
    out
}

#[test]
fn alaw_matches_the_reference_encoder() {
    // The values CPython's audioop.lin2alaw gives.
    assert_eq!(alaw(0), 0xd5);
    assert_eq!(alaw(-1), 0x55);
    assert_eq!(alaw(32767), 0xaa);
    assert_eq!(alaw(-32768), 0x2a);
    assert_eq!(alaw(1000), 0xfa);
}
