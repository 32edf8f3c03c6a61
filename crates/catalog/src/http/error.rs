//! The one place that decides the HTTP answer for each [`ServiceError`].

use crate::service::ServiceError;
use axum::http::StatusCode;
use kit::{FieldError, Problem};

/// Handler result: errors answer as problem+json.
pub type Result<T, E = Problem> = std::result::Result<T, E>;

impl From<ServiceError> for Problem {
    fn from(err: ServiceError) -> Self {
        match err {
            // 404
            ServiceError::ProductNotFound => Problem::not_found("No product with that id or slug."),
            // 404
            ServiceError::ImageNotFound => Problem::not_found("No catalog image with that name."),
            // 404
            ServiceError::CategoryNotFound => Problem::not_found("No category with that slug."),
            // 409, naming the field
            ServiceError::CategoryExists => Problem::conflict(
                "duplicate",
                "Already exists",
                "Another category already has this slug.",
            )
            .with_errors(vec![FieldError::new(
                "slug",
                "is already used by another category",
            )]),
            // 409, with `products` saying how many still name it
            ServiceError::CategoryNotEmpty { products } => Problem::conflict(
                "category-not-empty",
                "Category not empty",
                format!(
                    "{products} product(s) are in this category; move them to another category first."
                ),
            )
            .with_extension("products", serde_json::json!(products)),
            // 400
            ServiceError::InvalidParameters(errors) => Problem::invalid_parameters(errors),
            // 422
            ServiceError::Validation(errors) => Problem::validation(errors),
            // 403
            ServiceError::InactiveForAdminsOnly => {
                Problem::forbidden("`include_inactive` is for admins.")
            }
            // 409, naming the field
            ServiceError::Duplicate { field } => Problem::conflict(
                "duplicate",
                "Already exists",
                format!("Another product already has this {field}."),
            )
            .with_errors(vec![FieldError::new(
                field,
                "is already used by another product",
            )]),
            // 409
            ServiceError::VersionConflict { expected } => Problem::conflict(
                "version-conflict",
                "The product changed",
                format!(
                    "The product is no longer at version {expected}; reload it and apply your change again."
                ),
            ),
            // 409, with `items` naming each short item
            ServiceError::OutOfStock(shortages) => Problem::new(
                StatusCode::CONFLICT,
                "out-of-stock",
                "Out of stock",
            )
            .with_detail(format!(
                "{} item(s) cannot be reserved in the quantity asked; nothing was reserved.",
                shortages.len()
            ))
            .with_extension("items", serde_json::to_value(shortages).unwrap_or_default()),
            // 409
            ServiceError::ReservationReleased => Problem::conflict(
                "reservation-released",
                "Reservation released",
                "This reservation id was released and cannot hold stock again.",
            ),
            // 409
            ServiceError::ReservationMismatch => Problem::conflict(
                "reservation-mismatch",
                "Reservation id reused",
                "This reservation id was used before for different items.",
            ),
            // 500: the cause goes to the log, the body says nothing of it.
            ServiceError::Internal(err) => Problem::internal(&format!("{err:#}")),
        }
    }
}
