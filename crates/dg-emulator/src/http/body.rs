//! Reading request bodies frame by frame, never more than a limit.

use http_body_util::BodyExt as _;
use hyper::body::{Body as _, Incoming};

use crate::errors::{ApiError, DocumentedError};

/// The largest JSON request body read (key creation, grants, URL sources, controls).
const JSON_BODY_LIMIT: u64 = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub(crate) enum BodyError {
    #[error("the request body is over {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the request body broke off: {0}")]
    Broken(#[from] hyper::Error),
}

impl From<BodyError> for ApiError {
    fn from(error: BodyError) -> ApiError {
        match error {
            BodyError::TooLarge { limit } => ApiError::PayloadTooLarge { limit },
            // Deepgram's answer for a body that stopped before its end.
            BodyError::Broken(_) => DocumentedError::UnprocessableEntity.into(),
        }
    }
}

/// Passes each chunk of the body to `sink` and returns the byte count; stops with
/// [`BodyError::TooLarge`] before passing on the chunk that goes over `limit`.
pub(crate) async fn stream(
    body: &mut Incoming,
    limit: u64,
    mut sink: impl FnMut(&[u8]),
) -> Result<u64, BodyError> {
    let mut total: u64 = 0;
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame?.into_data() else {
            continue; // trailers
        };
        total += data.len() as u64;
        if total > limit {
            return Err(BodyError::TooLarge { limit });
        }
        sink(&data);
    }
    Ok(total)
}

/// The whole of a (small) JSON body.
pub(crate) async fn read_json(body: &mut Incoming) -> Result<Vec<u8>, BodyError> {
    let mut bytes = Vec::new();
    stream(body, JSON_BODY_LIMIT, |chunk| {
        bytes.extend_from_slice(chunk)
    })
    .await?;
    Ok(bytes)
}

/// Reads and discards what is left of the body, so the client can finish sending and read
/// the answer. `false` when more than `limit` bytes were left or the body broke off: the
/// connection must then close.
pub(crate) async fn drain(body: &mut Incoming, limit: u64) -> bool {
    if body.is_end_stream() {
        return true;
    }
    stream(body, limit, |_| {}).await.is_ok()
}
