//! What a transcription uploads: the content type sniffed from the audio's first bytes, and the
//! body sources (bytes, a file streamed from disk, a one-shot stream) turned into request bodies.

use std::io::ErrorKind as IoKind;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::Stream;

use crate::error::{Error, Result};

mod file;
mod pump;

pub use file::FileSource;
pub use pump::{pump, read_chunks};

/// Read size for files: large reads keep an upload near the disk's and the socket's speed
/// (4 KiB reads made the official Rust crate 7.7× slower than plain reqwest).
pub const FILE_CHUNK: usize = 1024 * 1024;

/// The content type for audio that starts with `head`: wav, mp3, flac, ogg, webm, mp4/m4a,
/// else `application/octet-stream` (which Deepgram accepts and sniffs itself).
pub fn sniff_content_type(head: &[u8]) -> &'static str {
    let at = |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
    if at(0, b"RIFF") && at(8, b"WAVE") {
        "audio/wav"
    } else if at(0, b"fLaC") {
        "audio/flac"
    } else if at(0, b"OggS") {
        "audio/ogg"
    } else if at(0, &[0x1A, 0x45, 0xDF, 0xA3]) {
        "audio/webm"
    } else if at(4, b"ftyp") {
        "audio/mp4"
    } else if at(0, b"ID3") || (head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0) {
        "audio/mpeg"
    } else {
        "application/octet-stream"
    }
}

/// A boxed stream of audio chunks.
pub type ByteStream = Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send + 'static>>;

/// Called with (bytes sent so far, total bytes if known) as an upload progresses.
pub type ProgressFn = Arc<dyn Fn(u64, Option<u64>) + Send + Sync>;

/// What to transcribe.
pub enum Source {
    /// A remote URL that Deepgram fetches (sent as `{"url": …}`).
    Url(String),
    /// A local file, by path or already open, from an offset, streamed from disk (re-sent from
    /// its offset on a retry). `Source::File(path.into())` for a plain path.
    File(FileSource),
    /// Audio in memory.
    Bytes {
        /// The audio.
        data: Bytes,
        /// Its MIME type; sniffed from the first bytes when `None`.
        content_type: Option<String>,
    },
    /// A one-shot stream of chunks (never retried).
    Stream {
        /// The chunks.
        stream: ByteStream,
        /// The total length when known: sent as `Content-Length` and enforced.
        len: Option<u64>,
        /// Its MIME type; `application/octet-stream` when `None`.
        content_type: Option<String>,
    },
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Url(u) => f.debug_tuple("Url").field(u).finish(),
            Source::File(p) => f.debug_tuple("File").field(p).finish(),
            Source::Bytes { data, content_type } => f
                .debug_struct("Bytes")
                .field("len", &data.len())
                .field("content_type", content_type)
                .finish(),
            Source::Stream {
                len, content_type, ..
            } => f
                .debug_struct("Stream")
                .field("len", len)
                .field("content_type", content_type)
                .finish(),
        }
    }
}

/// The audio of one transcription request.
pub(crate) enum Audio {
    /// In memory; cheap to send again.
    Bytes { data: Bytes, content_type: String },
    /// A regular file, streamed from its offset on every attempt.
    File {
        source: FileSource,
        len: u64,
        content_type: String,
    },
    /// A one-shot stream: sent once, never retried.
    Stream {
        stream: Mutex<Option<ByteStream>>,
        len: Option<u64>,
        content_type: String,
    },
}

impl Audio {
    pub(crate) fn bytes(data: Bytes, content_type: Option<&str>) -> Result<Audio> {
        if data.is_empty() {
            return Err(Error::invalid("the audio is empty"));
        }
        let content_type =
            content_type.map_or_else(|| sniff_content_type(&data).to_owned(), str::to_owned);
        Ok(Audio::Bytes { data, content_type })
    }

    /// Opens the file once before anything is sent: a missing, unreadable or empty file fails
    /// here, naming it.
    pub(crate) async fn file(source: FileSource) -> Result<Audio> {
        let (len, content_type) = source.prepare().await?;
        Ok(Audio::File {
            source,
            len,
            content_type,
        })
    }

