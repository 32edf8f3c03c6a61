//! A service's own credential: OAuth 2.0 client credentials (RFC 6749 §4.4)
//! exchanged at identity for short-lived service tokens, cached and renewed
//! before they expire.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// Gets service tokens for one audience and scope set. The client secret is
/// read from its file at every exchange, so a rotated secret is used without
/// a restart.
pub struct ClientCredentials {
    token_url: String,
    client_id: String,
    secret_file: PathBuf,
    audience: String,
    scope: String,
    http: reqwest::Client,
    cached: Mutex<Option<(SecretString, Instant)>>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: u64,
}

impl ClientCredentials {
    /// Tokens from `token_url` (identity's `/oauth/token`) for `client_id`,
    /// whose secret is in `secret_file`, to call `audience` with `scope`
    /// (space-separated).
    pub fn new(
        token_url: &str,
        client_id: &str,
        secret_file: PathBuf,
        audience: &str,
        scope: &str,
        timeout: Duration,
    ) -> Self {
        Self {
            token_url: token_url.to_owned(),
            client_id: client_id.to_owned(),
            secret_file,
            audience: audience.to_owned(),
            scope: scope.to_owned(),
            http: reqwest::Client::builder()
                .timeout(timeout)
                .build()
                .unwrap_or_default(),
            cached: Mutex::new(None),
        }
    }

    /// A token valid for at least another minute: the cached one, or a new
    /// one from identity.
    pub async fn token(&self) -> anyhow::Result<SecretString> {
        let mut cached = self.cached.lock().await;
        if let Some((token, renew_at)) = cached.as_ref()
            && Instant::now() < *renew_at
        {
            return Ok(token.clone());
        }
        let (token, lifetime) = self.exchange().await?;
        // Renewed a minute early (or halfway for short lifetimes), so a call
        // never carries a token that expires on the way.
        let margin = Duration::from_secs(60).min(lifetime / 2);
        *cached = Some((token.clone(), Instant::now() + lifetime - margin));
        Ok(token)
    }

    /// Forgets the cached token (after the callee refused it).
    pub async fn forget(&self) {
        *self.cached.lock().await = None;
    }

    async fn exchange(&self) -> anyhow::Result<(SecretString, Duration)> {
        let secret = std::fs::read_to_string(&self.secret_file).map_err(|e| {
            anyhow::anyhow!("read the client secret {}: {e}", self.secret_file.display())
        })?;
        let secret = SecretString::from(secret.trim().to_owned());
        let response = self
            .http
            .post(&self.token_url)
            .basic_auth(&self.client_id, Some(secret.expose_secret()))
            .form(&[
                ("grant_type", "client_credentials"),
                ("audience", self.audience.as_str()),
                ("scope", self.scope.as_str()),
            ])
            .send()
            .await?;
        anyhow::ensure!(
            response.status().is_success(),
            "the token endpoint answered {}",
            response.status()
        );
        let answer: TokenAnswer = response.json().await?;
        Ok((
            SecretString::from(answer.access_token),
            Duration::from_secs(answer.expires_in.max(1)),
        ))
    }
}
