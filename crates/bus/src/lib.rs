//! Feira's event bus: the CloudEvents envelope every service emits, the
//! transactional outbox that makes emitting an event part of a database
//! transaction, the relay that publishes what the outbox holds, and the
//! publishers it publishes to.
//!
//! A service writes [`Event`]s with [`outbox::insert`] inside the transaction that
//! changes its data; a [`relay::Relay`] later reads pending rows in order, hands
//! each to a [`Publisher`] and marks it sent only once the publisher confirmed.
//! A crash between commit and publish therefore loses nothing; it can publish an
//! event twice, so consumers are idempotent by event id.

pub mod consume;
pub mod event;
pub mod memory;
pub mod outbox;
pub mod rabbit;
pub mod relay;

pub use consume::{ConsumerOptions, DeadLetter, EventBus, Handler, Subscription};
pub use event::Event;
pub use memory::InProcessBus;
pub use rabbit::RabbitBus;

/// Where the relay sends events: the in-process bus in embedded mode, the
/// message broker in distributed mode.
#[async_trait::async_trait]
pub trait Publisher: Send + Sync {
    /// Publishes `event`; `Ok` means the destination has taken responsibility for
    /// it (for a broker: the publish was confirmed).
    async fn publish(&self, event: &Event) -> anyhow::Result<()>;
}
