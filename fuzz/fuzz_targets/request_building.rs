//! Request building: options, ids and bodies as bindings hand them over (JSON) and as
//! arbitrary Rust values, through every pure request builder of dg-core.
//!
//! The first byte picks the case, the rest is its input:
//! - 0: `ListenOptions` from JSON (what every binding does), then `listen_url` and `live_url`;
//! - 1: `ListenOptions` from arbitrary `(option, text)` pairs, then both URLs;
//! - 2: arbitrary project and key ids, key status, token TTL and audio URL;
//! - 3: a `CreateKeyRequest` from JSON, then its body.
//!
//! Properties: a builder either returns a typed error or a well-formed URL (it re-parses to
//! itself, keeps the base, has no fragment); a transcription refuses exactly the invalid
//! options and the live-only ones, a live stream only the invalid; the query carries exactly
//! the option pairs,
//! in order, with no typed option blank; an id is always exactly one path segment that
//! decodes back to it; a body is JSON that reads back as what was sent.

#![no_main]

use std::borrow::Cow;

use arbitrary::{Arbitrary, Unstructured};
use dg_core::config::parse_base_url;
use dg_core::options::{LISTEN_OPTIONS, OPTION_NAMES};
use dg_core::request::{grant_request, key_url, keys_url, listen_url, live_url, url_body};
use dg_core::{CreateKeyRequest, Error, KeyStatus, ListenOptions};
use libfuzzer_sys::fuzz_target;
use percent_encoding::percent_decode_str;
use url::Url;

/// Base URLs as configured: the API, the emulator, and a proxy with a path prefix.
const BASES: &[&str] = &[
    "https://api.deepgram.com",
    "http://127.0.0.1:8080/",
    "https://proxy.example/deepgram/dg",
];

fuzz_target!(|data: &[u8]| {
    let Some((&case, rest)) = data.split_first() else {
        return;
    };
    match case % 4 {
        0 => {
            if let Ok(options) = serde_json::from_slice::<ListenOptions>(rest) {
                listen(&options);
            }
        }
        1 => {
            if let Ok(pairs) = Vec::<(u8, String)>::arbitrary_take_rest(Unstructured::new(rest)) {
                listen(&options_from_pairs(pairs));
            }
        }
        2 => {
            if let Ok(ids) = Ids::arbitrary_take_rest(Unstructured::new(rest)) {
                management(&ids);
            }
        }
        _ => {
            if let Ok(request) = serde_json::from_slice::<CreateKeyRequest>(rest) {
                create_key_body(&request);
            }
        }
    }
});

fn bases() -> impl Iterator<Item = Url> {
    BASES
        .iter()
        .map(|b| parse_base_url(b).expect("a valid base URL"))
}

fn assert_well_formed(url: &Url, base: &Url) {
    assert_well_formed_as(url, base, base.scheme());
}

fn assert_well_formed_as(url: &Url, base: &Url, scheme: &str) {
    let reparsed = Url::parse(url.as_str()).expect("a built URL parses");
    assert_eq!(&reparsed, url, "a built URL re-parses to itself");
    assert_eq!(url.scheme(), scheme);
    assert_eq!(url.host_str(), base.host_str());
    assert_eq!(url.port(), base.port());
    assert!(url.fragment().is_none());
    assert!(url.path().starts_with(base.path()), "{url} left {base}");
}

/// A query's pairs as owned text.
type Pairs = Vec<(Cow<'static, str>, String)>;

fn listen(options: &ListenOptions) {
    let validated = options.validate();
    // A transcription also refuses the live-only options, which a live stream takes.
    let live_only = options.live_query_pairs().is_ok_and(|pairs| {
        pairs
            .iter()
            .any(|(k, _)| LISTEN_OPTIONS.iter().any(|o| o.live_only && o.name == k))
    });
    for base in bases() {
        let transcription = listen_url(&base, options);
        check_listen(transcription, &base, base.scheme(), validated.is_ok() && !live_only, || {
            options.query_pairs()
        });
        let live_scheme = if base.scheme() == "https" { "wss" } else { "ws" };
        check_listen(live_url(&base, options), &base, live_scheme, validated.is_ok(), || {
            options.live_query_pairs()
        });
    }
}

/// A built listen URL: refused exactly when `valid` is false, else well formed with exactly
/// the option pairs in its query.
fn check_listen(
    built: Result<Url, Error>,
    base: &Url,
    scheme: &str,
    valid: bool,
    pairs: impl Fn() -> Result<Pairs, Error>,
) {
    let url = match built {
        Ok(url) => url,
        Err(error) => {
            assert!(
                matches!(error, Error::InvalidOptions { .. }),
                "a typed error: {error:?}"
            );
            assert!(!valid, "only invalid options are refused: {error}");
            return;
        }
    };
    assert!(valid, "invalid options were let through");
    assert_well_formed_as(&url, base, scheme);
    assert_eq!(url.path(), format!("{}v1/listen", base.path()));
    let pairs = pairs().expect("validated");
    for (key, value) in &pairs {
        // Typed options are 'static keys; only `extra_query` brings its own.
        if matches!(key, Cow::Borrowed(_)) {
            assert!(!value.trim().is_empty(), "`{key}` sent blank");
        }
    }
    let sent: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let wanted: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(k, v)| (k.into_owned(), v))
        .collect();
    assert_eq!(sent, wanted, "the query carries exactly the options");
    if wanted.is_empty() {
        assert!(url.query().is_none());
    }
}

