//! The stock releaser: gives up unpaid orders whose payment window ended
//! (`Orders::expire_unpaid`), then gives back to the catalog the stock of
//! orders that were cancelled or given up, from the queue their move wrote
//! in the same transaction, retrying with backoff until the catalog confirms.

use super::{Orders, Result};
use kit::Timestamp;
use std::sync::Arc;
use std::time::Duration;

impl Orders {
    /// Releases due stock reservations; returns how many the catalog confirmed.
    /// Failures are retried later with exponential backoff (up to 5 minutes).
    pub async fn release_due_stock(&self) -> Result<usize> {
        if let Err(error) = self.expire_unpaid().await {
            tracing::warn!(%error, "cannot give up unpaid orders");
        }
        let now = Timestamp::now();
        let mut released = 0;
        for (order_id, attempts) in self.orders.due_releases(now, 100).await? {
            match self.catalog.release(&order_id.reservation()).await {
                Ok(()) => {
                    self.orders
                        .release_done(&order_id, Timestamp::now())
                        .await?;
                    released += 1;
                }
                Err(error) => {
                    let wait = Duration::from_secs(1u64 << attempts.clamp(0, 8))
                        .min(Duration::from_secs(300));
                    tracing::warn!(%error, %order_id, attempts, "stock release failed; will retry");
                    self.orders
                        .release_failed(&order_id, &error.to_string(), now.plus(wait))
                        .await?;
                }
            }
        }
        Ok(released)
    }

    /// Runs [`Orders::release_due_stock`] whenever woken and every `poll`.
    pub fn spawn_stock_releaser(self: &Arc<Self>, poll: Duration) -> tokio::task::JoinHandle<()> {
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                match this.release_due_stock().await {
                    Ok(n) if n > 0 => continue,
                    Ok(_) => {}
                    Err(error) => tracing::warn!(%error, "stock releaser"),
                }
                let _ = tokio::time::timeout(poll, this.releases.notified()).await;
            }
        })
    }
}
