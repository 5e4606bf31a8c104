//! The client's settings as every language passes them: one deserializable type, one set of
//! names and defaults, one credential rule. A binding hands its keyword arguments or options
//! object (in its own spelling, see [`crate::options::Spelling`]) to [`Settings::from_value`]
//! and gets a checked [`ClientConfig`] from [`Settings::into_config`].
//!
//! **The credential rule.** Give `api_key` (sent as `Authorization: Token …`) or
//! `access_token` (`Authorization: Bearer …`), not both: both is an error, never a silent
//! choice. Given neither, the environment is read: `DEEPGRAM_ACCESS_TOKEN` wins over
//! `DEEPGRAM_API_KEY` (empty values count as unset). Nothing at all is an error.

use std::time::Duration;

use serde::Deserialize;

use crate::config::{ClientConfig, Credentials};
use crate::error::{Error, Result};
use crate::secret::Secret;

/// The settings' names (snake_case, as declared), in the order the docs list them.
pub const SETTING_NAMES: &[&str] = &[
    "api_key",
    "access_token",
    "base_url",
    "timeout_ms",
    "connect_timeout_ms",
    "retries",
];

/// What a setting does, for generated docs (every name of [`SETTING_NAMES`] has one).
pub fn setting_doc(name: &str) -> Option<&'static str> {
    Some(match name {
        "api_key" => {
            "A long-lived API key, sent as `Authorization: Token`. Not with `access_token`."
        }
        "access_token" => {
            "A temporary token from `POST /v1/auth/grant`, sent as `Authorization: Bearer`. Not with `api_key`."
        }
        "base_url" => "The API's address: https, or plain http to a loopback host (the emulator).",
        "timeout_ms" => {
            "Overall time for one attempt of a request, in milliseconds; uploads get more time per byte."
        }
        "connect_timeout_ms" => "Time to establish a connection, in milliseconds.",
        "retries" => "Retries after the first attempt of a retryable failure (at most 10).",
        _ => return None,
    })
}

/// The most retries a client may be set to: more would only hide an outage.
pub const MAX_RETRIES: u32 = 10;

/// What a client is made from. Every field is optional; see the module docs for the credential
/// rule and [`crate::config`] for the defaults.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// A long-lived API key.
    pub api_key: Option<Secret>,
    /// A temporary token from `POST /v1/auth/grant`.
    pub access_token: Option<Secret>,
    /// `https://…`, or `http://` to a loopback host (the emulator). Default
    /// `https://api.deepgram.com`.
    pub base_url: Option<String>,
    /// Overall time for one attempt of a request, in milliseconds (default 600 000; uploads
    /// get more, see [`ClientConfig::timeout`]).
    pub timeout_ms: Option<u64>,
    /// Time to establish a connection, in milliseconds (default 10 000).
    pub connect_timeout_ms: Option<u64>,
    /// Retries after the first attempt of a retryable failure (default 2, at most
    /// [`MAX_RETRIES`]).
    pub retries: Option<u32>,
}

impl Settings {
    /// Reads settings from JSON-like data (a Python kwargs dict, a JS object), names spelled
    /// as `spelling` says. `null` means unset. An unknown name is a [`Error::Config`] naming it
    /// (with the nearest setting suggested), as is a value of the wrong type.
    pub fn from_value(
        value: serde_json::Value,
        spelling: crate::options::Spelling,
    ) -> Result<Settings> {
        crate::options::schema::read_spelled(
            value,
            SETTING_NAMES,
            spelling,
            crate::options::schema::Fields::Settings,
        )
    }

    /// Checks the settings and makes the configuration; `user_agent_suffix` names the
    /// binding's runtime.
    pub fn into_config(self, user_agent_suffix: Option<String>) -> Result<ClientConfig> {
        let mut builder = ClientConfig::builder();
        if let Some(key) = self.api_key {
            builder = builder.api_key(key);
        }
        if let Some(token) = self.access_token {
            builder = builder.access_token(token);
        }
        if let Some(url) = self.base_url {
            builder = builder.base_url(url);
        }
        if let Some(ms) = self.timeout_ms {
            builder = builder.timeout(Duration::from_millis(ms));
        }
        if let Some(ms) = self.connect_timeout_ms {
            builder = builder.connect_timeout(Duration::from_millis(ms));
        }
        if let Some(retries) = self.retries {
            builder = builder.max_retries(retries);
        }
        if let Some(suffix) = user_agent_suffix {
            builder = builder.user_agent_suffix(suffix);
        }
        builder.build()
    }
}

