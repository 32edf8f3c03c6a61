//! The operators' view of deliveries: each with its attempt log, the dead
//! letters among them, and replaying a dead one.

use super::error::invalid;
use super::{Notifications, Result, ServiceError};
use crate::domain::ChannelKind;
use crate::store::{Attempt, Delivery, DeliveryStatus};
use kit::Timestamp;
use serde::Serialize;
use utoipa::ToSchema;

/// Deliveries with their attempt log.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryView {
    #[serde(flatten)]
    pub delivery: Delivery,
    pub attempt_log: Vec<Attempt>,
}

/// What a replay did.
#[derive(Debug, Serialize, ToSchema)]
pub struct Replayed {
    pub event_id: String,
    pub channel: ChannelKind,
    pub status: DeliveryStatus,
}

impl Notifications {
    /// Deliveries, oldest first, with their attempt logs: those in `status`
    /// (`dead` lists the dead letters; every status when `None`), only
    /// `event_id`'s when given, at most `limit` (default 100).
    pub async fn deliveries(
        &self,
        status: Option<&str>,
        event_id: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Vec<DeliveryView>> {
        let status = match status {
            None => None,
            Some(text) => Some(DeliveryStatus::parse(text).ok_or_else(|| {
                invalid("status", "must be pending, sending, retrying, sent or dead")
            })?),
        };
        let found = self
            .store
            .deliveries(status, event_id, limit.unwrap_or(100))
            .await?;
        let mut views = Vec::with_capacity(found.len());
        for delivery in found {
            let attempt_log = self
                .store
                .attempts(&delivery.event_id)
                .await?
                .into_iter()
                .filter(|a| a.channel == delivery.channel)
                .collect();
            views.push(DeliveryView {
                delivery,
                attempt_log,
            });
        }
        Ok(views)
    }

    /// Puts the dead delivery of `event_id` on `channel` back in line; the
    /// worker sends it again at once.
    pub async fn replay(&self, event_id: String, channel: &str) -> Result<Replayed> {
        let channel = ChannelKind::parse(channel)
            .ok_or_else(|| invalid("channel", "must be email, sms or in_app"))?;
        if !self
            .store
            .replay(&event_id, channel, Timestamp::now())
            .await?
        {
            return Err(ServiceError::DeadDeliveryNotFound);
        }
        self.wake.notify_one();
        Ok(Replayed {
            event_id,
            channel,
            status: DeliveryStatus::Pending,
        })
    }
}
