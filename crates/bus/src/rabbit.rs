//! The bus on RabbitMQ (AMQP 0-9-1, lapin).
//!
//! Topology, declared by whoever needs it (idempotently):
//! - `feira.events`: durable topic exchange; routing key = event type.
//! - `<consumer>`: a durable quorum queue per consuming service, bound to
//!   `feira.events` by its patterns, dead-lettering to `feira.dead-letter`.
//! - `<consumer>.retry.<n>`: durable queues whose messages wait the n-th retry
//!   delay (per-queue TTL), then dead-letter back to `<consumer>`.
//! - `<consumer>.dead`: the dead letters, bound to `feira.dead-letter`.
//!
//! Messages are persistent and published with confirms and `mandatory`, so a
//! publish counts only once the broker has routed and stored it. The attempt
//! count, the last error and the W3C `traceparent` travel in headers.

use crate::consume::{ConsumerOptions, DeadLetter, EventBus, Handler, Subscription};
use crate::{Event, Publisher};
use anyhow::{Context, anyhow, bail};
use futures::StreamExt;
use kit::Timestamp;
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicGetOptions, BasicPublishOptions, BasicQosOptions,
    ConfirmSelectOptions, ExchangeDeclareOptions, QueueBindOptions, QueueDeclareOptions,
};
use lapin::types::{AMQPValue, FieldTable, LongString, ShortString};
use lapin::{
    BasicProperties, Channel, Confirmation, Connection, ConnectionProperties, ExchangeKind,
};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tracing::Instrument;

/// The topic exchange every event is published to.
pub const EXCHANGE: &str = "feira.events";
/// Where messages a consumer's queue rejects or gives up on go.
pub const DEAD_LETTER_EXCHANGE: &str = "feira.dead-letter";
const ATTEMPTS: &str = "x-feira-attempts";
const REASON: &str = "x-feira-reason";
const DEAD_AT: &str = "x-feira-dead-at";
const TRACEPARENT: &str = "traceparent";

/// Publishes to and consumes from RabbitMQ at one AMQP URL. Reconnects by
/// itself: a failed publish drops the connection and the next one opens a new
/// one; consumers reconnect with backoff.
pub struct RabbitBus {
    url: String,
    publisher: Mutex<Option<(Connection, Channel)>>,
}

impl RabbitBus {
    /// A bus on the broker at `url` (such as `amqp://guest:guest@127.0.0.1:5672/%2f`).
    /// Nothing connects until first use.
    pub fn new(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            publisher: Mutex::new(None),
        }
    }

    /// The broker URL (may hold credentials: do not log it).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Connects, declares the event exchange, and closes: a readiness probe.
    pub async fn ping(&self) -> anyhow::Result<()> {
        let (connection, _channel) = open(&self.url).await?;
        let _ = connection.close(200, "ping".into()).await;
        Ok(())
    }

    async fn publish_once(&self, event: &Event) -> anyhow::Result<()> {
        let mut slot = self.publisher.lock().await;
        let usable = slot
            .as_ref()
            .is_some_and(|(c, ch)| c.status().connected() && ch.status().connected());
        if !usable {
            *slot = Some(open(&self.url).await?);
        }
        let (_, channel) = slot.as_ref().ok_or_else(|| anyhow!("no channel"))?;
        let result = publish(channel, EXCHANGE, &event.kind, event, 0, None).await;
        if result.is_err() {
            // Start afresh next time: the channel may be closed or in doubt.
            if let Some((connection, _)) = slot.take() {
                let _ = connection.close(200, "publish failed".into()).await;
            }
        }
        result
    }
}

/// Readiness: the broker accepts a connection (and the exchanges exist).
pub struct BrokerCheck(pub Arc<RabbitBus>);

#[async_trait::async_trait]
impl kit::health::ReadinessCheck for BrokerCheck {
    fn name(&self) -> &str {
        "rabbitmq"
    }

    async fn check(&self) -> anyhow::Result<()> {
        self.0.ping().await
    }
}

