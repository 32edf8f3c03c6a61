//! The in-process bus of embedded mode: events fan out to every subscriber in
//! this process.

use crate::{Event, Publisher};
use tokio::sync::broadcast;

/// Fans events out to subscribers in the same process. A subscriber that falls
/// more than `capacity` events behind misses the oldest (and is told so by
/// `broadcast`); the outbox keeps every event regardless.
#[derive(Debug, Clone)]
pub struct InProcessBus {
    sender: broadcast::Sender<Event>,
}

impl InProcessBus {
    /// A bus that buffers up to `capacity` events per subscriber.
    pub fn new(capacity: usize) -> Self {
        let (sender, _) = broadcast::channel(capacity.max(1));
        Self { sender }
    }

    /// Receives every event published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.sender.subscribe()
    }
}

impl Default for InProcessBus {
    fn default() -> Self {
        Self::new(1024)
    }
}

#[async_trait::async_trait]
impl Publisher for InProcessBus {
    async fn publish(&self, event: &Event) -> anyhow::Result<()> {
        // No subscriber is not an error: embedded mode may run without consumers.
        let _ = self.sender.send(event.clone());
        Ok(())
    }
}
