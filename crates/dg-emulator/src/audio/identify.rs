//! Recognising audio without decoding it: the container from its magic bytes and, where the
//! header says, its duration and channels. Bodies pass through [`AudioDigest`], which keeps
//! the SHA-256, the length and only the first bytes, so memory stays flat for any size.

use aws_lc_rs::digest::{Context, SHA256};

use crate::audio::wav;
use crate::hex::hex;

/// How much of the start of a file is kept for its header (WAV files can carry large `LIST`
/// chunks before `data`).
const HEAD_LEN: usize = 256 * 1024;

/// SHA-256 comes from aws-lc (already linked for TLS): its assembly runs at full speed even
/// in debug builds, where a pure-Rust SHA-256 manages about 13 MB/s, which would make the
/// multi-GB upload tests of every client crawl against a debug emulator.
pub(crate) struct AudioDigest {
    hasher: Context,
    len: u64,
    head: Vec<u8>,
}

/// A whole body, digested.
pub(crate) struct Digested {
    pub(crate) sha256: String,
    pub(crate) len: u64,
    pub(crate) head: Vec<u8>,
}

impl AudioDigest {
    pub(crate) fn new() -> AudioDigest {
        AudioDigest {
            hasher: Context::new(&SHA256),
            len: 0,
            head: Vec::new(),
        }
    }

    pub(crate) fn update(&mut self, chunk: &[u8]) {
        self.hasher.update(chunk);
        self.len += chunk.len() as u64;
        let room = HEAD_LEN.saturating_sub(self.head.len());
        self.head.extend_from_slice(&chunk[..room.min(chunk.len())]);
    }

    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    pub(crate) fn finish(self) -> Digested {
        Digested {
            sha256: hex(self.hasher.finish().as_ref()),
            len: self.len,
            head: self.head,
        }
    }
}

/// The containers Deepgram accepts that the emulator recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Container {
    Wav,
    Flac,
    Mp3,
    Ogg,
    WebM,
    Mp4,
}

impl Container {
    pub(crate) fn sniff(head: &[u8]) -> Option<Container> {
        let starts = |magic: &[u8]| head.starts_with(magic);
        if (starts(b"RIFF") || starts(b"RF64")) && head.get(8..12) == Some(b"WAVE") {
            Some(Container::Wav)
        } else if starts(b"fLaC") {
            Some(Container::Flac)
        } else if starts(b"OggS") {
            Some(Container::Ogg)
        } else if starts(&[0x1a, 0x45, 0xdf, 0xa3]) {
            Some(Container::WebM)
        } else if head.get(4..8) == Some(b"ftyp") {
            Some(Container::Mp4)
        } else if starts(b"ID3") || matches!(head, [0xff, second, ..] if second & 0xe0 == 0xe0) {
            // An ID3 tag, or an MPEG audio (or ADTS AAC) frame sync.
            Some(Container::Mp3)
        } else {
            None
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Container::Wav => "WAV",
            Container::Flac => "FLAC",
            Container::Mp3 => "MP3",
            Container::Ogg => "Ogg",
            Container::WebM => "WebM",
            Container::Mp4 => "MP4",
        }
    }
}

/// Headerless audio described by the `encoding`, `sample_rate` and `channels` options.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RawFormat {
    pub(crate) encoding: String,
    pub(crate) sample_rate: Option<u32>,
    pub(crate) channels: u16,
}

/// What the emulator could tell about an audio body.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AudioInfo {
    /// "WAV", "FLAC", …, or the raw encoding's name.
    pub(crate) format: String,
    pub(crate) channels: Option<u16>,
    pub(crate) duration: Option<f64>,
}

/// What the body is, or `None` when it is no audio Deepgram would accept.
pub(crate) fn identify(audio: &Digested, raw: Option<&RawFormat>) -> Option<AudioInfo> {
    let Some(container) = Container::sniff(&audio.head) else {
        return raw.map(|raw| raw_info(raw, audio.len));
    };
    let (channels, duration) = match container {
        Container::Wav => wav::parse(&audio.head, audio.len)
            .map_or((None, None), |info| (Some(info.channels), info.duration)),
        Container::Flac => flac_stream_info(&audio.head),
        _ => (None, None),
    };
    Some(AudioInfo {
        format: container.name().to_owned(),
        channels,
        duration,
    })
}

impl RawFormat {
    /// Bytes per sample of the fixed-size encodings (linear PCM, G.711); `None` for the
    /// compressed ones.
    pub(crate) fn bytes_per_sample(&self) -> Option<u64> {
        match self.encoding.as_str() {
            "linear16" => Some(2),
            "linear32" => Some(4),
            "mulaw" | "alaw" => Some(1),
            _ => None,
        }
    }
}

