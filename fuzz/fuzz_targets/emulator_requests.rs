//! The emulator's request handling: the input is the raw bytes of one HTTP/1.1 connection
//! (request lines, headers, queries, bodies; pipelined requests allowed) sent to a fresh
//! in-memory emulator. So that inputs get past authentication, `{owner}` in the input stands
//! for the owner key, `{project}` for the project id, `{key_id}` for the id of a key created
//! just before, and `{token}` for a temporary token.
//!
//! Properties: nothing panics or hangs; every answer is well-formed HTTP/1.1 with its whole
//! body; no 500 unless the input queued faults; a JSON answer is JSON, and every answer
//! dg-core decodes (transcriptions, keys, projects, tokens, error bodies) decodes with
//! dg-core; neither the owner key (sent only as a credential) nor the secret of the key
//! created beforehand ever appears in an answer.

#![no_main]

use dg_core::ApiError;
use dg_core::models::{
    CreatedKey, DeleteKeyResponse, GrantedToken, KeyList, KeyWithMember, ProjectList, parse_listen,
};
use dg_emulator::{EmulatorConfig, InMemoryEmulator};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use tokio::runtime::{Builder, Runtime};

thread_local! {
    /// A paused clock: a queued delay fault is skipped over instead of waited for.
    static RUNTIME: Runtime = Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("a tokio runtime");
}

const OWNER: &[u8] = b"{owner}";
/// The only place the owner key may be put: its own `Authorization` header.
const OWNER_AS_CREDENTIAL: &[u8] = b"\r\nauthorization: token {owner}";

fuzz_target!(|data: &[u8]| {
    RUNTIME.with(|runtime| runtime.block_on(run(data)));
});

/// What the checks need to know about the input.
struct Context {
    /// Faults change statuses and bodies and may cut a connection anywhere.
    faults: bool,
    /// A `HEAD` answer announces a body it does not send.
    head: bool,
    /// Secrets that must not appear in any answer.
    never_shown: Vec<String>,
}

async fn run(data: &[u8]) {
    let emulator =
        InMemoryEmulator::new(EmulatorConfig::default()).expect("an in-memory emulator starts");
    let owner = emulator.owner_key().to_owned();
    let mut never_shown = Vec::new();
    if only_as_credential(data) {
        never_shown.push(owner.clone());
    }
    let mut input = replace(data, OWNER, owner.as_bytes());
    input = replace(&input, b"{project}", emulator.project_id().as_bytes());
    if find(&input, b"{key_id}").is_some() {
        let created = create_key(&emulator).await;
        input = replace(&input, b"{key_id}", created.api_key_id.as_bytes());
        never_shown.push(created.key.expose().to_owned());
    }
    if find(&input, b"{token}").is_some() {
        let token = grant_token(&emulator).await;
        input = replace(&input, b"{token}", token.as_bytes());
    }
    let context = Context {
        faults: find(data, b"__emulator/faults").is_some(),
        head: find(data, b"HEAD").is_some(),
        never_shown,
    };
    let answers = emulator.exchange(&input).await;
    check_answers(&answers, &context);
}

fn only_as_credential(data: &[u8]) -> bool {
    let lower = data.to_ascii_lowercase();
    count(&lower, OWNER) == count(&lower, OWNER_AS_CREDENTIAL)
}

fn check_answers(answers: &[u8], context: &Context) {
    for secret in &context.never_shown {
        assert!(
            find(answers, secret.as_bytes()).is_none(),
            "a secret was answered"
        );
    }
    let mut rest = answers;
    while !rest.is_empty() {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut response = httparse::Response::new(&mut headers);
        let head_len = match response.parse(rest) {
            Ok(httparse::Status::Complete(len)) => len,
            _ if context.faults => return, // a dropped connection cuts anywhere
            other => panic!(
                "not an HTTP answer ({other:?}): {:?}",
                String::from_utf8_lossy(rest)
            ),
        };
        let status = response.code.expect("a complete head has a status");
        let header = |name: &str| {
            response
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(name))
                .and_then(|h| std::str::from_utf8(h.value).ok())
        };
        let declared = if status < 200 || status == 204 || status == 304 {
            0
        } else {
            header("content-length")
                .and_then(|len| len.parse::<usize>().ok())
                .expect("every answer says its length")
        };
        // The answer to a HEAD announces a body it does not send: the length that ends
        // exactly where the next answer (or the end) starts is the one sent.
        let ends_here = |len: usize| {
            rest.get(head_len + len..)
                .is_some_and(|next| next.is_empty() || next.starts_with(b"HTTP/1.1 "))
        };
        let body_len = if context.head && !ends_here(declared) && ends_here(0) {
            0
        } else {
            declared
        };
        let Some(body) = rest.get(head_len..head_len + body_len) else {
            assert!(context.faults, "an answer was cut short");
            return;
        };
        if body_len > 0 {
            let json = header("content-type").is_some_and(|t| t.starts_with("application/json"));
            check_answer(status, json, body, context);
        }
        rest = &rest[head_len + body_len..];
    }
}

fn check_answer(status: u16, json: bool, body: &[u8], context: &Context) {
    if context.faults {
        // An injected status may come with any body.
        return;
    }
    assert_ne!(status, 500, "{}", String::from_utf8_lossy(body));
    if !json {
        return;
    }
    let value: Value = serde_json::from_slice(body).expect("a JSON answer is JSON");
    let has = |field: &str| value.get(field).is_some();
    if status >= 400 {
        let error = ApiError::from_body(status, None, body);
        assert!(error.code.is_some(), "an error without a code: {value}");
        return;
    }
    let decoded = if has("results") {
        parse_listen(body).map(drop)
    } else if has("api_key_id") && has("key") {
        serde_json::from_slice::<CreatedKey>(body).map(drop)
    } else if has("api_keys") {
        serde_json::from_slice::<KeyList>(body).map(drop)
    } else if has("projects") {
        serde_json::from_slice::<ProjectList>(body).map(drop)
    } else if has("access_token") {
        serde_json::from_slice::<GrantedToken>(body).map(drop)
    } else if has("member") && has("api_key") {
        serde_json::from_slice::<KeyWithMember>(body).map(drop)
    } else if has("message") {
        serde_json::from_slice::<DeleteKeyResponse>(body).map(drop)
    } else {
        Ok(())
    };
    if let Err(error) = decoded {
        panic!("dg-core cannot decode the emulator's answer: {error}\n{value}");
    }
}

async fn create_key(emulator: &InMemoryEmulator) -> CreatedKey {
    let body = r#"{"comment": "fuzz", "scopes": ["member"]}"#;
    let request = format!(
        "POST /v1/projects/{}/keys HTTP/1.1\r\nhost: x\r\nauthorization: Token {}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        emulator.project_id(),
        emulator.owner_key(),
        body.len()
    );
    let answer = emulator.exchange(request.as_bytes()).await;
    serde_json::from_slice(body_of(&answer)).expect("a key is created")
}

async fn grant_token(emulator: &InMemoryEmulator) -> String {
    let request = format!(
        "POST /v1/auth/grant HTTP/1.1\r\nhost: x\r\nauthorization: Token {}\r\n\
         content-length: 0\r\n\r\n",
        emulator.owner_key()
    );
    let answer = emulator.exchange(request.as_bytes()).await;
    let token: GrantedToken = serde_json::from_slice(body_of(&answer)).expect("a token");
    token.access_token.expose().to_owned()
}

fn body_of(answer: &[u8]) -> &[u8] {
    let start = find(answer, b"\r\n\r\n").expect("an answer has a head") + 4;
    &answer[start..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

fn replace(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some(at) = find(rest, from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}
