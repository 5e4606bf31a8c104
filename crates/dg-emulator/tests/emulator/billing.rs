//! Balances (drawn down by usage) and the model catalog.

use serde_json::Value;

use crate::common::seeded::{ACME, ADA, ANN, BOB, GLOBEX, GUS};
use crate::common::{Harness, assert_not_a_uuid};

fn acme(rest: &str) -> String {
    Harness::project_path(ACME, rest)
}

const NOVA_3: &str = "2187e11a-3532-4498-b076-81fa530bdd49";

#[tokio::test]
async fn usage_draws_the_balance_down_and_only_admins_and_owners_read_it() {
    let h = Harness::seeded().await;
    let before = h.get(&acme("/balances"), ADA).await;
    assert_eq!(before.status, 200, "{}", before.text);
    let balances = before.json()["balances"].clone();
    assert_eq!(balances.as_array().unwrap().len(), 1);
    let balance = &balances[0];
    assert_eq!(
        (balance["amount"].as_f64(), balance["units"].as_str()),
        (Some(50.0), Some("usd"))
    );
    assert!(balance["purchase_order_id"].is_string());
    let id = balance["balance_id"].as_str().unwrap().to_owned();

    // A minute of audio at $0.258 an hour.
    h.listen_seconds(BOB, "", 60).await;
    let one = h.get(&acme(&format!("/balances/{id}")), ANN).await;
    assert_eq!(one.status, 200, "{}", one.text);
    assert_eq!(one.json()["amount"], 49.9957);
    assert_eq!(one.json()["balance_id"], id.as_str());
    // Another project's balance is untouched.
    let globex = h
        .get(&Harness::project_path(GLOBEX, "/balances"), GUS)
        .await
        .json();
    assert_eq!(globex["balances"][0]["amount"], 200.0);

    h.get(&acme("/balances"), BOB)
        .await
        .assert_legacy_error(403, "FORBIDDEN");
    let message = h
        .get(&acme(&format!("/balances/{}", uuid::Uuid::new_v4())), ANN)
        .await
        .assert_legacy_error(404, "NOT_FOUND");
    assert_eq!(message, "Balance not found.");
    assert_not_a_uuid(&h.get(&acme("/balances/main"), ANN).await);
}

fn uuids(list: &Value, kind: &str) -> Vec<String> {
    list[kind]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["uuid"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn models_are_listed_globally_and_per_project() {
    let h = Harness::seeded().await;
    let global = h.get("/v1/models", BOB).await;
    assert_eq!(global.status, 200, "{}", global.text);
    let global = global.json();
    let project = h.get(&acme("/models"), BOB).await.json();
    assert_eq!(global, project);
    assert!(uuids(&global, "stt").contains(&NOVA_3.to_owned()));
    assert!(!uuids(&global, "tts").is_empty());
    let nova = global["stt"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["uuid"] == NOVA_3)
        .unwrap();
    assert_eq!(nova["canonical_name"], "nova-3");
    assert_eq!(nova["batch"], true);
    let voice = &global["tts"][0];
    assert!(voice["metadata"]["tags"].is_array());

    let outdated = h.get("/v1/models?include_outdated=true", BOB).await.json();
    assert!(uuids(&outdated, "stt").len() > uuids(&global, "stt").len());
    h.get("/v1/models?include_outdated=sometimes", BOB)
        .await
        .assert_legacy_error(400, "Bad Request");

    for path in [
        format!("/v1/models/{NOVA_3}"),
        acme(&format!("/models/{NOVA_3}")),
    ] {
        let one = h.get(&path, ANN).await;
        assert_eq!(one.status, 200, "{}", one.text);
        assert_eq!(&one.json(), nova);
    }
    let voice_id = voice["uuid"].as_str().unwrap();
    assert_eq!(
        &h.get(&format!("/v1/models/{voice_id}"), ANN).await.json(),
        voice
    );
    let message = h
        .get(&format!("/v1/models/{}", uuid::Uuid::new_v4()), ANN)
        .await
        .assert_legacy_error(404, "NOT_FOUND");
    assert_eq!(message, "Model not found.");
    assert_not_a_uuid(&h.get("/v1/models/nova-3", ANN).await);
    h.get("/v1/models", "not-a-key")
        .await
        .assert_legacy_error(401, "INVALID_AUTH");
    // The project's models need its key.
    h.get(&Harness::project_path(GLOBEX, "/models"), ANN)
        .await
        .assert_legacy_error(403, "FORBIDDEN");
}
