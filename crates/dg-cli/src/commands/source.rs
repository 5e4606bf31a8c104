//! Where a command's audio comes from: an http(s) URL, a file, or standard input (`-`).

use std::ffi::OsStr;
use std::path::PathBuf;

/// Where the audio comes from.
#[derive(Debug, PartialEq)]
pub enum Source {
    Url(String),
    File(PathBuf),
    Stdin,
}

impl Source {
    /// An http(s) URL is remote; `-` is standard input; anything else is a path (which may
    /// not be UTF-8).
    pub fn parse(raw: &OsStr) -> Source {
        if raw == "-" {
            return Source::Stdin;
        }
        match raw.to_str().map(url::Url::parse) {
            Some(Ok(url)) if matches!(url.scheme(), "http" | "https") => Source::Url(url.into()),
            _ => Source::File(PathBuf::from(raw)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_files_and_stdin_are_told_apart() {
        let parse = |s: &str| Source::parse(OsStr::new(s));
        assert_eq!(
            parse("https://example.com/a.wav"),
            Source::Url("https://example.com/a.wav".into())
        );
        assert_eq!(
            parse("http://example.com/a.wav"),
            Source::Url("http://example.com/a.wav".into())
        );
        assert_eq!(parse("-"), Source::Stdin);
        for path in [
            "a.wav",
            "./https.wav",
            "C:\\audio\\a.wav",
            "file:///tmp/a.wav",
            "ftp://host/a.wav",
            "dir/http:x",
        ] {
            assert_eq!(parse(path), Source::File(path.into()), "{path}");
        }
    }
}
