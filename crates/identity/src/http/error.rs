//! Identity's error type and the one place that decides each HTTP answer.

use crate::accounts::AccountError;
use crate::domain::tokens::Refusal;
use crate::store::StoreError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kit::Problem;
use kit::ratelimit::TooManyRequests;

/// Handler result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in an identity request.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error("rate limited")]
    RateLimited(TooManyRequests),
    #[error(transparent)]
    Problem(#[from] Problem),
}

impl From<StoreError> for Error {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => Problem::not_found("No such user.").into(),
            StoreError::VersionConflict => Problem::conflict(
                "version-conflict",
                "The account changed",
                "The account changed while this request ran; try again.",
            )
            .into(),
            other => Error::Account(other.into()),
        }
    }
}

impl From<TooManyRequests> for Error {
    fn from(value: TooManyRequests) -> Self {
        Error::RateLimited(value)
    }
}

fn refusal(refusal: Refusal) -> Problem {
    let (slug, detail) = match refusal {
        Refusal::Unknown => ("refresh-token-invalid", "The refresh token is not valid."),
        Refusal::Expired => (
            "refresh-token-expired",
            "The refresh token has expired; log in again.",
        ),
        Refusal::Revoked => (
            "refresh-token-revoked",
            "The refresh token was revoked; log in again.",
        ),
        Refusal::Reused => (
            "refresh-token-reused",
            "The refresh token was already used. Every session started from the same login has been ended; log in again.",
        ),
    };
    Problem::new(StatusCode::UNAUTHORIZED, slug, "Refresh refused").with_detail(detail)
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let problem = match self {
            Error::RateLimited(limited) => return limited.into_response(),
            Error::Problem(p) => p,
            Error::Account(err) => match err {
                AccountError::Validation(errors) => Problem::validation(errors),
                AccountError::EmailUnavailable => Problem::conflict(
                    "email-unavailable",
                    "Email unavailable",
                    "This email cannot be used to register. If it is yours, log in instead.",
                ),
                AccountError::InvalidCredentials => Problem::new(
                    StatusCode::UNAUTHORIZED,
                    "invalid-credentials",
                    "Invalid credentials",
                )
                .with_detail("The email or the password is wrong."),
                AccountError::Refresh(r) => refusal(r),
                AccountError::Disabled => Problem::new(
                    StatusCode::FORBIDDEN,
                    "account-disabled",
                    "Account disabled",
                )
                .with_detail("This account is disabled. Contact support."),
                AccountError::NotConfirmed => Problem::new(
                    StatusCode::FORBIDDEN,
                    "account-not-confirmed",
                    "Account not confirmed",
                )
                .with_detail("Confirm the code sent to your email, then log in."),
                AccountError::BadCode => Problem::validation(vec![kit::FieldError::new(
                    "code",
                    "is wrong or has expired",
                )]),
                AccountError::Unavailable(cause) => Problem::unavailable(&cause),
                AccountError::Internal(cause) => Problem::internal(&cause),
            },
        };
        problem.into_response()
    }
}
