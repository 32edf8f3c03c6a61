//! The in-process bus of embedded mode: events reach this process's consumers
//! directly.

use crate::consume::{ConsumerOptions, DeadLetter, EventBus, Handler, Outcome, Subscription};
use crate::{Event, Publisher};
use futures::future::BoxFuture;
use kit::Timestamp;
use std::sync::{Arc, Mutex, Weak};
use tokio::sync::broadcast;
use tracing::Instrument;

/// Delivers events to consumers in the same process.
///
/// A publish hands the event to each matching consumer and returns once each
/// has handled it or scheduled a retry, so the outbox row is marked sent only
/// after the first attempt. Retries wait in memory (a crash loses them; the
/// broker keeps them in distributed mode). [`InProcessBus::subscribe`] also
/// lets anyone watch the raw stream.
#[derive(Clone)]
pub struct InProcessBus {
    watchers: broadcast::Sender<Event>,
    consumers: Arc<Mutex<Vec<Weak<Consumer>>>>,
}

struct Consumer {
    options: ConsumerOptions,
    handler: Arc<dyn Handler>,
    dead: Mutex<Vec<DeadLetter>>,
}

impl std::fmt::Debug for InProcessBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InProcessBus").finish_non_exhaustive()
    }
}

impl InProcessBus {
    /// A bus whose watchers may fall up to `capacity` events behind.
    pub fn new(capacity: usize) -> Self {
        let (watchers, _) = broadcast::channel(capacity.max(1));
        Self {
            watchers,
            consumers: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Receives every event published from now on (a watcher that falls more
    /// than the capacity behind misses the oldest; consumers never do).
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.watchers.subscribe()
    }

    fn live(&self) -> Vec<Arc<Consumer>> {
        let mut consumers = self.consumers.lock().unwrap_or_else(|e| e.into_inner());
        consumers.retain(|c| c.strong_count() > 0);
        consumers.iter().filter_map(Weak::upgrade).collect()
    }

    fn find(&self, name: &str) -> Option<Arc<Consumer>> {
        self.live().into_iter().find(|c| c.options.name == name)
    }
}

impl Default for InProcessBus {
    fn default() -> Self {
        Self::new(1024)
    }
}

impl Consumer {
    /// Attempt `attempt` of `event`; on failure, a retry after the delay or,
    /// past the last attempt, a dead letter.
    fn deliver(self: Arc<Self>, event: Event, attempt: u32) -> BoxFuture<'static, ()> {
        Box::pin(async move { self.attempt(event, attempt).await })
    }

    async fn attempt(self: Arc<Self>, event: Event, attempt: u32) {
        let span = crate::consume::consume_span(&self.options.name, &event, attempt);
        let handled = self.handler.handle(&event).instrument(span.clone()).await;
        let Err(error) = handled else {
            crate::consume::record(&self.options.name, &event, Outcome::Handled);
            return;
        };
        span.record("otel.status_code", "ERROR");
        let reason = format!("{error:#}");
        if attempt >= self.options.max_attempts {
            tracing::error!(consumer = %self.options.name, event_id = %event.id, attempt, %reason, "dead-lettered");
            crate::consume::record(&self.options.name, &event, Outcome::Dead);
            self.dead
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(DeadLetter {
                    event,
                    reason,
                    attempts: attempt,
                    dead_at: Timestamp::now(),
                });
            return;
        }
        tracing::warn!(consumer = %self.options.name, event_id = %event.id, attempt, %reason, "handling failed; will retry");
        crate::consume::record(&self.options.name, &event, Outcome::Retried);
        let delay = self.options.delay_after(attempt);
        let weak = Arc::downgrade(&self);
        drop(self);
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            if let Some(consumer) = weak.upgrade() {
                consumer.deliver(event, attempt + 1).await;
            }
        });
    }
}

#[async_trait::async_trait]
impl Publisher for InProcessBus {
    async fn publish(&self, event: &Event) -> anyhow::Result<()> {
        // No watcher is not an error: embedded mode may run without one.
        let _ = self.watchers.send(event.clone());
        for consumer in self.live() {
            if consumer.options.wants(&event.kind) {
                consumer.deliver(event.clone(), 1).await;
            }
        }
        Ok(())
    }
}

/// Keeps its consumer registered while the subscription lives.
struct Registration(#[allow(dead_code)] Arc<Consumer>);

#[async_trait::async_trait]
impl EventBus for InProcessBus {
    async fn consume(
        &self,
        options: ConsumerOptions,
        handler: Arc<dyn Handler>,
    ) -> anyhow::Result<Subscription> {
        let consumer = Arc::new(Consumer {
            options,
            handler,
            dead: Mutex::new(Vec::new()),
        });
        self.consumers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Arc::downgrade(&consumer));
        let registration = Registration(consumer);
        // The task holds the consumer; aborting it (dropping the subscription)
        // unregisters it.
        Ok(Subscription::new(tokio::spawn(async move {
            let _keep = registration;
            std::future::pending::<()>().await;
        })))
    }

    async fn dead_letters(&self, consumer: &str) -> anyhow::Result<Vec<DeadLetter>> {
        Ok(self
            .find(consumer)
            .map(|c| c.dead.lock().unwrap_or_else(|e| e.into_inner()).clone())
            .unwrap_or_default())
    }

    async fn replay(&self, consumer: &str, event_id: &str) -> anyhow::Result<bool> {
        let Some(consumer) = self.find(consumer) else {
            return Ok(false);
        };
        let letter = {
            let mut dead = consumer.dead.lock().unwrap_or_else(|e| e.into_inner());
            match dead.iter().position(|d| d.event.id == event_id) {
                Some(i) => dead.remove(i),
                None => return Ok(false),
            }
        };
        consumer.deliver(letter.event, 1).await;
        Ok(true)
    }
}
