//! Consuming events: the handler a service supplies, how a consumer retries and
//! dead-letters, and the [`EventBus`] both buses implement.

use crate::{Event, Publisher};
use kit::Timestamp;
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;
use utoipa::ToSchema;

/// What a consuming service does with one event. It may be called more than
/// once for the same event (at-least-once delivery), so it must be idempotent
/// by `event.id`. An error means "not handled": the bus retries it later.
#[async_trait::async_trait]
pub trait Handler: Send + Sync {
    async fn handle(&self, event: &Event) -> anyhow::Result<()>;
}

/// The span of one delivery of `event` to `consumer`: a consumer span, child
/// of the span that published it (the `traceparent` the event carries), so a
/// trace runs from the request through the broker into the handler.
pub(crate) fn consume_span(consumer: &str, event: &Event, attempt: u32) -> tracing::Span {
    let span = tracing::info_span!(
        "consume",
        otel.name = %format_args!("consume {}", event.kind),
        otel.kind = "consumer",
        otel.status_code = tracing::field::Empty,
        feira.component = consumer,
        messaging.operation.type = "process",
        messaging.destination.name = %event.kind,
        messaging.consumer.group.name = consumer,
        messaging.message.id = %event.id,
        messaging.delivery.attempt = attempt,
    );
    kit::telemetry::set_parent_from_traceparent(&span, event.traceparent.as_deref());
    span
}

/// What became of one delivery.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Outcome {
    Handled,
    Retried,
    Dead,
}

/// Counts a delivery's outcome (`feira_consumer_events_total`) and, once
/// handled, how long after it happened (`feira_consumer_lag_seconds`): the
/// pipeline's health as an operator watches it.
pub(crate) fn record(consumer: &str, event: &Event, outcome: Outcome) {
    let label = match outcome {
        Outcome::Handled => "handled",
        Outcome::Retried => "retried",
        Outcome::Dead => "dead",
    };
    metrics::counter!(
        "feira_consumer_events_total",
        "consumer" => consumer.to_owned(),
        "outcome" => label,
    )
    .increment(1);
    if let Outcome::Handled = outcome {
        let lag = kit::Timestamp::now().as_offset() - event.time.as_offset();
        metrics::histogram!("feira_consumer_lag_seconds", "consumer" => consumer.to_owned())
            .record(lag.as_seconds_f64().max(0.0));
    }
}

/// How one consuming service subscribes.
#[derive(Debug, Clone)]
pub struct ConsumerOptions {
    /// The consumer's name, such as `notifications`; on RabbitMQ, its queue.
    pub name: String,
    /// Topic patterns of the event types it wants, such as `order.*`.
    pub patterns: Vec<String>,
    /// Attempts before an event goes to the dead letters.
    pub max_attempts: u32,
    /// Wait before retry n (the last one repeats), such as 1 s, 5 s, 30 s.
    pub retry_delays: Vec<Duration>,
    /// Events handled at once (RabbitMQ prefetch).
    pub prefetch: u16,
}

impl ConsumerOptions {
    /// Defaults for `name` consuming `patterns`: 5 attempts, retries after 1 s,
    /// 5 s, 30 s, 2 min, prefetch 32.
    pub fn new(name: &str, patterns: &[&str]) -> Self {
        Self {
            name: name.to_owned(),
            patterns: patterns.iter().map(|p| (*p).to_owned()).collect(),
            max_attempts: 5,
            retry_delays: [1, 5, 30, 120].map(Duration::from_secs).to_vec(),
            prefetch: 32,
        }
    }

    /// Whether the consumer wants events of `kind`.
    pub fn wants(&self, kind: &str) -> bool {
        self.patterns.iter().any(|p| topic_matches(p, kind))
    }

    /// The wait before the retry that follows attempt `attempt` (1-based).
    pub fn delay_after(&self, attempt: u32) -> Duration {
        let index = (attempt.max(1) - 1) as usize;
        self.retry_delays
            .get(index)
            .or(self.retry_delays.last())
            .copied()
            .unwrap_or(Duration::from_secs(1))
    }
}

