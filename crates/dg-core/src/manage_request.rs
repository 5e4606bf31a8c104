//! What the project, member, invitation, usage and model calls send: bodies and query filters,
//! each checked before sending (names and emails not blank, dates in the format the API reads,
//! page sizes in range, start not after end). Enums are the spec's values.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

fn invalid<T>(option: &str, message: impl Into<String>) -> Result<T> {
    Err(Error::InvalidOptions {
        message: message.into(),
        option: Some(option.to_owned()),
    })
}

fn not_blank(option: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return invalid(option, format!("`{option}` is empty"));
    }
    Ok(())
}

/// Declares a string enum of the API: its values as sent, `as_str`, and serde by value.
macro_rules! api_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $value:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $value)] $variant,)*
        }

        impl $name {
            /// The value sent in the query string.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $value,)*
                }
            }
        }
    };
}

api_enum! {
    /// Where requests ran.
    Deployment {
        /// Deepgram's hosted API.
        Hosted = "hosted",
        /// Beta endpoints.
        Beta = "beta",
        /// A self-hosted deployment.
        SelfHosted = "self-hosted",
    }
}

api_enum! {
    /// Which API requests called.
    Endpoint {
        /// Speech to text.
        Listen = "listen",
        /// Text intelligence.
        Read = "read",
        /// Text to speech.
        Speak = "speak",
        /// Voice agents.
        Agent = "agent",
    }
}

api_enum! {
    /// How requests were processed.
    RequestMethod {
        /// Answered in the same connection.
        Sync = "sync",
        /// Answered by callback.
        Async = "async",
        /// Live streams.
        Streaming = "streaming",
    }
}

api_enum! {
    /// Whether requests succeeded.
    RequestStatus {
        /// Answered with a 2xx.
        Succeeded = "succeeded",
        /// Answered with an error.
        Failed = "failed",
    }
}

api_enum! {
    /// What a usage breakdown groups by.
    UsageGrouping {
        /// The key.
        Accessor = "accessor",
        /// The endpoint.
        Endpoint = "endpoint",
        /// The features asked for.
        FeatureSet = "feature_set",
        /// The models.
        Models = "models",
        /// The processing method.
        Method = "method",
        /// The key's tags.
        Tags = "tags",
        /// The deployment.
        Deployment = "deployment",
    }
}

/// The body of `PATCH /v1/projects/{project_id}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateProjectRequest {
    /// The project's new name.
    pub name: String,
}

impl UpdateProjectRequest {
    /// The field names (snake_case).
    pub const FIELDS: &'static [&'static str] = &["name"];

    /// Checks it: a name that is not blank.
    pub fn validate(&self) -> Result<()> {
        not_blank("name", &self.name)
    }
}

/// The body of `PUT /v1/projects/{project_id}/members/{member_id}/scopes`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateScopesRequest {
    /// The member's new scope (`admin`, `member`, ...).
    pub scope: String,
}

impl UpdateScopesRequest {
    /// The field names (snake_case).
    pub const FIELDS: &'static [&'static str] = &["scope"];

    /// Checks it: a scope that is not blank.
    pub fn validate(&self) -> Result<()> {
        not_blank("scope", &self.scope)
    }
}

/// The body of `POST /v1/projects/{project_id}/invites`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteRequest {
    /// Who to invite.
    pub email: String,
    /// The scope they join with (`member`, `admin`, ...).
    pub scope: String,
}

impl InviteRequest {
    /// The field names (snake_case).
    pub const FIELDS: &'static [&'static str] = &["email", "scope"];

    /// Checks it: an address of the form `name@domain` and a scope that is not blank.
    pub fn validate(&self) -> Result<()> {
        let well_formed = self.email.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty() && domain.contains('.') && !domain.contains('@')
        });
        if !well_formed || self.email.contains(char::is_whitespace) {
            return invalid(
                "email",
                format!("`email` {:?} is not an email address", self.email),
            );
        }
        not_blank("scope", &self.scope)
    }
}

/// The filter of `GET /v1/models` (and per project).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelsOptions {
    /// Also list models that newer versions replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_outdated: Option<bool>,
}

impl ModelsOptions {
    /// The field names (snake_case).
    pub const FIELDS: &'static [&'static str] = &["include_outdated"];
}

/// Most requests a page of `GET /v1/projects/{project_id}/requests` may hold.
pub const MAX_REQUESTS_LIMIT: u32 = 1000;

