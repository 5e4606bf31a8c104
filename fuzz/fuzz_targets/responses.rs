//! Response parsing: any bytes, as every answer dg-core decodes (each model, the way the
//! client decodes it) and as an error body of each status class.
//!
//! Properties: nothing panics; whatever parses is written back as JSON that parses into an
//! equal value (the models are lossless); an error body always gives a non-empty message
//! and an excerpt that is bounded and marked when cut.

#![no_main]

use std::fmt::Debug;

use dg_core::error::{ApiError, EXCERPT_LIMIT, Error, ErrorKind, excerpt};
use dg_core::models::{
    CreatedKey, DeleteKeyResponse, GrantedToken, KeyList, KeyWithMember, ProjectList, parse_listen,
    parse_streaming_result,
};
use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;

fuzz_target!(|body: &[u8]| {
    round_trip(body, parse_listen);
    round_trip(body, parse_streaming_result);
    round_trip(body, json::<ProjectList>);
    round_trip(body, json::<KeyList>);
    round_trip(body, json::<KeyWithMember>);
    round_trip(body, json::<CreatedKey>);
    round_trip(body, json::<DeleteKeyResponse>);
    round_trip(body, json::<GrantedToken>);
    // One status per input (the body decides which) keeps each run to one JSON parse.
    let statuses = [400, 401, 403, 404, 429, 503, 999];
    error_body(statuses[body.len() % statuses.len()], body);
    bounded_excerpt(body);
});

/// How the client decodes every answer but a transcription.
fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body)
}

/// What parses, written back, parses into an equal value.
fn round_trip<T: Serialize + PartialEq + Debug>(
    body: &[u8],
    parse: impl Fn(&[u8]) -> Result<T, serde_json::Error>,
) {
    let Ok(first) = parse(body) else {
        return;
    };
    let written = serde_json::to_vec(&first).expect("a parsed response serializes");
    let second = parse(&written).unwrap_or_else(|e| {
        panic!(
            "{} written back no longer parses: {e}\n{}",
            std::any::type_name::<T>(),
            String::from_utf8_lossy(&written)
        )
    });
    assert_eq!(
        first,
        second,
        "{} changed in a round trip through\n{}",
        std::any::type_name::<T>(),
        String::from_utf8_lossy(&written)
    );
}

fn error_body(status: u16, body: &[u8]) {
    let error = ApiError::from_body(status, Some("header-request-id"), body);
    assert_eq!(error.status, status);
    assert!(!error.message.is_empty(), "an error always says something");
    assert!(error.message.len() <= EXCERPT_LIMIT + '…'.len_utf8());
    if let Some(details) = &error.details {
        assert!(details.len() <= EXCERPT_LIMIT + '…'.len_utf8());
    }
    assert!(
        error.request_id.is_some(),
        "the header's id is the fallback"
    );
    let shown = error.to_string();
    assert!(shown.starts_with(&format!("HTTP {status}")), "{shown}");
    let kind = Error::from_api(error, None).kind();
    let expected = match status {
        401 => ErrorKind::Auth,
        403 => ErrorKind::PermissionDenied,
        404 => ErrorKind::NotFound,
        429 => ErrorKind::RateLimited,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::BadRequest,
    };
    assert_eq!(kind, expected);
}

/// The excerpt is the whole body when it fits, else a marked prefix of it.
fn bounded_excerpt(body: &[u8]) {
    let shown = excerpt(body);
    let whole = String::from_utf8_lossy(body);
    if whole.len() <= EXCERPT_LIMIT {
        assert_eq!(shown, whole, "a body that fits is shown whole");
    } else {
        let cut = shown
            .strip_suffix('…')
            .unwrap_or_else(|| panic!("a cut excerpt is marked: {shown:?}"));
        assert!(cut.len() <= EXCERPT_LIMIT);
        assert!(
            whole.starts_with(cut),
            "{shown:?} is not a prefix of the body"
        );
    }
}
