//! A local file to upload: by path, or already open (a binding's file object), from an offset,
//! with a content type given or sniffed. Either way it is read with positioned reads, so a
//! retry sends it again from its offset and a caller's own file position is never moved.

use std::fs::File;
use std::io::ErrorKind as IoKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;

use super::{ByteStream, FILE_CHUNK, sniff_content_type};
use crate::error::{Error, Result};

/// Which file, and from where: built with [`FileSource::path`] or [`FileSource::open`].
#[derive(Debug, Clone)]
pub struct FileSource {
    file: Which,
    offset: u64,
    content_type: Option<String>,
}

#[derive(Debug, Clone)]
enum Which {
    Path(PathBuf),
    Open { file: Arc<File>, name: PathBuf },
}

impl FileSource {
    /// The file at `path`, opened when the request is made and re-opened for a retry.
    pub fn path(path: impl Into<PathBuf>) -> FileSource {
        FileSource {
            file: Which::Path(path.into()),
            offset: 0,
            content_type: None,
        }
    }

    /// A file the caller already has open; `name` is what errors call it (its path, or any
    /// label). It must be a regular file.
    pub fn open(file: File, name: impl Into<PathBuf>) -> FileSource {
        FileSource {
            file: Which::Open {
                file: Arc::new(file),
                name: name.into(),
            },
            offset: 0,
            content_type: None,
        }
    }

    /// A duplicate of a descriptor the caller has open (a binding's file object), so the
    /// caller's own stays its to close; `None` when it is not a regular file (a pipe, a socket),
    /// which can only be read once, as a stream. `name` is what errors call it.
    #[cfg(unix)]
    pub fn duplicate(
        fd: std::os::fd::BorrowedFd<'_>,
        name: impl Into<PathBuf>,
    ) -> std::io::Result<Option<FileSource>> {
        let file = File::from(fd.try_clone_to_owned()?);
        Ok(file
            .metadata()?
            .is_file()
            .then(|| FileSource::open(file, name)))
    }

    /// Upload from byte `offset` to the end (default 0).
    pub fn offset(mut self, offset: u64) -> FileSource {
        self.offset = offset;
        self
    }

    /// The audio's MIME type (default: sniffed from its first bytes).
    pub fn content_type(mut self, content_type: impl Into<String>) -> FileSource {
        self.content_type = Some(content_type.into());
        self
    }

    /// What errors call the file.
    pub fn name(&self) -> &Path {
        match &self.file {
            Which::Path(path) => path,
            Which::Open { name, .. } => name,
        }
    }

    /// The file and its size now, checked to be a regular file.
    fn handle(&self) -> Result<(Arc<File>, u64)> {
        let file = match &self.file {
            Which::Path(path) => Arc::new(File::open(path).map_err(|e| Error::io(path, e))?),
            Which::Open { file, .. } => file.clone(),
        };
        let meta = file.metadata().map_err(|e| Error::io(self.name(), e))?;
        if !meta.is_file() {
            return Err(Error::io(
                self.name(),
                std::io::Error::new(IoKind::InvalidInput, "not a regular file"),
            ));
        }
        Ok((file, meta.len()))
    }

    /// Opens the file once before anything is sent: a missing, unreadable or empty file (or
    /// an offset past its end) fails here, naming it. Returns the bytes to send and the
    /// content type.
    pub(crate) async fn prepare(&self) -> Result<(u64, String)> {
        let this = self.clone();
        blocking(self.name(), move || {
            let (file, size) = this.handle()?;
            if this.offset > size {
                return Err(Error::invalid(format!(
                    "the offset {} is past the end of {} ({size} bytes)",
                    this.offset,
                    this.name().display()
                )));
            }
            let len = size - this.offset;
            if len == 0 {
                return Err(Error::io(
                    this.name(),
                    std::io::Error::new(IoKind::InvalidData, "the file is empty"),
                ));
            }
            let content_type = match &this.content_type {
                Some(t) => t.clone(),
                None => {
                    let mut head = [0u8; 16];
                    let n = read_at(&file, &mut head, this.offset)
                        .map_err(|e| Error::io(this.name(), e))?;
                    sniff_content_type(&head[..n]).to_owned()
                }
            };
            Ok((len, content_type))
        })
        .await
    }

    /// The chunks of one attempt, from the offset, after checking the file still has the size
    /// it had when the request was prepared (`len` bytes from the offset).
    pub(crate) async fn chunks(&self, len: u64) -> Result<ByteStream> {
        let this = self.clone();
        let file = blocking(self.name(), move || {
            let (file, size) = this.handle()?;
            let now = size.saturating_sub(this.offset);
            if now != len {
                return Err(Error::io(
                    this.name(),
                    std::io::Error::new(
                        IoKind::InvalidData,
                        format!("the file changed size while being sent ({len} bytes, then {now})"),
                    ),
                ));
            }
            Ok(file)
        })
        .await?;
        let end = self.offset + len;
        let start = (file, self.offset);
        Ok(Box::pin(futures_util::stream::try_unfold(
            start,
            move |(file, at)| async move {
                if at >= end {
                    return Ok(None);
                }
                let want = (end - at).min(FILE_CHUNK as u64) as usize;
                let reader = file.clone();
                let chunk = tokio::task::spawn_blocking(move || {
                    let mut buf = vec![0u8; want];
                    let n = read_at(&reader, &mut buf, at)?;
                    buf.truncate(n);
                    Ok::<_, std::io::Error>(buf)
                })
                .await
                .map_err(std::io::Error::other)??;
                if chunk.is_empty() {
                    // The file shrank: the length check downstream reports it.
                    return Ok(None);
                }
                let next = at + chunk.len() as u64;
                Ok(Some((Bytes::from(chunk), (file, next))))
            },
        )))
    }
}

