//! The channels messages go out through, behind one [`Channel`] trait: email
//! over SMTP (or to `.eml` files when no SMTP server is configured), SMS
//! through a Twilio-compatible HTTP API, and the in-app inbox.

use crate::domain::{EmailMessage, InAppMessage, Outgoing, SmsMessage};
use crate::store::{InboxItem, NotificationStore};
use async_trait::async_trait;
use kit::Timestamp;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

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

fn build_email(from: &Mailbox, key: &str, m: &EmailMessage) -> Result<Message, SendError> {
    let to: Mailbox = format!("{} <{}>", m.to_name.replace(['<', '>', '"'], ""), m.to)
        .parse()
        .or_else(|_| m.to.parse())
        .map_err(|e| SendError::Permanent(format!("bad recipient {}: {e}", m.to)))?;
    let domain = from.email.domain();
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(m.subject.clone())
        // One Message-ID per delivery, so a resend after a crash is recognisable.
        .message_id(Some(format!("<{}@{domain}>", key.replace(':', "."))))
        .multipart(MultiPart::alternative_plain_html(
            m.text.clone(),
            m.html.clone(),
        ))
        .map_err(|e| SendError::Permanent(format!("cannot build the email: {e}")))
}

/// Email over SMTP with lettre.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    /// A mailer for the server in `settings`.
    pub fn new(settings: &SmtpSettings) -> anyhow::Result<Self> {
        let builder = match settings.security {
            SmtpSecurity::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)
            }
            SmtpSecurity::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host)?
            }
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host)?,
        };
        let mut builder = builder
            .port(settings.port)
            .timeout(Some(Duration::from_secs(settings.timeout_secs.max(1))));
        if !settings.username.is_empty() {
            builder = builder.credentials(Credentials::new(
                settings.username.clone(),
                settings.password.expose_secret().to_owned(),
            ));
        }
        Ok(Self {
            transport: builder.build(),
            from: settings
                .from
                .parse()
                .map_err(|e| anyhow::anyhow!("notifications.smtp.from: {e}"))?,
        })
    }
}

#[async_trait]
impl Channel for SmtpMailer {
    async fn send(&self, key: &str, message: &Outgoing) -> Result<(), SendError> {
        let Outgoing::Email(m) = message else {
            return Err(wrong_kind(message));
        };
        let email = build_email(&self.from, key, m)?;
        match self.transport.send(email).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
            Err(e) => Err(SendError::Transient(e.to_string())),
        }
    }
}

/// Email written as `.eml` files to a folder: embedded mode without SMTP, so
/// `feira up` works offline and the newcomer can open the order email.
pub struct FileMailer {
    dir: PathBuf,
    from: Mailbox,
}

impl FileMailer {
    /// Writes into `dir` (created if needed) as `from`.
    pub fn new(dir: PathBuf, from: &str) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        Ok(Self {
            dir,
            from: from
                .parse()
                .map_err(|e| anyhow::anyhow!("notifications.smtp.from: {e}"))?,
        })
    }

    /// The folder the emails are in.
    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }
}

#[async_trait]
impl Channel for FileMailer {
    async fn send(&self, key: &str, message: &Outgoing) -> Result<(), SendError> {
        let Outgoing::Email(m) = message else {
            return Err(wrong_kind(message));
        };
        let email = build_email(&self.from, key, m)?;
        // Named by delivery, so a retry overwrites rather than duplicates.
        let name = format!(
            "{}.eml",
            key.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_")
        );
        let path = self.dir.join(name);
        tokio::fs::write(&path, email.formatted())
            .await
            .map_err(|e| SendError::Transient(format!("write {}: {e}", path.display())))
    }
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

/// SMS through `POST {base}/2010-04-01/Accounts/{sid}/Messages.json`, form
/// fields `To`, `From`, `Body`, HTTP basic auth with the account SID and token.
pub struct HttpSms {
    url: String,
    settings: SmsSettings,
    http: reqwest::Client,
}

impl HttpSms {
    pub fn new(settings: &SmsSettings) -> Self {
        Self {
            url: format!(
                "{}/2010-04-01/Accounts/{}/Messages.json",
                settings.base_url.trim_end_matches('/'),
                settings.account_sid
            ),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(settings.timeout_secs.max(1)))
                .build()
                .unwrap_or_default(),
            settings: settings.clone(),
        }
    }
}