/// A connection and a channel with confirms on, the event exchange declared.
async fn open(url: &str) -> anyhow::Result<(Connection, Channel)> {
    let connection = Connection::connect(url, ConnectionProperties::default())
        .await
        .context("connect to RabbitMQ")?;
    let channel = connection.create_channel().await?;
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await?;
    let durable = ExchangeDeclareOptions {
        durable: true,
        ..ExchangeDeclareOptions::default()
    };
    channel
        .exchange_declare(
            EXCHANGE.into(),
            ExchangeKind::Topic,
            durable,
            FieldTable::default(),
        )
        .await?;
    channel
        .exchange_declare(
            DEAD_LETTER_EXCHANGE.into(),
            ExchangeKind::Direct,
            durable,
            FieldTable::default(),
        )
        .await?;
    Ok((connection, channel))
}

fn long(text: &str) -> AMQPValue {
    AMQPValue::LongString(LongString::from(text.as_bytes().to_vec()))
}

/// Publishes `event` persistently and waits for the broker's confirm; an
/// unroutable message (no queue bound) is an error, so nothing is dropped.
async fn publish(
    channel: &Channel,
    exchange: &str,
    routing_key: &str,
    event: &Event,
    attempts: u32,
    dead: Option<&str>,
) -> anyhow::Result<()> {
    let mut headers = FieldTable::default();
    headers.insert(ATTEMPTS.into(), AMQPValue::LongLongInt(i64::from(attempts)));
    if let Some(traceparent) = &event.traceparent {
        headers.insert(TRACEPARENT.into(), long(traceparent));
    }
    if let Some(reason) = dead {
        headers.insert(REASON.into(), long(reason));
        headers.insert(DEAD_AT.into(), long(&Timestamp::now().to_string()));
    }
    let properties = BasicProperties::default()
        .with_content_type("application/cloudevents+json".into())
        .with_delivery_mode(2)
        .with_message_id(event.id.as_str().into())
        .with_type(event.kind.as_str().into())
        .with_headers(headers);
    let body = serde_json::to_vec(event)?;
    let options = BasicPublishOptions {
        mandatory: true,
        ..BasicPublishOptions::default()
    };
    let confirm = channel
        .basic_publish(
            exchange.into(),
            routing_key.into(),
            options,
            &body,
            properties,
        )
        .await?
        .await?;
    match confirm {
        Confirmation::Ack(None) => Ok(()),
        Confirmation::Ack(Some(_)) => bail!(
            "no queue is bound for `{routing_key}` on `{exchange}` yet; the event stays pending"
        ),
        Confirmation::Nack(_) => bail!("the broker refused the message"),
        Confirmation::NotRequested => bail!("publisher confirms are off"),
    }
}

#[async_trait::async_trait]
impl Publisher for RabbitBus {
    async fn publish(&self, event: &Event) -> anyhow::Result<()> {
        self.publish_once(event).await
    }
}

fn header<'a>(properties: &'a BasicProperties, name: &str) -> Option<&'a AMQPValue> {
    properties
        .headers()
        .as_ref()
        .and_then(|h| h.inner().get(&ShortString::from(name)))
}

fn header_text(properties: &BasicProperties, name: &str) -> Option<String> {
    match header(properties, name)? {
        AMQPValue::LongString(s) => Some(String::from_utf8_lossy(s.as_bytes()).into_owned()),
        AMQPValue::ShortString(s) => Some(s.to_string()),
        _ => None,
    }
}

fn header_attempts(properties: &BasicProperties) -> u32 {
    let n = match header(properties, ATTEMPTS) {
        Some(AMQPValue::LongLongInt(n)) => *n,
        Some(AMQPValue::LongInt(n)) => i64::from(*n),
        Some(AMQPValue::LongUInt(n)) => i64::from(*n),
        _ => 0,
    };
    u32::try_from(n).unwrap_or(0)
}

fn retry_queue(name: &str, index: usize) -> String {
    format!("{name}.retry.{index}")
}

fn dead_queue(name: &str) -> String {
    format!("{name}.dead")
}

