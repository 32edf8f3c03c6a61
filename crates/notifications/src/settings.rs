//! Notifications' section of the settings (`notifications:` in `config/base.yaml`).

pub use kit::settings::PostgresSettings;
use secrecy::SecretString;
use serde::Deserialize;

pub use kit::settings::SqlStoreKind;

/// `notifications` settings.
#[derive(Debug, Clone, Deserialize)]
pub struct NotificationsSettings {
    /// Which database `feira serve notifications` uses.
    pub store: SqlStoreKind,
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
    /// Live streams (`GET /me/stream`) one user may hold open at once; past
    /// it a new one is refused with 429.
    pub max_streams_per_user: usize,
    /// Milliseconds between heartbeats (SSE comments) on an idle stream, so
    /// proxies keep it open and a dead peer is noticed.
    pub stream_heartbeat_ms: u64,
}

/// How to talk to the SMTP server.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain text (a local relay or a test sink only).
    None,
    /// Upgrade with STARTTLS (port 587).
    Starttls,
    /// TLS from the start (port 465).
    Tls,
}

/// `notifications.smtp` settings.
#[derive(Debug, Clone, Deserialize)]
pub struct SmtpSettings {
    /// Empty: no SMTP; `feira up` writes `.eml` files instead.
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: String,
    pub password: SecretString,
    /// Sender, such as `Feira <shop@example.com>`.
    pub from: String,
    pub timeout_secs: u64,
}

/// `notifications.sms` settings: a Twilio-compatible API.
#[derive(Debug, Clone, Deserialize)]
pub struct SmsSettings {
    /// Such as `https://api.twilio.com`; empty: SMS is off.
    pub base_url: String,
    pub account_sid: String,
    pub auth_token: SecretString,
    /// The sending number, E.164.
    pub from: String,
    pub timeout_secs: u64,
}
