//! Email, HTML and text: over SMTP with lettre, or written as `.eml` files when
//! no SMTP server is configured.

use super::{Channel, SendError, wrong_kind};
use crate::domain::{EmailMessage, Outgoing};
use crate::settings::{SmtpSecurity, SmtpSettings};
use async_trait::async_trait;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;
use std::path::PathBuf;
use std::time::Duration;

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
