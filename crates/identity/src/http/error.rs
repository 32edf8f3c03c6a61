//! The one place that decides identity's HTTP answers: [`ServiceError`] becomes
//! a [`Problem`] here and nowhere else, and the per-email limiter's refusal keeps
//! its `Retry-After` and `RateLimit-*` headers.

use crate::domain::links::LinkRefusal;
use crate::domain::tokens::Refusal;
use crate::service::ServiceError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kit::Problem;
use kit::ratelimit::TooManyRequests;

/// Handler result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A use case refused or failed.
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// 429 from the per-email limiter, headers included.
    #[error("rate limited")]
    RateLimited(TooManyRequests),
}

impl From<TooManyRequests> for Error {
    fn from(value: TooManyRequests) -> Self {
        Error::RateLimited(value)
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        match self {
            Error::Service(err) => Problem::from(err).into_response(),
            Error::RateLimited(limited) => limited.into_response(),
        }
    }
}

impl From<ServiceError> for Problem {
    fn from(err: ServiceError) -> Self {
        match err {
            // 422, naming each bad field.
            ServiceError::Validation(errors) => Problem::validation(errors),
            // 400, naming each bad query parameter.
            ServiceError::InvalidParameters(errors) => Problem::invalid_parameters(errors),
            // 409, saying no more than that the email cannot be used.
            ServiceError::EmailUnavailable => Problem::conflict(
                "email-unavailable",
                "Email unavailable",
                "This email cannot be used to register. If it is yours, log in instead.",
            ),
            // 401, the same for a wrong email and a wrong password.
            ServiceError::InvalidCredentials => Problem::new(
                StatusCode::UNAUTHORIZED,
                "invalid-credentials",
                "Invalid credentials",
            )
            .with_detail("The email or the password is wrong."),
            // 401, with a type per reason.
            ServiceError::Refresh(r) => refusal(r),
            // 400 on the `token` field, with a type per reason.
            ServiceError::Link(r) => link_refusal(r),
            // 401 on the `challenge` field, with a type per reason.
            ServiceError::Challenge(r) => challenge_refusal(r),
            // 409.
            ServiceError::TwoFactorEnabled => Problem::conflict(
                "two-factor-enabled",
                "Two-factor is on",
                "Two-factor sign-in is on already; turn it off before setting up another app.",
            ),
            // 409.
            ServiceError::TwoFactorNotPending => Problem::conflict(
                "two-factor-not-set-up",
                "Two-factor is not set up",
                "There is no two-factor set-up to confirm or turn off; start one first.",
            ),
            // 403.
            ServiceError::Disabled => Problem::new(
                StatusCode::FORBIDDEN,
                "account-disabled",
                "Account disabled",
            )
            .with_detail("This account is disabled. Contact support."),
            // 403.
            ServiceError::NotConfirmed => Problem::new(
                StatusCode::FORBIDDEN,
                "account-not-confirmed",
                "Account not confirmed",
            )
            .with_detail("Confirm the code sent to your email, then log in."),
            // 422 on the `code` field.
            ServiceError::BadCode => Problem::validation(vec![kit::FieldError::new(
                "code",
                "is wrong or has expired",
            )]),
            // 401.
            ServiceError::ForeignSubject => {
                Problem::unauthorized("The token's subject is not an account of this service.")
            }
            // 401.
            ServiceError::AccountGone => {
                Problem::unauthorized("The account of this token no longer exists.")
            }
            // 404.
            ServiceError::NoSuchUser => Problem::not_found("No user with that id."),
            // 404.
            ServiceError::UserVanished => Problem::not_found("No such user."),
            // 404.
            ServiceError::NoSuchSession => {
                Problem::not_found("None of your signed-in devices has that id.")
            }
            // 404.
            ServiceError::NoSuchAddress => Problem::not_found("No saved address with that id."),
            // 409.
            ServiceError::SelfChange => Problem::conflict(
                "self-change",
                "Cannot change your own account",
                "Admins cannot revoke their own admin role or disable themselves; ask another admin.",
            ),
            // 409.
            ServiceError::VersionConflict => Problem::conflict(
                "version-conflict",
                "The account changed",
                "The account changed while this request ran; try again.",
            ),
            // 401, with the OAuth 2.0 error code (RFC 6749 §5.2) beside the problem.
            ServiceError::InvalidClient => {
                Problem::unauthorized("Unknown client or wrong client secret.")
                    .with_extension("error", "invalid_client".into())
            }
            // 400.
            ServiceError::InvalidScope => {
                Problem::new(StatusCode::BAD_REQUEST, "invalid-scope", "Invalid scope")
                    .with_detail("The client may not ask for that audience or scope.")
                    .with_extension("error", "invalid_scope".into())
            }
            // 400.
            ServiceError::UnsupportedGrant => Problem::new(
                StatusCode::BAD_REQUEST,
                "unsupported-grant-type",
                "Unsupported grant type",
            )
            .with_detail("Only `grant_type=client_credentials` is accepted here.")
            .with_extension("error", "unsupported_grant_type".into()),
            // 404, as if the route did not exist.
            ServiceError::NotOffered => {
                Problem::not_found("Not available with the Cognito provider.")
            }
            // 503; the cause is logged, not sent.
            ServiceError::Unavailable(cause) => Problem::unavailable(&cause),
            // 500; the cause is logged, not sent.
            ServiceError::Internal(cause) => Problem::internal(&cause),
        }
    }
}

/// 400 for an emailed link that cannot be followed, naming the `token` field.
fn link_refusal(refusal: LinkRefusal) -> Problem {
    let (slug, title, message) = match refusal {
        LinkRefusal::Unknown => ("link-invalid", "Link not valid", "is not a link we sent"),
        LinkRefusal::Expired => ("link-expired", "Link expired", "has expired"),
        LinkRefusal::Used => ("link-used", "Link used", "was used already"),
    };
    Problem::new(StatusCode::BAD_REQUEST, slug, title)
        .with_detail("This link cannot be used. Ask for a new one.")
        .with_errors(vec![kit::FieldError::new("token", message)])
}

/// 401 for a login challenge that cannot be answered, naming `challenge`:
/// the login must start again from the password.
fn challenge_refusal(refusal: LinkRefusal) -> Problem {
    let (slug, title, message) = match refusal {
        LinkRefusal::Unknown => (
            "challenge-invalid",
            "Sign-in step not valid",
            "is not a sign-in in progress",
        ),
        LinkRefusal::Expired => ("challenge-expired", "Sign-in step expired", "has expired"),
        LinkRefusal::Used => ("challenge-used", "Sign-in step used", "was used already"),
    };
    Problem::new(StatusCode::UNAUTHORIZED, slug, title)
        .with_detail("Log in again with your email and password.")
        .with_errors(vec![kit::FieldError::new("challenge", message)])
}

/// 401 for a refresh token that cannot be exchanged.
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
