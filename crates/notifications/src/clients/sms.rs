//! SMS through a Twilio-compatible HTTP API.

use super::{Channel, SendError, wrong_kind};
use crate::domain::{Outgoing, SmsMessage};
use crate::settings::SmsSettings;
use async_trait::async_trait;
use secrecy::ExposeSecret;
use std::time::Duration;

/// SMS through `POST {base}/2010-04-01/Accounts/{sid}/Messages.json`, form
/// fields `To`, `From`, `Body`, HTTP basic auth with the account SID and token.
pub struct HttpSms {
    url: String,
    settings: SmsSettings,
    http: reqwest::Client,
}

impl HttpSms {
    /// A client for the provider in `settings`.
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
        let response = kit::telemetry::send(
            self.http
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
                ]),
        )
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
