//! Deepgram's error answers: their statuses and their three body shapes (legacy
//! `{err_code, err_msg, request_id}`, modern `{category, message, details, request_id}`, and
//! plain text), plus the 503 variant that says `error_code`.

use http::StatusCode;
use serde::Deserialize;
use serde_json::json;

/// An error answer that Deepgram documents, reproducible on demand through
/// [`FaultAction::Error`](crate::FaultAction::Error). Over HTTP it is named in snake case
/// (`{"error": "invalid_json"}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentedError {
    /// 400 legacy: "Bad Request: failed to process audio: corrupt or unsupported data".
    CorruptAudio,
    /// 400 modern: `{"category": "INVALID_JSON", ...}`.
    InvalidJson,
    /// 401 `INVALID_AUTH` "Invalid credentials.".
    InvalidAuth,
    /// 401 `INSUFFICIENT_PERMISSIONS`, the variant the docs show besides the 403.
    InsufficientPermissions,
    /// 402 `ASR_PAYMENT_REQUIRED`.
    PaymentRequired,
    /// 403 `FORBIDDEN` "Insufficient permissions.".
    Forbidden,
    /// 404 `PROJECT_NOT_FOUND` (a JSON body without `request_id`, as documented).
    ProjectNotFound,
    /// 404 with the plain-text body `UUID parsing failed: ...`.
    UuidParsingFailed,
    /// 413 `PAYLOAD_TOO_LARGE`.
    PayloadTooLarge,
    /// 415 `UNSUPPORTED_MEDIA_TYPE`.
    UnsupportedMediaType,
    /// 422 `ASR_UNPROCESSABLE_ENTITY`: the audio arrived incomplete.
    UnprocessableEntity,
    /// 429 `TOO_MANY_REQUESTS` "Too many requests. Please try again later".
    TooManyRequests,
    /// 500 `INTERNAL_SERVER_ERROR`.
    InternalServerError,
    /// 502 `BAD_GATEWAY`.
    BadGateway,
    /// 503 with `error_code` (not `err_code`) `SERVICE_UNAVAILABLE`.
    ServiceUnavailable,
}

impl DocumentedError {
    /// The HTTP status Deepgram answers it with.
    pub fn status(self) -> u16 {
        use DocumentedError::*;
        match self {
            CorruptAudio | InvalidJson => 400,
            InvalidAuth | InsufficientPermissions => 401,
            PaymentRequired => 402,
            Forbidden => 403,
            ProjectNotFound | UuidParsingFailed => 404,
            PayloadTooLarge => 413,
            UnsupportedMediaType => 415,
            UnprocessableEntity => 422,
            TooManyRequests => 429,
            InternalServerError => 500,
            BadGateway => 502,
            ServiceUnavailable => 503,
        }
    }

    /// The usual answer for a status, used by
    /// [`FaultAction::Status`](crate::FaultAction::Status) when it has no body: the legacy
    /// 400, the JSON 404 and the 401 `INVALID_AUTH`. `None` for an undocumented status.
    pub fn for_status(status: u16) -> Option<DocumentedError> {
        use DocumentedError::*;
        Some(match status {
            400 => CorruptAudio,
            401 => InvalidAuth,
            402 => PaymentRequired,
            403 => Forbidden,
            404 => ProjectNotFound,
            413 => PayloadTooLarge,
            415 => UnsupportedMediaType,
            422 => UnprocessableEntity,
            429 => TooManyRequests,
            500 => InternalServerError,
            502 => BadGateway,
            503 => ServiceUnavailable,
            _ => return None,
        })
    }

