//! Events in: one delivery recorded per channel an order or account event
//! calls for.

use super::Notifications;
use crate::domain::OrderEvent;
use crate::domain::message::AccountEvent;
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
        let read = || format!("read the data of {} {}", event.kind, event.id);
        let messages = if event.kind.starts_with("order.") {
            let order: OrderEvent =
                serde_json::from_value(event.data.clone()).with_context(read)?;
            let wanted = plan::channels(&event.kind, &order, self.sms.is_some());
            let mut messages = self.templates.render(&event.kind, &order)?;
            messages.retain(|m| wanted.contains(&m.channel()));
            messages
        } else if event.kind.starts_with("identity.") {
            let account: AccountEvent =
                serde_json::from_value(event.data.clone()).with_context(read)?;
            self.templates
                .render_account(&event.kind, &account, event.time)?
        } else {
            return Ok(());
        };
        if messages.is_empty() {
            return Ok(());
        }
        let now = Timestamp::now();
        let deliveries: Vec<Delivery> = messages
            .into_iter()
            .map(|m| Delivery::new(&event.id, &event.kind, m, now))
            .collect();
        let added = self.store.record(&deliveries).await?;
        if added > 0 {
            self.wake.notify_one();
        }
        Ok(())
    }
}
