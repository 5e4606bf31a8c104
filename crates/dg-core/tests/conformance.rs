//! The Rust runner of the conformance suite (`tests/conformance/README.md`): every case of
//! `tests/conformance/cases/*.json`, through dg-core's public API, against one emulator.

mod common;

use std::path::PathBuf;

use dg_core::live::LiveRequest;
use dg_core::options::Spelling;
use dg_core::{Client, CreateKeyRequest, Error, ListenOptions, LiveSettings, Settings};
use dg_emulator::Emulator;
use serde_json::{Map, Value, json};

/// A well-formed API key the emulator does not know; no output may ever contain it.
const CANARY: &str = "canary0123456789abcdef0123456789abcdef01";

fn cases() -> Vec<Value> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/conformance/cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).expect("a case file");
            let cases: Vec<Value> =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            cases
        })
        .collect()
}

struct Context {
    emulator: Emulator,
    closed_port_url: String,
    created_key_id: Option<String>,
}

impl Context {
    /// `value` with every placeholder replaced.
    fn resolve(&self, value: &Value) -> Value {
        match value {
            Value::String(s) => {
                let mut s = s
                    .replace("$closed_port_url", &self.closed_port_url)
                    .replace("$url", &self.emulator.base_url())
                    .replace("$owner_key", self.emulator.owner_key())
                    .replace("$project_id", self.emulator.project_id())
                    .replace("$canary", CANARY);
                if let Some(id) = &self.created_key_id {
                    s = s.replace("$created_key_id", id);
                }
                Value::String(s)
            }
            Value::Array(items) => Value::Array(items.iter().map(|v| self.resolve(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.resolve(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

fn fixture(name: &str) -> PathBuf {
    common::fixture(name)
}

fn str_arg<'a>(args: &'a Value, name: &str) -> &'a str {
    args[name].as_str().unwrap_or_default()
}

fn options(args: &Value) -> Result<ListenOptions, Error> {
    ListenOptions::from_value(
        args.get("options").cloned().unwrap_or(json!({})),
        Spelling::Snake,
    )
}

fn audio(args: &Value) -> PathBuf {
    match str_arg(args, "audio") {
        "$missing" => PathBuf::from("/nonexistent/dg-conformance/missing.wav"),
        name => fixture(name),
    }
}

fn audio_bytes(args: &Value) -> Vec<u8> {
    match str_arg(args, "audio") {
        "$empty" => Vec::new(),
        _ => std::fs::read(audio(args)).expect("fixture audio"),
    }
}

/// Runs the case's call; the answer as JSON.
async fn call(client: &Client, name: &str, args: &Value) -> Result<Value, Error> {
    let json = |v: &dyn erased::Serialize| v.to_json();
    Ok(match name {
        "connect" => json!({}),
        "transcribe_file" => json(&client.transcribe_file(audio(args), &options(args)?).await?),
        "transcribe_bytes" => json(
            &client
                .transcribe_bytes(
                    audio_bytes(args),
                    args["content_type"].as_str(),
                    &options(args)?,
                )
                .await?,
        ),
        "transcribe_stream" => {
            let data = bytes::Bytes::from(audio_bytes(args));
            let chunks: Vec<std::io::Result<bytes::Bytes>> = (0..data.len())
                .step_by(64 * 1024)
                .map(|at| Ok(data.slice(at..(at + 64 * 1024).min(data.len()))))
                .collect();
            let stream = Box::pin(futures_util::stream::iter(chunks));
            json(
                &client
                    .transcribe_stream(stream, None, None, &options(args)?)
                    .await?,
            )
        }
        "transcribe_url" => json(
            &client
                .transcribe_url(str_arg(args, "url"), &options(args)?)
                .await?,
        ),
        "list_projects" => json(&client.list_projects().await?),
        "list_keys" => json(&client.list_keys(str_arg(args, "project_id"), None).await?),
        "get_key" => json(
            &client
                .get_key(str_arg(args, "project_id"), str_arg(args, "key_id"))
                .await?,
        ),
        "delete_key" => json(
            &client
                .delete_key(str_arg(args, "project_id"), str_arg(args, "key_id"))
                .await?,
        ),
        "create_key" => {
            let mut body = args.as_object().cloned().unwrap_or_default();
            body.remove("project_id");
            let request: CreateKeyRequest =
                serde_json::from_value(Value::Object(body)).expect("a key request in the case");
            json(
                &client
                    .create_key(str_arg(args, "project_id"), &request)
                    .await?,
            )
        }
        "grant_token" => {
            let ttl = args["ttl_seconds"].as_u64().map(|t| t as u32);
            json(&client.grant_token(ttl).await?)
        }
        "live" | "flux" => live(client, name, args).await?,
        // Any other call of the call table, run by name: path arguments out of `args` in order,
        // the rest as its named arguments.
        other => {
            let call =
                dg_core::invoke::find(other).unwrap_or_else(|| panic!("unknown call {other:?}"));
            let mut named = args.as_object().cloned().unwrap_or_default();
            let path: Vec<String> = call
                .path
                .iter()
                .map(|p| {
                    named
                        .remove(*p)
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .expect("a path argument")
                })
                .collect();
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            dg_core::invoke::invoke(client, call, &path, Value::Object(named), Spelling::Snake)
                .await?
        }
    })
}

/// A `live` or `flux` case: the stream opened, fed and drained; the summary of its events.
async fn live(client: &Client, name: &str, args: &Value) -> Result<Value, Error> {
    let options = args.get("options").cloned().unwrap_or(json!({}));
    let request = match name {
        "flux" => LiveRequest::flux(options, Spelling::Snake)?,
        _ => LiveRequest::listen(options, Spelling::Snake)?,
    };
    let config = LiveSettings::config_from(args.get("settings").cloned(), Spelling::Snake)?;
    let mut session = client.open_stream(&request, config).await?;
    let mut audio = audio_bytes(args);
    if let Some(n) = args["first_bytes"].as_u64() {
        audio.truncate(n as usize);
    }
    let delay = args["chunk_delay_ms"]
        .as_u64()
        .map(std::time::Duration::from_millis);
    let sender = session.sender();
    let feed = async move {
        for chunk in audio.chunks(8 * 1024) {
            sender.send(chunk.to_vec()).await?;
            if let Some(delay) = delay {
                tokio::time::sleep(delay).await;
            }
        }
        if args["finalize"].as_bool() == Some(true) {
            sender.finalize().await?;
        }
        sender.close().await
    };
    let read = async {
        let mut events = Vec::new();
        while let Some(event) = session.next_event().await {
            events.push(serde_json::from_str(&event?.to_json()).expect("events are JSON"));
        }
        Ok::<_, Error>(events)
    };
    let (fed, events) = tokio::join!(feed, read);
    let events = events?;
    fed?;
    Ok(summary(session.request_id(), &events))
}

/// The summary of a stream's events that live cases match (`tests/conformance/README.md`).
fn summary(request_id: Option<&str>, events: &[Value]) -> Value {
    let kind = |e: &Value| e["type"].as_str().unwrap_or_default().to_owned();
    let finals: Vec<&Value> = events
        .iter()
        .filter(|e| match kind(e).as_str() {
            "Results" => e["is_final"] == json!(true),
            "TurnInfo" => e["event"] == json!("EndOfTurn"),
            _ => false,
        })
        .collect();
    let text = |e: &Value| {
        let t = &e["channel"]["alternatives"][0]["transcript"];
        t.as_str()
            .or(e["transcript"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let transcripts: Vec<String> = finals
        .iter()
        .map(|e| text(e))
        .filter(|t| !t.is_empty())
        .collect();
    let starts: Vec<f64> = finals
        .iter()
        .filter_map(|e| e["start"].as_f64().or(e["audio_window_start"].as_f64()))
        .collect();
    let results = || events.iter().filter(|e| kind(e) == "Results");
    json!({
        "request_id": request_id,
        "transcript": transcripts.join(" "),
        "finals": transcripts.len(),
        "interim": results().any(|e| e["is_final"] == json!(false)),
        "from_finalize": results().any(|e| e["from_finalize"] == json!(true)),
        "reconnected": events.iter().filter(|e| kind(e) == "dg.Reconnected").count(),
        "starts_in_order": starts.windows(2).all(|w| w[0] <= w[1]),
        "first": events.first().map(kind),
        "last": events.last().map(kind),
    })
}

/// Serializes any answer (a tiny object-safe shim over serde).
mod erased {
    pub trait Serialize {
        fn to_json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Serialize for T {
        fn to_json(&self) -> serde_json::Value {
            serde_json::to_value(self).expect("answers serialize")
        }
    }
}

fn at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |v, key| match v {
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        Value::Object(map) => map.get(key),
        _ => None,
    })
}

/// JSON equality, with numbers compared by value (`60` is `60.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Why the answer does not match, if it does not.
fn check_ok(answer: &Value, expected: &Map<String, Value>) -> Result<(), String> {
    for (path, matcher) in expected {
        let got = at(answer, path);
        let ok = match matcher {
            Value::Object(m) if m.contains_key("contains") => got
                .and_then(Value::as_str)
                .is_some_and(|s| s.contains(m["contains"].as_str().unwrap_or_default())),
            Value::Object(m) if m.contains_key("present") => {
                got.is_some() == m["present"].as_bool().unwrap_or(true)
            }
            Value::Object(m) if m.contains_key("min_len") => {
                let min = m["min_len"].as_u64().unwrap_or(0) as usize;
                match got {
                    Some(Value::Array(a)) => a.len() >= min,
                    Some(Value::String(s)) => s.chars().count() >= min,
                    _ => false,
                }
            }
            literal => got.is_some_and(|g| same(g, literal)),
        };
        if !ok {
            return Err(format!("{path}: expected {matcher}, got {got:?}"));
        }
    }
    Ok(())
}

fn check_error(err: &Error, expected: &Map<String, Value>) -> Result<(), String> {
    let record = err.record_spelled(Spelling::Snake);
    let got = serde_json::to_value(&record).expect("records serialize");
    for (field, want) in expected {
        let ok = match field.as_str() {
            "message_contains" => record.message.contains(want.as_str().unwrap_or_default()),
            field => got.get(field) == Some(want),
        };
        if !ok {
            return Err(format!("{field}: expected {want}, got {record:?}"));
        }
    }
    Ok(())
}

async fn run(cx: &mut Context, case: &Value, printed: &mut Vec<String>) -> Result<(), String> {
    let default_client = json!({"api_key": "$owner_key", "base_url": "$url", "retries": 0});
    let settings = cx.resolve(case.get("client").unwrap_or(&default_client));
    if let Some(fault) = case.get("fault") {
        cx.emulator.inject_json(&fault.to_string())?;
    }
    let call_name = case["call"].as_str().expect("call");
    let needs_key = case.to_string().contains("$created_key_id");
    cx.created_key_id = None;
    let client = Settings::from_value(settings, Spelling::Snake)
        .and_then(|s| s.into_config(None))
        .and_then(Client::with_config);
    let outcome = match client {
        Err(e) => Err(e),
        Ok(client) => {
            printed.push(format!("{client:?}"));
            if needs_key {
                let request = CreateKeyRequest::new("conformance", ["usage:write"]);
                let created = client
                    .create_key(cx.emulator.project_id(), &request)
                    .await
                    .map_err(|e| format!("creating the case's key: {e}"))?;
                cx.created_key_id = Some(created.api_key_id.clone());
            }
            let args = cx.resolve(case.get("args").unwrap_or(&json!({})));
            call(&client, call_name, &args).await
        }
    };
    let expect = cx.resolve(&case["expect"]);
    match (&outcome, &expect) {
        (Ok(answer), Value::Object(e)) if e.contains_key("ok") => {
            printed.push(answer.to_string());
            check_ok(answer, e["ok"].as_object().expect("ok is an object"))
        }
        (Err(err), Value::Object(e)) if e.contains_key("error") => {
            printed.push(format!("{err} {err:?}"));
            check_error(err, e["error"].as_object().expect("error is an object"))
        }
        (Ok(answer), expect) => Err(format!("expected {expect}, got the answer {answer}")),
        (Err(err), expect) => Err(format!("expected {expect}, got the error {err:?}")),
    }
}

#[tokio::test]
async fn every_conformance_case() {
    let emulator = common::emulator().await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let closed_port_url = format!("http://{}", closed.local_addr().expect("addr"));
    drop(closed);
    let mut cx = Context {
        emulator,
        closed_port_url,
        created_key_id: None,
    };
    let cases = cases();
    let mut printed = Vec::new();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().expect("name");
        if let Err(why) = run(&mut cx, case, &mut printed).await {
            failures.push(format!("{name}: {why}"));
        }
    }
    let leaks: Vec<&String> = printed.iter().filter(|p| p.contains(CANARY)).collect();
    println!(
        "conformance (rust): {} cases, {} passed, {} failed",
        cases.len(),
        cases.len() - failures.len(),
        failures.len()
    );
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    assert!(leaks.is_empty(), "the canary key was printed: {leaks:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
