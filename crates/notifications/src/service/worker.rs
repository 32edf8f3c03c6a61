//! The delivery worker: claims due deliveries, sends them through their
//! channel, and records each outcome, retrying with backoff until a delivery
//! is sent or dead.

use super::Notifications;
use crate::clients::SendError;
use crate::domain::{ChannelKind, Outgoing};
use crate::store::{Delivery, Finished, Outcome};
use kit::Timestamp;
use std::sync::Arc;
use std::time::Duration;

impl Notifications {
    /// The wait before retrying after `attempt` failed: exponential with
    /// ±25 % jitter, so many failures do not retry in lockstep.
    fn retry_delay(&self, attempt: i64) -> Duration {
        let base = self.retry.backoff.as_secs_f64() * 2f64.powi(attempt.clamp(1, 20) as i32 - 1);
        let jittered = base * (0.75 + rand::random::<f64>() * 0.5);
        Duration::from_secs_f64(jittered.min(600.0))
    }

    /// Sends the deliveries that are due; returns how many were attempted.
    /// Each channel gets its part of the batch at once, and all outcomes are
    /// recorded in one write.
    pub async fn deliver_due(&self) -> anyhow::Result<usize> {
        let now = Timestamp::now();
        let due = self
            .store
            .claim_due(now, 200, now.plus(Duration::from_secs(60)))
            .await?;
        let count = due.len();
        let groups = ChannelKind::ALL.map(|kind| {
            let part: Vec<Delivery> = due.iter().filter(|d| d.channel == kind).cloned().collect();
            self.attempt_all(kind, part)
        });
        let outcomes: Vec<Finished> = futures::future::join_all(groups)
            .await
            .into_iter()
            .flatten()
            .collect();
        if !outcomes.is_empty() {
            self.store.finish(&outcomes).await?;
        }
        Ok(count)
    }

    async fn attempt_all(&self, kind: ChannelKind, deliveries: Vec<Delivery>) -> Vec<Finished> {
        if deliveries.is_empty() {
            return Vec::new();
        }
        let batch: Vec<(String, Outgoing)> = deliveries
            .iter()
            .map(|d| {
                (
                    format!("{}:{}", d.event_id, kind.as_str()),
                    d.message.clone(),
                )
            })
            .collect();
        // One span per delivery, in the trace of the event it came from.
        let spans: Vec<tracing::Span> = deliveries
            .iter()
            .map(|d| {
                let span = tracing::info_span!(
                    "send",
                    otel.name = %format_args!("send {}", kind.as_str()),
                    otel.kind = "client",
                    otel.status_code = tracing::field::Empty,
                    feira.component = "notifications",
                    notification.channel = kind.as_str(),
                    notification.event_type = %d.event_type,
                    messaging.message.id = %d.event_id,
                    notification.attempt = d.attempts + 1,
                );
                kit::telemetry::set_parent_from_traceparent(&span, d.traceparent.as_deref());
                span
            })
            .collect();
        let results = match self.channel(kind) {
            Some(channel) => channel.send_all(&batch).await,
            None => batch
                .iter()
                .map(|_| {
                    Err(SendError::Permanent(format!(
                        "no {} channel is configured",
                        kind.as_str()
                    )))
                })
                .collect(),
        };
        let at = Timestamp::now();
        for (span, result) in spans.iter().zip(&results) {
            if result.is_err() {
                span.record("otel.status_code", "ERROR");
            }
        }
        drop(spans);
        deliveries
            .into_iter()
            .zip(results)
            .map(|(delivery, result)| self.finished(delivery, result, at))
            .collect()
    }

    fn finished(
        &self,
        delivery: Delivery,
        result: Result<(), SendError>,
        at: Timestamp,
    ) -> Finished {
        let attempt = delivery.attempts + 1;
        let outcome = match result {
            Ok(()) => Outcome::Sent,
            Err(error) => {
                let (retry_at, message) = match error {
                    SendError::Transient(m) if attempt < self.retry.max_attempts => {
                        (Some(at.plus(self.retry_delay(attempt))), m)
                    }
                    SendError::Transient(m) | SendError::Permanent(m) => (None, m),
                };
                if retry_at.is_some() {
                    tracing::warn!(event_id = %delivery.event_id, channel = delivery.channel.as_str(), attempt, error = %message, "delivery failed; will retry");
                } else {
                    tracing::error!(event_id = %delivery.event_id, channel = delivery.channel.as_str(), attempt, error = %message, "delivery dead");
                }
                Outcome::Failed {
                    error: message,
                    retry_at,
                }
            }
        };
        // `feira_notification_sends_total`: by channel and result (`sent`,
        // `retry`, `dead`).
        let result = match &outcome {
            Outcome::Sent => "sent",
            Outcome::Failed {
                retry_at: Some(_), ..
            } => "retry",
            Outcome::Failed { retry_at: None, .. } => "dead",
        };
        metrics::counter!(
            "feira_notification_sends_total",
            "channel" => delivery.channel.as_str(),
            "result" => result,
        )
        .increment(1);
        Finished {
            delivery,
            attempt,
            at,
            outcome,
        }
    }

    /// Runs [`Notifications::deliver_due`] whenever woken and every `poll`.
    pub fn spawn_worker(self: &Arc<Self>, poll: Duration) -> tokio::task::JoinHandle<()> {
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                match this.deliver_due().await {
                    Ok(n) if n > 0 => continue,
                    Ok(_) => {}
                    Err(error) => tracing::warn!(error = %format!("{error:#}"), "delivery worker"),
                }
                let _ = tokio::time::timeout(poll, this.wake.notified()).await;
            }
        })
    }
}
