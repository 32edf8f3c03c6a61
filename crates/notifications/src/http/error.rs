//! The one place that decides the HTTP answer for each [`ServiceError`].

use crate::service::ServiceError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kit::Problem;
use std::time::Duration;

/// Handler result: errors answer as problem+json.
pub type Result<T, E = Problem> = std::result::Result<T, E>;

/// A refused use case as an answer: its problem, and `Retry-After` when the
/// refusal says when to come back (past the stream cap).
#[derive(Debug)]
pub struct Refusal {
    problem: Problem,
    retry_after: Option<Duration>,
}

impl From<ServiceError> for Refusal {
    fn from(err: ServiceError) -> Self {
        let retry_after = match &err {
            ServiceError::TooManyStreams { retry_after, .. } => Some(*retry_after),
            _ => None,
        };
        Self {
            problem: err.into(),
            retry_after,
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut response = self.problem.into_response();
        if let Some(wait) = self.retry_after {
            // Whole seconds (RFC 9110), rounded up and at least one.
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        response
    }
}

impl From<ServiceError> for Problem {
    fn from(err: ServiceError) -> Self {
        match err {
            // 400
            ServiceError::InvalidParameters(errors) => Problem::invalid_parameters(errors),
            // 404
            ServiceError::NotificationNotFound => Problem::not_found("No such notification."),
            // 404
            ServiceError::DeadDeliveryNotFound => {
                Problem::not_found("No dead delivery for that event and channel.")
            }
            // 404
            ServiceError::NoEmailFiles => {
                Problem::not_found("Emails go to an SMTP server here, not to files.")
            }
            // 404
            ServiceError::EmailNotFound => Problem::not_found("No such email."),
            // 401: the client refreshes its token and opens the stream again.
            ServiceError::TokenExpired => Problem::unauthorized(
                "The token has expired; a stream needs a token that is still valid.",
            ),
            // 429, with Retry-After (see `Refusal`).
            ServiceError::TooManyStreams { max, .. } => Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-streams",
                "Too many notification streams",
            )
            .with_detail(format!(
                "This account already has {max} notification streams open, the most it may \
                 hold at once. Close one (another tab or device) or try again later."
            ))
            .with_extension("max_streams", max.into()),
            // 500: the cause goes to the log, the body says nothing of it.
            ServiceError::Internal(err) => Problem::internal(&format!("{err:#}")),
        }
    }
}
