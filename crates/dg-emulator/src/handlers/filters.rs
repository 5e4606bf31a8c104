//! The query of the usage endpoints (`/requests`, `/usage`, `/usage/fields`,
//! `/usage/breakdown`): a date range, the enums the spec lists, tags, a model, feature
//! booleans, and for listings a page. Anything out of range is a `400` before any request is
//! looked at.
//!
//! Dates: `start` and `end` take `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS` (UTC) or an RFC 3339
//! date-time with an offset. A date `start` begins at that day's midnight UTC; a date `end`
//! includes its whole day; a date-time `end` includes that instant. `start` after `end` is a
//! `400`.

use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

use crate::errors::ApiError;
use crate::handlers::recording::FEATURES;
use crate::http::query::Query;
use crate::state::clock::Timestamp;
use crate::state::usage::{Method, RequestRecord};

/// `limit`'s default and range, as the spec says.
pub(crate) const DEFAULT_LIMIT: u64 = 10;
pub(crate) const MAX_LIMIT: u64 = 1000;

/// Which requests a query asks for.
#[derive(Debug, Default)]
pub(crate) struct Filter {
    /// Inclusive.
    pub(crate) start: Option<Timestamp>,
    /// Exclusive.
    pub(crate) end: Option<Timestamp>,
    /// The dates the range was given as, for the answers' `start` and `end`.
    pub(crate) start_date: Option<Date>,
    pub(crate) end_date: Option<Date>,
    accessor: Option<String>,
    request_id: Option<String>,
    deployment: Option<String>,
    endpoint: Option<String>,
    method: Option<Method>,
    succeeded: Option<bool>,
    /// Any of them (a request is tagged with any one).
    tags: Vec<String>,
    model: Option<String>,
    /// `feature=true` filters: a request using any of them.
    features_on: Vec<String>,
    /// `feature=false` filters: a request using none of them.
    features_off: Vec<String>,
}

/// A listing's page: `page` (from 0) of `limit` items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Page {
    pub(crate) page: u64,
    pub(crate) limit: u64,
}

fn bad(message: String) -> ApiError {
    ApiError::BadRequest(message)
}

/// One of `allowed`, or a 400 naming them.
fn one_of(query: &Query, name: &str, allowed: &[&str]) -> Result<Option<String>, ApiError> {
    match query.get(name) {
        None => Ok(None),
        Some(value) if allowed.contains(&value) => Ok(Some(value.to_owned())),
        Some(value) => Err(bad(format!(
            "{name} must be one of {}, not {value:?}",
            allowed.join(", ")
        ))),
    }
}

/// A whole number from a query value that may be written as a double (`10`, `10.0`).
fn whole(
    query: &Query,
    name: &str,
    range: std::ops::RangeInclusive<u64>,
) -> Result<Option<u64>, ApiError> {
    let Some(text) = query.get(name) else {
        return Ok(None);
    };
    let number: f64 = text
        .parse()
        .map_err(|_| bad(format!("{name} must be a number, not {text:?}")))?;
    if number.fract() != 0.0 || number < *range.start() as f64 || number > *range.end() as f64 {
        return Err(bad(format!(
            "{name} must be a whole number from {} to {}, not {text}",
            range.start(),
            range.end()
        )));
    }
    Ok(Some(number as u64))
}

/// A `start` or `end`: the instant it names and, when given as a date, the date.
fn when(name: &str, text: &str, is_end: bool) -> Result<(Timestamp, Date), ApiError> {
    let refused = || {
        bad(format!(
            "{name} must be YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or YYYY-MM-DDTHH:MM:SS+HH:MM, not {text:?}"
        ))
    };
    let date_format =
        time::format_description::parse("[year]-[month]-[day]").expect("the date format is valid");
    if let Ok(date) = Date::parse(text, &date_format) {
        let day = if is_end {
            date.next_day().ok_or_else(refused)?
        } else {
            date
        };
        let at = Timestamp::from_datetime(PrimitiveDateTime::new(day, Time::MIDNIGHT).assume_utc());
        return Ok((at, date));
    }
    let local_format =
        time::format_description::parse("[year]-[month]-[day]T[hour]:[minute]:[second]")
            .expect("the date-time format is valid");
    let instant = match PrimitiveDateTime::parse(text, &local_format) {
        Ok(local) => local.assume_utc(),
        Err(_) => OffsetDateTime::parse(text, &Rfc3339).map_err(|_| refused())?,
    };
    let at = Timestamp::from_datetime(instant);
    // An end date-time includes its own millisecond.
    let at = if is_end {
        at.plus_seconds(0.001).ok_or_else(refused)?
    } else {
        at
    };
    Ok((at, at.date()))
}

