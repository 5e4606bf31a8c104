//! A core call as a JS Promise: the future runs on napi's tokio runtime and settles the Promise
//! on the JS thread ([`settle::promise`]), where its value (or error) becomes JS. An
//! [`AbortHandle`] drops the future, which drops the request and its connection.

use std::future::Future;

use napi::bindgen_prelude::{PromiseRaw, ToNapiValue};
use napi::{Env, Result};
use napi_derive::napi;
use tokio_util::sync::CancellationToken;

use crate::failure::{self, Failure};
use crate::settle;

/// Cancels the calls it is passed to. The JS layer makes one per call that has an
/// `AbortSignal` and calls `abort()` from the signal's `abort` event.
#[napi]
pub struct AbortHandle {
    token: CancellationToken,
}

#[napi]
impl AbortHandle {
    /// A handle that has not fired.
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        AbortHandle {
            token: CancellationToken::new(),
        }
    }

    /// Cancels the calls: their Promises reject with kind `Aborted`.
    #[napi]
    pub fn abort(&self) {
        self.token.cancel();
    }
}

impl AbortHandle {
    /// What fires with the handle, for what outlives the call (a live stream's reads).
    pub fn token(&self) -> CancellationToken {
        self.token.clone()
    }
}

/// Runs `call` and returns its Promise. `convert` turns the result into JS on the JS thread; a
/// failure rejects with the error [`failure::to_js`] makes.
pub fn spawn<'env, T, F, C, V>(
    env: &'env Env,
    abort: Option<&AbortHandle>,
    call: F,
    convert: C,
) -> Result<PromiseRaw<'env, V>>
where
    T: Send + 'static,
    F: Future<Output = dg_core::Result<T>> + Send + 'static,
    C: FnOnce(&'env Env, T) -> Result<V> + Send + 'static,
    V: ToNapiValue,
{
    let token = abort.map(|a| a.token.clone());
    let run = async move {
        match token {
            Some(token) => match token.run_until_cancelled(call).await {
                Some(result) => result.map_err(Failure::Core),
                None => Err(Failure::Aborted),
            },
            None => call.await.map_err(Failure::Core),
        }
    };
    settle::promise(env, run, move |env, outcome| match outcome {
        Ok(value) => convert(env, value),
        Err(failure) => Err(failure::to_js(env, failure)),
    })
}
