//! Why a use case refused or failed: one enum for every use case, turned into
//! an HTTP answer in one place (`http/error.rs`).

use crate::clients::ClientError;
use crate::domain::OrderId;
use crate::domain::checkout::Shortage;
use crate::domain::idempotency::KeyError;
use crate::domain::{TotalsError, TransitionError};
use crate::store::StoreError;
use kit::FieldError;

/// Why a use case refused or failed; each variant names the status it answers.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// 400: a parameter or header is wrong.
    #[error("invalid parameters")]
    InvalidParameters(Vec<FieldError>),
    /// 400: the `Idempotency-Key` header is missing or malformed.
    #[error("Idempotency-Key {0}")]
    IdempotencyKey(#[from] KeyError),
    /// 422: the body is wrong.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// 422: the key was used with another body.
    #[error("idempotency key reused with a different request")]
    KeyReused,
    /// 409: another request with this key is still running.
    #[error("a request with this idempotency key is in progress")]
    KeyInProgress,
    /// 409: items cannot be had in the quantity asked.
    #[error("out of stock")]
    OutOfStock(Vec<Shortage>),
    /// 409: the cart mixes currencies.
    #[error("{0}")]
    Totals(TotalsError),
    /// 409: the lifecycle forbids the move.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// 403: checkout needs a verified email (ADR 0041); nothing was created.
    #[error("the account's email is not verified")]
    EmailNotVerified,
    /// 404.
    #[error("not found")]
    NotFound,
    /// 402: the card was declined; the order stays `pending_payment` (its
    /// stock held until `pay_by`) for another card. Checkout and pay store
    /// this answer with their idempotency key, so a retry replays it.
    #[error("payment declined ({code})")]
    PaymentDeclined {
        order_id: OrderId,
        code: String,
        pay_by: Option<kit::Timestamp>,
    },
    /// 503: a service orders depends on is down.
    #[error(transparent)]
    Unavailable(ClientError),
    /// 500.
    #[error(transparent)]
    Internal(anyhow::Error),
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ServiceError::NotFound,
            other => ServiceError::Internal(anyhow::Error::new(other)),
        }
    }
}

impl From<ClientError> for ServiceError {
    fn from(e: ClientError) -> Self {
        match e {
            ClientError::Unavailable { .. } => ServiceError::Unavailable(e),
            ClientError::Refused { .. } => ServiceError::Internal(anyhow::Error::new(e)),
        }
    }
}

/// Results of use cases.
pub type Result<T, E = ServiceError> = std::result::Result<T, E>;
