//! `Secret`: a created key's secret, a temporary token, or a raw answer holding one, kept in
//! Rust memory (zeroed when dropped) until JS asks for it with `reveal()`.

use napi_derive::napi;

const REDACTED: &str = "[redacted]";

/// A secret value. Only `reveal()` returns it; `toString()` and `toJSON()` (so template
/// strings and `JSON.stringify`) give `[redacted]`. JS cannot construct one.
#[napi]
pub struct Secret {
    value: dg_core::Secret,
}

impl From<dg_core::Secret> for Secret {
    fn from(value: dg_core::Secret) -> Self {
        Secret { value }
    }
}

#[napi]
impl Secret {
    /// The secret itself.
    #[napi]
    pub fn reveal(&self) -> String {
        self.value.expose().to_owned()
    }

    /// `[redacted]`.
    #[napi(js_name = "toString")]
    pub fn to_js_string(&self) -> &'static str {
        REDACTED
    }

    /// `[redacted]`, so `JSON.stringify` never writes the secret.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> &'static str {
        REDACTED
    }
}