/// Which credentials apply: the module docs' rule.
pub(crate) fn resolve_credentials(
    api_key: Option<Secret>,
    access_token: Option<Secret>,
) -> Result<Credentials> {
    match (api_key, access_token) {
        (Some(_), Some(_)) => Err(Error::config(
            Some("access_token"),
            "pass `api_key` or `access_token`, not both",
        )),
        (Some(key), None) => Ok(Credentials::ApiKey(key)),
        (None, Some(token)) => Ok(Credentials::AccessToken(token)),
        (None, None) => Credentials::from_env().ok_or_else(|| {
            Error::config(
                Some("api_key"),
                format!(
                    "no credentials: pass `api_key` or `access_token`, or set {} or {}",
                    crate::config::ENV_API_KEY,
                    crate::config::ENV_ACCESS_TOKEN
                ),
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::options::Spelling;

    fn config(value: serde_json::Value, spelling: Spelling) -> Result<ClientConfig> {
        Settings::from_value(value, spelling)?.into_config(None)
    }

    fn refusal(value: serde_json::Value, spelling: Spelling) -> (Option<String>, String) {
        let err = config(value, spelling).unwrap_err();
        assert!(matches!(err, Error::Config { .. }), "{err:?}");
        let record = err.record_spelled(spelling);
        (record.option, record.message)
    }

    #[test]
    fn both_credentials_are_refused_in_every_spelling() {
        for spelling in [Spelling::Snake, Spelling::Camel] {
            let value = json!({
                spelling.spell("api_key"): "k-123456789",
                spelling.spell("access_token"): "t-123456789",
            });
            let (setting, message) = refusal(value, spelling);
            assert_eq!(setting.unwrap(), spelling.spell("access_token"));
            assert!(
                message.contains(&format!("`{}`", spelling.spell("api_key"))),
                "{message}"
            );
        }
    }

    #[test]
    fn names_defaults_and_values() {
        let c = config(
            json!({"apiKey": "k-123456789", "baseUrl": "http://127.0.0.1:9", "timeoutMs": 1500,
                   "connectTimeoutMs": 250, "retries": 0}),
            Spelling::Camel,
        )
        .unwrap();
        assert_eq!(c.timeout, Duration::from_millis(1500));
        assert_eq!(c.connect_timeout, Duration::from_millis(250));
        assert_eq!(c.retry.max_retries, 0);
        assert_eq!(c.base_url.as_str(), "http://127.0.0.1:9/");
        assert!(matches!(c.credentials, Credentials::ApiKey(_)));
        let c = config(
            json!({"access_token": "t-1", "timeout_ms": null}),
            Spelling::Snake,
        )
        .unwrap();
        assert!(matches!(c.credentials, Credentials::AccessToken(_)));
        assert_eq!(c.timeout, crate::config::DEFAULT_TIMEOUT);
        assert_eq!(c.retry.max_retries, 2);
    }

    #[test]
    fn bad_settings_name_the_setting() {
        let (setting, message) = refusal(json!({"apiKey": "k", "timeout": 5}), Spelling::Camel);
        assert_eq!(setting.as_deref(), Some("timeout"));
        assert!(message.contains("did you mean 'timeoutMs'?"), "{message}");
        let (setting, message) = refusal(json!({"api_key": "k", "timeout_ms": 0}), Spelling::Snake);
        assert_eq!(setting.as_deref(), Some("timeout_ms"));
        assert!(message.contains("greater than zero"), "{message}");
        let (setting, message) =
            refusal(json!({"api_key": "k", "retries": "three"}), Spelling::Snake);
        assert_eq!(setting.as_deref(), Some("retries"));
        assert!(message.contains("`retries`"), "{message}");
        let (setting, _) = refusal(json!({"api_key": "k", "retries": 11}), Spelling::Snake);
        assert_eq!(setting.as_deref(), Some("retries"));
        let (setting, message) = refusal(
            json!({"apiKey": "k", "baseUrl": "http://example.com"}),
            Spelling::Camel,
        );
        assert_eq!(setting.as_deref(), Some("baseUrl"));
        assert!(message.contains("plain http"), "{message}");
    }

    #[test]
    fn every_setting_has_a_doc() {
        for name in SETTING_NAMES {
            assert!(setting_doc(name).is_some(), "{name}");
        }
    }

    #[test]
    fn debug_never_shows_a_credential() {
        let s =
            Settings::from_value(json!({"api_key": "canary-0123456789"}), Spelling::Snake).unwrap();
        assert!(!format!("{s:?}").contains("canary-0123456789"));
    }
}
