//! `NativeClient`: one method per [`dg_core::Client`] call, each returning a Promise. The
//! transcription methods are here; the management calls are generated from the core's call
//! table (`generated/calls.rs`, written by `dg-gen`).

use dg_core::options::Spelling;
use dg_core::{Error, ListenOptions, Source};
use napi::bindgen_prelude::{PromiseRaw, Uint8Array, within_runtime_if_available};
use napi::{Env, Result};
use napi_derive::napi;
use serde_json::{Map, Value};

use crate::answers;
use crate::call::{self, AbortHandle};
use crate::failure;
use crate::settings;
use crate::sink::AudioSink;

/// A Deepgram client over one connection pool; its methods may run concurrently.
#[napi]
pub struct NativeClient {
    pub(crate) inner: dg_core::Client,
}

#[napi]
impl NativeClient {
    /// A client for these options (see `settings`); `runtime` is appended to the User-Agent.
    /// Throws the failure (see `failure`) of an invalid configuration.
    #[napi(constructor)]
    pub fn new(
        env: Env,
        options: Option<Map<String, Value>>,
        runtime: Option<String>,
    ) -> Result<Self> {
        let built = settings::config(options.unwrap_or_default(), runtime).and_then(|config| {
            within_runtime_if_available(|| dg_core::Client::with_config(config))
        });
        match built {
            Ok(inner) => Ok(NativeClient { inner }),
            Err(e) => Err(failure::to_js(&env, e.into())),
        }
    }

    /// The base URL requests go to (always ends with `/`).
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.inner.config().base_url.to_string()
    }

    /// Transcribes audio that Deepgram fetches from `url`; resolves to the answer's JSON text.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn transcribe_url<'env>(
        &self,
        env: &'env Env,
        url: String,
        options: Option<Map<String, Value>>,
        abort: Option<&AbortHandle>,
    ) -> Result<PromiseRaw<'env, String>> {
        self.listen(env, Source::Url(url), options, abort)
    }

    /// Transcribes a local file, streamed from disk by the core.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn transcribe_file<'env>(
        &self,
        env: &'env Env,
        path: String,
        options: Option<Map<String, Value>>,
        abort: Option<&AbortHandle>,
    ) -> Result<PromiseRaw<'env, String>> {
        self.listen(env, Source::File(path.into()), options, abort)
    }

    /// Transcribes audio in memory. The bytes are sent from the JS buffer itself, not a copy:
    /// it must not change until the Promise settles.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn transcribe_bytes<'env>(
        &self,
        env: &'env Env,
        audio: Uint8Array,
        content_type: Option<String>,
        options: Option<Map<String, Value>>,
        abort: Option<&AbortHandle>,
    ) -> Result<PromiseRaw<'env, String>> {
        let data = bytes::Bytes::from_owner(audio);
        self.listen(env, Source::Bytes { data, content_type }, options, abort)
    }

    /// Transcribes what is written into `sink`, sent as it comes (never retried). With `length`
    /// the upload has a `Content-Length` and fails if the audio is shorter or longer.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn transcribe_stream<'env>(
        &self,
        env: &'env Env,
        sink: &AudioSink,
        length: Option<i64>,
        content_type: Option<String>,
        options: Option<Map<String, Value>>,
        abort: Option<&AbortHandle>,
    ) -> Result<PromiseRaw<'env, String>> {
        let stream = sink
            .take_stream()
            .ok_or_else(|| invalid(env, "this AudioSink was already used for an upload"))?;
        let len = length
            .map(u64::try_from)
            .transpose()
            .map_err(|_| invalid(env, "the audio length must not be negative"))?;
        self.listen(
            env,
            Source::Stream {
                stream,
                len,
                content_type,
            },
            options,
            abort,
        )
    }

    fn listen<'env>(
        &self,
        env: &'env Env,
        source: Source,
        options: Option<Map<String, Value>>,
        abort: Option<&AbortHandle>,
    ) -> Result<PromiseRaw<'env, String>> {
        let client = self.inner.clone();
        let work = async move {
            // Read and checked by the core (it validates when it writes the query).
            let options = ListenOptions::from_value(
                Value::Object(options.unwrap_or_default()),
                Spelling::Camel,
            )?;
            let body = client.transcribe_raw(source, &options, None).await?;
            answers::listen_text(body)
        };
        call::spawn(env, abort, work, |_, text| Ok(text))
    }
}

/// The failure of invalid input found before anything started, to throw.
fn invalid(env: &Env, message: &str) -> napi::Error {
    failure::to_js(env, Error::invalid(message).into())
}
