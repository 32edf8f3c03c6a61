//! The channels messages go out through, behind one [`Channel`] trait: email
//! over SMTP or to `.eml` files ([`email`]), SMS through a Twilio-compatible
//! HTTP API ([`sms`]) and the in-app inbox ([`in_app`]).
//!
//! They live in `clients/` because, for notifications, the channels are the
//! outside world: the mail server and the SMS provider are services it calls,
//! each seen through this crate's own trait and message types, as every
//! service's `clients/` holds the services it depends on. The in-app inbox
//! sits here too so the delivery worker treats the three alike: it is the
//! channel that ends in this service's own store and open streams.

pub mod email;
pub mod in_app;
pub mod sms;

pub use email::{FileMailer, SmtpMailer};
pub use in_app::InApp;
pub use sms::HttpSms;

use crate::domain::Outgoing;
use async_trait::async_trait;

/// Why a send failed: worth retrying, or not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The other side is down or busy; retry later.
    #[error("transient: {0}")]
    Transient(String),
    /// Retrying cannot help (bad address, refused by policy, not configured).
    #[error("permanent: {0}")]
    Permanent(String),
}

/// A way to reach a customer.
#[async_trait]
pub trait Channel: Send + Sync {
    /// Sends `message` (which is of this channel's kind). `key` identifies the
    /// delivery; channels that can deduplicate use it.
    async fn send(&self, key: &str, message: &Outgoing) -> Result<(), SendError>;

    /// Sends a batch, one outcome per message in order. By default each is
    /// sent on its own, concurrently; a channel that can do better overrides it.
    async fn send_all(&self, batch: &[(String, Outgoing)]) -> Vec<Result<(), SendError>> {
        futures::future::join_all(batch.iter().map(|(key, message)| self.send(key, message))).await
    }
}

fn wrong_kind(message: &Outgoing) -> SendError {
    SendError::Permanent(format!(
        "{} message sent to the wrong channel",
        message.channel().as_str()
    ))
}
