//! The order lifecycle: reading orders, cancelling (with a refund and the
//! stock given back), shipping and delivering. Every move is checked against
//! the state machine in `domain/status.rs` and written with its event in one
//! transaction.
//!
//! A cancel records its intent before it asks for the refund (ADR 0031):
//! `paid → cancelling` with a queued refund in one transaction, so a ship
//! from then on is refused; then the refund, with a key derived from the
//! order; then `cancelled` with the refund, the stock release and
//! `order.cancelled` in one transaction. A refund that fails or does not
//! answer in time leaves the order `cancelling`, and the refund sweeper
//! (`refunds.rs`) finishes it.

use super::{Orders, Result, ServiceError};
use crate::domain::events::order_event;
use crate::domain::{
    Order, OrderDetail, OrderId, OrderStatus, PaymentKind, PaymentTransaction, Shipment,
    TransitionError,
};
use crate::store::{OrderQuery, RefundStep, StoreError, Transition};
use kit::Timestamp;
use kit::auth::AuthUser;
use kit::pagination::PageRequest;
use std::time::Duration;

/// A lifecycle move: where the order goes and what is written with it.
pub(super) struct Move {
    pub to: OrderStatus,
    /// Why, for the history and the event (a decline code, a carrier).
    pub note: Option<String>,
    /// Set when the order ships.
    pub shipment: Option<Shipment>,
    pub payments: Vec<PaymentTransaction>,
    /// Queue the release of the order's stock reservation.
    pub release_stock: bool,
    /// Queue the order's refund, or mark it done.
    pub refund: Option<RefundStep>,
}

impl Move {
    /// A move to `to` that writes nothing else.
    pub fn to(to: OrderStatus) -> Self {
        Self {
            to,
            note: None,
            shipment: None,
            payments: Vec::new(),
            release_stock: false,
            refund: None,
        }
    }
}

/// The capture a refund gives back.
fn capture(detail: &OrderDetail) -> Result<&PaymentTransaction> {
    detail
        .payments
        .iter()
        .find(|p| p.kind == PaymentKind::Captured)
        .ok_or_else(|| {
            ServiceError::Internal(anyhow::anyhow!(
                "order {} has no capture to refund",
                detail.order.id
            ))
        })
}

/// How long to wait before the refund attempt after `attempts` failed ones:
/// 1 s doubling, at most 5 minutes.
fn refund_backoff(attempts: i64) -> Duration {
    Duration::from_secs(1u64 << attempts.clamp(0, 8)).min(Duration::from_secs(300))
}

/// Who may act on an order: its customer or an admin.
pub(super) fn owns(user: &AuthUser, order: &Order) -> bool {
    user.id == order.customer_id || user.is_admin()
}

impl Orders {
    /// Applies a lifecycle move and emits its event, in one transaction.
    pub(super) async fn move_order(&self, order: Order, change: Move) -> Result<OrderDetail> {
        let Move {
            to,
            note,
            shipment,
            payments,
            release_stock,
            refund,
        } = change;
        let from = order.status;
        from.transition(to)?;
        let at = Timestamp::now();
        let mut moved = order;
        moved.status = to;
        moved.updated_at = at;
        if shipment.is_some() {
            moved.shipment = shipment.clone();
        }
        let event = order_event(&moved, Some(from), note.as_deref(), at);
        let transition = Transition {
            order_id: moved.id.clone(),
            from,
            to,
            at,
            note,
            shipment,
            payments,
            release_stock,
            refund,
            event,
        };
        match self.orders.transition(&transition).await {
            Ok(()) => {}
            Err(StoreError::StatusChanged { .. }) => {
                // Someone else moved it first; judge the move against where it is now.
                let now = self.detail(&moved.id).await?;
                return Err(TransitionError {
                    from: now.order.status,
                    to,
                }
                .into());
            }
            Err(e) => return Err(e.into()),
        }
        self.relay.notify_one();
        if release_stock {
            self.releases.notify_one();
        }
        self.detail(&moved.id).await
    }

