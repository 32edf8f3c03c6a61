//! Notifications' section of the settings (`notifications:` in `config/base.yaml`).

use crate::channels::{SmsSettings, SmtpSettings};
pub use kit::settings::PostgresSettings;
use serde::Deserialize;

/// Which database `feira serve notifications` uses.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum NotificationsStoreKind {
    Postgres,
    Sqlite,
}

/// `notifications` settings.
#[derive(Debug, Clone, Deserialize)]
pub struct NotificationsSettings {
    pub store: NotificationsStoreKind,
    pub postgres: PostgresSettings,
    /// The web app's address, for links in messages.
    pub web_url: String,
    pub smtp: SmtpSettings,
    pub sms: SmsSettings,
    /// Attempts per delivery before it goes to the dead letters.
    pub max_attempts: i64,
    /// First retry delay in milliseconds; doubles per attempt, with jitter.
    pub backoff_ms: u64,
    /// Milliseconds between checks for due deliveries when nothing woke the worker.
    pub poll_ms: u64,
}
