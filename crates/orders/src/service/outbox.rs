//! The outbox as admins see it: every event orders emitted, with when the
//! relay published it.

use super::{Orders, Result, ServiceError};
use crate::domain::OrderId;
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