impl From<PathBuf> for FileSource {
    fn from(path: PathBuf) -> Self {
        FileSource::path(path)
    }
}

impl From<String> for FileSource {
    fn from(path: String) -> Self {
        FileSource::path(path)
    }
}

impl From<&Path> for FileSource {
    fn from(path: &Path) -> Self {
        FileSource::path(path)
    }
}

impl From<&str> for FileSource {
    fn from(path: &str) -> Self {
        FileSource::path(path)
    }
}

impl PartialEq for FileSource {
    /// Same file (same path, or the very same open handle), offset and content type.
    fn eq(&self, other: &Self) -> bool {
        let same_file = match (&self.file, &other.file) {
            (Which::Path(a), Which::Path(b)) => a == b,
            (Which::Open { file: a, .. }, Which::Open { file: b, .. }) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same_file && self.offset == other.offset && self.content_type == other.content_type
    }
}

/// Runs file work off the async threads. A task that could not finish (the runtime shutting
/// down, a panic) is an I/O error naming the file, like any other failure to read it.
async fn blocking<T: Send + 'static>(
    name: &Path,
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        Error::io(
            name,
            std::io::Error::other(format!("reading the file stopped: {e}")),
        )
    })?
}

/// Reads up to `buf.len()` bytes at `offset` without moving the file's position.
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        #[cfg(unix)]
        let read = std::os::unix::fs::FileExt::read_at(file, &mut buf[n..], offset + n as u64);
        #[cfg(windows)]
        let read = std::os::windows::fs::FileExt::seek_read(file, &mut buf[n..], offset + n as u64);
        match read {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == IoKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use std::io::{Seek, SeekFrom, Write};

    use futures_util::TryStreamExt;

    use super::*;

    async fn collect(source: &FileSource) -> Vec<u8> {
        let (len, _) = source.prepare().await.unwrap();
        let chunks: Vec<Bytes> = source
            .chunks(len)
            .await
            .unwrap()
            .try_collect()
            .await
            .unwrap();
        chunks.concat()
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn a_duplicated_descriptor_is_read_and_the_callers_stays_open() {
        use std::os::fd::AsFd;
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(b"RIFF....WAVEdata").unwrap();
        let source = FileSource::duplicate(file.as_fd(), "mine.wav")
            .unwrap()
            .expect("a regular file");
        assert_eq!(collect(&source).await, b"RIFF....WAVEdata");
        drop(source);
        // The caller's descriptor is its own: still usable once the source is gone.
        file.write_all(b"more").unwrap();

        let (reader, _writer) = std::io::pipe().unwrap();
        assert!(
            FileSource::duplicate(reader.as_fd(), "pipe")
                .unwrap()
                .is_none(),
            "a pipe can only be read once, as a stream"
        );
    }

    #[tokio::test]
    async fn an_open_file_is_read_from_its_offset_without_moving_its_position() {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(b"headerRIFF....WAVEdata").unwrap();
        file.seek(SeekFrom::Start(3)).unwrap();
        let source = FileSource::open(file.try_clone().unwrap(), "upload.wav").offset(6);
        let (len, content_type) = source.prepare().await.unwrap();
        assert_eq!((len, content_type.as_str()), (16, "audio/wav"));
        assert_eq!(collect(&source).await, b"RIFF....WAVEdata");
        // A second attempt (a retry) sends the same bytes again.
        assert_eq!(collect(&source).await, b"RIFF....WAVEdata");
        assert_eq!(
            file.stream_position().unwrap(),
            3,
            "the caller's position is untouched"
        );
    }

    #[tokio::test]
    async fn a_given_content_type_is_not_sniffed_and_bad_offsets_are_refused() {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(b"RIFF....WAVE").unwrap();
        let source = FileSource::open(file.try_clone().unwrap(), "a").content_type("audio/x-mine");
        assert_eq!(source.prepare().await.unwrap().1, "audio/x-mine");
        let err = FileSource::open(file.try_clone().unwrap(), "a")
            .offset(13)
            .prepare()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidOptions { .. }), "{err:?}");
        let err = FileSource::open(file, "a")
            .offset(12)
            .prepare()
            .await
            .unwrap_err();
        assert!(err.to_string().contains("empty"), "{err}");
    }

    #[tokio::test]
    async fn a_file_that_changes_size_between_attempts_is_an_error() {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(&[1u8; 100]).unwrap();
        let source = FileSource::open(file.try_clone().unwrap(), "grows.raw");
        let (len, _) = source.prepare().await.unwrap();
        file.write_all(&[2u8; 10]).unwrap();
        let err = source
            .chunks(len)
            .await
            .err()
            .expect("a size change is refused");
        assert!(err.to_string().contains("changed size"), "{err}");
    }
}
