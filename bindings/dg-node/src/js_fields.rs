//! The small request objects that are not listen options or settings (`keys.create`'s request,
//! `keys.list`'s and `auth.grantToken`'s options) into the core's serde types. Their keys are
//! translated through the fields' declared (snake_case) names, spelled camelCase with the
//! core's [`Spelling`], never by guessing; listen options and settings are read by the core
//! itself ([`dg_core::ListenOptions::from_value`], [`dg_core::Settings::from_value`]).

use dg_core::Error;
use dg_core::options::{Spelling, schema};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Deserializes `T` from a JS object whose keys are the camelCase spellings of `names`
/// (`T`'s snake_case fields). `null` means unset; an unknown key or a bad value is an
/// `InvalidOptions` error naming the key as the caller wrote it.
pub fn deserialize<T: DeserializeOwned>(
    fields: Map<String, Value>,
    names: &[&str],
) -> Result<T, Error> {
    let spelled = |name: &str| Spelling::Camel.spell(name);
    let mut converted = Map::new();
    for (key, value) in fields {
        let Some(name) = names.iter().find(|n| spelled(n) == key) else {
            let known: Vec<String> = names.iter().map(|n| spelled(n)).collect();
            let hint = match schema::suggest(&key, known.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => {
                    let quoted: Vec<String> = known.iter().map(|n| format!("`{n}`")).collect();
                    format!("expected one of {}", quoted.join(", "))
                }
            };
            return Err(Error::invalid_option(
                &key,
                format!("unknown field `{key}`; {hint}"),
            ));
        };
        if !value.is_null() {
            converted.insert((*name).to_owned(), value);
        }
    }
    serde_path_to_error::deserialize(Value::Object(converted)).map_err(|e| {
        let inner = e.inner().to_string();
        match e.path().iter().next().map(|s| s.to_string()) {
            Some(name) if names.contains(&name.as_str()) => {
                let key = spelled(&name);
                Error::invalid_option(&key, format!("`{key}`: {inner}"))
            }
            _ => Error::invalid(respell(&inner, names)),
        }
    })
}

/// serde's "missing field `comment`" in the caller's spelling.
fn respell(message: &str, names: &[&str]) -> String {
    let mut out = message.to_owned();
    for name in names {
        out = out.replace(
            &format!("`{name}`"),
            &format!("`{}`", Spelling::Camel.spell(name)),
        );
    }
    out
}
