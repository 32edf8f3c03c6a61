//! The outbox relay: publishes pending outbox rows in order and marks each sent
//! once the publisher confirmed it.

use crate::Publisher;
use crate::outbox::OutboxStore;
use kit::Timestamp;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tracing::Instrument;

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
    name: String,
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
            name: "outbox".to_owned(),
        }
    }

    /// Names the outbox in the relay's metrics (`outbox` label), such as
    /// `orders`.
    pub fn named(mut self, name: &str) -> Self {
        self.name = name.to_owned();
        self
    }

    /// Sets `feira_outbox_pending` and `feira_outbox_oldest_pending_age_seconds`
    /// from the store: what an alert on a stuck relay watches.
    pub async fn observe(&self) -> anyhow::Result<crate::outbox::Backlog> {
        let backlog = self.store.backlog().await?;
        let age = backlog.oldest.map_or(0.0, |oldest| {
            (Timestamp::now().as_offset() - oldest.as_offset())
                .as_seconds_f64()
                .max(0.0)
        });
        metrics::gauge!("feira_outbox_pending", "outbox" => self.name.clone())
            .set(backlog.pending as f64);
        metrics::gauge!("feira_outbox_oldest_pending_age_seconds", "outbox" => self.name.clone())
            .set(age);
        Ok(backlog)
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
            // The publish continues the trace of the request that wrote the
            // row (its traceparent was stored with it, so a restart loses
            // nothing); the event goes out naming the publish span as parent.
            let span = tracing::info_span!(
                "publish",
                otel.name = %format_args!("publish {}", row.event.kind),
                otel.kind = "producer",
                otel.status_code = tracing::field::Empty,
                messaging.operation.type = "send",
                messaging.destination.name = %row.event.kind,
                messaging.message.id = %row.event.id,
                feira.outbox.seq = row.seq,
            );
            kit::telemetry::set_parent_from_traceparent(&span, row.event.traceparent.as_deref());
            let published = async {
                let mut event = row.event.clone();
                if let Some(traceparent) = kit::telemetry::current_traceparent() {
                    event.traceparent = Some(traceparent);
                }
                self.publisher.publish(&event).await
            }
            .instrument(span.clone())
            .await;
            if let Err(error) = published {
                span.record("otel.status_code", "ERROR");
                metrics::counter!("feira_relay_failures_total", "outbox" => self.name.clone())
                    .increment(1);
                let message = format!("{error:#}");
                if let Err(e) = self.store.mark_failed(row.seq, &message).await {
                    tracing::warn!(error = %e, "cannot record a failed publish");
                }
                return Err(error.context(format!("publish outbox row {}", row.seq)));
            }
            self.store.mark_sent(row.seq, Timestamp::now()).await?;
            metrics::counter!("feira_relay_published_total", "outbox" => self.name.clone())
                .increment(1);
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
                let ran = self.run_once().await;
                if let Err(error) = self.observe().await {
                    tracing::debug!(error = %format!("{error:#}"), "outbox backlog");
                }
                match ran {
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
