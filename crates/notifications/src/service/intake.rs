//! Order events in: one delivery recorded per channel an event calls for.

use super::Notifications;
use crate::domain::OrderEvent;
use crate::domain::plan;
use crate::store::Delivery;
use anyhow::Context;
use bus::{Event, Handler};
use kit::Timestamp;

#[async_trait::async_trait]
impl Handler for Notifications {
    /// Records one delivery per channel the event calls for; a redelivered
    /// event records nothing new. Sending happens in the worker.
    async fn handle(&self, event: &Event) -> anyhow::Result<()> {
        if !event.kind.starts_with("order.") {
            return Ok(());
        }
        let order: OrderEvent = serde_json::from_value(event.data.clone())
            .with_context(|| format!("read the data of {} {}", event.kind, event.id))?;
        let wanted = plan::channels(&event.kind, &order, self.sms.is_some());
        if wanted.is_empty() {
            return Ok(());
        }
        let now = Timestamp::now();
        let deliveries: Vec<Delivery> = self
            .templates
            .render(&event.kind, &order)?
            .into_iter()
            .filter(|m| wanted.contains(&m.channel()))
            .map(|m| Delivery::new(&event.id, &event.kind, m, now))
            .collect();
        let added = self.store.record(&deliveries).await?;
        if added > 0 {
            self.wake.notify_one();
        }
        Ok(())
    }
}
