//! The outbox as admins see it: every event orders emitted, with when the
//! relay published it, and one order's detail with its event timeline.

use super::{Orders, Result, ServiceError};
use crate::domain::OrderId;
use crate::domain::admin::{AdminOrderDetail, Customer, TimelineEvent};
use bus::outbox::Entry;

impl Orders {
    /// The newest `limit` outbox rows (1 to 1000), optionally of one order,
    /// oldest first.
    pub async fn outbox_entries(
        &self,
        order_id: Option<&OrderId>,
        limit: u32,
    ) -> Result<Vec<Entry>> {
        self.outbox
            .entries(order_id.map(OrderId::as_str), limit.clamp(1, 1000))
            .await
            .map_err(ServiceError::Internal)
    }
}

impl Orders {
    /// Admin: one order with its customer and its events from the outbox
    /// (oldest first, each with whether it was published).
    pub async fn admin_order(&self, id: &OrderId) -> Result<AdminOrderDetail> {
        let detail = self.detail(id).await?;
        let mut entries = self.outbox_entries(Some(id), 1000).await?;
        entries.sort_by_key(|e| e.seq);
        let events = entries
            .into_iter()
            .map(|e| TimelineEvent {
                reason: e
                    .event
                    .data
                    .get("reason")
                    .and_then(|r| r.as_str())
                    .map(str::to_owned),
                id: e.event.id,
                kind: e.event.kind,
                time: e.event.time,
                published: e.sent_at.is_some(),
                published_at: e.sent_at,
                publish_attempts: e.attempts,
            })
            .collect();
        let contact = &detail.order.contact;
        let customer = Customer {
            id: detail.order.customer_id.clone(),
            email: contact.email.clone(),
            name: contact.name.clone(),
            phone: contact.phone.clone(),
        };
        Ok(AdminOrderDetail {
            detail,
            customer,
            events,
        })
    }
}
