//! The answers of the usage calls: requests a project made, its usage summary, the fields
//! usage can be filtered by, and the usage broken down by group.

use serde_json::{Map, Value};

use super::lossless::lossless_struct;

lossless_struct! {
    /// A request a project made (`GET /v1/projects/{project_id}/requests[/{request_id}]`).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct ProjectRequest {
        /// Its id (the `dg-request-id` of the answer it got).
        pub request_id: String [sent],
        /// The project it belongs to.
        pub project_uuid: Option<String>,
        /// When it was made (RFC 3339).
        pub created: Option<String>,
        /// The path it called (`/v1/listen?model=nova-3`).
        pub path: Option<String>,
        /// The key that made it.
        pub api_key_id: Option<String>,
        /// What the API recorded of its answer (duration, model, ...), as it came.
        pub response: Map<String, Value>,
        /// The HTTP status it got.
        pub code: Option<u64>,
        /// Where it ran (`hosted`, `beta`, `self-hosted`).
        pub deployment: Option<String>,
        /// Its callback URL, if it had one.
        pub callback: Option<String>,
    }
}

lossless_struct! {
    /// A page of `GET /v1/projects/{project_id}/requests`.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct RequestPage {
        /// The page's number (from 0).
        pub page: Option<u64>,
        /// How many requests a page holds.
        pub limit: Option<u64>,
        /// The requests on this page.
        pub requests: Vec<ProjectRequest> [always],
    }
}

lossless_struct! {
    /// `GET /v1/projects/{project_id}/requests/{request_id}`.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct RequestAnswer {
        /// The request.
        pub request: ProjectRequest [sent],
    }
}

lossless_struct! {
    /// An amount and its units (`{"units": "hours", "amount": 1.5}`).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Resolution {
        /// The units (`hours`, `day`).
        pub units: Option<String>,
        /// The amount.
        pub amount: Option<f64>,
    }
}

lossless_struct! {
    /// `GET /v1/projects/{project_id}/usage`: the usage of a date range.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct UsageSummary {
        /// First day (`YYYY-MM-DD`).
        pub start: Option<String>,
        /// Last day.
        pub end: Option<String>,
        /// The usage.
        pub resolution: Option<Resolution>,
    }
}

lossless_struct! {
    /// A model that appears in a project's usage.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct UsageModel {
        /// Its name.
        pub name: Option<String>,
        /// Its language.
        pub language: Option<String>,
        /// Its version.
        pub version: Option<String>,
        /// Its id.
        pub model_id: Option<String>,
    }
}

lossless_struct! {
    /// `GET /v1/projects/{project_id}/usage/fields`: what usage can be filtered by.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct UsageFields {
        /// The tags requests carried.
        pub tags: Vec<String> [always],
        /// The models requests used.
        pub models: Vec<UsageModel> [always],
        /// The processing methods (`sync`, `async`, `streaming`).
        pub processing_methods: Vec<String> [always],
        /// The features requests asked for.
        pub features: Vec<String> [always],
    }
}

lossless_struct! {
    /// What one row of a usage breakdown groups by (the fields not grouped by are absent).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct UsageGroup {
        /// First day of the group.
        pub start: Option<String>,
        /// Last day of the group.
        pub end: Option<String>,
        /// The key.
        pub accessor: Option<String>,
        /// The endpoint (`listen`).
        pub endpoint: Option<String>,
        /// The feature set.
        pub feature_set: Option<String>,
        /// The models (`None` when not grouped by models; the API may send `null`).
        pub models: Option<Vec<String>>,
        /// The method (`sync`, `async`, `streaming`).
        pub method: Option<String>,
        /// The tags (`None` when not grouped by tags; the API may send `null`).
        pub tags: Option<Vec<String>>,
        /// The deployment.
        pub deployment: Option<String>,
    }
}

lossless_struct! {
    /// One row of a usage breakdown.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct UsageRow {
        /// Audio hours.
        pub hours: Option<f64>,
        /// Hours including all processing.
        pub total_hours: Option<f64>,
        /// Agent hours.
        pub agent_hours: Option<f64>,
        /// Input tokens.
        pub tokens_in: Option<f64>,
        /// Output tokens.
        pub tokens_out: Option<f64>,
        /// Text-to-speech characters.
        pub tts_characters: Option<f64>,
        /// Requests.
        pub requests: Option<f64>,
        /// What the row groups.
        pub grouping: Option<UsageGroup>,
    }
}

lossless_struct! {
    /// `GET /v1/projects/{project_id}/usage/breakdown`.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct UsageBreakdown {
        /// First day.
        pub start: Option<String>,
        /// Last day.
        pub end: Option<String>,
        /// The total.
        pub resolution: Option<Resolution>,
        /// The rows.
        pub results: Vec<UsageRow> [always],
    }
}
