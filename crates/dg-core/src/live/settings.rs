//! A live session's settings as every language passes them: one deserializable type, one set
//! of names and defaults, checked once here. A binding hands its keyword arguments or options
//! object (in its own spelling) to [`LiveSettings::from_value`] and gets a [`LiveConfig`]
//! from [`LiveSettings::into_config`], as client settings go through
//! [`crate::Settings`].

use std::time::Duration;

use serde::Deserialize;

use super::{LiveConfig, Reconnect};
use crate::error::{Error, Result};
use crate::options::Spelling;
use crate::options::schema::{Fields, read_spelled};

/// Each setting's name (snake_case, as the fields of [`LiveSettings`]), type (`integer`,
/// `number`, `boolean`) and doc: what generators write each language's settings type from.
pub const LIVE_SETTING_SPECS: &[(&str, &str, &str)] = &[
    (
        "keep_alive_ms",
        "integer",
        "Milliseconds without audio before a keep-alive goes out (500 to 9000; default 4000); 0 turns keep-alive off.",
    ),
    (
        "send_buffer",
        "integer",
        "Chunks of audio that may wait to be sent before `send` waits (1 to 1024; default 16).",
    ),
    (
        "event_buffer",
        "integer",
        "Events that may wait to be read (1 to 65536; default 256).",
    ),
    (
        "reconnect",
        "boolean",
        "Pick a dropped stream up on a new connection, resending the audio no final result or EndOfTurn covers (default false).",
    ),
    (
        "reconnect_attempts",
        "integer",
        "With `reconnect`: attempts after each drop (1 to 20; default 5).",
    ),
    (
        "replay_seconds",
        "number",
        "With `reconnect`: seconds of audio kept to send again (up to 600; default 30).",
    ),
    (
        "subprotocol_auth",
        "boolean",
        "Send the credentials in `Sec-WebSocket-Protocol`, the browser's form (default false).",
    ),
];

/// The settings' names, in [`LIVE_SETTING_SPECS`]' order.
pub const LIVE_SETTING_NAMES: &[&str] = &{
    let mut names = [""; LIVE_SETTING_SPECS.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = LIVE_SETTING_SPECS[i].0;
        i += 1;
    }
    names
};

/// Bounds that keep a session's memory and its server's patience sane.
const MAX_SEND_BUFFER: u32 = 1024;
const MAX_EVENT_BUFFER: u32 = 65_536;
/// Deepgram closes an idle stream after about 10 s: a keep-alive must come before that.
const KEEP_ALIVE_MS: std::ops::RangeInclusive<u64> = 500..=9_000;
const MAX_RECONNECT_ATTEMPTS: u32 = 20;
const MAX_REPLAY_SECONDS: f64 = 600.0;

/// What a live session is made from; every field is optional (the defaults are
/// [`LiveConfig::default`]'s and [`Reconnect::default`]'s).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LiveSettings {
    /// Milliseconds without audio before a keep-alive goes out (500 to 9000; default 4000);
    /// 0 turns keep-alive off.
    pub keep_alive_ms: Option<u64>,
    /// Chunks of audio that may wait to be sent before `send` waits (1 to 1024; default 16).
    pub send_buffer: Option<u32>,
    /// Events that may wait to be read (1 to 65536; default 256).
    pub event_buffer: Option<u32>,
    /// Pick a dropped stream up on a new connection (default false).
    pub reconnect: Option<bool>,
    /// With `reconnect`: attempts after each drop (1 to 20; default 5).
    pub reconnect_attempts: Option<u32>,
    /// With `reconnect`: seconds of audio kept to send again (up to 600; default 30).
    pub replay_seconds: Option<f64>,
    /// Send the credentials in `Sec-WebSocket-Protocol`, the browser's form (default false).
    pub subprotocol_auth: Option<bool>,
}

impl LiveSettings {
    /// Reads settings from JSON-like data (a Python dict, a JS object), names spelled as
    /// `spelling` says; `null` means unset. An unknown name or a value of the wrong type is an
    /// [`Error::Config`] naming it.
    pub fn from_value(value: serde_json::Value, spelling: Spelling) -> Result<LiveSettings> {
        read_spelled(value, LIVE_SETTING_NAMES, spelling, Fields::Settings)
    }

    /// A binding's object of settings (`None`: all unset) read, checked and made into the
    /// session's configuration: [`LiveSettings::from_value`] then [`LiveSettings::into_config`].
    pub fn config_from(value: Option<serde_json::Value>, spelling: Spelling) -> Result<LiveConfig> {
        let value = value.unwrap_or_else(|| serde_json::Value::Object(Default::default()));
        LiveSettings::from_value(value, spelling)?.into_config()
    }

