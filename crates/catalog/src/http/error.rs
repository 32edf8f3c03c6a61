//! The catalog's error type: every failure a handler can return, and the one
//! place that decides its HTTP answer.

use crate::domain::Shortage;
use crate::store::StoreError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kit::{FieldError, Problem};

/// Handler result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in a catalog request.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 404: no such product (or hidden from this caller).
    #[error("product not found")]
    ProductNotFound,
    /// 400: query or path parameters out of range.
    #[error("invalid parameters")]
    InvalidParameters(Vec<FieldError>),
    /// 422: body fields break the product rules.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// 409: a unique field is taken.
    #[error("{field} already used")]
    Duplicate { field: &'static str },
    /// 409: the product changed since the version the client read.
    #[error("version conflict")]
    VersionConflict { expected: i64 },
    /// 409: not enough stock for these items.
    #[error("out of stock")]
    OutOfStock(Vec<Shortage>),
    /// 409: the reservation id was released already.
    #[error("reservation released")]
    ReservationReleased,
    /// 409: the reservation id was used for other items.
    #[error("reservation id reused")]
    ReservationMismatch,
    /// An answer decided elsewhere (authentication, extractors).
    #[error(transparent)]
    Problem(#[from] Problem),
    /// 500: logged, never shown.
    #[error(transparent)]
    Internal(anyhow::Error),
}

impl From<StoreError> for Error {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Duplicate { field } => Error::Duplicate { field },
            StoreError::VersionConflict { expected } => Error::VersionConflict { expected },
            StoreError::NotFound => Error::ProductNotFound,
            StoreError::Backend(e) => Error::Internal(e),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let problem = match self {
            Error::ProductNotFound => Problem::not_found("No product with that id or slug."),
            Error::InvalidParameters(errors) => Problem::invalid_parameters(errors),
            Error::Validation(errors) => Problem::validation(errors),
            Error::Duplicate { field } => Problem::conflict(
                "duplicate",
                "Already exists",
                format!("Another product already has this {field}."),
            )
            .with_errors(vec![FieldError::new(
                field,
                "is already used by another product",
            )]),
            Error::VersionConflict { expected } => Problem::conflict(
                "version-conflict",
                "The product changed",
                format!(
                    "The product is no longer at version {expected}; reload it and apply your change again."
                ),
            ),
            Error::OutOfStock(shortages) => Problem::new(
                StatusCode::CONFLICT,
                "out-of-stock",
                "Out of stock",
            )
            .with_detail(format!(
                "{} item(s) cannot be reserved in the quantity asked; nothing was reserved.",
                shortages.len()
            ))
            .with_extension("items", serde_json::to_value(shortages).unwrap_or_default()),
            Error::ReservationReleased => Problem::conflict(
                "reservation-released",
                "Reservation released",
                "This reservation id was released and cannot hold stock again.",
            ),
            Error::ReservationMismatch => Problem::conflict(
                "reservation-mismatch",
                "Reservation id reused",
                "This reservation id was used before for different items.",
            ),
            Error::Problem(problem) => problem,
            Error::Internal(err) => Problem::internal(&format!("{err:#}")),
        };
        problem.into_response()
    }
}
