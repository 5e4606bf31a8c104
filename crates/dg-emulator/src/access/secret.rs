//! API key secrets: generated like Deepgram's (40 hex characters) and kept only as hashes
//! ([`sha256_hex`](crate::hex::sha256_hex)).

use rand::Rng;

use crate::hex::hex;

/// A new random API key secret: 160 bits as 40 lowercase hex characters.
pub(crate) fn new_api_key() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_40_hex_characters_and_differ() {
        let (a, b) = (new_api_key(), new_api_key());
        assert_eq!(a.len(), 40);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(a, b);
    }
}
