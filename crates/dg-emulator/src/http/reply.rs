//! Building answers.

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Response, StatusCode};
use http_body_util::Full;
use serde::Serialize;

use crate::errors::Body;

pub(crate) type Reply = Response<Full<Bytes>>;

pub(crate) fn json(status: StatusCode, value: &impl Serialize) -> Reply {
    let body = serde_json::to_vec(value).expect("answers always serialize");
    with_body(status, "application/json", body)
}

pub(crate) fn error(status: StatusCode, body: &Body, request_id: &str) -> Reply {
    let (content_type, text) = body.render(request_id);
    with_body(status, content_type, text)
}

pub(crate) fn with_body(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Bytes>,
) -> Reply {
    let mut reply = Response::new(Full::new(body.into()));
    *reply.status_mut() = status;
    reply
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    reply
}
