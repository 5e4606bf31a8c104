//! A small FLAC encoder, for compressed test audio without an encoder on the machine: mono
//! 16-bit frames of 4096 samples, each a fixed second-order predictor whose residual is
//! Rice-coded (about half the size of the PCM for speech).

/// Samples per frame.
const BLOCK: usize = 4096;

/// Bits, most significant first.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    used: u32,
}

impl Bits {
    fn put(&mut self, value: u64, count: u32) {
        for bit in (0..count).rev() {
            if self.used % 8 == 0 {
                self.bytes.push(0);
            }
            let last = self.bytes.last_mut().unwrap();
            *last |= (((value >> bit) & 1) as u8) << (7 - self.used % 8);
            self.used += 1;
        }
    }

    fn rice(&mut self, value: u32, k: u32) {
        for _ in 0..value >> k {
            self.put(0, 1);
        }
        self.put(1, 1);
        self.put(u64::from(value), k);
    }

    /// Pads to a whole byte and hands out the bytes.
    fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

fn crc8(bytes: &[u8]) -> u8 {
    bytes.iter().fold(0u8, |crc, &byte| {
        (0..8).fold(crc ^ byte, |c, _| {
            if c & 0x80 != 0 {
                (c << 1) ^ 0x07
            } else {
                c << 1
            }
        })
    })
}

fn crc16(bytes: &[u8]) -> u16 {
    bytes.iter().fold(0u16, |crc, &byte| {
        (0..8).fold(crc ^ (u16::from(byte) << 8), |c, _| {
            if c & 0x8000 != 0 {
                (c << 1) ^ 0x8005
            } else {
                c << 1
            }
        })
    })
}

/// `samples` (from -1 to 1, padded with silence to whole frames) as a FLAC file.
pub fn encode(samples: &[f32], rate: u32) -> Vec<u8> {
    let mut pcm: Vec<i32> = samples
        .iter()
        .map(|&s| (s * 32_768.0).round().clamp(-32_768.0, 32_767.0) as i32)
        .collect();
    pcm.resize(pcm.len().div_ceil(BLOCK) * BLOCK, 0);
    let mut out = b"fLaC".to_vec();
    let mut info = Bits::default();
    info.put(1 << 7, 8); // the last metadata block, STREAMINFO
    info.put(34, 24);
    info.put(BLOCK as u64, 16);
    info.put(BLOCK as u64, 16);
    info.put(0, 48); // frame sizes unknown
    info.put(u64::from(rate), 20);
    info.put(0, 3); // mono
    info.put(15, 5); // 16 bits
    info.put(pcm.len() as u64, 36);
    info.put(0, 64);
    info.put(0, 64); // no MD5
    out.extend(info.into_bytes());
    for (number, block) in pcm.chunks(BLOCK).enumerate() {
        out.extend(frame(number, block));
    }
    out
}

fn frame(number: usize, block: &[i32]) -> Vec<u8> {
    assert!(number < 128, "frame numbers of one UTF-8 byte");
    let mut bits = Bits::default();
    bits.put(0b11_1111_1111_1110, 14);
    bits.put(0, 2); // reserved, fixed block size
    bits.put(0b0111, 4); // block size - 1 in 16 bits after the header
    bits.put(0, 4); // the rate of STREAMINFO
    bits.put(0, 4); // mono
    bits.put(0b100, 3); // 16 bits
    bits.put(0, 1);
    bits.put(number as u64, 8);
    bits.put(block.len() as u64 - 1, 16);
    let crc = crc8(&bits.bytes);
    bits.put(u64::from(crc), 8);
    // A FIXED subframe of order 2, without wasted bits.
    bits.put(0, 1);
    bits.put(0b00_1010, 6);
    bits.put(0, 1);
    for &warm_up in &block[..2] {
        bits.put(warm_up as u16 as u64, 16);
    }
    let residual: Vec<u32> = block
        .windows(3)
        .map(|w| w[2] - 2 * w[1] + w[0])
        .map(|r| ((r << 1) ^ (r >> 31)) as u32)
        .collect();
    let cost = |k: u32| {
        residual
            .iter()
            .map(|&u| u64::from(u >> k) + 1 + u64::from(k))
            .sum::<u64>()
    };
    let k = (0..15).min_by_key(|&k| cost(k)).unwrap();
    bits.put(0, 2); // Rice, 4-bit parameters
    bits.put(0, 4); // one partition
    bits.put(u64::from(k), 4);
    for &value in &residual {
        bits.rice(value, k);
    }
    let mut bytes = bits.into_bytes();
    let crc = crc16(&bytes);
    bytes.extend(crc.to_be_bytes());
    bytes
}