#[async_trait]
impl Channel for HttpSms {
    async fn send(&self, key: &str, message: &Outgoing) -> Result<(), SendError> {
        let Outgoing::Sms(SmsMessage { to, body }) = message else {
            return Err(wrong_kind(message));
        };
        let response = self
            .http
            .post(&self.url)
            .basic_auth(
                &self.settings.account_sid,
                Some(self.settings.auth_token.expose_secret()),
            )
            // Providers that deduplicate take it; others ignore it.
            .header("Idempotency-Key", key)
            .form(&[
                ("To", to.as_str()),
                ("From", self.settings.from.as_str()),
                ("Body", body.as_str()),
            ])
            .send()
            .await
            .map_err(|e| SendError::Transient(e.to_string()))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let detail = response.text().await.unwrap_or_default();
        let error = format!(
            "SMS provider answered {status}: {}",
            detail.chars().take(300).collect::<String>()
        );
        if status.is_server_error() || status.as_u16() == 429 {
            Err(SendError::Transient(error))
        } else {
            Err(SendError::Permanent(error))
        }
    }
}

/// The in-app inbox: stores the notification and pushes it to the user's open
/// streams.
pub struct InApp {
    store: Arc<dyn NotificationStore>,
    live: broadcast::Sender<InboxItem>,
}

impl InApp {
    pub fn new(store: Arc<dyn NotificationStore>) -> Self {
        Self {
            store,
            live: broadcast::channel(1024).0,
        }
    }

    /// Every new inbox item, as it is stored.
    pub fn subscribe(&self) -> broadcast::Receiver<InboxItem> {
        self.live.subscribe()
    }
}

impl InApp {
    fn item(key: &str, message: &Outgoing) -> Result<InboxItem, SendError> {
        let Outgoing::InApp(InAppMessage {
            user_id,
            title,
            body,
            link,
        }) = message
        else {
            return Err(wrong_kind(message));
        };
        Ok(InboxItem {
            id: uuid::Uuid::now_v7().to_string(),
            user_id: user_id.clone(),
            event_id: key.split(':').next().unwrap_or(key).to_owned(),
            title: title.clone(),
            body: body.clone(),
            link: link.clone(),
            created_at: Timestamp::now(),
            read_at: None,
        })
    }
}

#[async_trait]
impl Channel for InApp {
    async fn send(&self, key: &str, message: &Outgoing) -> Result<(), SendError> {
        let batch = [(key.to_owned(), message.clone())];
        self.send_all(&batch)
            .await
            .pop()
            .unwrap_or_else(|| Err(SendError::Transient("no outcome".into())))
    }

    /// Stores the whole batch in one transaction, then pushes the new items.
    async fn send_all(&self, batch: &[(String, Outgoing)]) -> Vec<Result<(), SendError>> {
        let items: Vec<Result<InboxItem, SendError>> = batch
            .iter()
            .map(|(key, message)| Self::item(key, message))
            .collect();
        let valid: Vec<InboxItem> = items
            .iter()
            .filter_map(|i| i.as_ref().ok().cloned())
            .collect();
        let stored = self.store.add_all_to_inbox(&valid).await;
        let added = match stored {
            Ok(added) => added,
            Err(e) => {
                let error = SendError::Transient(e.to_string());
                return items
                    .into_iter()
                    .map(|i| i.and(Err(error.clone())))
                    .collect();
            }
        };
        for (item, new) in valid.iter().zip(&added) {
            if *new {
                let _ = self.live.send(item.clone());
            }
        }
        items.into_iter().map(|i| i.map(|_| ())).collect()
    }
}
