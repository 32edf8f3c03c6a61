//! Notifications' use cases, the only thing its handlers and the bus call:
//! turning order events into deliveries ([`intake`]), sending them with retries
//! ([`worker`]), the in-app inbox ([`inbox`]), the operators' view of
//! deliveries and dead letters ([`dead_letters`]) and the emails written to
//! files ([`emails`]). Refusals are [`ServiceError`]s. Live streams are
//! counted per user (`streams`).

pub mod dead_letters;
pub mod emails;
mod error;
pub mod inbox;
pub mod intake;
mod streams;
pub mod worker;

pub use error::{Result, ServiceError};

use crate::clients::{Channel, InApp};
use crate::domain::{ChannelKind, Templates};
use crate::store::NotificationStore;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use streams::StreamSlots;
use tokio::sync::Notify;

/// How the worker retries a failed delivery.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Attempts per delivery before it is dead.
    pub max_attempts: i64,
    /// First retry delay; doubles per attempt (with jitter), capped at 10 minutes.
    pub backoff: Duration,
}

/// How many live streams a user may hold, and how often they beat.
#[derive(Debug, Clone, Copy)]
pub struct StreamLimits {
    /// Streams one user may hold open at once (0 is taken as 1).
    pub max_per_user: usize,
    /// Between heartbeats on an idle stream; also how long a refused client
    /// is told to wait, since a stream whose client left is noticed (and its
    /// slot freed) when a heartbeat fails to write.
    pub heartbeat: Duration,
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
    /// Each user's open live streams.
    streams: StreamSlots,
    heartbeat: Duration,
}

impl Notifications {
    /// The service on `store`, rendering with `templates` and sending through
    /// `channels` and the in-app inbox, its live streams within `streams`.
    pub fn new(
        store: Arc<dyn NotificationStore>,
        templates: Templates,
        channels: Channels,
        retry: Retry,
        streams: StreamLimits,
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
            streams: StreamSlots::new(streams.max_per_user),
            heartbeat: streams.heartbeat,
        }
    }

    /// Between heartbeats on an idle live stream.
    pub fn heartbeat(&self) -> Duration {
        self.heartbeat
    }

    fn channel(&self, kind: ChannelKind) -> Option<Arc<dyn Channel>> {
        match kind {
            ChannelKind::Email => Some(self.email.clone()),
            ChannelKind::Sms => self.sms.clone(),
            ChannelKind::InApp => Some(self.in_app.clone()),
        }
    }
}
