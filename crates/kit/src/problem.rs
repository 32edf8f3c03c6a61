//! RFC 9457 problem details: the one error body every Feira service returns.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Media type of every error body.
pub const CONTENT_TYPE: &str = "application/problem+json";

/// A problem that one field of the input has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// Where the value is: a JSON path such as `price.amount`, or a query or path
    /// parameter name.
    pub field: String,
    /// What is wrong with it, for a person.
    pub message: String,
}

impl FieldError {
    /// A field error for `field` with a message.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// An RFC 9457 problem details body with its HTTP status.
///
/// `type` is a stable URN (`urn:feira:problem:<slug>`) that clients may match on;
/// `title` is the same for every occurrence of a type, `detail` says what happened
/// this time. Validation failures list every bad field in `errors`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Extra members a problem type defines, such as the items that are out of stock.
    #[serde(flatten, default, skip_serializing_if = "serde_json::Map::is_empty")]
    #[schema(value_type = Object)]
    pub extensions: serde_json::Map<String, serde_json::Value>,
}

impl Problem {
    /// A problem of the type `urn:feira:problem:<slug>`.
    pub fn new(status: StatusCode, slug: &str, title: impl Into<String>) -> Self {
        Self {
            type_uri: format!("urn:feira:problem:{slug}"),
            title: title.into(),
            status: status.as_u16(),
            detail: None,
            errors: Vec::new(),
            extensions: serde_json::Map::new(),
        }
    }

    /// Adds the human explanation of this occurrence.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Adds per-field errors.
    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    /// Adds an extension member.
    pub fn with_extension(mut self, key: &str, value: serde_json::Value) -> Self {
        self.extensions.insert(key.to_owned(), value);
        self
    }

    /// 400: the request itself is malformed (bad JSON, bad query string).
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad-request", "Bad request").with_detail(detail)
    }

    /// 400 naming the query or path parameters that are wrong.
    pub fn invalid_parameters(errors: Vec<FieldError>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid-parameters",
            "Invalid request parameters",
        )
        .with_detail(summary(&errors))
        .with_errors(errors)
    }

    /// 422: the body is well-formed JSON but some fields are not acceptable.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            "Validation failed",
        )
        .with_detail(summary(&errors))
        .with_errors(errors)
    }

    /// 401: no valid credentials.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Authentication required",
        )
        .with_detail(detail)
    }

    /// 403: valid credentials without the needed role.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "Forbidden").with_detail(detail)
    }

    /// 404 for a resource that does not exist.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found").with_detail(detail)
    }

    /// 409: the request conflicts with the current state.
    pub fn conflict(slug: &str, title: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, slug, title).with_detail(detail)
    }

    /// 500 with a body that reveals nothing; the cause is logged here, once, with
    /// the request's span (and so its request id).
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal server error",
        )
        .with_detail("Something went wrong on our side. The request id identifies it in our logs.")
    }

    /// 503 when a dependency is unreachable.
    pub fn unavailable(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "dependency unavailable");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service unavailable",
        )
        .with_detail("A dependency of this service is unavailable; try again shortly.")
    }

    /// The HTTP status.
    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

fn summary(errors: &[FieldError]) -> String {
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    match fields.as_slice() {
        [] => "The request is not valid.".to_owned(),
        [one] => format!("`{one}`: {}", errors[0].message),
        many => format!("Invalid fields: {}.", many.join(", ")),
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
        // RFC 9110: a 401 says which scheme would be accepted.
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"feira\""),
            );
        }
        response
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status, self.title)?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problem {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_problem_names_every_field() {
        let p = Problem::validation(vec![
            FieldError::new("price.amount", "must not be negative"),
            FieldError::new("sku", "must not be empty"),
        ]);
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["type"], "urn:feira:problem:validation");
        assert_eq!(json["status"], 422);
        assert_eq!(json["errors"][0]["field"], "price.amount");
        assert!(json["detail"].as_str().unwrap().contains("sku"));
    }

    #[test]
    fn internal_problem_does_not_carry_the_cause() {
        let p = Problem::internal(&"password=hunter2 at db");
        let json = serde_json::to_string(&p).unwrap();
        assert!(!json.contains("hunter2"));
        assert_eq!(p.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
