//! A live stream's bytes spooled to a temporary file as they arrive, and a reader of that
//! file for the decoder. The reader sees the file as it is when it reads: it stops at the
//! bytes written so far, so it is only read while enough of them are ahead of it (see
//! [`Growing::ahead`]), or once the stream has ended.

use std::fs::File;
use std::io::{self, Read, Write as _};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use symphonia::core::io::ReadOnlySource;
use tempfile::NamedTempFile;

/// The spooled bytes of one stream, in a temporary file that disappears with it.
pub(super) struct Growing {
    file: NamedTempFile,
    written: u64,
    /// The bytes the reader has taken so far.
    read: Arc<AtomicU64>,
}

impl Growing {
    pub(super) fn new() -> io::Result<Growing> {
        Ok(Growing {
            file: NamedTempFile::new()?,
            written: 0,
            read: Arc::new(AtomicU64::new(0)),
        })
    }

    /// Appends `bytes` (unbuffered, so the reader sees them at once).
    pub(super) fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file.as_file_mut().write_all(bytes)?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// The file from its start, through its own handle; the decoder cannot seek in it.
    pub(super) fn reader(&self) -> io::Result<ReadOnlySource<Tail>> {
        Ok(ReadOnlySource::new(Tail {
            file: self.file.reopen()?,
            read: Arc::clone(&self.read),
        }))
    }

    /// The bytes written that the reader has not taken yet.
    pub(super) fn ahead(&self) -> u64 {
        self.written - self.read.load(Ordering::Relaxed)
    }
}

/// The reader of a [`Growing`] file.
pub(super) struct Tail {
    file: File,
    read: Arc<AtomicU64>,
}

impl Read for Tail {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.file.read(buf)?;
        self.read.fetch_add(read as u64, Ordering::Relaxed);
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reader_sees_what_was_written_and_counts_what_it_took() {
        let mut growing = Growing::new().unwrap();
        let mut reader = growing.reader().unwrap();
        growing.append(b"abc").unwrap();
        let mut buf = [0; 8];
        assert_eq!(reader.read(&mut buf).unwrap(), 3);
        assert_eq!(growing.ahead(), 0);
        assert_eq!(
            reader.read(&mut buf).unwrap(),
            0,
            "the end of what was written"
        );
        growing.append(b"defg").unwrap();
        assert_eq!(growing.ahead(), 4);
        assert_eq!(reader.read(&mut buf).unwrap(), 4);
        assert_eq!(&buf[..4], b"defg");
    }
}
