//! The small request objects that are not listen options or settings (`keys.create`'s request,
//! `keys.list`'s and `auth.grantToken`'s options) into the core's serde types. Their keys are
//! translated through the fields' declared (snake_case) names, spelled camelCase with the
//! core's [`Spelling`], never by guessing; listen options and settings are read by the core
//! itself ([`dg_core::ListenOptions::from_value`], [`dg_core::Settings::from_value`]).

use dg_core::Error;
use dg_core::options::Spelling;
use dg_core::options::schema::{Fields, read_spelled};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Deserializes `T` from a JS object whose keys are the camelCase spellings of `names`
/// (`T`'s snake_case fields), with the core's rules and wording.
pub fn deserialize<T: DeserializeOwned>(
    fields: Map<String, Value>,
    names: &[&str],
) -> Result<T, Error> {
    read_spelled(
        Value::Object(fields),
        names,
        Spelling::Camel,
        Fields::Request,
    )
}