    pub(crate) fn stream(
        stream: ByteStream,
        len: Option<u64>,
        content_type: Option<&str>,
    ) -> Audio {
        Audio::Stream {
            stream: Mutex::new(Some(stream)),
            len,
            content_type: content_type
                .unwrap_or("application/octet-stream")
                .to_owned(),
        }
    }

    pub(crate) fn content_type(&self) -> &str {
        match self {
            Audio::Bytes { content_type, .. }
            | Audio::File { content_type, .. }
            | Audio::Stream { content_type, .. } => content_type,
        }
    }

    /// The number of bytes the body will have, when known in advance.
    pub(crate) fn len(&self) -> Option<u64> {
        match self {
            Audio::Bytes { data, .. } => Some(data.len() as u64),
            Audio::File { len, .. } => Some(*len),
            Audio::Stream { len, .. } => *len,
        }
    }

    /// Whether a failed attempt can send this audio again from the start.
    pub(crate) fn replayable(&self) -> bool {
        !matches!(self, Audio::Stream { .. })
    }

    /// The body for one attempt. File read errors are recorded in `failure` so the caller can
    /// report them as [`Error::Io`] with the path instead of as a network error.
    pub(crate) async fn body(
        &self,
        progress: Option<ProgressFn>,
        failure: &FailureSlot,
    ) -> Result<reqwest::Body> {
        match self {
            Audio::Bytes { data, .. } => {
                if let Some(p) = &progress {
                    p(data.len() as u64, Some(data.len() as u64));
                }
                Ok(reqwest::Body::from(data.clone()))
            }
            Audio::File { source, len, .. } => Ok(reqwest::Body::wrap_stream(Checked::new(
                source.chunks(*len).await?,
                Some(*len),
                progress,
                failure.clone(),
                Some(source.name().to_owned()),
            ))),
            Audio::Stream { stream, len, .. } => {
                let taken = stream.lock().expect("stream lock").take();
                let inner = taken.ok_or_else(|| {
                    Error::invalid("a one-shot audio stream cannot be sent twice")
                })?;
                Ok(reqwest::Body::wrap_stream(Checked::new(
                    inner,
                    *len,
                    progress,
                    failure.clone(),
                    None,
                )))
            }
        }
    }
}

/// Where a body stream leaves the local error that ended it (a read failure, a short file), so
/// the transport can return it as such rather than as the network error reqwest sees.
#[derive(Clone, Default)]
pub(crate) struct FailureSlot(Arc<Mutex<Option<Error>>>);

impl FailureSlot {
    fn set(&self, e: Error) {
        self.0.lock().expect("failure slot").get_or_insert(e);
    }

    pub(crate) fn take(&self) -> Option<Error> {
        self.0.lock().expect("failure slot").take()
    }
}

/// Wraps a body stream: counts bytes, reports progress, and turns "ended before the announced
/// length" and read errors into failures — never a silent short upload.
struct Checked {
    inner: ByteStream,
    expected: Option<u64>,
    sent: u64,
    progress: Option<ProgressFn>,
    failure: FailureSlot,
    path: Option<PathBuf>,
}

impl Checked {
    fn new(
        inner: ByteStream,
        expected: Option<u64>,
        progress: Option<ProgressFn>,
        failure: FailureSlot,
        path: Option<PathBuf>,
    ) -> Self {
        Checked {
            inner,
            expected,
            sent: 0,
            progress,
            failure,
            path,
        }
    }

    fn fail(&self, err: std::io::Error) -> std::io::Error {
        let copy = std::io::Error::new(err.kind(), err.to_string());
        self.failure.set(match &self.path {
            Some(p) => Error::io(p, err),
            // The body ends early, so the server never gets a whole request to act on.
            None => Error::Network {
                message: format!("reading the audio stream failed: {err}"),
                request_sent: false,
                source: Some(Box::new(err)),
            },
        });
        copy
    }
}

