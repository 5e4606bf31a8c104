//! A copy of an upload on disk, so the recognizer can decode audio of any size after its
//! hash has shown that no recorded answer exists, without holding it in memory.

use std::fs::File;
use std::io::{self, BufWriter, Seek as _, SeekFrom, Write as _};

/// Writes go through a buffer this big, so a body's small frames cost few system calls.
const BUFFER: usize = 1024 * 1024;

/// The bytes of one upload, in an anonymous temporary file that disappears with it.
pub(crate) struct Capture {
    file: Option<BufWriter<File>>,
    /// The first write error: the body keeps streaming (its hash and the recorded answers do
    /// not need the copy), and the error is reported only if the copy is needed.
    failed: Option<io::Error>,
}

impl Capture {
    /// A capture that keeps nothing (the emulator has no model to transcribe with).
    pub(crate) fn none() -> Capture {
        Capture {
            file: None,
            failed: None,
        }
    }

    pub(crate) fn to_temp_file() -> io::Result<Capture> {
        Ok(Capture {
            file: Some(BufWriter::with_capacity(BUFFER, tempfile::tempfile()?)),
            failed: None,
        })
    }

    /// Appends `chunk`. It is called from the async body loop: a buffered write to a local
    /// temporary file lands in the page cache and costs about what a hop to a blocking thread
    /// would.
    pub(crate) fn update(&mut self, chunk: &[u8]) {
        let Some(file) = &mut self.file else {
            return;
        };
        if let Err(error) = file.write_all(chunk) {
            self.failed = Some(error);
            self.file = None;
        }
    }

    /// The whole copy, rewound; `None` for a capture that keeps nothing.
    pub(crate) fn into_file(self) -> io::Result<Option<File>> {
        if let Some(error) = self.failed {
            return Err(error);
        }
        let Some(writer) = self.file else {
            return Ok(None);
        };
        let mut file = writer
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        file.seek(SeekFrom::Start(0))?;
        Ok(Some(file))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    #[test]
    fn the_copy_holds_every_chunk_in_order() {
        let mut capture = Capture::to_temp_file().unwrap();
        let bytes: Vec<u8> = (0..3 * BUFFER).map(|i| (i % 251) as u8).collect();
        for chunk in bytes.chunks(70_000) {
            capture.update(chunk);
        }
        let mut copy = Vec::new();
        capture
            .into_file()
            .unwrap()
            .unwrap()
            .read_to_end(&mut copy)
            .unwrap();
        assert_eq!(copy, bytes);
        assert!(Capture::none().into_file().unwrap().is_none());
    }
}
