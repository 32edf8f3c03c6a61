//! The refund sweeper: finishes the cancels whose refund failed, timed out or
//! was cut short by a crash, from the queue their move to `cancelling` wrote
//! in the same transaction (ADR 0031). It retries with backoff, always with
//! the order's refund key, until the provider refunds; then the order is
//! `cancelled` as if the request had finished it.

use super::{Orders, Result};
use crate::domain::OrderStatus;
use crate::store::DueRefund;
use kit::Timestamp;
use std::sync::Arc;
use std::time::Duration;

impl Orders {
    /// Attempts every due refund once; returns how many orders it brought to
    /// `cancelled`. A failed attempt is queued again with exponential backoff
    /// (1 s doubling, up to 5 minutes).
    pub async fn complete_due_refunds(&self) -> Result<usize> {
        let now = Timestamp::now();
        let mut completed = 0;
        for due in self.orders.due_refunds(now, 100).await? {
            match self.complete_refund(&due).await {
                Ok(true) => completed += 1,
                Ok(false) => {}
                Err(error) => {
                    tracing::warn!(%error, order_id = %due.order_id, "refund sweeper");
                }
            }
        }
        Ok(completed)
    }

    /// One due refund: claimed for the lease (so another worker or replica
    /// leaves it alone), then attempted. True when the order is `cancelled`.
    async fn complete_refund(&self, due: &DueRefund) -> Result<bool> {
        let until = Timestamp::now().plus(self.refund_lease());
        if !self.orders.claim_refund(due, until).await? {
            return Ok(false);
        }
        let detail = self.detail(&due.order_id).await?;
        if detail.order.status != OrderStatus::Cancelling {
            // The queue row is marked done with the move to `cancelled`, so
            // only a hand-edited database gets here; say so and leave it.
            tracing::warn!(order_id = %due.order_id, status = %detail.order.status,
                "queued refund of an order that is not cancelling");
            return Ok(false);
        }
        let after = self.finish_cancel(detail, due.attempts).await?;
        Ok(after.order.status == OrderStatus::Cancelled)
    }

    /// Runs [`Orders::complete_due_refunds`] every `poll`, at once again
    /// after a round that completed something.
    pub fn spawn_refund_sweeper(self: &Arc<Self>, poll: Duration) -> tokio::task::JoinHandle<()> {
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                match this.complete_due_refunds().await {
                    Ok(n) if n > 0 => continue,
                    Ok(_) => {}
                    Err(error) => tracing::warn!(%error, "refund sweeper"),
                }
                tokio::time::sleep(poll).await;
            }
        })
    }
}
