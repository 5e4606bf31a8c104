//! Whisper's tokens as CTranslate2 stores them beside the model (`vocabulary.txt`: one token a
//! line, its line number its id), and their text.
//!
//! Whisper's tokenizer is GPT-2's byte-level BPE: a token is a run of bytes, each written as
//! one printable character (a space is `Ġ`). Turning tokens back into text only needs that
//! byte map, so the recognizer does without a full tokenizer library.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

/// The tokens of a model, by id.
pub(crate) struct Vocabulary {
    ids: HashMap<String, usize>,
}

impl Vocabulary {
    /// Reads `vocabulary.txt` in the model folder `dir`.
    pub(crate) fn read(dir: &Path) -> Result<Vocabulary, String> {
        let path = dir.join("vocabulary.txt");
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let ids = text
            .lines()
            .enumerate()
            .map(|(id, token)| (token.to_owned(), id))
            .collect();
        Ok(Vocabulary { ids })
    }

    /// The id of `token`.
    pub(crate) fn id(&self, token: &str) -> Option<usize> {
        self.ids.get(token).copied()
    }
}

/// The text `tokens` spell. Bytes that do not make UTF-8 on their own (a character split
/// between two words' tokens) become U+FFFD.
pub(crate) fn decode<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    let bytes: Vec<u8> = tokens
        .into_iter()
        .flat_map(str::chars)
        .filter_map(byte_of)
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Whether GPT-2 writes byte `b` as the character of the same code.
fn printable(b: u8) -> bool {
    matches!(b, b'!'..=b'~' | 0xa1..=0xac | 0xae..=0xff)
}

/// The byte GPT-2's byte-level BPE writes as `c`: printable bytes as themselves, the other
/// 68, in order, as U+0100 and up.
fn byte_of(c: char) -> Option<u8> {
    let code = u32::from(c);
    if let Ok(b) = u8::try_from(code) {
        return printable(b).then_some(b);
    }
    let n = usize::try_from(code.checked_sub(0x100)?).ok()?;
    (0..=u8::MAX).filter(|&b| !printable(b)).nth(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_level_tokens_spell_their_text() {
        // Tokens of Whisper's vocabulary: spaces are `Ġ`, a newline `Ċ`, "é" two bytes.
        assert_eq!(
            decode(["ĠWe", ",", "Ġthe", "Ġpeople", "."]),
            " We, the people."
        );
        assert_eq!(decode(["Ġcaf", "Ã©", "Ċ"]), " café\n");
        assert_eq!(decode(["Ġdon", "'t"]), " don't");
        // Half of a two-byte character.
        assert_eq!(decode(["Ã"]), "\u{fffd}");
    }

    #[test]
    fn every_byte_has_one_character() {
        let characters: Vec<char> = (0x21..0x100 + 68)
            .filter_map(char::from_u32)
            .filter(|&c| byte_of(c).is_some())
            .collect();
        assert_eq!(characters.len(), 256);
        let mut bytes: Vec<u8> = characters.iter().filter_map(|&c| byte_of(c)).collect();
        bytes.sort_unstable();
        bytes.dedup();
        assert_eq!(bytes.len(), 256);
        assert_eq!(byte_of('Ġ'), Some(b' '));
        assert_eq!(byte_of('Ċ'), Some(b'\n'));
        assert_eq!(byte_of('\u{100}'), Some(0));
        assert_eq!(byte_of(' '), None);
    }

    #[test]
    fn ids_are_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("vocabulary.txt"),
            "!\n\"\nĠthe\n<|endoftext|>\n",
        )
        .unwrap();
        let vocabulary = Vocabulary::read(dir.path()).unwrap();
        assert_eq!(vocabulary.id("Ġthe"), Some(2));
        assert_eq!(vocabulary.id("<|endoftext|>"), Some(3));
        assert_eq!(vocabulary.id("the"), None);
    }
}
