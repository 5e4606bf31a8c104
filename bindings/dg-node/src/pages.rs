//! Paging: `NativeClient.requests` wraps dg-core's [`RequestPages`] in a [`RequestPages`] class
//! of its own, whose `next()` resolves to the next request or `null` at the end. Which page is
//! asked for and where the listing ends are the core's; the JS layer (`node/lib/pages.js`)
//! makes an async iterable of it.

use std::sync::Arc;

use dg_core::client::RequestPages as CorePages;
use dg_core::models::ProjectRequest;
use napi::bindgen_prelude::{PromiseRaw, Unknown};
use napi::{Env, Result};
use napi_derive::napi;
use serde_json::{Map, Value};
use tokio::sync::Mutex;

use crate::answers;
use crate::call::{self, AbortHandle};
use crate::client::NativeClient;
use crate::js_fields;

/// The requests a project made, a page at a time (from `NativeClient.requests`).
#[napi]
pub struct RequestPages {
    pages: Arc<Mutex<State>>,
}

/// The core's pages once the options were read (by the first `next()`, so a bad one rejects it).
enum State {
    Unread {
        client: dg_core::Client,
        project_id: String,
        args: Map<String, Value>,
    },
    Reading(CorePages),
}

impl State {
    /// The core's pages, made from the options on first use; an error leaves them unread (every
    /// later read gives it again).
    fn pages(&mut self) -> dg_core::Result<&mut CorePages> {
        if let State::Unread {
            client,
            project_id,
            args,
        } = self
        {
            let options: dg_core::RequestsOptions =
                js_fields::deserialize(args.clone(), dg_core::RequestsOptions::FIELDS)?;
            *self = State::Reading(client.requests(project_id, options));
        }
        match self {
            State::Reading(pages) => Ok(pages),
            State::Unread { .. } => unreachable!("made just above"),
        }
    }
}

#[napi]
impl NativeClient {
    /// The requests of a project that these (camelCase `listRequests`) options select, read a
    /// page at a time as `next()` is called (`limit` is the page size, `page` the first page).
    /// The options are read and checked by the core; a bad one rejects the first `next()`,
    /// before anything is sent.
    #[napi]
    pub fn requests(&self, project_id: String, args: Option<Map<String, Value>>) -> RequestPages {
        let state = State::Unread {
            client: self.inner.clone(),
            project_id,
            args: args.unwrap_or_default(),
        };
        RequestPages {
            pages: Arc::new(Mutex::new(state)),
        }
    }
}

#[napi]
impl RequestPages {
    /// The next request (the API's JSON as a plain object), or `null` once the listing ended.
    /// Reads wait for each other. An aborted read rejects with kind `aborted` and moves nothing:
    /// the next read asks for the same page again.
    #[napi(ts_return_type = "Promise<unknown>")]
    pub fn next<'env>(
        &self,
        env: &'env Env,
        abort: Option<&AbortHandle>,
    ) -> Result<PromiseRaw<'env, Unknown<'env>>> {
        let pages = self.pages.clone();
        let read = async move {
            let mut state = pages.lock().await;
            state.pages()?.next().await
        };
        // `None` serializes to `null`.
        call::spawn(env, abort, read, |env, item: Option<ProjectRequest>| {
            answers::plain(env, &item)
        })
    }
}
