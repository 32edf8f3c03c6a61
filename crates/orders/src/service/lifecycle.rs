//! The order lifecycle: reading orders, cancelling (with a refund and the
//! stock given back), shipping and delivering. Every move is checked against
//! the state machine in `domain/status.rs` and written with its event in one
//! transaction.

use super::{Orders, Result, ServiceError};
use crate::clients::ClientError;
use crate::domain::events::order_event;
use crate::domain::{
    Order, OrderDetail, OrderId, OrderStatus, PaymentKind, PaymentTransaction, Shipment,
    TransitionError,
};
use crate::store::{OrderQuery, StoreError, Transition};
use kit::Timestamp;
use kit::auth::AuthUser;
use kit::pagination::PageRequest;

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
        }
    }
}

/// Who may act on an order: its customer or an admin.
fn owns(user: &AuthUser, order: &Order) -> bool {
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

    /// An order with its history and payments, whoever asks.
    pub(super) async fn detail(&self, id: &OrderId) -> Result<OrderDetail> {
        self.orders.get(id).await?.ok_or(ServiceError::NotFound)
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

    /// Cancels a paid order: refunds the capture, then moves it to `cancelled`
    /// and queues the stock release, in one transaction.
    pub async fn cancel(&self, user: &AuthUser, id: &OrderId) -> Result<OrderDetail> {
        let detail = self.order(user, id).await?;
        let order = detail.order;
        order.status.transition(OrderStatus::Cancelled)?;
        let captured = detail
            .payments
            .iter()
            .find(|p| p.kind == PaymentKind::Captured)
            .ok_or_else(|| {
                ServiceError::Internal(anyhow::anyhow!("paid order {id} has no capture"))
            })?;
        let reference = captured.reference.clone().unwrap_or_default();
        let refund = self
            .payments
            .refund(&reference, captured.amount, &format!("refund-{id}"))
            .await
            .map_err(|e| ServiceError::Unavailable(ClientError::unavailable("payments", e)))?;
        let refunded = PaymentTransaction {
            id: uuid::Uuid::now_v7().to_string(),
            kind: PaymentKind::Refunded,
            reference: Some(refund),
            created_at: Timestamp::now(),
            ..captured.clone()
        };
        let by = if !user.is_admin() || user.id == order.customer_id {
            "cancelled by the customer"
        } else {
            "cancelled by an admin"
        };
        let change = Move {
            note: Some(by.to_owned()),
            payments: vec![refunded],
            release_stock: true,
            ..Move::to(OrderStatus::Cancelled)
        };
        self.move_order(order, change).await
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