/// AMQP topic matching: words separated by `.`, `*` is one word, `#` any number.
pub fn topic_matches(pattern: &str, key: &str) -> bool {
    fn go(p: &[&str], k: &[&str]) -> bool {
        match (p.first(), k.first()) {
            (None, None) => true,
            (Some(&"#"), _) => go(&p[1..], k) || (!k.is_empty() && go(p, &k[1..])),
            (Some(&"*"), Some(_)) => go(&p[1..], &k[1..]),
            (Some(w), Some(x)) if w == x => go(&p[1..], &k[1..]),
            _ => false,
        }
    }
    let p: Vec<&str> = pattern.split('.').collect();
    let k: Vec<&str> = key.split('.').collect();
    go(&p, &k)
}

/// An event a consumer gave up on, with why.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DeadLetter {
    pub event: Event,
    /// The last handling error.
    pub reason: String,
    pub attempts: u32,
    pub dead_at: Timestamp,
}

/// A running consumer; dropping it stops consuming (unhandled events stay
/// queued on a broker).
pub struct Subscription {
    handle: tokio::task::JoinHandle<()>,
}

impl Subscription {
    /// Wraps the consumer's task.
    pub fn new(handle: tokio::task::JoinHandle<()>) -> Self {
        Self { handle }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

/// Starts a consumer on `bus`: at once when the bus answers (so nothing
/// published after this returns is missed), otherwise in the background,
/// retrying with backoff up to 10 s (so a service may start before RabbitMQ).
/// The consumer lives as long as the returned task; abort it to stop.
pub async fn consume_when_ready(
    bus: Arc<dyn EventBus>,
    options: ConsumerOptions,
    handler: Arc<dyn Handler>,
) -> tokio::task::JoinHandle<()> {
    // A broker that neither answers nor refuses must not hold start-up.
    let first = tokio::time::timeout(
        Duration::from_secs(2),
        bus.consume(options.clone(), handler.clone()),
    )
    .await
    .unwrap_or_else(|_| Err(anyhow::anyhow!("the broker did not answer within 2 s")));
    tokio::spawn(async move {
        let mut backoff = kit::startup::Backoff::new(Duration::from_secs(10));
        let mut attempt = Some(first);
        loop {
            let outcome = match attempt.take() {
                Some(outcome) => outcome,
                None => bus.consume(options.clone(), handler.clone()).await,
            };
            match outcome {
                Ok(subscription) => {
                    tracing::info!(consumer = %options.name, "consuming");
                    // Held until this task is aborted; it reconnects by itself.
                    let _subscription = subscription;
                    std::future::pending::<()>().await;
                }
                Err(error) => {
                    let delay = backoff.next_delay();
                    tracing::warn!(consumer = %options.name, error = %format!("{error:#}"), retry_in_ms = delay.as_millis() as u64, "broker not reachable yet");
                    tokio::time::sleep(delay).await;
                }
            }
        }
    })
}

/// A bus one can publish to and consume from: the in-process bus of embedded
/// mode and RabbitMQ. Both pass the same contract suite.
#[async_trait::async_trait]
pub trait EventBus: Publisher {
    /// Starts consuming: every event published from now on whose type matches
    /// `options.patterns` reaches `handler` at least once, retried on error,
    /// dead-lettered after `options.max_attempts`.
    async fn consume(
        &self,
        options: ConsumerOptions,
        handler: Arc<dyn Handler>,
    ) -> anyhow::Result<Subscription>;
    /// The consumer's dead letters, oldest first.
    async fn dead_letters(&self, consumer: &str) -> anyhow::Result<Vec<DeadLetter>>;
    /// Hands one dead letter back to its consumer for another round of
    /// attempts; false when no dead letter has that event id.
    async fn replay(&self, consumer: &str, event_id: &str) -> anyhow::Result<bool>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_patterns_match_like_amqp() {
        assert!(topic_matches("order.*", "order.paid"));
        assert!(!topic_matches("order.*", "order.paid.late"));
        assert!(!topic_matches("order.*", "orders.paid"));
        assert!(topic_matches("#", "order.paid"));
        assert!(topic_matches("order.#", "order"));
        assert!(topic_matches("*.paid", "order.paid"));
        assert!(!topic_matches("order.paid", "order.placed"));
    }

    #[test]
    fn retry_delays_repeat_the_last() {
        let options = ConsumerOptions::new("n", &["order.*"]);
        assert_eq!(options.delay_after(1), Duration::from_secs(1));
        assert_eq!(options.delay_after(4), Duration::from_secs(120));
        assert_eq!(options.delay_after(9), Duration::from_secs(120));
    }
}
