//! The outbox relay: publishes pending outbox rows in order and marks each sent
//! once the publisher confirmed it.

use crate::Publisher;
use crate::outbox::OutboxStore;
use kit::Timestamp;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Moves events from an outbox to a publisher.
///
/// Delivery is at least once: a row is marked sent only after its publish was
/// confirmed, so a crash in between publishes it again after a restart. Rows go
/// out in outbox order; a failed publish stops the batch (later rows wait, so
/// order holds) and is retried with backoff.
pub struct Relay {
    store: Arc<dyn OutboxStore>,
    publisher: Arc<dyn Publisher>,
    wake: Arc<Notify>,
    poll: Duration,
    batch: u32,
}

impl Relay {
    /// A relay that checks the outbox when woken and at least every `poll`.
    pub fn new(store: Arc<dyn OutboxStore>, publisher: Arc<dyn Publisher>, poll: Duration) -> Self {
        Self {
            store,
            publisher,
            wake: Arc::new(Notify::new()),
            poll,
            batch: 100,
        }
    }

    /// Wakes the relay; call it after committing outbox rows so they go out at
    /// once rather than at the next poll.
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// Publishes up to one batch of pending rows; returns how many were sent.
    /// Stops at the first failed publish and returns its error.
    pub async fn run_once(&self) -> anyhow::Result<usize> {
        let pending = self.store.pending(self.batch).await?;
        let mut sent = 0;
        for row in pending {
            if let Err(error) = self.publisher.publish(&row.event).await {
                let message = format!("{error:#}");
                if let Err(e) = self.store.mark_failed(row.seq, &message).await {
                    tracing::warn!(error = %e, "cannot record a failed publish");
                }
                return Err(error.context(format!("publish outbox row {}", row.seq)));
            }
            self.store.mark_sent(row.seq, Timestamp::now()).await?;
            sent += 1;
        }
        Ok(sent)
    }

    /// Runs until the task is dropped or aborted: drains the outbox, then waits
    /// for a wake-up or the poll interval. Errors back off up to 30 s.
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut backoff = kit::startup::Backoff::new(Duration::from_secs(30));
            loop {
                match self.run_once().await {
                    Ok(n) if n > 0 => {
                        backoff.reset();
                        continue;
                    }
                    Ok(_) => {
                        backoff.reset();
                        let _ = tokio::time::timeout(self.poll, self.wake.notified()).await;
                    }
                    Err(error) => {
                        let delay = backoff.next_delay();
                        tracing::warn!(error = %format!("{error:#}"), retry_in_ms = delay.as_millis() as u64, "outbox relay");
                        tokio::time::sleep(delay).await;
                    }
                }
            }
        })
    }
}