/// Declares the consumer's queues and bindings (idempotent).
async fn declare_consumer(channel: &Channel, options: &ConsumerOptions) -> anyhow::Result<()> {
    let durable = QueueDeclareOptions {
        durable: true,
        ..QueueDeclareOptions::default()
    };
    let name = options.name.as_str();
    let mut main = FieldTable::default();
    main.insert("x-queue-type".into(), long("quorum"));
    main.insert("x-dead-letter-exchange".into(), long(DEAD_LETTER_EXCHANGE));
    main.insert("x-dead-letter-routing-key".into(), long(name));
    channel.queue_declare(name.into(), durable, main).await?;
    for pattern in &options.patterns {
        channel
            .queue_bind(
                name.into(),
                EXCHANGE.into(),
                pattern.as_str().into(),
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await?;
    }
    let mut dead = FieldTable::default();
    dead.insert("x-queue-type".into(), long("quorum"));
    let dead_name = dead_queue(name);
    channel
        .queue_declare(dead_name.as_str().into(), durable, dead)
        .await?;
    channel
        .queue_bind(
            dead_name.as_str().into(),
            DEAD_LETTER_EXCHANGE.into(),
            name.into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await?;
    for (index, delay) in options.retry_delays.iter().enumerate() {
        let mut retry = FieldTable::default();
        let ttl = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX);
        retry.insert("x-message-ttl".into(), AMQPValue::LongLongInt(ttl));
        retry.insert("x-dead-letter-exchange".into(), long(""));
        retry.insert("x-dead-letter-routing-key".into(), long(name));
        channel
            .queue_declare(retry_queue(name, index).as_str().into(), durable, retry)
            .await?;
    }
    Ok(())
}

/// One connected consumer: handles deliveries until the connection fails.
async fn run_consumer(
    url: &str,
    options: &ConsumerOptions,
    handler: &Arc<dyn Handler>,
    ready: &mut Option<tokio::sync::oneshot::Sender<anyhow::Result<()>>>,
) -> anyhow::Result<()> {
    let setup = async {
        let (connection, channel) = open(url).await?;
        declare_consumer(&channel, options).await?;
        channel
            .basic_qos(options.prefetch.max(1), BasicQosOptions::default())
            .await?;
        let consumer = channel
            .basic_consume(
                options.name.as_str().into(),
                format!("{}-{}", options.name, uuid::Uuid::now_v7()).into(),
                BasicConsumeOptions::default(),
                FieldTable::default(),
            )
            .await?;
        anyhow::Ok((connection, channel, consumer))
    };
    let (_connection, channel, mut consumer) = match setup.await {
        Ok(parts) => {
            if let Some(ready) = ready.take() {
                let _ = ready.send(Ok(()));
            }
            parts
        }
        Err(error) => {
            if let Some(ready) = ready.take() {
                let _ = ready.send(Err(anyhow!("{error:#}")));
            }
            return Err(error);
        }
    };
    // Up to `prefetch` deliveries are handled at once; each is acked on its
    // own when done. A failed ack or republish ends the session (the broker
    // redelivers whatever was not acked).
    let mut running = tokio::task::JoinSet::new();
    let limit = usize::from(options.prefetch.max(1));
    loop {
        tokio::select! {
            Some(finished) = running.join_next(), if !running.is_empty() => {
                finished.map_err(|e| anyhow!("a handling task failed: {e}"))??;
            }
            next = consumer.next(), if running.len() < limit => {
                let Some(delivery) = next else { break };
                let delivery = delivery?;
                let (channel, options, handler) = (channel.clone(), options.clone(), handler.clone());
                running.spawn(async move { handle_delivery(&channel, &options, &handler, delivery).await });
            }
        }
    }
    bail!("the consumer stream ended")
}

/// Handles one delivery: the handler, then on failure a retry queue or the
/// dead letters, then the ack.
async fn handle_delivery(
    channel: &Channel,
    options: &ConsumerOptions,
    handler: &Arc<dyn Handler>,
    delivery: lapin::message::Delivery,
) -> anyhow::Result<()> {
    let attempt = header_attempts(&delivery.properties) + 1;
    let event = match serde_json::from_slice::<Event>(&delivery.data) {
        Ok(event) => event,
        Err(error) => {
            // Not a CloudEvent: no retry can fix it. Dead-letter the raw
            // message through the queue's own dead-letter exchange.
            tracing::error!(consumer = %options.name, %error, "unparseable message rejected");
            delivery
                .reject(lapin::options::BasicRejectOptions { requeue: false })
                .await?;
            return Ok(());
        }
    };
    let span = crate::consume::consume_span(&options.name, &event, attempt);
    if let Err(error) = handler.handle(&event).instrument(span.clone()).await {
        span.record("otel.status_code", "ERROR");
        let reason = format!("{error:#}");
        if attempt >= options.max_attempts {
            tracing::error!(consumer = %options.name, event_id = %event.id, attempt, %reason, "dead-lettered");
            crate::consume::record(&options.name, &event, crate::consume::Outcome::Dead);
            publish(
                channel,
                DEAD_LETTER_EXCHANGE,
                &options.name,
                &event,
                attempt,
                Some(&reason),
            )
            .await?;
        } else {
            tracing::warn!(consumer = %options.name, event_id = %event.id, attempt, %reason, "handling failed; will retry");
            crate::consume::record(&options.name, &event, crate::consume::Outcome::Retried);
            let index = (attempt as usize - 1).min(options.retry_delays.len().saturating_sub(1));
            publish(
                channel,
                "",
                &retry_queue(&options.name, index),
                &event,
                attempt,
                None,
            )
            .await?;
        }
    } else {
        crate::consume::record(&options.name, &event, crate::consume::Outcome::Handled);
    }
    // Acked only after the handler succeeded or the message was re-queued
    // elsewhere (confirmed): a crash before this line redelivers it.
    delivery.ack(BasicAckOptions::default()).await?;
    Ok(())
}

/// Every message of the consumer's dead-letter queue, left in place (the
/// channel closes without acking, so the broker requeues them).
async fn dead_messages(
    url: &str,
    consumer: &str,
) -> anyhow::Result<(Connection, Channel, Vec<(lapin::message::Delivery, Event)>)> {
    let (connection, channel) = open(url).await?;
    let mut found = Vec::new();
    while let Some(message) = channel
        .basic_get(
            dead_queue(consumer).as_str().into(),
            BasicGetOptions::default(),
        )
        .await?
    {
        let delivery = message.delivery;
        if let Ok(event) = serde_json::from_slice::<Event>(&delivery.data) {
            found.push((delivery, event));
        }
    }
    Ok((connection, channel, found))
}

#[async_trait::async_trait]
impl EventBus for RabbitBus {
    async fn consume(
        &self,
        options: ConsumerOptions,
        handler: Arc<dyn Handler>,
    ) -> anyhow::Result<Subscription> {
        let url = self.url.clone();
        let (tx, rx) = tokio::sync::oneshot::channel();
        let handle = tokio::spawn(async move {
            let mut ready = Some(tx);
            let mut backoff = kit::startup::Backoff::new(Duration::from_secs(10));
            loop {
                let started = tokio::time::Instant::now();
                let outcome = run_consumer(&url, &options, &handler, &mut ready).await;
                if started.elapsed() > Duration::from_secs(30) {
                    backoff.reset();
                }
                let delay = backoff.next_delay();
                if let Err(error) = outcome {
                    tracing::warn!(consumer = %options.name, error = %format!("{error:#}"), retry_in_ms = delay.as_millis() as u64, "consumer disconnected; reconnecting");
                }
                tokio::time::sleep(delay).await;
            }
        });
        let subscription = Subscription::new(handle);
        // The queues exist (or the error is known) before the caller goes on.
        rx.await.map_err(|_| anyhow!("the consumer task ended"))??;
        Ok(subscription)
    }

    async fn dead_letters(&self, consumer: &str) -> anyhow::Result<Vec<DeadLetter>> {
        let (connection, _channel, found) = dead_messages(&self.url, consumer).await?;
        let letters = found
            .into_iter()
            .map(|(delivery, event)| DeadLetter {
                reason: header_text(&delivery.properties, REASON).unwrap_or_default(),
                attempts: header_attempts(&delivery.properties),
                dead_at: header_text(&delivery.properties, DEAD_AT)
                    .and_then(|t| Timestamp::parse(&t).ok())
                    .unwrap_or_else(Timestamp::now),
                event,
            })
            .collect();
        let _ = connection.close(200, "listed".into()).await;
        Ok(letters)
    }

    async fn replay(&self, consumer: &str, event_id: &str) -> anyhow::Result<bool> {
        let (connection, channel, found) = dead_messages(&self.url, consumer).await?;
        let mut replayed = false;
        for (delivery, event) in found {
            if event.id == event_id {
                // Back to the consumer's queue with a fresh attempt count.
                publish(&channel, "", consumer, &event, 0, None).await?;
                delivery.ack(BasicAckOptions::default()).await?;
                replayed = true;
                break;
            }
        }
        let _ = connection.close(200, "replayed".into()).await;
        Ok(replayed)
    }
}
