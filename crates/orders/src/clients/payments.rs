//! Charging cards: the `PaymentProvider` port and the built-in test provider.
//!
//! A payment provider is a service outside orders, reached over the network
//! like the catalog and identity, so its port lives with the other clients:
//! a trait orders owns, with the offline test provider beside it (a real
//! processor's adapter would join them with wire types of its own).

use crate::domain::payment::{CardOutcome, test_card_outcome};
use async_trait::async_trait;

/// A charge to make.
#[derive(Debug, Clone)]
pub struct ChargeRequest<'a> {
    /// Repeating a charge with the same key returns the first outcome and never
    /// charges twice (orders use the order id).
    pub idempotency_key: &'a str,
    /// Minor units.
    pub amount: i64,
    pub currency: &'a str,
    pub card_number: &'a str,
}

/// What a charge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChargeOutcome {
    /// Authorised and captured; `reference` identifies the charge for refunds.
    Captured { reference: String },
    /// Refused; nothing was charged. `code` is stable (`card_declined`,
    /// `insufficient_funds`, `card_not_supported`).
    Declined { code: String, message: String },
}

/// The provider could not be reached or failed; the charge's fate is unknown
/// until it is retried with the same key.
#[derive(Debug, thiserror::Error)]
#[error("payment provider error: {0}")]
pub struct PaymentError(pub String);

/// A card processor.
#[async_trait]
pub trait PaymentProvider: Send + Sync {
    /// Short name stored with every transaction, such as `test`.
    fn name(&self) -> &str;
    /// Authorises and captures; idempotent by `request.idempotency_key`.
    async fn charge(&self, request: &ChargeRequest<'_>) -> Result<ChargeOutcome, PaymentError>;
    /// Refunds `amount` of the charge `reference`; idempotent by
    /// `idempotency_key`. Returns the refund's reference.
    async fn refund(
        &self,
        reference: &str,
        amount: i64,
        idempotency_key: &str,
    ) -> Result<String, PaymentError>;
}

/// Behaves like the well-known test cards (see `domain::payment`): deterministic,
/// offline, and idempotent because every answer is a function of its inputs.
#[derive(Debug, Default, Clone)]
pub struct TestPaymentProvider;

#[async_trait]
impl PaymentProvider for TestPaymentProvider {
    fn name(&self) -> &str {
        "test"
    }

    async fn charge(&self, request: &ChargeRequest<'_>) -> Result<ChargeOutcome, PaymentError> {
        let declined = |code: &str, message: &str| ChargeOutcome::Declined {
            code: code.to_owned(),
            message: message.to_owned(),
        };
        Ok(match test_card_outcome(request.card_number) {
            CardOutcome::Approved => ChargeOutcome::Captured {
                reference: format!("test_ch_{}", request.idempotency_key),
            },
            CardOutcome::Declined => declined("card_declined", "The card was declined."),
            CardOutcome::InsufficientFunds => {
                declined("insufficient_funds", "The card has insufficient funds.")
            }
            CardOutcome::UnknownCard => declined(
                "card_not_supported",
                "The test provider accepts only the documented test cards.",
            ),
        })
    }

    async fn refund(
        &self,
        reference: &str,
        _amount: i64,
        idempotency_key: &str,
    ) -> Result<String, PaymentError> {
        if !reference.starts_with("test_ch_") {
            return Err(PaymentError(format!("unknown charge {reference}")));
        }
        Ok(format!("test_re_{idempotency_key}"))
    }
}
