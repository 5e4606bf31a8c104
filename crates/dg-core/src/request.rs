//! Pure request building: URLs, query strings and JSON bodies for every endpoint, with no I/O,
//! so each can be tested without a socket.

use bytes::Bytes;
use url::Url;

use crate::error::{Error, Result};
use crate::key_request::{KeyStatus, validate_grant_ttl};
use crate::options::{FluxOptions, ListenOptions};

/// `POST /v1/listen?…`: the options validated and encoded, list options as repeated keys.
pub fn listen_url(base: &Url, options: &ListenOptions) -> Result<Url> {
    let url = join(base, &["v1", "listen"])?;
    Ok(with_query(url, &options.query_pairs()?))
}

/// `wss://…/v1/listen?…` (`ws://` for a base that is plain http, which the config allows only
/// to a loopback host): the live stream's URL, the live-only options allowed.
pub fn live_url(base: &Url, options: &ListenOptions) -> Result<Url> {
    let url = websocket(join(base, &["v1", "listen"])?)?;
    Ok(with_query(url, &options.live_query_pairs()?))
}

/// `wss://…/v2/listen?…` (`ws://` as for [`live_url`]): a Flux stream's URL.
pub fn flux_url(base: &Url, options: &FluxOptions) -> Result<Url> {
    let url = websocket(join(base, &["v2", "listen"])?)?;
    Ok(with_query(url, &options.query_pairs()?))
}

/// `url` with the WebSocket scheme that matches its http(s) one.
fn websocket(mut url: Url) -> Result<Url> {
    let scheme = if url.scheme() == "https" { "wss" } else { "ws" };
    url.set_scheme(scheme)
        .map_err(|()| Error::invalid(format!("cannot make a WebSocket URL of {url}")))?;
    Ok(url)
}

/// `url` with `pairs` as its query (percent-encoded here).
fn with_query(mut url: Url, pairs: &[(std::borrow::Cow<'static, str>, String)]) -> Url {
    if !pairs.is_empty() {
        let mut q = url.query_pairs_mut();
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
    }
    url
}

/// The JSON body of a remote-URL transcription, `{"url": …}`; the URL must be absolute
/// http(s) (Deepgram fetches it, so plain http is the caller's choice here).
pub fn url_body(audio_url: &str) -> Result<Bytes> {
    let parsed = audio_url_of(audio_url)?;
    Ok(Bytes::from(
        serde_json::json!({ "url": parsed.as_str() }).to_string(),
    ))
}

/// `audio_url` parsed, if it is an absolute http(s) URL with a host: where audio may be
/// fetched from (by Deepgram for a transcription, by dg for a live stream).
pub fn audio_url_of(audio_url: &str) -> Result<Url> {
    let parsed = Url::parse(audio_url.trim())
        .map_err(|e| Error::invalid(format!("audio URL {audio_url:?} is not a valid URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err(Error::invalid(format!(
            "audio URL {audio_url:?} must be an http(s) URL"
        )));
    }
    Ok(parsed)
}

/// `GET /v1/projects`.
pub fn projects_url(base: &Url) -> Result<Url> {
    join(base, &["v1", "projects"])
}

/// `GET|POST /v1/projects/{project_id}/keys`, with the optional `status` filter.
pub fn keys_url(base: &Url, project_id: &str, status: Option<KeyStatus>) -> Result<Url> {
    let mut url = join(
        base,
        &["v1", "projects", id("project id", project_id)?, "keys"],
    )?;
    if let Some(s) = status {
        url.query_pairs_mut().append_pair("status", s.as_str());
    }
    Ok(url)
}

/// `GET|DELETE /v1/projects/{project_id}/keys/{key_id}`.
pub fn key_url(base: &Url, project_id: &str, key_id: &str) -> Result<Url> {
    join(
        base,
        &[
            "v1",
            "projects",
            id("project id", project_id)?,
            "keys",
            id("key id", key_id)?,
        ],
    )
}

/// One segment of a management path: fixed text, or an id the caller gave (named for errors).
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    /// A fixed segment (`v1`, `members`).
    Fixed(&'static str),
    /// A caller's id: `what` names it in errors (`member id`); checked by the rules of
    /// [`key_url`] and percent-encoded as one segment.
    Id(&'static str, &'a str),
}

/// A management URL: `base` + the segments of `path` + `query` (lists as repeated keys).
pub fn api_url(base: &Url, path: &[Part<'_>], query: &[(String, String)]) -> Result<Url> {
    let mut segments = Vec::with_capacity(path.len());
    for part in path {
        segments.push(match *part {
            Part::Fixed(text) => text,
            Part::Id(what, value) => id(what, value)?,
        });
    }
    let mut url = join(base, &segments)?;
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    Ok(url)
}

/// `POST /v1/auth/grant` and its body (`{"ttl_seconds": n}`, or none for the API's default).
pub fn grant_request(base: &Url, ttl_seconds: Option<u32>) -> Result<(Url, Bytes)> {
    let body = match ttl_seconds {
        Some(ttl) => {
            validate_grant_ttl(ttl)?;
            serde_json::json!({ "ttl_seconds": ttl }).to_string()
        }
        None => "{}".to_owned(),
    };
    Ok((join(base, &["v1", "auth", "grant"])?, Bytes::from(body)))
}

fn id<'a>(what: &str, value: &'a str) -> Result<&'a str> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(format!("the {what} is empty")));
    }
    // The URL's path setter drops `.` and `..` segments and strips tabs and newlines, so
    // such an id would name another resource (`keys/..` is the key list).
    if v == "." || v == ".." || v.contains(char::is_control) {
        return Err(Error::invalid(format!(
            "the {what} {v:?} is not a valid id"
        )));
    }
    Ok(v)
}

