//! Decoding an audio file with symphonia one packet at a time, so a file of any length is
//! read with a few packets' worth of samples in memory.

use std::io;

use symphonia::core::codecs::audio::{AudioDecoder, AudioDecoderOptions};
use symphonia::core::errors::Error;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader, TrackType};
use symphonia::core::io::{MediaSource, MediaSourceStream};
use symphonia::core::meta::MetadataOptions;

use crate::audio::identify::Container;

/// Why audio cannot be decoded; Deepgram answers all of these with its 400 "corrupt or
/// unsupported data".
#[derive(Debug, thiserror::Error)]
pub(crate) enum DecodeError {
    #[error("the audio cannot be read: {0}")]
    Unreadable(#[from] Error),
    #[error("the file has no audio track that can be decoded")]
    NoAudioTrack,
    #[error("the audio stops after {decoded} of the {declared} frames its header declares")]
    Truncated { decoded: u64, declared: u64 },
    #[error("the file holds no audio samples")]
    Empty,
}

/// WAV sample counts from here up are taken for the placeholder sizes of files written as
/// streams (nearly 2 or 4 GiB of data, in samples of at most 4 bytes); real files this long
/// (4.6 hours of 16 kHz mono) are not checked for truncation.
const STREAMED_WAV_SAMPLES: u64 = 1 << 28;

/// The extension symphonia knows a container by; `None` for the ones it is not built to read.
fn extension(container: Container) -> Option<&'static str> {
    match container {
        Container::Wav => Some("wav"),
        Container::Flac => Some("flac"),
        Container::Mp3 => Some("mp3"),
        Container::Ogg => Some("ogg"),
        Container::WebM | Container::Mp4 => None,
    }
}

/// The decoded audio of a file, packet by packet.
pub(crate) struct Decoder {
    format: Box<dyn FormatReader>,
    decoder: Box<dyn AudioDecoder>,
    track_id: u32,
    /// The frame count the container declares, when it is exact (WAV, FLAC).
    declared_frames: Option<u64>,
    sample_rate: u32,
    channels: usize,
    planes: Vec<Vec<f32>>,
    frames: u64,
}

impl Decoder {
    /// Whether the recognizer decodes audio in `container`.
    pub(crate) fn reads(container: Container) -> bool {
        extension(container).is_some()
    }

    /// Reads the header of `source` (a file, or a live stream's spool), which the sniffed
    /// `container` helps identify.
    pub(crate) fn open(
        source: impl MediaSource + 'static,
        container: Container,
    ) -> Result<Decoder, DecodeError> {
        let mut hint = Hint::new();
        if let Some(extension) = extension(container) {
            hint.with_extension(extension);
        }
        let stream = MediaSourceStream::new(Box::new(source), Default::default());
        let format = symphonia::default::get_probe().probe(
            &hint,
            stream,
            FormatOptions::default(),
            MetadataOptions::default(),
        )?;
        let track = format
            .default_track(TrackType::Audio)
            .ok_or(DecodeError::NoAudioTrack)?;
        let params = track
            .codec_params
            .as_ref()
            .and_then(|params| params.audio())
            .ok_or(DecodeError::NoAudioTrack)?;
        let sample_rate = params
            .sample_rate
            .filter(|&rate| rate > 0)
            .ok_or(DecodeError::NoAudioTrack)?;
        let channels = params
            .channels
            .as_ref()
            .map_or(0, |channels| channels.count());
        if channels == 0 {
            return Err(DecodeError::NoAudioTrack);
        }
        let decoder = symphonia::default::get_codecs()
            .make_audio_decoder(params, &AudioDecoderOptions::default())?;
        // MP3 and Ogg counts are estimates from optional headers: only exact ones can tell a
        // truncated file. A WAV written as a stream (espeak-ng --stdout, sox) declares a
        // placeholder size of nearly 2 or 4 GiB, which tells nothing either.
        let declared_frames = match container {
            Container::Flac => track.num_frames,
            Container::Wav => track
                .num_frames
                .filter(|&frames| frames.saturating_mul(channels as u64) < STREAMED_WAV_SAMPLES),
            Container::Mp3 | Container::Ogg | Container::WebM | Container::Mp4 => None,
        };
        let track_id = track.id;
        Ok(Decoder {
            format,
            decoder,
            track_id,
            declared_frames,
            sample_rate,
            channels,
            planes: Vec::new(),
            frames: 0,
        })
    }

    pub(crate) fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    pub(crate) fn channels(&self) -> usize {
        self.channels
    }

    /// The frames decoded so far.
    pub(crate) fn frames(&self) -> u64 {
        self.frames
    }

    /// The next packet's samples, one `Vec` per channel; `None` at the end of the audio.
    pub(crate) fn next_planes(&mut self) -> Result<Option<&[Vec<f32>]>, DecodeError> {
        loop {
            let packet = match self.format.next_packet() {
                Ok(Some(packet)) => packet,
                // A chained Ogg stream: what follows is another recording.
                Ok(None) | Err(Error::ResetRequired) => return self.end(),
                // How a stream of unknown length ends; whether the file was cut short is for
                // the frame count to tell.
                Err(Error::IoError(error)) if error.kind() == io::ErrorKind::UnexpectedEof => {
                    return self.end();
                }
                Err(error) => return Err(error.into()),
            };
            if packet.track_id != self.track_id {
                continue;
            }
            // A WAV reader past the end of a file cut short hands out empty packets forever.
            if packet.data.is_empty() {
                return self.end();
            }
            let decoded = self.decoder.decode(&packet)?;
            if decoded.frames() == 0 {
                continue;
            }
            self.frames += decoded.frames() as u64;
            decoded.copy_to_vecs_planar(&mut self.planes);
            return Ok(Some(&self.planes));
        }
    }

    fn end(&self) -> Result<Option<&[Vec<f32>]>, DecodeError> {
        match self.declared_frames {
            Some(declared) if self.frames < declared => Err(DecodeError::Truncated {
                decoded: self.frames,
                declared,
            }),
            _ if self.frames == 0 => Err(DecodeError::Empty),
            _ => Ok(None),
        }
    }
}
