//! `Secret`: key material handed to Kotlin and Swift as an opaque object.
//!
//! UniFFI records become Kotlin data classes and Swift structs whose generated `toString` /
//! `description` print every field, so a secret is never a record field: it is this object,
//! whose `toString`/`description` is the core's redacted `Display`, and whose value is read
//! only through `reveal()`. Credentials are handed to a client as one too.

use std::fmt;

/// A secret string (a created key, a temporary token, the raw answer of a created key).
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Display)]
pub struct Secret(dg_core::Secret);

impl From<dg_core::Secret> for Secret {
    fn from(secret: dg_core::Secret) -> Self {
        Secret(secret)
    }
}

#[uniffi::export]
impl Secret {
    /// Wraps a credential (an API key, an access token) for [`crate::ClientSettings`].
    #[uniffi::constructor]
    pub fn new(value: String) -> Self {
        Secret(dg_core::Secret::new(value))
    }

    /// The secret value. Call it only where the value must leave the process.
    pub fn reveal(&self) -> String {
        self.0.expose().to_owned()
    }
}

impl Secret {
    pub(crate) fn core(&self) -> &dg_core::Secret {
        &self.0
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The core's Display, which redacts.
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_redacts_and_reveal_reveals() {
        let s = Secret::from(dg_core::Secret::new("canary-5150"));
        assert!(!s.to_string().contains("canary"));
        assert_eq!(s.reveal(), "canary-5150");
    }
}