/// Appends path segments to the base URL, percent-encoding each (so an id can never change
/// the path: `a/../b` stays one segment).
fn join(base: &Url, segments: &[&str]) -> Result<Url> {
    let mut url = base.clone();
    {
        let mut path = url
            .path_segments_mut()
            .map_err(|_| Error::config(None, format!("base URL {base} cannot have a path")))?;
        path.pop_if_empty();
        path.extend(segments);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        crate::config::parse_base_url("https://api.deepgram.com").unwrap()
    }

    #[test]
    fn listen_url_repeats_list_keys_and_escapes() {
        let opts = ListenOptions {
            smart_format: Some(true),
            keyterm: vec!["a b".into(), "c&d".into()],
            model: Some("nova-3".parse().unwrap()),
            ..Default::default()
        };
        let url = listen_url(&base(), &opts).unwrap();
        assert_eq!(url.path(), "/v1/listen");
        let q = url.query().unwrap();
        assert!(q.contains("keyterm=a+b&keyterm=c%26d"), "{q}");
        assert!(q.contains("smart_format=true"), "{q}");
        assert!(q.contains("model=nova-3"), "{q}");
    }

    #[test]
    fn listen_url_without_options_has_no_query() {
        let url = listen_url(&base(), &ListenOptions::default()).unwrap();
        assert_eq!(url.as_str(), "https://api.deepgram.com/v1/listen");
    }

    #[test]
    fn base_path_prefix_is_kept() {
        let b = crate::config::parse_base_url("https://proxy.local/dg").unwrap();
        assert_eq!(
            projects_url(&b).unwrap().as_str(),
            "https://proxy.local/dg/v1/projects"
        );
    }

    #[test]
    fn ids_are_single_escaped_segments() {
        let url = key_url(&base(), "p1", "../../v1/listen").unwrap();
        assert_eq!(url.path(), "/v1/projects/p1/keys/..%2F..%2Fv1%2Flisten");
        assert!(matches!(
            keys_url(&base(), " ", None),
            Err(Error::InvalidOptions { .. })
        ));
        assert_eq!(
            keys_url(&base(), "p1", Some(KeyStatus::Expired))
                .unwrap()
                .as_str(),
            "https://api.deepgram.com/v1/projects/p1/keys?status=expired"
        );
    }

    #[test]
    fn api_urls_check_and_encode_each_id() {
        use Part::{Fixed, Id};
        let url = api_url(
            &base(),
            &[
                Fixed("v1"),
                Fixed("projects"),
                Id("project id", "p1"),
                Fixed("invites"),
                Id("email", "a b@x.io"),
            ],
            &[("limit".into(), "5".into())],
        )
        .unwrap();
        assert_eq!(
            url.as_str(),
            "https://api.deepgram.com/v1/projects/p1/invites/a%20b@x.io?limit=5"
        );
        for bad in ["", "..", "a\nb"] {
            assert!(matches!(
                api_url(&base(), &[Fixed("v1"), Id("member id", bad)], &[]),
                Err(Error::InvalidOptions { .. })
            ));
        }
    }

    #[test]
    fn url_body_is_checked_json() {
        let body = url_body("https://dpgr.am/spacewalk.wav").unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["url"], "https://dpgr.am/spacewalk.wav");
        assert!(url_body("spacewalk.wav").is_err());
        assert!(url_body("file:///etc/passwd").is_err());
    }

    #[test]
    fn grant_ttl_is_checked() {
        let (url, body) = grant_request(&base(), Some(60)).unwrap();
        assert_eq!(url.path(), "/v1/auth/grant");
        assert_eq!(&body[..], br#"{"ttl_seconds":60}"#);
        assert!(grant_request(&base(), Some(0)).is_err());
        assert!(grant_request(&base(), Some(3601)).is_err());
        assert_eq!(&grant_request(&base(), None).unwrap().1[..], b"{}");
    }

    #[test]
    fn the_url_follows_the_base_scheme_and_takes_live_options() {
        let options = ListenOptions {
            interim_results: Some(true),
            sample_rate: Some(16000),
            ..Default::default()
        };
        let https = Url::parse("https://api.deepgram.com/").unwrap();
        let url = live_url(&https, &options).unwrap();
        assert_eq!(
            url.as_str(),
            "wss://api.deepgram.com/v1/listen?sample_rate=16000&interim_results=true"
        );
        let local = Url::parse("http://127.0.0.1:8080/").unwrap();
        assert!(
            live_url(&local, &options)
                .unwrap()
                .as_str()
                .starts_with("ws://127.0.0.1:8080/v1/listen?")
        );
    }
}
