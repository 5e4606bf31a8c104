//! Paging: `DeepgramClient.requests(projectId, options)` wraps dg-core's
//! [`dg_core::client::RequestPages`] in the [`RequestPages`] object, whose `next()` is the
//! next request or `null`/`nil` at the end. Which page is asked for and where the listing ends
//! are the core's; Kotlin's `requests` flow (`Pages.kt`) and Swift's `requests` sequence
//! (`Pages.swift`) only read `next()` until it is empty.

use std::sync::Arc;

use tokio::sync::Mutex;

use crate::calls::ListRequestsOptions;
use crate::client::DeepgramClient;
use crate::error::DeepgramError;
use crate::models::{Lift, ProjectRequest};

/// The requests of a project, a page at a time as they are read (from
/// `DeepgramClient.requests`).
#[derive(Debug, uniffi::Object)]
pub struct RequestPages(Mutex<dg_core::client::RequestPages>);

#[uniffi::export(async_runtime = "tokio")]
impl RequestPages {
    /// The next request, fetching the next page when this one is used up; `null`/`nil` once
    /// the listing ended. The options are checked by the core before the first page is asked
    /// for (an `InvalidOptions` error, nothing sent). Reads wait for each other; a failed or
    /// cancelled read moves nothing, so the next one asks for the same page again.
    pub async fn next(&self) -> Result<Option<ProjectRequest>, DeepgramError> {
        let request = self.0.lock().await.next().await?;
        Ok(request.as_ref().map(Lift::lift))
    }
}

#[uniffi::export]
impl DeepgramClient {
    /// Every request of a project that `options` selects, newest first, a page at a time as
    /// they are read (`limit` is the page size, `page` the first page): call `next()` on the
    /// answer until it is empty (Kotlin: its `requests` flow; Swift: its `requests` sequence).
    pub fn requests(&self, project_id: String, options: ListRequestsOptions) -> Arc<RequestPages> {
        let pages = self.inner.requests(&project_id, options.into());
        Arc::new(RequestPages(Mutex::new(pages)))
    }
}
