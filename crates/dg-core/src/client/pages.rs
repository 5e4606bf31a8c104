//! Paging through the requests a project made: one page in memory at a time, fetched as the
//! items are read, each with the caller's filters and only `page` advancing. The iterator in
//! every language is this, so where a listing ends is decided once.

use std::collections::VecDeque;

use super::Client;
use crate::error::Result;
use crate::manage_request::RequestsOptions;
use crate::models::ProjectRequest;

/// Every request a project made that `options` selects, newest first, from `options.page`
/// (default 0) on ([`Client::requests`]). The listing ends after a page shorter than its limit.
/// A failed page can be asked for again: the position only moves once a page has arrived.
#[derive(Debug)]
pub struct RequestPages {
    client: Client,
    project_id: String,
    options: RequestsOptions,
    items: VecDeque<ProjectRequest>,
    done: bool,
}

/// The API's page size when none is given.
const DEFAULT_LIMIT: u64 = 10;

impl RequestPages {
    /// The next request, fetching the next page when this one is used up; `None` at the end.
    pub async fn next(&mut self) -> Result<Option<ProjectRequest>> {
        while self.items.is_empty() && !self.done {
            self.fetch().await?;
        }
        Ok(self.items.pop_front())
    }

    async fn fetch(&mut self) -> Result<()> {
        let page = self
            .client
            .list_requests(&self.project_id, &self.options)
            .await?;
        let limit = page
            .limit
            .or(self.options.limit.map(u64::from))
            .unwrap_or(DEFAULT_LIMIT);
        let got = page.requests.len() as u64;
        self.done = got == 0 || got < limit;
        self.options.page = Some(self.options.page.unwrap_or(0) + 1);
        self.items.extend(page.requests);
        Ok(())
    }

    /// The remaining requests as a stream.
    pub fn into_stream(self) -> impl futures_util::Stream<Item = Result<ProjectRequest>> {
        futures_util::stream::try_unfold(self, |mut pages| async move {
            Ok(pages.next().await?.map(|item| (item, pages)))
        })
    }
}

impl Client {
    /// Every request of a project that `options` selects, a page at a time as it is read
    /// (`options.limit` is the page size, `options.page` the first page).
    pub fn requests(&self, project_id: &str, options: RequestsOptions) -> RequestPages {
        RequestPages {
            client: self.clone(),
            project_id: project_id.to_owned(),
            options,
            items: VecDeque::new(),
            done: false,
        }
    }
}
