//! Every management answer checked against its 200 response schema in Deepgram's OpenAPI
//! document (`tests/fixtures/openapi-management.json`, the part of the official
//! `openapi.yml` these paths use, written by `openapi-management.py` beside it).
//!
//! The checker follows `$ref`s and checks `type` (also a list of types, `null` included),
//! `required`, `properties`, `items`, `enum` and the formats `date`, `date-time`, `uuid` and
//! `uri`. `oneOf` is checked as `anyOf`: the spec's alternatives overlap (a speech-to-text
//! model matches both of `GetModelV1Response`'s), so "exactly one" would refuse every answer.

use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;

use crate::common::seeded::{ACME, ADA, ANN, BOB, BOB_CI};
use crate::common::{Answer, Harness, fixture_in_crate};

struct Spec(Value);

impl Spec {
    fn load() -> Spec {
        let text = std::fs::read_to_string(fixture_in_crate("openapi-management.json")).unwrap();
        Spec(serde_json::from_str(&text).unwrap())
    }

    /// The problems of `answer` as the 200 answer of `method path` (a spec path).
    fn problems(&self, method: &str, path: &str, answer: &Value) -> Vec<String> {
        let schema = &self.0["paths"][path][method];
        assert!(schema.is_object(), "the spec has no {method} {path}");
        let mut problems = Vec::new();
        self.check(schema, answer, "$", &mut problems);
        problems
    }

    /// Asserts that a 200 `answer` of `method path` matches its schema.
    fn assert_matches(&self, method: &str, path: &str, answer: &Answer) {
        assert_eq!(answer.status, 200, "{method} {path}: {}", answer.text);
        let problems = self.problems(method, path, &answer.json());
        assert!(
            problems.is_empty(),
            "{method} {path} answered {}\n{}",
            answer.text,
            problems.join("\n")
        );
    }

    fn resolve<'s>(&'s self, schema: &'s Value) -> &'s Value {
        match schema["$ref"].as_str() {
            Some(reference) => {
                let name = reference
                    .strip_prefix("#/components/schemas/")
                    .unwrap_or_else(|| panic!("unknown $ref {reference}"));
                let target = &self.0["components"]["schemas"][name];
                assert!(target.is_object(), "unresolved $ref {reference}");
                self.resolve(target)
            }
            None => schema,
        }
    }

    fn check(&self, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
        let schema = self.resolve(schema);
        if let Some(alternatives) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
            let fits = alternatives.iter().any(|alternative| {
                let mut inner = Vec::new();
                self.check(alternative, value, at, &mut inner);
                inner.is_empty()
            });
            if !fits {
                problems.push(format!("{at}: matches none of the alternatives"));
            }
            return;
        }
        let types: Vec<&str> = match &schema["type"] {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if !types.is_empty() && !types.iter().any(|t| is_type(value, t)) {
            problems.push(format!("{at}: {value} is not of type {types:?}"));
            return;
        }
        if let Some(allowed) = schema["enum"].as_array() {
            if !allowed.contains(value) {
                problems.push(format!("{at}: {value} is none of {allowed:?}"));
            }
        }
        if let (Some(format), Some(text)) = (schema["format"].as_str(), value.as_str()) {
            if !has_format(text, format) {
                problems.push(format!("{at}: {text:?} is not a {format}"));
            }
        }
        if let Some(object) = value.as_object() {
            for name in schema["required"].as_array().into_iter().flatten() {
                let name = name.as_str().unwrap();
                if !object.contains_key(name) {
                    problems.push(format!("{at}: {name} is required"));
                }
            }
            if let Some(properties) = schema["properties"].as_object() {
                for (name, property) in properties {
                    if let Some(field) = object.get(name) {
                        self.check(property, field, &format!("{at}.{name}"), problems);
                    }
                }
            }
        }
        if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
            for (index, item) in array.iter().enumerate() {
                self.check(items, item, &format!("{at}[{index}]"), problems);
            }
        }
    }
}

fn is_type(value: &Value, name: &str) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        other => panic!("unknown type {other}"),
    }
}

