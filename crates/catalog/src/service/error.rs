//! Everything a catalog use case can refuse, in one enum; `http/error.rs`
//! decides the HTTP answer for each.

use crate::domain::Shortage;
use crate::store::StoreError;
use kit::FieldError;

/// The result of a catalog use case.
pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// What can go wrong in a catalog use case.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// No such product, or one hidden from this caller.
    #[error("product not found")]
    ProductNotFound,
    /// No stored picture with that file name.
    #[error("image not found")]
    ImageNotFound,
    /// No category with that slug.
    #[error("category not found")]
    CategoryNotFound,
    /// A category with that slug exists already.
    #[error("category exists")]
    CategoryExists,
    /// Products still name the category, so it cannot be deleted.
    #[error("category not empty")]
    CategoryNotEmpty { products: u64 },
    /// Query or path parameters out of range.
    #[error("invalid parameters")]
    InvalidParameters(Vec<FieldError>),
    /// Body fields break the product or reservation rules.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// A shopper asked to see deactivated products, which only admins may.
    #[error("inactive products are for admins")]
    InactiveForAdminsOnly,
    /// A unique field (`sku`, `slug`) is taken.
    #[error("{field} already used")]
    Duplicate { field: &'static str },
    /// The product changed since the version the caller read.
    #[error("version conflict")]
    VersionConflict { expected: i64 },
    /// Not enough stock for these items; nothing was reserved.
    #[error("out of stock")]
    OutOfStock(Vec<Shortage>),
    /// The reservation id was released already.
    #[error("reservation released")]
    ReservationReleased,
    /// The reservation id was used for other items.
    #[error("reservation id reused")]
    ReservationMismatch,
    /// The store failed; the cause is logged, never shown.
    #[error(transparent)]
    Internal(anyhow::Error),
}

impl From<StoreError> for ServiceError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Duplicate { field } => Self::Duplicate { field },
            StoreError::VersionConflict { expected } => Self::VersionConflict { expected },
            StoreError::NotFound => Self::ProductNotFound,
            StoreError::Backend(e) => Self::Internal(e),
        }
    }
}
