//! The order lifecycle as a state machine: every allowed move is listed in one
//! place, and every other move is refused.
//!
//! ```text
//! pending_payment ──> paid ──> shipped ──> delivered
//!        │  │           │
//!        │  v           v
//!        │ payment_failed   cancelling ──> cancelled (refund recorded + stock release)
//!        └──────────────────────────────────> cancelled (nothing to refund; stock release)
//! ```
//!
//! A declined card does not move the order (ADR 0038): it stays
//! `pending_payment`, holding its stock, with the attempt in its payment log,
//! until a card pays it, its customer cancels it, or its payment window ends
//! (`payment_failed`, the stock released).
//!
//! `cancelling` is recorded before the refund is asked for (ADR 0031): from
//! then on the order cannot ship, and the refund is retried until it is done.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where an order is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Placed, its stock held, not paid yet: a declined card leaves it here
    /// for another card until its payment window ends.
    PendingPayment,
    Paid,
    /// Not paid within its payment window; its stock was released.
    PaymentFailed,
    Shipped,
    Delivered,
    /// Cancel requested and the refund under way (asked of the provider, or
    /// to be retried); it cannot ship any more.
    Cancelling,
    Cancelled,
}

/// A move the lifecycle does not allow (answered 409).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an order cannot go from {from} to {to}")]
pub struct TransitionError {
    pub from: OrderStatus,
    pub to: OrderStatus,
}

impl OrderStatus {
    /// Every status, for exhaustive tests and documentation.
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::PendingPayment,
        OrderStatus::Paid,
        OrderStatus::PaymentFailed,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Cancelling,
        OrderStatus::Cancelled,
    ];

    /// The name used in the API, the database and event types.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::PendingPayment => "pending_payment",
            OrderStatus::Paid => "paid",
            OrderStatus::PaymentFailed => "payment_failed",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelling => "cancelling",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// Whether the lifecycle allows moving from `self` to `to`.
    pub fn can_become(self, to: OrderStatus) -> bool {
        use OrderStatus::*;
        matches!(
            (self, to),
            (PendingPayment, Paid)
                | (PendingPayment, PaymentFailed)
                | (PendingPayment, Cancelled)
                | (Paid, Shipped)
                | (Paid, Cancelling)
                | (Cancelling, Cancelled)
                | (Shipped, Delivered)
        )
    }

    /// The status after moving to `to`, or why it cannot.
    pub fn transition(self, to: OrderStatus) -> Result<OrderStatus, TransitionError> {
        if self.can_become(to) {
            Ok(to)
        } else {
            Err(TransitionError { from: self, to })
        }
    }

    /// Whether the customer may still cancel: before shipment, paid (with a
    /// refund) or not paid yet (nothing to refund).
    pub fn cancellable(self) -> bool {
        matches!(self, OrderStatus::Paid | OrderStatus::PendingPayment)
    }

    /// Whether no further move exists.
    pub fn is_final(self) -> bool {
        Self::ALL.iter().all(|to| !self.can_become(*to))
    }
}

impl std::fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::OrderStatus::*;
    use super::*;

    const ALLOWED: [(OrderStatus, OrderStatus); 7] = [
        (PendingPayment, Paid),
        (PendingPayment, PaymentFailed),
        (PendingPayment, Cancelled),
        (Paid, Shipped),
        (Paid, Cancelling),
        (Cancelling, Cancelled),
        (Shipped, Delivered),
    ];

    #[test]
    fn exactly_the_listed_moves_are_allowed() {
        for from in OrderStatus::ALL {
            for to in OrderStatus::ALL {
                let allowed = ALLOWED.contains(&(from, to));
                assert_eq!(from.transition(to).is_ok(), allowed, "{from} -> {to}");
                if !allowed {
                    assert_eq!(from.transition(to), Err(TransitionError { from, to }));
                }
            }
        }
    }

    #[test]
    fn final_and_cancellable_statuses() {
        let finals: Vec<_> = OrderStatus::ALL
            .into_iter()
            .filter(|s| s.is_final())
            .collect();
        assert_eq!(finals, [PaymentFailed, Delivered, Cancelled]);
        assert!(Paid.cancellable() && PendingPayment.cancellable());
        assert!(!Shipped.cancellable() && !PaymentFailed.cancellable());
        // A cancel under way can neither ship nor start again.
        assert!(!Cancelling.cancellable() && !Cancelling.can_become(Shipped));
        assert!(!Cancelling.is_final());
    }

    #[test]
    fn names_match_the_serialised_form() {
        for s in OrderStatus::ALL {
            let json = serde_json::to_value(s).unwrap();
            assert_eq!(json, s.as_str());
        }
    }
}