#[derive(Arbitrary, Debug)]
struct Ids {
    project: String,
    key: String,
    status: Option<bool>,
    ttl: Option<u32>,
    audio_url: String,
}

fn management(ids: &Ids) {
    let status = ids.status.map(|active| {
        if active {
            KeyStatus::Active
        } else {
            KeyStatus::Expired
        }
    });
    for base in bases() {
        let prefix = base.path().len();
        match keys_url(&base, &ids.project, status) {
            Ok(url) => {
                assert_well_formed(&url, &base);
                assert_segments(&url, prefix, &["v1", "projects", &ids.project, "keys"]);
                let query = status.map(|s| format!("status={s}"));
                assert_eq!(url.query(), query.as_deref());
            }
            Err(error) => assert!(matches!(error, Error::InvalidOptions { .. }), "{error:?}"),
        }
        match key_url(&base, &ids.project, &ids.key) {
            Ok(url) => {
                assert_well_formed(&url, &base);
                assert_segments(
                    &url,
                    prefix,
                    &["v1", "projects", &ids.project, "keys", &ids.key],
                );
                assert!(url.query().is_none());
            }
            Err(error) => assert!(matches!(error, Error::InvalidOptions { .. }), "{error:?}"),
        }
        match grant_request(&base, ids.ttl) {
            Ok((url, body)) => {
                assert_well_formed(&url, &base);
                let body: serde_json::Value = serde_json::from_slice(&body).expect("JSON body");
                let ttl = body.get("ttl_seconds").and_then(|t| t.as_u64());
                assert_eq!(ttl, ids.ttl.map(u64::from));
            }
            Err(error) => assert!(matches!(error, Error::InvalidOptions { .. }), "{error:?}"),
        }
    }
    if let Ok(body) = url_body(&ids.audio_url) {
        let body: serde_json::Value = serde_json::from_slice(&body).expect("JSON body");
        let sent = body["url"].as_str().expect("a url string");
        let parsed = Url::parse(sent).expect("the sent URL parses");
        assert!(matches!(parsed.scheme(), "http" | "https"));
        assert!(parsed.host().is_some());
    }
}

/// The path after the base's is exactly these segments, each one escaped segment that
/// decodes back to the (trimmed) value given.
fn assert_segments(url: &Url, prefix: usize, wanted: &[&str]) {
    let tail = &url.path()[prefix..];
    let segments: Vec<&str> = tail.split('/').collect();
    assert_eq!(
        segments.len(),
        wanted.len(),
        "{url}: {wanted:?} is not {} segments",
        wanted.len()
    );
    for (segment, value) in segments.iter().zip(wanted) {
        let decoded = percent_decode_str(segment).decode_utf8_lossy();
        assert_eq!(decoded, value.trim(), "{url}: segment {segment:?}");
    }
}

fn create_key_body(request: &CreateKeyRequest) {
    match request.to_json() {
        Ok(body) => {
            let sent: CreateKeyRequest =
                serde_json::from_slice(&body).expect("the body reads back");
            assert_eq!(&sent, request, "the body is what was asked for");
            assert!(request.validate().is_ok());
        }
        Err(error) => {
            assert!(matches!(error, Error::InvalidOptions { .. }), "{error:?}");
            assert!(request.validate().is_err());
        }
    }
}

/// `ListenOptions` from arbitrary `(option, text)` pairs, each read by its option's own type
/// as the CLI reads `-o name=value` (values that do not read are skipped). Every option of the
/// core's schema is reachable, an option added later included; option enums take any string,
/// so a `Custom` value (blank ones included) is as reachable as a documented one.
fn options_from_pairs(pairs: Vec<(u8, String)>) -> ListenOptions {
    let mut options = ListenOptions::default();
    for (pick, value) in pairs {
        let name = OPTION_NAMES[usize::from(pick) % OPTION_NAMES.len()];
        let _ = options.set_text(name, &value);
    }
    options
}
