//! `/v1/projects/{id}/usage`, `/usage/fields` and `/usage/breakdown`: sums over the
//! project's recorded requests that match the query (see [`filters`](super::filters)).
//!
//! `hours` is audio hours, `total_hours` audio hours times channels; the summary has one
//! result per UTC day that has requests, the breakdown one per group (one in all without
//! `grouping`).

use std::collections::{BTreeMap, BTreeSet};

use http::StatusCode;
use serde_json::{Value, json};
use time::Date;

use crate::errors::ApiError;
use crate::handlers::Call;
use crate::handlers::filters::Filter;
use crate::handlers::models::stt_by_uuid;
use crate::http::query::Query;
use crate::http::reply::{self, Reply};
use crate::state::clock::Timestamp;
use crate::state::usage::RequestRecord;

/// The project's requests the query asks for, oldest first, with the filter.
fn matching(call: &Call<'_>) -> Result<(Filter, Vec<RequestRecord>), ApiError> {
    let query = Query::parse(call.cx.parts.uri.query());
    let filter = Filter::parse(&query)?;
    let project_id = call.project_id();
    let records = call.cx.shared.ledger.read(|records| {
        records
            .iter()
            .filter(|r| r.project_id == project_id && filter.matches(r))
            .cloned()
            .collect()
    });
    Ok((filter, records))
}

/// The answer's `start` and `end` dates: those asked for, else those of the first and last
/// request, else today.
fn range(filter: &Filter, records: &[RequestRecord]) -> (Date, Date) {
    let today = Timestamp::now().date();
    let first = records.first().map_or(today, |r| r.created.date());
    let last = records.last().map_or(today, |r| r.created.date());
    let start = filter.start_date.unwrap_or(first);
    (start, filter.end_date.unwrap_or(last.max(start)))
}

/// Sums of some requests.
#[derive(Default)]
struct Totals {
    seconds: f64,
    channel_seconds: f64,
    requests: u64,
}

impl Totals {
    fn add(&mut self, record: &RequestRecord) {
        self.seconds += record.duration;
        self.channel_seconds += record.duration * f64::from(record.channels);
        self.requests += 1;
    }

    fn hours(&self) -> f64 {
        self.seconds / 3600.0
    }

    fn total_hours(&self) -> f64 {
        self.channel_seconds / 3600.0
    }
}

fn date_json(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// `GET …/usage`: `{"start", "end", "resolution": {"units": "day", "amount": 1},
/// "results": [{"start", "end", "hours", "total_hours", "requests"}]}`.
pub(crate) async fn summary(call: Call<'_>) -> Result<Reply, ApiError> {
    let (filter, records) = matching(&call)?;
    let (start, end) = range(&filter, &records);
    let mut days: BTreeMap<Date, Totals> = BTreeMap::new();
    for record in &records {
        days.entry(record.created.date()).or_default().add(record);
    }
    let results: Vec<Value> = days
        .iter()
        .map(|(day, totals)| {
            json!({
                "start": date_json(*day),
                "end": date_json(*day),
                "hours": totals.hours(),
                "total_hours": totals.total_hours(),
                "requests": totals.requests,
            })
        })
        .collect();
    Ok(by_day(start, end, results))
}

/// `GET …/usage/fields`: the tags, models, methods and features the requests in the range
/// used.
pub(crate) async fn fields(call: Call<'_>) -> Result<Reply, ApiError> {
    let (_, records) = matching(&call)?;
    let mut tags = BTreeSet::new();
    let mut models = BTreeMap::new();
    let mut methods = BTreeSet::new();
    let mut features = BTreeSet::new();
    for record in &records {
        tags.extend(record.tags.iter().cloned());
        methods.insert(record.method.as_str());
        features.extend(record.features.iter().cloned());
        for model in record.models.iter().filter(|m| !m.uuid.is_empty()) {
            let language = stt_by_uuid(&model.uuid)
                .and_then(|m| m.languages.first())
                .copied()
                .unwrap_or("en");
            models.entry(model.uuid.clone()).or_insert_with(|| {
                json!({
                    "name": model.name,
                    "language": language,
                    "version": model.version,
                    "model_id": model.uuid,
                })
            });
        }
    }
    Ok(reply::json(
        StatusCode::OK,
        &json!({
            "tags": tags,
            "models": models.into_values().collect::<Vec<_>>(),
            "processing_methods": methods,
            "features": features,
        }),
    ))
}

/// What `grouping` may group by.
const GROUPINGS: &[&str] = &[
    "accessor",
    "endpoint",
    "feature_set",
    "models",
    "method",
    "tags",
    "deployment",
];

/// The value of a request in `grouping` (a JSON value, compared by its text).
fn group_of(record: &RequestRecord, grouping: &str) -> Value {
    match grouping {
        "accessor" => json!(record.api_key_id),
        "endpoint" => json!("listen"),
        "feature_set" => json!(record.features.join(",")),
        "models" => json!(record.models.iter().map(|m| &m.uuid).collect::<Vec<_>>()),
        "method" => json!(record.method.as_str()),
        "tags" => {
            let mut tags = record.tags.clone();
            tags.sort();
            json!(tags)
        }
        _ => json!("hosted"),
    }
}

/// `GET …/usage/breakdown[?grouping=…]`: `{"start", "end", "resolution", "results":
/// [{"hours", "total_hours", "agent_hours", "tokens_in", "tokens_out", "tts_characters",
/// "requests", "grouping": {...}}]}`.
pub(crate) async fn breakdown(call: Call<'_>) -> Result<Reply, ApiError> {
    let query = Query::parse(call.cx.parts.uri.query());
    let grouping = match query.get("grouping") {
        None => None,
        Some(g) if GROUPINGS.contains(&g) => Some(g.to_owned()),
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "grouping must be one of {}, not {other:?}",
                GROUPINGS.join(", ")
            )));
        }
    };
    let (filter, records) = matching(&call)?;
    let (start, end) = range(&filter, &records);
    let mut groups: BTreeMap<String, (Value, Totals)> = BTreeMap::new();
    if grouping.is_none() {
        // One row in all, even without requests.
        groups.insert(Value::Null.to_string(), (Value::Null, Totals::default()));
    }
    for record in &records {
        let value = grouping
            .as_deref()
            .map_or(Value::Null, |g| group_of(record, g));
        groups
            .entry(value.to_string())
            .or_insert_with(|| (value, Totals::default()))
            .1
            .add(record);
    }
    let results: Vec<Value> = groups
        .into_values()
        .map(|(value, totals)| {
            let mut group = json!({
                "start": date_json(start),
                "end": date_json(end),
                "accessor": null,
                "endpoint": null,
                "feature_set": null,
                "models": [],
                "method": null,
                "tags": null,
                "deployment": null,
            });
            if let Some(grouping) = &grouping {
                group[grouping.as_str()] = value;
            }
            json!({
                "hours": totals.hours(),
                "total_hours": totals.total_hours(),
                "agent_hours": 0.0,
                "tokens_in": 0,
                "tokens_out": 0,
                "tts_characters": 0,
                "requests": totals.requests,
                "grouping": group,
            })
        })
        .collect();
    Ok(by_day(start, end, results))
}

/// A usage answer over `start..=end` at a resolution of one day: the summary's and the
/// breakdown's shape.
fn by_day(start: Date, end: Date, results: Vec<Value>) -> Reply {
    reply::json(
        StatusCode::OK,
        &json!({
            "start": date_json(start),
            "end": date_json(end),
            "resolution": {"units": "day", "amount": 1},
            "results": results,
        }),
    )
}