impl Stream for Checked {
    type Item = std::io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.inner.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                self.sent += chunk.len() as u64;
                if let Some(expected) = self.expected.filter(|e| self.sent > *e) {
                    let err = std::io::Error::new(
                        IoKind::InvalidData,
                        format!("the audio is longer than the {expected} bytes announced"),
                    );
                    return Poll::Ready(Some(Err(self.fail(err))));
                }
                if let Some(p) = &self.progress {
                    p(self.sent, self.expected);
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(self.fail(e)))),
            Poll::Ready(None) => match self.expected {
                Some(expected) if self.sent < expected => {
                    let err = std::io::Error::new(
                        IoKind::UnexpectedEof,
                        format!("the audio ended after {} of {expected} bytes", self.sent),
                    );
                    Poll::Ready(Some(Err(self.fail(err))))
                }
                _ => Poll::Ready(None),
            },
            Poll::Pending => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn sniffs_the_common_containers() {
        let mut wav = b"RIFF\0\0\0\0WAVEfmt ".to_vec();
        assert_eq!(sniff_content_type(&wav), "audio/wav");
        wav[8] = b'X';
        assert_eq!(sniff_content_type(&wav), "application/octet-stream");
        assert_eq!(sniff_content_type(b"fLaC\0\0"), "audio/flac");
        assert_eq!(sniff_content_type(b"OggS\0\x02"), "audio/ogg");
        assert_eq!(
            sniff_content_type(&[0x1A, 0x45, 0xDF, 0xA3, 1]),
            "audio/webm"
        );
        assert_eq!(sniff_content_type(b"\0\0\0\x20ftypM4A "), "audio/mp4");
        assert_eq!(sniff_content_type(b"ID3\x04\0"), "audio/mpeg");
        assert_eq!(sniff_content_type(&[0xFF, 0xFB, 0x90]), "audio/mpeg");
        assert_eq!(sniff_content_type(b""), "application/octet-stream");
        assert_eq!(sniff_content_type(b"RIFF"), "application/octet-stream");
    }

    #[test]
    fn real_fixture_is_wav() {
        let head = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/audio/preamble-rest.wav"
        ))
        .unwrap();
        assert_eq!(sniff_content_type(&head[..16]), "audio/wav");
    }

    #[tokio::test]
    async fn a_missing_file_fails_naming_its_path() {
        let err = Audio::file(FileSource::path("/nonexistent/dg-test.wav"))
            .await
            .err()
            .unwrap();
        match err {
            Error::Io { path, source } => {
                assert_eq!(path, Path::new("/nonexistent/dg-test.wav"));
                assert_eq!(source.kind(), IoKind::NotFound);
            }
            other => panic!("{other:?}"),
        }
        let err = Audio::file(FileSource::path(env!("CARGO_MANIFEST_DIR")))
            .await
            .err()
            .unwrap();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[tokio::test]
    async fn a_short_stream_is_an_error_not_a_short_upload() {
        use futures_util::StreamExt;
        let chunks: Vec<std::io::Result<Bytes>> = vec![Ok(Bytes::from_static(b"abc"))];
        let slot = FailureSlot::default();
        let mut s = Checked::new(
            Box::pin(futures_util::stream::iter(chunks)),
            Some(10),
            None,
            slot.clone(),
            None,
        );
        assert!(s.next().await.unwrap().is_ok());
        let err = s.next().await.unwrap().unwrap_err();
        assert_eq!(err.kind(), IoKind::UnexpectedEof);
        assert!(slot.take().unwrap().to_string().contains("3 of 10 bytes"));
    }

    #[tokio::test]
    async fn a_long_stream_is_an_error() {
        use futures_util::StreamExt;
        let chunks: Vec<std::io::Result<Bytes>> = vec![Ok(Bytes::from_static(b"abcdef"))];
        let mut s = Checked::new(
            Box::pin(futures_util::stream::iter(chunks)),
            Some(4),
            None,
            FailureSlot::default(),
            None,
        );
        assert!(s.next().await.unwrap().is_err());
    }
}