fn has_format(text: &str, format: &str) -> bool {
    match format {
        "date" => {
            let date = time::format_description::parse("[year]-[month]-[day]").unwrap();
            time::Date::parse(text, &date).is_ok()
        }
        "date-time" => time::OffsetDateTime::parse(text, &Rfc3339).is_ok(),
        "uuid" => uuid::Uuid::parse_str(text).is_ok(),
        "uri" => text.starts_with("https://") || text.starts_with("http://"),
        _ => true,
    }
}

#[test]
fn the_checker_refuses_what_the_schemas_refuse() {
    let spec = Spec::load();
    for (path, wrong) in [
        ("/v1/projects", json!({"projects": "acme"})),
        ("/v1/projects", json!({"projects": [{"name": 7}]})),
        (
            "/v1/projects/{project_id}/usage",
            json!({"start": "2030-01-01T00:00:00Z"}),
        ),
        (
            "/v1/projects/{project_id}/usage/breakdown",
            json!({"start": "2030-01-01"}),
        ),
        (
            "/v1/projects/{project_id}/usage/breakdown",
            json!({"start": "2030-01-01", "end": "2030-01-01", "resolution": {"units": "day", "amount": 1},
                   "results": [{"hours": 1}]}),
        ),
        ("/v1/models/{model_id}", json!({"uuid": "not-a-uuid"})),
        (
            "/v1/projects/{project_id}/requests",
            json!({"requests": [{"created": "yesterday"}]}),
        ),
    ] {
        assert!(
            !spec.problems("get", path, &wrong).is_empty(),
            "{path}: {wrong}"
        );
    }
    assert!(
        spec.problems("get", "/v1/projects", &json!({"projects": []}))
            .is_empty()
    );
}