    pub(crate) fn body(self) -> Body {
        use DocumentedError::*;
        match self {
            CorruptAudio => Body::legacy("Bad Request", CORRUPT_AUDIO),
            InvalidJson => {
                Body::invalid_json("Json deserialize error: expected value at line 1 column 1")
            }
            InvalidAuth => Body::legacy("INVALID_AUTH", "Invalid credentials."),
            InsufficientPermissions => Body::legacy(
                "INSUFFICIENT_PERMISSIONS",
                "User does not have sufficient permissions.",
            ),
            PaymentRequired => Body::legacy(
                "ASR_PAYMENT_REQUIRED",
                "Project does not have enough credits for an ASR request and does not have an overage agreement.",
            ),
            Forbidden => Body::legacy("FORBIDDEN", "Insufficient permissions."),
            ProjectNotFound => Body::Legacy {
                code: "PROJECT_NOT_FOUND".into(),
                message: "Project not found.".into(),
                with_request_id: false,
            },
            UuidParsingFailed => Body::uuid_parsing_failed("project"),
            PayloadTooLarge => Body::legacy("PAYLOAD_TOO_LARGE", "Payload too large."),
            UnsupportedMediaType => {
                Body::legacy("UNSUPPORTED_MEDIA_TYPE", "Unsupported media type.")
            }
            UnprocessableEntity => Body::legacy(
                "ASR_UNPROCESSABLE_ENTITY",
                "The audio data was incomplete or interrupted.",
            ),
            TooManyRequests => Body::legacy("TOO_MANY_REQUESTS", TOO_MANY_REQUESTS),
            InternalServerError => Body::legacy("INTERNAL_SERVER_ERROR", "Internal server error."),
            BadGateway => Body::legacy("BAD_GATEWAY", "Bad gateway."),
            ServiceUnavailable => Body::ServiceUnavailable,
        }
    }
}

const CORRUPT_AUDIO: &str = "Bad Request: failed to process audio: corrupt or unsupported data";
const TOO_MANY_REQUESTS: &str = "Too many requests. Please try again later";

/// An error body before the request id is filled in.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    Legacy {
        code: String,
        message: String,
        with_request_id: bool,
    },
    Modern {
        category: String,
        message: String,
        details: String,
    },
    ServiceUnavailable,
    Text(String),
}

impl Body {
    pub(crate) fn legacy(code: &str, message: impl Into<String>) -> Body {
        Body::Legacy {
            code: code.to_owned(),
            message: message.into(),
            with_request_id: true,
        }
    }

    pub(crate) fn invalid_json(details: impl Into<String>) -> Body {
        Body::Modern {
            category: "INVALID_JSON".to_owned(),
            message: "Invalid JSON submitted.".to_owned(),
            details: details.into(),
        }
    }

    /// Deepgram's plain-text 404 for a path id that is not a UUID, worded as its server
    /// words it (the message of the `uuid` crate Deepgram uses, with a 1-based position).
    pub(crate) fn uuid_parsing_failed(input: &str) -> Body {
        let prefix = if input.starts_with("urn:uuid:") {
            "urn:uuid:".len()
        } else {
            0
        };
        let invalid = input[prefix..]
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_hexdigit() || matches!(c, '-' | '{' | '}')));
        let reason = match (invalid, uuid::Uuid::parse_str(input)) {
            (Some((at, found)), _) => format!(
                "invalid character: expected an optional prefix of `urn:uuid:` followed by \
                 [0-9a-fA-F-], found `{found}` at {}",
                prefix + at + 1
            ),
            (None, Err(err)) => err.to_string(),
            (None, Ok(_)) => "not the expected UUID".to_owned(),
        };
        Body::Text(format!("UUID parsing failed: {reason}"))
    }

    /// The content type and bytes of the body for the request `request_id`.
    pub(crate) fn render(&self, request_id: &str) -> (&'static str, String) {
        let value = match self {
            Body::Legacy {
                code,
                message,
                with_request_id: true,
            } => json!({"err_code": code, "err_msg": message, "request_id": request_id}),
            Body::Legacy { code, message, .. } => json!({"err_code": code, "err_msg": message}),
            Body::Modern {
                category,
                message,
                details,
            } => {
                json!({"category": category, "message": message, "details": details, "request_id": request_id})
            }
            Body::ServiceUnavailable => json!({
                "error_code": "SERVICE_UNAVAILABLE",
                "err_msg": "The service is temporarily unavailable. Please try again later.",
                "request_id": request_id,
            }),
            Body::Text(text) => return ("text/plain; charset=utf-8", text.clone()),
        };
        ("application/json", value.to_string())
    }
}