/// The filters of `GET /v1/projects/{project_id}/requests`: a page of the requests a project
/// made, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestsOptions {
    /// From this time: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS` or with an offset (`+HH:MM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Until this time, in the same formats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Requests per page, 1 to 1000 (the API's default is 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The page (from 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Only requests made with this key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessor: Option<String>,
    /// Only the request with this id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Only requests that ran there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<Deployment>,
    /// Only requests to this endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Endpoint>,
    /// Only requests processed this way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<RequestMethod>,
    /// Only requests that succeeded, or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RequestStatus>,
}

impl RequestsOptions {
    /// The field names (snake_case).
    pub const FIELDS: &'static [&'static str] = &[
        "start",
        "end",
        "limit",
        "page",
        "accessor",
        "request_id",
        "deployment",
        "endpoint",
        "method",
        "status",
    ];

    /// Checks the dates (and that `start` is not after `end`) and the page size.
    pub fn validate(&self) -> Result<()> {
        date_range(&self.start, &self.end, DateForm::DateOrTime)?;
        if let Some(limit) = self.limit
            && !(1..=MAX_REQUESTS_LIMIT).contains(&limit)
        {
            return invalid(
                "limit",
                format!("`limit` must be 1 to {MAX_REQUESTS_LIMIT}, not {limit}"),
            );
        }
        Ok(())
    }
}

/// The filters of `GET /v1/projects/{project_id}/usage` and of its breakdown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageOptions {
    /// From this day (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Until this day (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Only requests made with this key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessor: Option<String>,
    /// Only requests whose key carries this tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Only requests that used this model (its id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Only requests that ran there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<Deployment>,
    /// Only requests to this endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Endpoint>,
    /// Only requests processed this way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<RequestMethod>,
    /// Group the breakdown by these (breakdown only).
    #[serde(
        default,
        deserialize_with = "crate::options::de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub grouping: Vec<UsageGrouping>,
}

impl UsageOptions {
    /// The field names (snake_case).
    pub const FIELDS: &'static [&'static str] = &[
        "start",
        "end",
        "accessor",
        "tag",
        "model",
        "deployment",
        "endpoint",
        "method",
        "grouping",
    ];

    /// Checks the days (and that `start` is not after `end`).
    pub fn validate(&self) -> Result<()> {
        date_range(&self.start, &self.end, DateForm::Date)
    }

    /// Checks them for the usage summary, which takes no `grouping` (the breakdown's).
    pub fn validate_summary(&self) -> Result<()> {
        self.validate()?;
        if !self.grouping.is_empty() {
            return invalid(
                "grouping",
                "`grouping` is for the usage breakdown, not the summary",
            );
        }
        Ok(())
    }
}

/// The range of `GET /v1/projects/{project_id}/usage/fields`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageFieldsOptions {
    /// From this day (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Until this day (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

impl UsageFieldsOptions {
    /// The field names (snake_case).
    pub const FIELDS: &'static [&'static str] = &["start", "end"];

    /// Checks the days (and that `start` is not after `end`).
    pub fn validate(&self) -> Result<()> {
        date_range(&self.start, &self.end, DateForm::Date)
    }
}