#[tokio::test]
async fn every_management_answer_matches_its_schema() {
    let spec = Spec::load();
    let h = Harness::seeded().await;
    let acme = |rest: &str| Harness::project_path(ACME, rest);
    // Usage to list: tagged, untagged, failed, with features.
    h.listen_seconds(BOB_CI, "smart_format=true", 2).await;
    h.listen_seconds(ANN, "diarize=true&tag=adhoc", 1).await;
    let failed = h
        .post_bytes("/v1/listen", BOB, "audio/wav", b"nope".to_vec())
        .await;
    assert_eq!(failed.status, 400);

    spec.assert_matches("get", "/v1/projects", &h.get("/v1/projects", ANN).await);
    spec.assert_matches(
        "get",
        "/v1/projects/{project_id}",
        &h.get(&acme(""), ANN).await,
    );
    let patched = h
        .patch_json(&acme(""), ANN, &json!({"name": "Acme Corp"}))
        .await;
    spec.assert_matches("patch", "/v1/projects/{project_id}", &patched);

    for (path, list) in [
        ("/v1/models", "/v1/models".to_owned()),
        ("/v1/projects/{project_id}/models", acme("/models")),
    ] {
        let models = h.get(&format!("{list}?include_outdated=true"), ANN).await;
        spec.assert_matches("get", path, &models);
        for kind in ["stt", "tts"] {
            for model in models.json()[kind].as_array().unwrap() {
                let id = model["uuid"].as_str().unwrap();
                let one_path = format!("{path}/{{model_id}}");
                spec.assert_matches("get", &one_path, &h.get(&format!("{list}/{id}"), ANN).await);
            }
        }
    }

    let keys = h.get(&acme("/keys"), ANN).await;
    spec.assert_matches("get", "/v1/projects/{project_id}/keys", &keys);
    let created = h
        .post_json(
            &acme("/keys"),
            ANN,
            &json!({"comment": "c", "scopes": ["member"], "tags": ["t"], "time_to_live_in_seconds": 60}),
        )
        .await;
    spec.assert_matches("post", "/v1/projects/{project_id}/keys", &created);
    let key_path = acme(&format!(
        "/keys/{}",
        created.json()["api_key_id"].as_str().unwrap()
    ));
    spec.assert_matches(
        "get",
        "/v1/projects/{project_id}/keys/{key_id}",
        &h.get(&key_path, ANN).await,
    );
    spec.assert_matches(
        "delete",
        "/v1/projects/{project_id}/keys/{key_id}",
        &h.delete(&key_path, ANN).await,
    );

    let members = h.get(&acme("/members"), ANN).await;
    spec.assert_matches("get", "/v1/projects/{project_id}/members", &members);
    let listed = members.json();
    let bob = listed["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == "bob@acme.example")
        .unwrap()["member_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let scopes = acme(&format!("/members/{bob}/scopes"));
    let scopes_path = "/v1/projects/{project_id}/members/{member_id}/scopes";
    spec.assert_matches("get", scopes_path, &h.get(&scopes, ADA).await);
    spec.assert_matches(
        "put",
        scopes_path,
        &h.put_json(&scopes, ADA, &json!({"scope": "admin"})).await,
    );

    let invites = "/v1/projects/{project_id}/invites";
    spec.assert_matches("get", invites, &h.get(&acme("/invites"), ANN).await);
    let sent = h
        .post_json(
            &acme("/invites"),
            ANN,
            &json!({"email": "dee@example.com", "scope": "member"}),
        )
        .await;
    spec.assert_matches("post", invites, &sent);
    let deleted = h.delete(&acme("/invites/dee%40example.com"), ANN).await;
    spec.assert_matches(
        "delete",
        "/v1/projects/{project_id}/invites/{email}",
        &deleted,
    );

    let requests = h.get(&acme("/requests?limit=1000"), ANN).await;
    spec.assert_matches("get", "/v1/projects/{project_id}/requests", &requests);
    assert_eq!(requests.json()["requests"].as_array().unwrap().len(), 3);
    for request in requests.json()["requests"].as_array().unwrap() {
        let id = request["request_id"].as_str().unwrap();
        let one = h.get(&acme(&format!("/requests/{id}")), ANN).await;
        spec.assert_matches(
            "get",
            "/v1/projects/{project_id}/requests/{request_id}",
            &one,
        );
    }
    spec.assert_matches(
        "get",
        "/v1/projects/{project_id}/usage",
        &h.get(&acme("/usage"), ANN).await,
    );
    let ranged = h
        .get(&acme("/usage?start=2020-01-01&end=2099-12-31"), ANN)
        .await;
    spec.assert_matches("get", "/v1/projects/{project_id}/usage", &ranged);
    spec.assert_matches(
        "get",
        "/v1/projects/{project_id}/usage/fields",
        &h.get(&acme("/usage/fields"), ANN).await,
    );
    for grouping in [
        "",
        "accessor",
        "endpoint",
        "feature_set",
        "models",
        "method",
        "tags",
        "deployment",
    ] {
        let query = if grouping.is_empty() {
            String::new()
        } else {
            format!("?grouping={grouping}")
        };
        let breakdown = h.get(&acme(&format!("/usage/breakdown{query}")), ANN).await;
        spec.assert_matches(
            "get",
            "/v1/projects/{project_id}/usage/breakdown",
            &breakdown,
        );
    }

    let balances = h.get(&acme("/balances"), ANN).await;
    spec.assert_matches("get", "/v1/projects/{project_id}/balances", &balances);
    let id = balances.json()["balances"][0]["balance_id"]
        .as_str()
        .unwrap()
        .to_owned();
    spec.assert_matches(
        "get",
        "/v1/projects/{project_id}/balances/{balance_id}",
        &h.get(&acme(&format!("/balances/{id}")), ANN).await,
    );

    let removed = h.delete(&acme(&format!("/members/{bob}")), ANN).await;
    spec.assert_matches(
        "delete",
        "/v1/projects/{project_id}/members/{member_id}",
        &removed,
    );
    spec.assert_matches(
        "delete",
        "/v1/projects/{project_id}/leave",
        &h.delete(&acme("/leave"), ADA).await,
    );
    spec.assert_matches(
        "delete",
        "/v1/projects/{project_id}",
        &h.delete(&acme(""), ANN).await,
    );
}
