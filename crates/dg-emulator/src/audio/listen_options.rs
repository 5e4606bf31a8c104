//! The `/v1/listen` query options the emulator acts on, validated as Deepgram does.

use http::Method;
use serde_json::{Map, Value};
use url::Url;

use crate::audio::identify::RawFormat;
use crate::errors::ApiError;
use crate::http::query::Query;

/// Deepgram's model when the request names none.
const DEFAULT_MODEL: &str = "base-general";

pub(crate) struct ListenOptions {
    /// `tag=…`, echoed as `metadata.tags`.
    pub(crate) tags: Vec<String>,
    /// `extra=key:value`, echoed as `metadata.extra`.
    pub(crate) extra: Map<String, Value>,
    pub(crate) callback: Option<Callback>,
    pub(crate) multichannel: bool,
    /// Set by `encoding=`: how to read audio that has no container.
    pub(crate) raw: Option<RawFormat>,
}

pub(crate) struct Callback {
    pub(crate) url: Url,
    pub(crate) method: Method,
}

fn is_nova_3(model: &str) -> bool {
    model == "nova-3" || model.starts_with("nova-3-")
}

/// A 400 Bad Request saying `message`.
pub(crate) fn bad(message: impl Into<String>) -> ApiError {
    ApiError::BadRequest(message.into())
}

impl ListenOptions {
    pub(crate) fn parse(query: &Query) -> Result<ListenOptions, ApiError> {
        let model = query.get("model").unwrap_or(DEFAULT_MODEL);
        if query.has("keyterm") && !is_nova_3(model) {
            return Err(bad(format!(
                "keyterm is only available with Nova-3 models, not with model {model}"
            )));
        }
        if query.has("keywords") && is_nova_3(model) {
            return Err(bad(format!(
                "keywords are not supported with model {model}; use keyterm with Nova-3 models"
            )));
        }
        let mut extra = Map::new();
        for pair in query.all("extra") {
            let (key, value) = pair
                .split_once(':')
                .ok_or_else(|| bad(format!("extra must be key:value pairs, got {pair:?}")))?;
            extra.insert(key.to_owned(), Value::from(value));
        }
        Ok(ListenOptions {
            tags: query.all("tag").map(str::to_owned).collect(),
            extra,
            callback: callback(query)?,
            multichannel: query.get("multichannel") == Some("true"),
            raw: raw_format(query)?,
        })
    }
}

fn callback(query: &Query) -> Result<Option<Callback>, ApiError> {
    let Some(url) = query.get("callback") else {
        return Ok(None);
    };
    let url = Url::parse(url).map_err(|e| bad(format!("callback {url:?} is not a URL: {e}")))?;
    let method = match query.get("callback_method").unwrap_or("POST") {
        "POST" | "post" => Method::POST,
        "PUT" | "put" => Method::PUT,
        other => {
            return Err(bad(format!(
                "callback_method must be POST or PUT, not {other:?}"
            )));
        }
    };
    Ok(Some(Callback { url, method }))
}

/// How to read audio without a container, when `encoding` is given (with `sample_rate` and
/// `channels`).
pub(crate) fn raw_format(query: &Query) -> Result<Option<RawFormat>, ApiError> {
    let Some(encoding) = query.get("encoding") else {
        return Ok(None);
    };
    let sample_rate = query
        .get("sample_rate")
        .map(|rate| {
            rate.parse::<u32>()
                .map_err(|_| bad(format!("sample_rate {rate:?} is not a whole number")))
        })
        .transpose()?;
    let channels = match query.get("channels") {
        None => 1,
        Some(count) => count
            .parse::<u16>()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| bad(format!("channels {count:?} is not a positive whole number")))?,
    };
    Ok(Some(RawFormat {
        encoding: encoding.to_owned(),
        sample_rate,
        channels,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> Result<ListenOptions, ApiError> {
        ListenOptions::parse(&Query::parse(Some(query)))
    }

    #[test]
    fn keyterm_needs_nova_3_and_keywords_refuse_it() {
        assert!(parse("model=nova-3&keyterm=dg").is_ok());
        assert!(parse("model=nova-3-medical&keyterm=dg").is_ok());
        assert!(parse("model=nova-2&keyterm=dg").is_err());
        assert!(parse("keyterm=dg").is_err());
        assert!(parse("model=nova-2&keywords=dg:2").is_ok());
        assert!(parse("model=nova-3&keywords=dg:2").is_err());
    }

    #[test]
    fn tags_and_extra_pairs_are_collected() {
        let options = parse("tag=a&tag=b&extra=k:v&extra=url:http://x").unwrap();
        assert_eq!(options.tags, ["a", "b"]);
        assert_eq!(
            Value::Object(options.extra),
            serde_json::json!({"k": "v", "url": "http://x"})
        );
        assert!(parse("extra=novalue").is_err());
    }

    #[test]
    fn callbacks_need_a_url_and_a_known_method() {
        let options = parse("callback=http://127.0.0.1:9/cb&callback_method=PUT").unwrap();
        assert_eq!(options.callback.unwrap().method, Method::PUT);
        assert!(parse("callback=not%20a%20url").is_err());
        assert!(parse("callback=http://127.0.0.1:9/&callback_method=GET").is_err());
    }

    #[test]
    fn raw_formats_are_read_from_encoding_options() {
        let raw = parse("encoding=mulaw&sample_rate=8000&channels=2")
            .unwrap()
            .raw
            .unwrap();
        assert_eq!(
            raw,
            RawFormat {
                encoding: "mulaw".into(),
                sample_rate: Some(8000),
                channels: 2
            }
        );
        assert!(parse("encoding=linear16&sample_rate=fast").is_err());
        assert!(parse("encoding=linear16&channels=0").is_err());
        assert!(parse("sample_rate=8000").unwrap().raw.is_none());
    }
}