/// Which forms a date filter takes.
#[derive(Clone, Copy)]
enum DateForm {
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS`, or that with an offset.
    DateOrTime,
}

/// A date filter as a UTC instant, for comparing `start` with `end`; `None` if malformed.
fn instant(value: &str, form: DateForm) -> Option<time::OffsetDateTime> {
    use time::format_description::parse_borrowed;
    use time::format_description::well_known::Rfc3339;
    let date = parse_borrowed::<2>("[year]-[month]-[day]").ok()?;
    if let Ok(day) = time::Date::parse(value, &date) {
        return Some(day.midnight().assume_utc());
    }
    if let DateForm::Date = form {
        return None;
    }
    let local = parse_borrowed::<2>("[year]-[month]-[day]T[hour]:[minute]:[second]").ok()?;
    time::PrimitiveDateTime::parse(value, &local)
        .map(|t| t.assume_utc())
        .or_else(|_| time::OffsetDateTime::parse(value, &Rfc3339))
        .ok()
}

fn date_range(start: &Option<String>, end: &Option<String>, form: DateForm) -> Result<()> {
    let shown = match form {
        DateForm::Date => "a date such as 2026-01-31",
        DateForm::DateOrTime => {
            "a date or time such as 2026-01-31, 2026-01-31T12:00:00 or 2026-01-31T12:00:00+01:00"
        }
    };
    let mut read = [None, None];
    for (i, (name, value)) in [("start", start), ("end", end)].into_iter().enumerate() {
        if let Some(value) = value {
            match instant(value, form) {
                Some(at) => read[i] = Some(at),
                None => return invalid(name, format!("`{name}` {value:?} is not {shown}")),
            }
        }
    }
    if let [Some(start_at), Some(end_at)] = read
        && start_at > end_at
    {
        return invalid("start", "`start` is after `end`");
    }
    Ok(())
}

/// A request's filters as query pairs (lists as repeated keys), validated by the caller.
pub(crate) fn query_pairs(filters: &impl Serialize) -> Result<Vec<(String, String)>> {
    let value = serde_json::to_value(filters).map_err(|e| Error::invalid(e.to_string()))?;
    let mut pairs = Vec::new();
    if let serde_json::Value::Object(fields) = value {
        for (name, value) in fields {
            let values = match value {
                serde_json::Value::Array(items) => items,
                one => vec![one],
            };
            for v in values {
                let text = match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                pairs.push((name.clone(), text));
            }
        }
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option_at_fault(result: Result<()>) -> String {
        match result {
            Err(Error::InvalidOptions {
                option: Some(o), ..
            }) => o,
            other => panic!("expected InvalidOptions naming an option, got {other:?}"),
        }
    }

    #[test]
    fn dates_are_checked_in_the_form_each_call_reads() {
        let usage = |start: &str, end: &str| UsageOptions {
            start: Some(start.into()),
            end: Some(end.into()),
            ..Default::default()
        };
        assert!(usage("2026-01-01", "2026-01-31").validate().is_ok());
        assert_eq!(
            option_at_fault(usage("2026-1-1", "2026-01-31").validate()),
            "start"
        );
        assert_eq!(
            option_at_fault(usage("2026-01-01", "2026-01-01T10:00:00").validate()),
            "end",
            "usage takes days only"
        );
        assert_eq!(
            option_at_fault(usage("2026-02-01", "2026-01-31").validate()),
            "start"
        );
        let requests = |start: &str| RequestsOptions {
            start: Some(start.into()),
            ..Default::default()
        };
        for ok in [
            "2026-01-01",
            "2026-01-01T10:00:00",
            "2026-01-01T10:00:00+01:00",
        ] {
            assert!(requests(ok).validate().is_ok(), "{ok}");
        }
        assert_eq!(option_at_fault(requests("yesterday").validate()), "start");
    }

    #[test]
    fn the_page_size_is_bounded() {
        let limit = |n| RequestsOptions {
            limit: Some(n),
            ..Default::default()
        };
        assert!(limit(1).validate().is_ok());
        assert!(limit(MAX_REQUESTS_LIMIT).validate().is_ok());
        assert_eq!(option_at_fault(limit(0).validate()), "limit");
        assert_eq!(
            option_at_fault(limit(MAX_REQUESTS_LIMIT + 1).validate()),
            "limit"
        );
    }

    #[test]
    fn bodies_are_checked() {
        let invite = |email: &str| InviteRequest {
            email: email.into(),
            scope: "member".into(),
        };
        assert!(invite("ada@example.com").validate().is_ok());
        for bad in ["ada", "@example.com", "ada@example", "a da@example.com"] {
            assert_eq!(option_at_fault(invite(bad).validate()), "email", "{bad}");
        }
        let blank = InviteRequest {
            scope: " ".into(),
            ..invite("ada@example.com")
        };
        assert_eq!(option_at_fault(blank.validate()), "scope");
        let name = UpdateProjectRequest { name: "".into() };
        assert_eq!(option_at_fault(name.validate()), "name");
    }

    #[test]
    fn filters_become_query_pairs_by_their_api_values() {
        let options = UsageOptions {
            tag: Some("team a".into()),
            deployment: Some(Deployment::SelfHosted),
            grouping: vec![UsageGrouping::Tags, UsageGrouping::FeatureSet],
            ..Default::default()
        };
        let mut pairs = query_pairs(&options).unwrap();
        pairs.sort();
        let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        assert_eq!(
            pairs,
            vec![
                pair("deployment", "self-hosted"),
                pair("grouping", "feature_set"),
                pair("grouping", "tags"),
                pair("tag", "team a"),
            ]
        );
        let limit = RequestsOptions {
            limit: Some(50),
            page: Some(2),
            ..Default::default()
        };
        assert_eq!(
            query_pairs(&limit).unwrap(),
            vec![pair("limit", "50"), pair("page", "2")]
        );
    }
}