/// Why a request is answered with an error.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    #[error("{0:?}")]
    Documented(DocumentedError),
    /// 400 in the legacy shape with `err_code: "Bad Request"`.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// 400 in the modern shape, `details` being serde's message as in Deepgram.
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    /// 404 plain text for a path segment that is not a UUID.
    #[error("not a UUID: {0:?}")]
    NotAUuid(String),
    #[error("{message}")]
    NotFound { code: &'static str, message: String },
    #[error("payload over {limit} bytes")]
    PayloadTooLarge { limit: u64 },
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub(crate) fn status(&self) -> StatusCode {
        let code = match self {
            ApiError::Documented(error) => error.status(),
            ApiError::BadRequest(_) | ApiError::InvalidJson(_) => 400,
            ApiError::NotAUuid(_) | ApiError::NotFound { .. } => 404,
            ApiError::PayloadTooLarge { .. } => 413,
            ApiError::MethodNotAllowed => 405,
            ApiError::Internal(_) => 500,
        };
        StatusCode::from_u16(code).expect("every code above is a valid status")
    }

    pub(crate) fn body(&self) -> Body {
        match self {
            ApiError::Documented(error) => error.body(),
            ApiError::BadRequest(message) => {
                Body::legacy("Bad Request", format!("Bad Request: {message}"))
            }
            ApiError::InvalidJson(details) => {
                Body::invalid_json(format!("Json deserialize error: {details}"))
            }
            ApiError::NotAUuid(input) => Body::uuid_parsing_failed(input),
            ApiError::NotFound { code, message } => Body::legacy(code, message.clone()),
            ApiError::PayloadTooLarge { limit } => Body::legacy(
                "PAYLOAD_TOO_LARGE",
                format!("Payload too large: the request body is over the limit of {limit} bytes."),
            ),
            ApiError::MethodNotAllowed => Body::legacy("METHOD_NOT_ALLOWED", "Method not allowed."),
            ApiError::Internal(message) => Body::legacy("INTERNAL_SERVER_ERROR", message.clone()),
        }
    }
}

impl From<DocumentedError> for ApiError {
    fn from(error: DocumentedError) -> ApiError {
        ApiError::Documented(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(error: DocumentedError) -> serde_json::Value {
        let (content_type, text) = error.body().render("rid");
        assert_eq!(content_type, "application/json");
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn every_documented_status_maps_back_to_an_error_with_that_status() {
        for status in [400, 401, 402, 403, 404, 413, 415, 422, 429, 500, 502, 503] {
            assert_eq!(
                DocumentedError::for_status(status).unwrap().status(),
                status
            );
        }
        assert_eq!(DocumentedError::for_status(418), None);
    }

    #[test]
    fn service_unavailable_says_error_code() {
        let body = rendered(DocumentedError::ServiceUnavailable);
        assert_eq!(body["error_code"], "SERVICE_UNAVAILABLE");
        assert!(body.get("err_code").is_none());
        assert_eq!(body["request_id"], "rid");
    }

    #[test]
    fn project_not_found_has_no_request_id_as_documented() {
        let body = rendered(DocumentedError::ProjectNotFound);
        assert_eq!(
            body,
            json!({"err_code": "PROJECT_NOT_FOUND", "err_msg": "Project not found."})
        );
    }

    #[test]
    fn uuid_failures_are_plain_text_from_the_uuid_parser() {
        let (content_type, text) = ApiError::NotAUuid("p123".into()).body().render("rid");
        assert!(content_type.starts_with("text/plain"));
        assert_eq!(
            text,
            "UUID parsing failed: invalid character: expected an optional prefix of `urn:uuid:` \
             followed by [0-9a-fA-F-], found `p` at 1"
        );
        let (_, text) = ApiError::NotAUuid("abc".into()).body().render("rid");
        assert!(
            text.starts_with("UUID parsing failed: invalid length"),
            "{text}"
        );
    }
}
