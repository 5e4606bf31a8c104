//! Inputs on which the fuzz targets of `fuzz/` failed, replayed through the properties they
//! broke. Each input is kept as found in `fuzz/regressions/<target>/`.

mod common;

use dg_core::error::{ApiError, EXCERPT_LIMIT, Error, ErrorKind, excerpt};
use dg_core::models::KeyWithMember;
use dg_core::request::{key_url, keys_url};

use common::{client, emulator};

const EXCERPT_OF_INVALID_UTF8: &[u8] =
    include_bytes!("../../../fuzz/regressions/responses/excerpt-of-invalid-utf8-cut-unmarked");
const KEY_ITEM_WITH_API_KEY: &[u8] =
    include_bytes!("../../../fuzz/regressions/responses/key-item-api-key-written-twice");
const KEY_ITEM_IN_ITEM: &[u8] =
    include_bytes!("../../../fuzz/regressions/responses/key-item-in-item-unreadable");

/// 150 bytes whose invalid bytes become 3-byte U+FFFDs: the text was cut though the body is
/// shorter than the limit, and the excerpt must say so.
#[test]
fn an_excerpt_cut_inside_invalid_utf8_is_marked() {
    assert!(EXCERPT_OF_INVALID_UTF8.len() < EXCERPT_LIMIT);
    let shown = excerpt(EXCERPT_OF_INVALID_UTF8);
    let cut = shown.strip_suffix('…').expect("the cut is marked");
    assert!(String::from_utf8_lossy(EXCERPT_OF_INVALID_UTF8).starts_with(cut));
    let error = ApiError::from_body(502, None, EXCERPT_OF_INVALID_UTF8);
    assert!(error.message.ends_with('…'), "{}", error.message);
    // A body that fits is still shown whole, unmarked.
    assert_eq!(
        excerpt("\u{fffd}".repeat(10).as_bytes()),
        "\u{fffd}".repeat(10)
    );
}

/// Written back, a key read from the nested shape must read again as the same key: an
/// `api_key` or `item` beside the item's member was written twice or read back as the
/// nested shape.
#[test]
fn a_nested_key_with_odd_item_fields_survives_a_round_trip() {
    for body in [KEY_ITEM_WITH_API_KEY, KEY_ITEM_IN_ITEM] {
        let first: KeyWithMember = serde_json::from_slice(body).unwrap();
        let written = serde_json::to_string(&first).unwrap();
        let second: KeyWithMember = serde_json::from_str(&written)
            .unwrap_or_else(|e| panic!("{written} no longer parses: {e}"));
        assert_eq!(first, second, "{written}");
    }
    let kept: KeyWithMember = serde_json::from_slice(KEY_ITEM_WITH_API_KEY).unwrap();
    assert_eq!(kept.other["item"]["api_key"]["api_key_id"], "x");
}

fn base() -> url::Url {
    dg_core::config::parse_base_url("https://api.deepgram.com").unwrap()
}

/// The fuzz input (`fuzz/regressions/request_building/key-id-dot-is-no-segment`) is the
/// key id `"."` with a project id holding a control character. The URL builder drops `.`
/// and `..` segments and strips tabs and newlines, so such ids named another resource:
/// `keys/..` is the key list, and deleting it sent `DELETE /v1/projects/{id}/keys`.
#[test]
fn ids_that_are_no_single_path_segment_are_refused() {
    for bad in [
        ".",
        "..",
        " .. ",
        ".\t.",
        "a\tb",
        "k1\nk2",
        "alaw\"\u{2}example",
    ] {
        let refused = |result: dg_core::Result<url::Url>| matches!(result, Err(Error::InvalidOptions { message, .. }) if message.contains("not a valid id"));
        assert!(refused(key_url(&base(), "p1", bad)), "key id {bad:?}");
        assert!(refused(key_url(&base(), bad, "k1")), "project id {bad:?}");
        assert!(refused(keys_url(&base(), bad, None)), "project id {bad:?}");
    }
    // Dots inside an id are data, escaped into the one segment.
    let url = key_url(&base(), "p1", "../k").unwrap();
    assert_eq!(url.path(), "/v1/projects/p1/keys/..%2Fk");
    assert_eq!(
        key_url(&base(), "p1", "...").unwrap().path(),
        "/v1/projects/p1/keys/..."
    );
}

#[tokio::test]
async fn a_dot_key_id_never_reaches_the_key_list() {
    let emu = emulator().await;
    let c = client(&emu);
    let before = emu.stats().requests;
    for id in [".", ".."] {
        let err = c.get_key(emu.project_id(), id).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidOptions, "{err}");
        let err = c.delete_key(emu.project_id(), id).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidOptions, "{err}");
    }
    assert_eq!(emu.stats().requests, before, "nothing was sent");
}
