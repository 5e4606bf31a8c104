//! The options of `new DeepgramClient({...})`: the core's [`Settings`], read in camelCase
//! (`apiKey`, `accessToken`, `baseUrl`, `timeoutMs`, `connectTimeoutMs`, `retries`). Names,
//! defaults, checks and the credential rule (one of `apiKey` and `accessToken`, never both;
//! neither: the environment) are all the core's.

use dg_core::options::Spelling;
use dg_core::{ClientConfig, Error, Settings};
use serde_json::{Map, Value};

/// The configuration for these constructor options; `runtime` is appended to the User-Agent.
pub fn config(fields: Map<String, Value>, runtime: Option<String>) -> Result<ClientConfig, Error> {
    Settings::from_value(Value::Object(fields), Spelling::Camel)?.into_config(runtime)
}
