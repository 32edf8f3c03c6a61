//! Everything a notifications use case can refuse, in one enum;
//! `http/error.rs` decides the HTTP answer for each.

use crate::store::StoreError;
use kit::FieldError;

/// The result of a notifications use case.
pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// What can go wrong in a notifications use case.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Query or path parameters out of range.
    #[error("invalid parameters")]
    InvalidParameters(Vec<FieldError>),
    /// The user has no notification with that id.
    #[error("no such notification")]
    NotificationNotFound,
    /// No dead delivery for that event and channel, so nothing to replay.
    #[error("no such dead delivery")]
    DeadDeliveryNotFound,
    /// Emails go to an SMTP server here, so there are no email files.
    #[error("emails are not written to files")]
    NoEmailFiles,
    /// No email file with that name.
    #[error("no such email")]
    EmailNotFound,
    /// The user already holds the most live streams one user may.
    #[error("too many streams")]
    TooManyStreams {
        /// The cap.
        max: usize,
        /// When to try again: a stream whose client closed it is noticed,
        /// and its slot freed, when a heartbeat fails to write.
        retry_after: std::time::Duration,
    },
    /// The token a stream was asked with has expired (the verifier allows
    /// some clock skew, a stream none), so there is no time to stream for.
    #[error("the token has expired")]
    TokenExpired,
    /// The store or the file system failed; the cause is logged, never shown.
    #[error(transparent)]
    Internal(anyhow::Error),
}

impl From<StoreError> for ServiceError {
    fn from(err: StoreError) -> Self {
        Self::Internal(err.0)
    }
}

impl From<std::io::Error> for ServiceError {
    fn from(err: std::io::Error) -> Self {
        Self::Internal(err.into())
    }
}

/// `field` is not acceptable, for this reason.
pub(super) fn invalid(field: &str, message: &str) -> ServiceError {
    ServiceError::InvalidParameters(vec![FieldError::new(field, message)])
}