    /// An order with its history and payments, whoever asks; while it is
    /// unpaid, with when it is given up.
    pub(super) async fn detail(&self, id: &OrderId) -> Result<OrderDetail> {
        let mut detail = self.orders.get(id).await?.ok_or(ServiceError::NotFound)?;
        if detail.order.status == OrderStatus::PendingPayment {
            detail.pay_by = Some(detail.order.updated_at.plus(self.payment_window));
        }
        Ok(detail)
    }

    /// Gives up the unpaid orders whose payment window has ended: each
    /// becomes `payment_failed` with its stock release queued and
    /// `order.payment_failed`, the one thing its customer hears of the
    /// declines. Returns how many.
    pub async fn expire_unpaid(&self) -> Result<usize> {
        let before = Timestamp::from(Timestamp::now().as_offset() - self.payment_window);
        let mut expired = 0;
        for id in self.orders.unpaid_since(before, 100).await? {
            let order = self.detail(&id).await?.order;
            let change = Move {
                note: Some("not paid within the payment window".to_owned()),
                release_stock: true,
                ..Move::to(OrderStatus::PaymentFailed)
            };
            match self.move_order(order, change).await {
                Ok(_) => expired += 1,
                // Paid or cancelled meanwhile.
                Err(ServiceError::Transition(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(expired)
    }

    /// One order, for its customer or an admin (others get 404, not 403, so ids
    /// cannot be probed).
    pub async fn order(&self, user: &AuthUser, id: &OrderId) -> Result<OrderDetail> {
        let detail = self.detail(id).await?;
        if !owns(user, &detail.order) {
            return Err(ServiceError::NotFound);
        }
        Ok(detail)
    }

    /// A page of orders matching `query`, newest first.
    pub async fn list(&self, query: &OrderQuery, page: PageRequest) -> Result<(Vec<Order>, u64)> {
        Ok(self.orders.list(query, page).await?)
    }

    /// Cancels a paid order. In one transaction it becomes `cancelling` with
    /// its refund queued, so no ship can follow; then the provider is asked
    /// for the refund (`OrderId::refund_key`, within the refund timeout) and,
    /// once it answers, the order is `cancelled` with the refund, the stock
    /// release and `order.cancelled`. If the provider fails or does not
    /// answer, the order is returned still `cancelling` and the refund
    /// sweeper completes it. Cancelling a `cancelling` order asks again with
    /// the same key, so a retried request never refunds twice.
    pub async fn cancel(&self, user: &AuthUser, id: &OrderId) -> Result<OrderDetail> {
        let detail = self.order(user, id).await?;
        if detail.order.status == OrderStatus::PendingPayment {
            // Not paid: nothing to refund, the held stock goes back.
            let by = if !user.is_admin() || user.id == detail.order.customer_id {
                "cancelled by the customer before payment"
            } else {
                "cancelled by an admin before payment"
            };
            let change = Move {
                note: Some(by.to_owned()),
                release_stock: true,
                ..Move::to(OrderStatus::Cancelled)
            };
            return self.move_order(detail.order, change).await;
        }
        let detail = if detail.order.status == OrderStatus::Cancelling {
            detail
        } else {
            let by = if !user.is_admin() || user.id == detail.order.customer_id {
                "cancelled by the customer"
            } else {
                "cancelled by an admin"
            };
            self.begin_cancel(detail, by).await?
        };
        if detail.order.status != OrderStatus::Cancelling {
            return Ok(detail);
        }
        self.finish_cancel(detail, 0).await
    }

    /// `paid → cancelling` with the refund queued, in one transaction. The
    /// queue row is due only after the lease, so the sweeper leaves this
    /// request its own attempt. Joins a concurrent cancel that got there first.
    async fn begin_cancel(&self, detail: OrderDetail, by: &str) -> Result<OrderDetail> {
        detail.order.status.transition(OrderStatus::Cancelling)?;
        capture(&detail)?;
        let id = detail.order.id.clone();
        let change = Move {
            note: Some(by.to_owned()),
            refund: Some(RefundStep::Queue {
                due_at: Timestamp::now().plus(self.refund_lease()),
            }),
            ..Move::to(OrderStatus::Cancelling)
        };
        match self.move_order(detail.order, change).await {
            Err(ServiceError::Transition(TransitionError {
                from: OrderStatus::Cancelling,
                ..
            })) => self.detail(&id).await,
            other => other,
        }
    }

    /// Asks the provider to refund a `cancelling` order and records the
    /// outcome: `cancelled` when it refunded, else the failed attempt (the
    /// next one due after the backoff for `attempts` earlier failures).
    /// Returns the order as it is afterwards.
    pub(super) async fn finish_cancel(
        &self,
        detail: OrderDetail,
        attempts: i64,
    ) -> Result<OrderDetail> {
        let id = detail.order.id.clone();
        let captured = capture(&detail)?.clone();
        let asked = tokio::time::timeout(
            self.refund_timeout,
            self.payments.refund(
                captured.reference.as_deref().unwrap_or_default(),
                captured.amount,
                &id.refund_key(),
            ),
        )
        .await;
        let error = match asked {
            Ok(Ok(reference)) => return self.record_refund(detail, captured, reference).await,
            Ok(Err(error)) => error.to_string(),
            Err(_) => format!(
                "the payment provider did not answer within {} ms",
                self.refund_timeout.as_millis()
            ),
        };
        let retry_at = Timestamp::now().plus(refund_backoff(attempts));
        tracing::warn!(%error, order_id = %id, attempts, "refund failed; the order stays cancelling");
        self.orders.refund_failed(&id, &error, retry_at).await?;
        // As it is now: another attempt may have finished it meanwhile.
        self.detail(&id).await
    }

    /// `cancelling → cancelled` with the `refunded` payment, the stock
    /// release, the queue row done and `order.cancelled`, in one transaction.
    /// Another attempt may have recorded the same refund first (the provider
    /// answered both with the same refund): then the order is as it left it.
    async fn record_refund(
        &self,
        detail: OrderDetail,
        captured: PaymentTransaction,
        reference: String,
    ) -> Result<OrderDetail> {
        let id = detail.order.id.clone();
        // Who cancelled, as the move to `cancelling` noted; the event's reason.
        let by = detail
            .history
            .iter()
            .rev()
            .find(|change| change.status == OrderStatus::Cancelling)
            .and_then(|change| change.note.clone());
        let refunded = PaymentTransaction {
            id: uuid::Uuid::now_v7().to_string(),
            kind: PaymentKind::Refunded,
            reference: Some(reference),
            created_at: Timestamp::now(),
            ..captured
        };
        let change = Move {
            note: by,
            payments: vec![refunded],
            release_stock: true,
            refund: Some(RefundStep::Done),
            ..Move::to(OrderStatus::Cancelled)
        };
        match self.move_order(detail.order, change).await {
            Err(ServiceError::Transition(TransitionError {
                from: OrderStatus::Cancelled,
                ..
            })) => self.detail(&id).await,
            other => other,
        }
    }

    /// How long a refund attempt holds its queue row: past it, the attempt
    /// is taken to have died and the sweeper may try again.
    pub(super) fn refund_lease(&self) -> Duration {
        self.refund_timeout * 2
    }

    /// Admin: marks a paid order shipped, with a carrier and tracking number
    /// (trimmed and bounded here).
    pub async fn ship(&self, id: &OrderId, shipment: Shipment) -> Result<OrderDetail> {
        let shipment = shipment.validate().map_err(ServiceError::Validation)?;
        let order = self.detail(id).await?.order;
        let change = Move {
            note: Some(format!("{} {}", shipment.carrier, shipment.tracking_number)),
            shipment: Some(shipment),
            ..Move::to(OrderStatus::Shipped)
        };
        self.move_order(order, change).await
    }

    /// Admin: marks a shipped order delivered.
    pub async fn deliver(&self, id: &OrderId) -> Result<OrderDetail> {
        let order = self.detail(id).await?.order;
        self.move_order(order, Move::to(OrderStatus::Delivered))
            .await
    }
}