    /// Checks the settings (an [`Error::Config`] naming the one at fault) and makes the
    /// session's configuration.
    pub fn into_config(self) -> Result<LiveConfig> {
        let mut config = LiveConfig::default();
        if let Some(ms) = self.keep_alive_ms {
            config.keep_alive = match ms {
                0 => None,
                ms if KEEP_ALIVE_MS.contains(&ms) => Some(Duration::from_millis(ms)),
                ms => {
                    return Err(bad(
                        "keep_alive_ms",
                        format!(
                            "`keep_alive_ms` is 0 (off) or {} to {} (Deepgram closes a stream \
                             idle for 10 s), not {ms}",
                            KEEP_ALIVE_MS.start(),
                            KEEP_ALIVE_MS.end()
                        ),
                    ));
                }
            };
        }
        if let Some(n) = self.send_buffer {
            config.send_buffer = within("send_buffer", n, MAX_SEND_BUFFER)? as usize;
        }
        if let Some(n) = self.event_buffer {
            config.event_buffer = within("event_buffer", n, MAX_EVENT_BUFFER)? as usize;
        }
        config.subprotocol_auth = self.subprotocol_auth.unwrap_or(false);
        if self.reconnect != Some(true) {
            for (name, given) in [
                ("reconnect_attempts", self.reconnect_attempts.is_some()),
                ("replay_seconds", self.replay_seconds.is_some()),
            ] {
                if given {
                    return Err(bad(name, format!("`{name}` needs `reconnect`: true")));
                }
            }
            return Ok(config);
        }
        let mut reconnect = Reconnect::default();
        if let Some(n) = self.reconnect_attempts {
            reconnect.backoff.max_retries =
                within("reconnect_attempts", n, MAX_RECONNECT_ATTEMPTS)?;
        }
        if let Some(seconds) = self.replay_seconds {
            if !(seconds > 0.0 && seconds <= MAX_REPLAY_SECONDS) {
                return Err(bad(
                    "replay_seconds",
                    format!(
                        "`replay_seconds` is more than 0 and at most {MAX_REPLAY_SECONDS}, not \
                         {seconds}"
                    ),
                ));
            }
            reconnect.replay_seconds = seconds;
        }
        config.reconnect = Some(reconnect);
        Ok(config)
    }
}

fn bad(name: &str, message: String) -> Error {
    Fields::Settings.error(Some(name), message)
}

fn within(name: &str, n: u32, max: u32) -> Result<u32> {
    if (1..=max).contains(&n) {
        Ok(n)
    } else {
        Err(bad(name, format!("`{name}` is 1 to {max}, not {n}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(value: serde_json::Value) -> Result<LiveConfig> {
        LiveSettings::from_value(value, Spelling::Camel)?.into_config()
    }

    #[test]
    fn settings_make_the_config_with_the_cores_defaults() {
        assert_eq!(
            config(serde_json::json!({})).unwrap().keep_alive,
            LiveConfig::default().keep_alive
        );
        let c = config(serde_json::json!({
            "keepAliveMs": 0, "sendBuffer": 4, "reconnect": true, "replaySeconds": 5.5,
            "reconnectAttempts": 2, "subprotocolAuth": true,
        }))
        .unwrap();
        assert_eq!(c.keep_alive, None);
        assert_eq!(c.send_buffer, 4);
        assert!(c.subprotocol_auth);
        let reconnect = c.reconnect.unwrap();
        assert_eq!(
            (reconnect.backoff.max_retries, reconnect.replay_seconds),
            (2, 5.5)
        );
    }

    #[test]
    fn the_specs_describe_every_setting_in_order() {
        let names: Vec<&str> = LIVE_SETTING_SPECS.iter().map(|s| s.0).collect();
        assert_eq!(names, LIVE_SETTING_NAMES);
        // Every name is a field: a settings object with all of them reads.
        let all: serde_json::Map<String, serde_json::Value> = LIVE_SETTING_SPECS
            .iter()
            .map(|(name, kind, _)| {
                let value = match *kind {
                    "boolean" => serde_json::json!(true),
                    _ => serde_json::json!(1),
                };
                ((*name).to_owned(), value)
            })
            .collect();
        LiveSettings::from_value(all.into(), Spelling::Snake).unwrap();
    }

    #[test]
    fn bad_settings_name_the_setting() {
        for (value, name) in [
            (serde_json::json!({"keepAliveMs": 12_000}), "keep_alive_ms"),
            (serde_json::json!({"sendBuffer": 0}), "send_buffer"),
            (serde_json::json!({"eventBuffer": 100_000}), "event_buffer"),
            (serde_json::json!({"replaySeconds": 10}), "replay_seconds"),
            (
                serde_json::json!({"reconnect": true, "reconnectAttempts": 50}),
                "reconnect_attempts",
            ),
            (
                serde_json::json!({"reconnect": true, "replaySeconds": -1}),
                "replay_seconds",
            ),
            (serde_json::json!({"keepAlive": 1}), "keepAlive"),
        ] {
            let error = config(value.clone()).unwrap_err();
            assert_eq!(error.kind(), crate::ErrorKind::Config, "{value}");
            assert_eq!(error.record().option.as_deref(), Some(name), "{value}");
        }
    }
}
