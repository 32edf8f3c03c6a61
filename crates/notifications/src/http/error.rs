//! The one place that decides the HTTP answer for each [`ServiceError`].

use crate::service::ServiceError;
use kit::Problem;

/// Handler result: errors answer as problem+json.
pub type Result<T, E = Problem> = std::result::Result<T, E>;

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
            // 500: the cause goes to the log, the body says nothing of it.
            ServiceError::Internal(err) => Problem::internal(&format!("{err:#}")),
        }
    }
}