fn raw_info(raw: &RawFormat, len: u64) -> AudioInfo {
    let duration = raw
        .bytes_per_sample()
        .zip(raw.sample_rate)
        .and_then(|(size, rate)| {
            let bytes_per_second = u64::from(rate) * u64::from(raw.channels) * size;
            (bytes_per_second > 0).then(|| len as f64 / bytes_per_second as f64)
        });
    AudioInfo {
        format: raw.encoding.clone(),
        channels: Some(raw.channels),
        duration,
    }
}

/// Channels and duration from FLAC's mandatory first metadata block, STREAMINFO.
fn flac_stream_info(head: &[u8]) -> (Option<u16>, Option<f64>) {
    let Some(info) = head.get(8..26).filter(|_| head[4] & 0x7f == 0) else {
        return (None, None);
    };
    let sample_rate =
        (u32::from(info[10]) << 12) | (u32::from(info[11]) << 4) | (u32::from(info[12]) >> 4);
    let channels = u16::from((info[12] >> 1) & 0x07) + 1;
    let total_samples = (u64::from(info[13] & 0x0f) << 32)
        | u64::from(u32::from_be_bytes([info[14], info[15], info[16], info[17]]));
    let duration = (sample_rate > 0 && total_samples > 0)
        .then(|| total_samples as f64 / f64::from(sample_rate));
    (Some(channels), duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(bytes: &[u8]) -> Digested {
        let mut digest = AudioDigest::new();
        for chunk in bytes.chunks(7) {
            digest.update(chunk);
        }
        digest.finish()
    }

    #[test]
    fn digest_hashes_everything_but_keeps_only_the_head() {
        let bytes = vec![7u8; HEAD_LEN + 1000];
        let digested = digest(&bytes);
        assert_eq!(digested.len, bytes.len() as u64);
        assert_eq!(digested.head.len(), HEAD_LEN);
        assert_eq!(digested.sha256, crate::hex::sha256_hex(&bytes));
    }

    #[test]
    fn containers_are_told_by_their_magic_bytes() {
        let cases: &[(&[u8], Option<Container>)] = &[
            (b"RIFF\x24\0\0\0WAVEfmt ", Some(Container::Wav)),
            (b"fLaC\0\0\0\x22", Some(Container::Flac)),
            (b"ID3\x04\0\0", Some(Container::Mp3)),
            (&[0xff, 0xfb, 0x90, 0x64], Some(Container::Mp3)),
            (b"OggS\0\x02", Some(Container::Ogg)),
            (&[0x1a, 0x45, 0xdf, 0xa3, 0x9f], Some(Container::WebM)),
            (b"\0\0\0\x20ftypM4A ", Some(Container::Mp4)),
            (b"RIFF\x24\0\0\0AVI ", None),
            (b"{\"url\": \"https://example.com/a.wav\"}", None),
            (b"", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(Container::sniff(bytes), *expected, "{bytes:?}");
        }
    }

    #[test]
    fn flac_duration_comes_from_streaminfo() {
        let mut head = b"fLaC\x80\0\0\x22".to_vec();
        let mut info = [0u8; 34];
        // 44100 Hz, 2 channels, 16 bits, 88200 samples.
        let packed: u64 = (44100 << 44) | (1 << 41) | (15 << 36) | 88200;
        info[10..18].copy_from_slice(&packed.to_be_bytes());
        head.extend_from_slice(&info);
        let found = identify(&digest(&head), None).unwrap();
        assert_eq!((found.channels, found.duration), (Some(2), Some(2.0)));
    }

    #[test]
    fn raw_audio_needs_an_encoding_and_is_timed_by_it() {
        let body = digest(&[0u8; 32000]);
        assert_eq!(identify(&body, None), None);
        let raw = RawFormat {
            encoding: "linear16".into(),
            sample_rate: Some(16000),
            channels: 1,
        };
        assert_eq!(identify(&body, Some(&raw)).unwrap().duration, Some(1.0));
        let opus = RawFormat {
            encoding: "opus".into(),
            sample_rate: Some(16000),
            channels: 1,
        };
        assert_eq!(identify(&body, Some(&opus)).unwrap().duration, None);
    }

    #[test]
    fn real_fixture_headers_give_their_documented_durations() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/audio/");
        for (file, channels, seconds) in [
            ("Bueller-Life-moves-pretty-fast.wav", 2, 17.566),
            ("preamble-rest.wav", 1, 19.098),
            ("preamble-websocket.wav", 1, 19.098),
        ] {
            let bytes = std::fs::read(format!("{dir}{file}")).unwrap();
            let info = identify(&digest(&bytes), None).unwrap();
            assert_eq!(info.channels, Some(channels), "{file}");
            assert!(
                (info.duration.unwrap() - seconds).abs() < 0.001,
                "{file}: {info:?}"
            );
        }
    }
}
