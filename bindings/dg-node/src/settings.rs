//! The options of `new DeepgramClient({...})`, into a [`ClientConfig`].

use std::time::Duration;

use dg_core::{ClientConfig, Error};
use serde_json::{Map, Value};

use crate::js_fields;

/// What the constructor accepts (camelCase in JS). Credentials left out come from
/// `DEEPGRAM_ACCESS_TOKEN` / `DEEPGRAM_API_KEY`, as in the core.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    api_key: Option<String>,
    access_token: Option<String>,
    base_url: Option<String>,
    timeout_ms: Option<u64>,
    connect_timeout_ms: Option<u64>,
    retries: Option<u32>,
}

/// The configuration for these constructor options; `runtime` is appended to the User-Agent.
pub fn config(fields: Map<String, Value>, runtime: Option<String>) -> Result<ClientConfig, Error> {
    let settings: Settings = js_fields::deserialize(fields)?;
    let mut builder = ClientConfig::builder();
    if let Some(key) = settings.api_key {
        builder = builder.api_key(key);
    }
    // Set last so it wins over an API key, as DEEPGRAM_ACCESS_TOKEN wins over DEEPGRAM_API_KEY.
    if let Some(token) = settings.access_token {
        builder = builder.access_token(token);
    }
    if let Some(url) = settings.base_url {
        builder = builder.base_url(url);
    }
    if let Some(ms) = settings.timeout_ms {
        builder = builder.timeout(Duration::from_millis(ms));
    }
    if let Some(ms) = settings.connect_timeout_ms {
        builder = builder.connect_timeout(Duration::from_millis(ms));
    }
    if let Some(retries) = settings.retries {
        builder = builder.max_retries(retries);
    }
    if let Some(runtime) = runtime {
        builder = builder.user_agent_suffix(runtime);
    }
    builder.build()
}
