//! Usage: every `/v1/listen` request (and live stream, when it ends) recorded against the
//! key's project with the key's tags, then listed, filtered, paged and summed.

use std::collections::BTreeSet;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

use crate::common::seeded::{ACME, ADA, ANN, BOB, BOB_CI, GLOBEX, GUS};
use crate::common::{Harness, assert_not_a_uuid, token, wav};

fn acme(rest: &str) -> String {
    Harness::project_path(ACME, rest)
}

/// The ids of the requests `GET …/requests?{query}` lists.
async fn listed(h: &Harness, key: &str, query: &str) -> Vec<String> {
    let answer = h.get(&acme(&format!("/requests?{query}")), key).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.json()["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["request_id"].as_str().unwrap().to_owned())
        .collect()
}

async fn usage(h: &Harness, query: &str) -> Value {
    let answer = h.get(&acme(&format!("/usage?{query}")), ANN).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.json()
}

/// The summary's request count and audio seconds.
fn summed(summary: &Value) -> (u64, f64) {
    let results = summary["results"].as_array().unwrap();
    let requests = results
        .iter()
        .map(|r| r["requests"].as_u64().unwrap())
        .sum();
    let hours: f64 = results.iter().map(|r| r["hours"].as_f64().unwrap()).sum();
    // Rounded to the millisecond: hours are sums of fractions.
    (requests, (hours * 3600.0 * 1000.0).round() / 1000.0)
}

#[tokio::test]
async fn a_tagged_keys_requests_show_under_its_tags_and_no_other() {
    let h = Harness::seeded().await;
    let tagged = h.listen_seconds(BOB_CI, "", 2).await;
    let plain = h.listen_seconds(BOB, "", 3).await;
    let own_tag = h.listen_seconds(ANN, "tag=adhoc", 1).await;

    assert_eq!(listed(&h, ANN, "tag=ci").await, [tagged.as_str()]);
    assert_eq!(listed(&h, ANN, "tag=nightly").await, [tagged.as_str()]);
    assert_eq!(listed(&h, ANN, "tag=adhoc").await, [own_tag.as_str()]);
    assert!(listed(&h, ANN, "tag=other").await.is_empty());
    assert_eq!(
        listed(&h, ANN, "").await,
        [own_tag.clone(), plain.clone(), tagged.clone()],
        "newest first"
    );
    assert_eq!(summed(&usage(&h, "tag=ci").await), (1, 2.0));
    assert_eq!(summed(&usage(&h, "tag=nightly").await), (1, 2.0));
    assert_eq!(summed(&usage(&h, "tag=other").await), (0, 0.0));
    assert_eq!(summed(&usage(&h, "").await), (3, 6.0));

    let one = h.get(&acme(&format!("/requests/{tagged}")), ANN).await;
    assert_eq!(one.status, 200, "{}", one.text);
    let request = &one.json()["request"];
    assert_eq!(request["request_id"], tagged.as_str());
    assert_eq!(request["project_uuid"], ACME);
    assert_eq!(request["path"], "/v1/listen");
    assert_eq!(request["code"], 200);
    assert_eq!(request["deployment"], "hosted");
    assert_eq!(
        request["response"]["details"]["tags"],
        json!(["ci", "nightly"])
    );
    assert_eq!(request["response"]["details"]["duration"], 2.0);
    assert_eq!(request["response"]["details"]["method"], "sync");
    // The key's id, as the keys endpoint lists it.
    let keys = h.get(&acme("/keys"), ANN).await.json();
    let ci_key = keys["api_keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["api_key"]["tags"] == json!(["ci", "nightly"]))
        .unwrap()["api_key"]["api_key_id"]
        .clone();
    assert_eq!(request["api_key_id"], ci_key);
    assert_eq!(
        listed(&h, ANN, &format!("accessor={}", ci_key.as_str().unwrap())).await,
        [tagged.as_str()]
    );

    let fields = h.get(&acme("/usage/fields"), ANN).await.json();
    assert_eq!(fields["tags"], json!(["adhoc", "ci", "nightly"]));
    assert_eq!(fields["processing_methods"], json!(["sync"]));

    // Another project sees none of them.
    let globex = h
        .get(&Harness::project_path(GLOBEX, "/requests"), GUS)
        .await
        .json();
    assert_eq!(globex["requests"], json!([]));
}

#[tokio::test]
async fn a_token_minted_by_a_tagged_key_tags_its_requests() {
    let h = Harness::seeded().await;
    let grant = h.post_json("/v1/auth/grant", BOB_CI, &json!({})).await;
    let jwt = grant.json()["access_token"].as_str().unwrap().to_owned();
    let answer = h
        .send(
            h.http
                .post(h.url("/v1/listen"))
                .header("authorization", format!("Bearer {jwt}"))
                .header("content-type", "audio/wav")
                .body(wav(1, 8000, 8000)),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let id = answer.json()["metadata"]["request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(listed(&h, ANN, "tag=ci").await, [id]);
}

#[tokio::test]
async fn the_summary_adds_up_to_the_requests_listed() {
    let h = Harness::seeded().await;
    for (key, seconds, query) in [
        (ANN, 1, "smart_format=true"),
        (BOB, 2, "diarize=true"),
        (ADA, 3, ""),
        (BOB_CI, 4, "diarize=false"),
        (ANN, 5, "model=nova-3"),
    ] {
        h.listen_seconds(key, query, seconds).await;
    }
    // One that fails: not audio.
    let failed = h
        .post_bytes("/v1/listen", BOB, "audio/wav", b"not audio at all".to_vec())
        .await;
    assert_eq!(failed.status, 400);

    let page = h.get(&acme("/requests?limit=1000"), ANN).await.json();
    let requests = page["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 6);
    let listed_seconds: f64 = requests
        .iter()
        .map(|r| r["response"]["details"]["duration"].as_f64().unwrap())
        .sum();
    let summary = usage(&h, "").await;
    assert_eq!(summed(&summary), (6, listed_seconds));
    assert_eq!(listed_seconds, 15.0);
    assert_eq!(summary["resolution"], json!({"units": "day", "amount": 1}));
    let today = summary["results"][0]["start"].as_str().unwrap().to_owned();
    assert_eq!(
        (summary["start"].as_str(), summary["end"].as_str()),
        (Some(today.as_str()), Some(today.as_str()))
    );
    assert_eq!(
        summary["results"][0]["total_hours"],
        summary["results"][0]["hours"]
    );

    // Status, features and the breakdown agree with the same requests.
    assert_eq!(listed(&h, ANN, "status=failed").await.len(), 1);
    assert_eq!(listed(&h, ANN, "status=succeeded").await.len(), 5);
    let failed_one = h.get(&acme("/requests?status=failed"), ANN).await.json();
    assert_eq!(failed_one["requests"][0]["code"], 400);
    assert_eq!(summed(&usage(&h, "diarize=true").await), (1, 2.0));
    assert_eq!(summed(&usage(&h, "diarize=false").await), (5, 13.0));
    assert_eq!(
        summed(&usage(&h, "smart_format=true&diarize=true").await),
        (2, 3.0)
    );
    assert_eq!(summed(&usage(&h, "method=sync").await), (6, 15.0));
    assert_eq!(summed(&usage(&h, "method=streaming").await), (0, 0.0));

    let breakdown = h.get(&acme("/usage/breakdown"), ANN).await.json();
    assert_eq!(breakdown["results"].as_array().unwrap().len(), 1);
    assert_eq!(breakdown["results"][0]["requests"], 6);
    assert_eq!(summed(&breakdown), (6, 15.0));
    let by_tags = h
        .get(&acme("/usage/breakdown?grouping=tags"), ANN)
        .await
        .json();
    let groups: Vec<(Value, u64)> = by_tags["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["grouping"]["tags"].clone(),
                r["requests"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(groups, [(json!(["ci", "nightly"]), 1), (json!([]), 5)]);
    let by_accessor = h
        .get(&acme("/usage/breakdown?grouping=accessor"), ANN)
        .await
        .json();
    let counted: u64 = by_accessor["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["requests"].as_u64().unwrap())
        .sum();
    assert_eq!(
        (by_accessor["results"].as_array().unwrap().len(), counted),
        (4, 6)
    );
    h.get(&acme("/usage/breakdown?grouping=colour"), ANN)
        .await
        .assert_legacy_error(400, "Bad Request");

    let fields = h.get(&acme("/usage/fields"), ANN).await.json();
    assert_eq!(fields["features"], json!(["diarize", "smart_format"]));
    let models: BTreeSet<&str> = fields["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["model_id"].as_str().unwrap())
        .collect();
    assert!(!models.is_empty());
}

#[tokio::test]
async fn pagination_visits_every_request_once() {
    let h = Harness::seeded().await;
    let mut made = BTreeSet::new();
    for _ in 0..7 {
        made.insert(h.listen_seconds(BOB, "", 1).await);
    }
    let mut seen = Vec::new();
    let mut sizes = Vec::new();
    for page in 0..4 {
        let answer = h
            .get(&acme(&format!("/requests?limit=3&page={page}")), BOB)
            .await
            .json();
        assert_eq!(
            (answer["page"].as_u64(), answer["limit"].as_u64()),
            (Some(page), Some(3))
        );
        let ids: Vec<String> = answer["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["request_id"].as_str().unwrap().to_owned())
            .collect();
        sizes.push(ids.len());
        seen.extend(ids);
    }
    assert_eq!(sizes, [3, 3, 1, 0]);
    assert_eq!(seen.len(), 7);
    assert_eq!(seen.into_iter().collect::<BTreeSet<_>>(), made);
    let default = h.get(&acme("/requests"), BOB).await.json();
    assert_eq!(
        (default["page"].as_u64(), default["limit"].as_u64()),
        (Some(0), Some(10))
    );
}

#[tokio::test]
async fn dates_bound_the_requests_and_bad_values_are_400s() {
    let h = Harness::seeded().await;
    let id = h.listen_seconds(BOB, "", 1).await;
    let now = time::OffsetDateTime::now_utc();
    let day = |offset: i64| {
        let date = (now + time::Duration::days(offset)).date();
        format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        )
    };
    let (yesterday, today, tomorrow) = (day(-1), day(0), day(1));
    assert_eq!(
        listed(&h, ANN, &format!("start={today}&end={today}")).await,
        [id.as_str()]
    );
    assert_eq!(
        listed(&h, ANN, &format!("start={yesterday}")).await,
        [id.as_str()]
    );
    assert!(
        listed(&h, ANN, &format!("start={tomorrow}"))
            .await
            .is_empty()
    );
    assert!(
        listed(&h, ANN, &format!("end={yesterday}"))
            .await
            .is_empty()
    );
    assert_eq!(
        listed(
            &h,
            ANN,
            &format!("start={yesterday}T00:00:00&end={tomorrow}T00:00:00%2B00:00")
        )
        .await,
        [id.as_str()]
    );
    let summary = usage(&h, &format!("start={yesterday}&end={tomorrow}")).await;
    assert_eq!(
        (summary["start"].as_str(), summary["end"].as_str()),
        (Some(yesterday.as_str()), Some(tomorrow.as_str()))
    );
    assert_eq!(summed(&summary), (1, 1.0));
    assert_eq!(
        summed(&usage(&h, &format!("end={yesterday}")).await),
        (0, 0.0)
    );

    for query in [
        "start=yesterday".to_owned(),
        "end=2030-02-30".to_owned(),
        format!("start={tomorrow}&end={yesterday}"),
        "limit=0".to_owned(),
        "limit=1001".to_owned(),
        "limit=2.5".to_owned(),
        "page=-1".to_owned(),
        "status=ok".to_owned(),
        "method=batch".to_owned(),
        "endpoint=write".to_owned(),
        "deployment=mars".to_owned(),
    ] {
        let answer = h.get(&acme(&format!("/requests?{query}")), ANN).await;
        let message = answer.assert_legacy_error(400, "Bad Request");
        assert!(message.starts_with("Bad Request: "), "{query}: {message}");
    }
    for path in ["/usage", "/usage/fields", "/usage/breakdown"] {
        h.get(&acme(&format!("{path}?start=2030-01-01T25:00:00")), ANN)
            .await
            .assert_legacy_error(400, "Bad Request");
    }
    h.get(&acme("/usage?diarize=maybe"), ANN)
        .await
        .assert_legacy_error(400, "Bad Request");
    let message = h
        .get(&acme(&format!("/requests/{}", uuid::Uuid::new_v4())), ANN)
        .await
        .assert_legacy_error(404, "NOT_FOUND");
    assert_eq!(message, "Request not found.");
    assert_not_a_uuid(&h.get(&acme("/requests/latest"), ANN).await);
    // Another project's request is not found here.
    let globex_id = h.listen_seconds(GUS, "", 1).await;
    h.get(&acme(&format!("/requests/{globex_id}")), ANN)
        .await
        .assert_legacy_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn usage_is_read_by_every_role_but_not_by_a_transcribe_only_key() {
    let h = Harness::seeded().await;
    for key in [ANN, ADA, BOB, BOB_CI] {
        for path in ["/requests", "/usage", "/usage/fields", "/usage/breakdown"] {
            let answer = h.get(&acme(path), key).await;
            assert_eq!(answer.status, 200, "{path}: {}", answer.text);
        }
    }
    let made = h
        .post_json(
            &acme("/keys"),
            BOB,
            &json!({"comment": "t", "scopes": ["usage:write"]}),
        )
        .await
        .json();
    let transcribe_only = made["key"].as_str().unwrap();
    h.get(&acme("/usage"), transcribe_only)
        .await
        .assert_legacy_error(403, "FORBIDDEN");
}

#[tokio::test]
async fn a_live_stream_is_recorded_when_it_ends() {
    let h = Harness::seeded().await;
    let url = h.url("/v1/listen?model=nova-3").replacen("http", "ws", 1);
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert(
        "authorization",
        HeaderValue::from_str(&token(BOB_CI)).unwrap(),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    ws.send(Message::binary(wav(1, 8000, 8000 * 2)))
        .await
        .unwrap();
    ws.send(Message::text(json!({"type": "CloseStream"}).to_string()))
        .await
        .unwrap();
    while let Some(Ok(frame)) = ws.next().await {
        if frame.is_close() {
            break;
        }
    }
    // Recorded once the server's side of the stream has ended.
    let mut streamed = Value::Null;
    for _ in 0..100 {
        let answer = h.get(&acme("/requests?method=streaming"), ANN).await.json();
        if let Some(request) = answer["requests"].get(0) {
            streamed = request.clone();
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(streamed["code"], 101, "{streamed}");
    let details = &streamed["response"]["details"];
    assert_eq!(details["method"], "streaming");
    assert_eq!(details["tags"], json!(["ci", "nightly"]));
    assert_eq!(details["duration"], 2.0);
    assert_eq!(
        details["models"],
        json!(["2187e11a-3532-4498-b076-81fa530bdd49"])
    );
    assert_eq!(listed(&h, ANN, "tag=ci").await.len(), 1);
    assert_eq!(summed(&usage(&h, "method=streaming").await), (1, 2.0));
}
