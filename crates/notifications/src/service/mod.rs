//! Notifications' use cases, the only thing its handlers and the bus call:
//! turning order events into deliveries ([`intake`]), sending them with retries
//! ([`worker`]), the in-app inbox ([`inbox`]), the operators' view of
//! deliveries and dead letters ([`dead_letters`]) and the emails written to
//! files ([`emails`]). Refusals are [`ServiceError`]s.

pub mod dead_letters;
pub mod emails;
mod error;
pub mod inbox;
pub mod intake;
pub mod worker;

pub use error::{Result, ServiceError};

use crate::clients::{Channel, InApp};
use crate::domain::{ChannelKind, Templates};
use crate::store::NotificationStore;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How the worker retries a failed delivery.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Attempts per delivery before it is dead.
    pub max_attempts: i64,
    /// First retry delay; doubles per attempt (with jitter), capped at 10 minutes.
    pub backoff: Duration,
}

/// The outside channels messages go out through.
pub struct Channels {
    /// Email: SMTP, or `.eml` files.
    pub email: Arc<dyn Channel>,
    /// `None` when no SMS provider is configured.
    pub sms: Option<Arc<dyn Channel>>,
    /// Where the file mailer writes, when email goes to files.
    pub emails_dir: Option<PathBuf>,
}

/// The notifications service's moving parts.
pub struct Notifications {
    store: Arc<dyn NotificationStore>,
    templates: Templates,
    email: Arc<dyn Channel>,
    sms: Option<Arc<dyn Channel>>,
    in_app: Arc<InApp>,
    emails_dir: Option<PathBuf>,
    retry: Retry,
    /// Woken when deliveries are recorded.
    wake: Notify,
}

impl Notifications {
    /// The service on `store`, rendering with `templates` and sending through
    /// `channels` and the in-app inbox.
    pub fn new(
        store: Arc<dyn NotificationStore>,
        templates: Templates,
        channels: Channels,
        retry: Retry,
    ) -> Self {
        Self {
            in_app: Arc::new(InApp::new(store.clone())),
            store,
            templates,
            email: channels.email,
            sms: channels.sms,
            emails_dir: channels.emails_dir,
            retry,
            wake: Notify::new(),
        }
    }

    fn channel(&self, kind: ChannelKind) -> Option<Arc<dyn Channel>> {
        match kind {
            ChannelKind::Email => Some(self.email.clone()),
            ChannelKind::Sms => self.sms.clone(),
            ChannelKind::InApp => Some(self.in_app.clone()),
        }
    }
}