impl Filter {
    /// The filters of `query`, or the 400 of the first one out of range.
    pub(crate) fn parse(query: &Query) -> Result<Filter, ApiError> {
        let mut filter = Filter::default();
        if let Some(text) = query.get("start") {
            let (at, date) = when("start", text, false)?;
            (filter.start, filter.start_date) = (Some(at), Some(date));
        }
        if let Some(text) = query.get("end") {
            let (at, date) = when("end", text, true)?;
            (filter.end, filter.end_date) = (Some(at), Some(date));
        }
        if let (Some(start), Some(end)) = (filter.start, filter.end) {
            if start >= end {
                return Err(bad("start must be before end".into()));
            }
        }
        filter.accessor = query.get("accessor").map(str::to_owned);
        filter.request_id = query.get("request_id").map(str::to_owned);
        filter.deployment = one_of(query, "deployment", &["hosted", "beta", "self-hosted"])?;
        filter.endpoint = one_of(query, "endpoint", &["listen", "read", "speak", "agent"])?;
        filter.method = match one_of(query, "method", &["sync", "async", "streaming"])?.as_deref() {
            Some("sync") => Some(Method::Sync),
            Some("async") => Some(Method::Async),
            Some("streaming") => Some(Method::Streaming),
            _ => None,
        };
        filter.succeeded =
            one_of(query, "status", &["succeeded", "failed"])?.map(|status| status == "succeeded");
        filter.tags = query.all("tag").map(str::to_owned).collect();
        filter.model = query.get("model").map(str::to_owned);
        for feature in FEATURES {
            match query.get(feature) {
                None => {}
                Some("true") => filter.features_on.push((*feature).to_owned()),
                Some("false") => filter.features_off.push((*feature).to_owned()),
                Some(other) => {
                    return Err(bad(format!(
                        "{feature} must be true or false, not {other:?}"
                    )));
                }
            }
        }
        Ok(filter)
    }

    /// Whether `record` is one the query asks for.
    pub(crate) fn matches(&self, record: &RequestRecord) -> bool {
        let in_range = self.start.is_none_or(|start| record.created >= start)
            && self.end.is_none_or(|end| record.created < end);
        let uses = |feature: &String| record.features.contains(feature);
        in_range
            && self
                .accessor
                .as_ref()
                .is_none_or(|a| *a == record.api_key_id.to_string())
            && self
                .request_id
                .as_ref()
                .is_none_or(|id| *id == record.request_id.to_string())
            && self.deployment.as_deref().is_none_or(|d| d == "hosted")
            && self.endpoint.as_deref().is_none_or(|e| e == "listen")
            && self.method.is_none_or(|m| m == record.method)
            && self.succeeded.is_none_or(|s| s == record.succeeded())
            && (self.tags.is_empty() || self.tags.iter().any(|t| record.tags.contains(t)))
            && self.model.as_ref().is_none_or(|model| {
                record
                    .models
                    .iter()
                    .any(|m| m.uuid == *model || m.name == *model || m.arch == *model)
            })
            && (self.features_on.is_empty() || self.features_on.iter().any(uses))
            && !self.features_off.iter().any(uses)
    }
}

impl Page {
    /// `page` (default 0) and `limit` (default 10, at most 1000), or a 400.
    pub(crate) fn parse(query: &Query) -> Result<Page, ApiError> {
        Ok(Page {
            page: whole(query, "page", 0..=u64::from(u32::MAX))?.unwrap_or(0),
            limit: whole(query, "limit", 1..=MAX_LIMIT)?.unwrap_or(DEFAULT_LIMIT),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(query: &str) -> Result<Filter, ApiError> {
        Filter::parse(&Query::parse(Some(query)))
    }

    #[test]
    fn dates_and_date_times_bound_the_range() {
        let f = filter("start=2030-01-02&end=2030-01-02").unwrap();
        assert_eq!(f.start.unwrap().to_string(), "2030-01-02T00:00:00.000Z");
        assert_eq!(f.end.unwrap().to_string(), "2030-01-03T00:00:00.000Z");
        let f = filter("start=2030-01-02T02:04:05&end=2030-01-02T05:00:00%2B02:00")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f.start.unwrap().to_string(), "2030-01-02T02:04:05.000Z");
        assert_eq!(f.end.unwrap().to_string(), "2030-01-02T03:00:00.001Z");
    }

    #[test]
    fn bad_values_are_refused() {
        for query in [
            "start=yesterday",
            "end=2030-13-01",
            "start=2030-01-02&end=2030-01-01",
            "status=ok",
            "method=batch",
            "diarize=yes",
            "deployment=cloud",
        ] {
            assert!(filter(query).is_err(), "{query}");
        }
        for query in ["limit=0", "limit=1001", "limit=2.5", "page=-1", "limit=ten"] {
            assert!(Page::parse(&Query::parse(Some(query))).is_err(), "{query}");
        }
        assert_eq!(
            Page::parse(&Query::parse(Some("limit=1000.0&page=3"))).unwrap(),
            Page {
                page: 3,
                limit: 1000
            }
        );
    }
}
