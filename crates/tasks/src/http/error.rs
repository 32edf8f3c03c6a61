//! The one place a [`ServiceError`] becomes a [`Problem`], the answer a
//! client gets.

use crate::service::ServiceError;
use kit::Problem;

impl From<ServiceError> for Problem {
    fn from(e: ServiceError) -> Self {
        match e {
            // 400 invalid-parameters, each parameter named.
            ServiceError::Parameters(errors) => Problem::invalid_parameters(errors),
            // 422 validation, each field named.
            ServiceError::Fields(errors) => Problem::validation(errors),
            // 404 not-found: absent, or another user's.
            ServiceError::NotFound(what) => Problem::not_found(format!("No such {what}.")),
            // 409 tag-exists.
            ServiceError::DuplicateTag(name) => Problem::conflict(
                "tag-exists",
                "Tag exists",
                format!("You already have a tag named {name:?} (names ignore case)."),
            ),
            // 500 internal: logged with the request id, nothing shown.
            ServiceError::Internal(e) => Problem::internal(&e),
        }
    }
}
