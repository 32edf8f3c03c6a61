//! A service's own credential: OAuth 2.0 client credentials (RFC 6749 §4.4)
//! exchanged for short-lived service tokens, at identity or at a Cognito user
//! pool's token endpoint, cached and renewed before they expire.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// Where a client's secret comes from.
#[derive(Debug, Clone)]
pub enum ClientSecret {
    /// Read from this file at every exchange, so a rotated secret is used
    /// without a restart.
    File(PathBuf),
    /// Given at start, as a container's environment from a secret store.
    Value(SecretString),
}

/// Which token endpoint a client talks to: they name the called service and
/// its scopes differently.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenProvider {
    /// Identity's `/oauth/token`: `audience=catalog` and
    /// `scope=catalog:reservations`.
    #[default]
    Identity,
    /// A Cognito user pool's `/oauth2/token`: no audience parameter, the
    /// resource server in each scope (`catalog/reservations`).
    Cognito,
}

/// Gets service tokens for one audience and scope set.
pub struct ClientCredentials {
    token_url: String,
    client_id: String,
    secret: ClientSecret,
    provider: TokenProvider,
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
    /// Tokens from `token_url` (identity's `/oauth/token` unless
    /// [`with_provider`](Self::with_provider) says otherwise) for `client_id`
    /// with `secret`, to call `audience` with `scope` (space-separated, in
    /// the kit's `audience:name` form whatever the provider).
    pub fn new(
        token_url: &str,
        client_id: &str,
        secret: ClientSecret,
        audience: &str,
        scope: &str,
        timeout: Duration,
    ) -> Self {
        Self {
            token_url: token_url.to_owned(),
            client_id: client_id.to_owned(),
            secret,
            provider: TokenProvider::Identity,
            audience: audience.to_owned(),
            scope: scope.to_owned(),
            http: reqwest::Client::builder()
                .timeout(timeout)
                .build()
                .unwrap_or_default(),
            cached: Mutex::new(None),
        }
    }

    /// Asks `provider`'s kind of token endpoint.
    #[must_use]
    pub fn with_provider(mut self, provider: TokenProvider) -> Self {
        self.provider = provider;
        self
    }

    /// A token valid for at least another minute: the cached one, or a new
    /// one from the token endpoint.
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

    fn secret(&self) -> anyhow::Result<SecretString> {
        match &self.secret {
            ClientSecret::File(path) => {
                let secret = std::fs::read_to_string(path).map_err(|e| {
                    anyhow::anyhow!("read the client secret {}: {e}", path.display())
                })?;
                Ok(SecretString::from(secret.trim().to_owned()))
            }
            ClientSecret::Value(secret) => Ok(secret.clone()),
        }
    }

    /// The form of the token request, in the provider's terms.
    fn form(&self) -> Vec<(&'static str, String)> {
        let mut form = vec![("grant_type", "client_credentials".to_owned())];
        match self.provider {
            TokenProvider::Identity => {
                form.push(("audience", self.audience.clone()));
                form.push(("scope", self.scope.clone()));
            }
            TokenProvider::Cognito => {
                let scopes: Vec<String> = self
                    .scope
                    .split_whitespace()
                    .map(|scope| match scope.split_once(':') {
                        Some((server, name)) => format!("{server}/{name}"),
                        None => scope.to_owned(),
                    })
                    .collect();
                form.push(("scope", scopes.join(" ")));
            }
        }
        form
    }

    async fn exchange(&self) -> anyhow::Result<(SecretString, Duration)> {
        let secret = self.secret()?;
        let response = crate::telemetry::send(
            self.http
                .post(&self.token_url)
                .basic_auth(
                    form_encoded(&self.client_id),
                    Some(form_encoded(secret.expose_secret())),
                )
                .form(&self.form()),
        )
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

/// A client id or secret form-encoded, as RFC 6749 §2.3.1 has clients do
/// before HTTP Basic, so a `:` or `%` in either survives.
fn form_encoded(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// A client id or secret as sent in HTTP Basic, form-decoded (RFC 6749
/// §2.3.1): what a token endpoint compares. A value with nothing encoded
/// comes back as it was.
pub fn form_decoded(value: &str) -> String {
    form_urlencoded::parse(format!("v={value}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::http::HeaderMap;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// One request to the fake token endpoint: its `Authorization` and form.
    type Request = (Option<String>, Vec<(String, String)>);

    /// What the fake token endpoint saw of each request.
    #[derive(Default)]
    struct Seen {
        requests: std::sync::Mutex<Vec<Request>>,
        count: AtomicUsize,
    }

    /// A token endpoint on loopback that answers every request with a token
    /// valid `expires_in` seconds and records what it was sent.
    async fn token_endpoint(expires_in: u64) -> (String, Arc<Seen>) {
        let seen = Arc::new(Seen::default());
        let recorder = seen.clone();
        let router = Router::new().route(
            "/oauth2/token",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let recorder = recorder.clone();
                async move {
                    let form = form_urlencoded::parse(body.as_bytes())
                        .map(|(k, v)| (k.into_owned(), v.into_owned()))
                        .collect();
                    let n = recorder.count.fetch_add(1, Ordering::SeqCst);
                    let authorization = headers
                        .get(axum::http::header::AUTHORIZATION)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    recorder
                        .requests
                        .lock()
                        .unwrap()
                        .push((authorization, form));
                    axum::Json(serde_json::json!({
                        "access_token": format!("token-{n}"),
                        "expires_in": expires_in,
                        "token_type": "Bearer",
                    }))
                }
            }),
        );
        let addr = crate::testing::spawn(router).await;
        (format!("http://{addr}/oauth2/token"), seen)
    }

    /// The `Authorization` value reqwest makes of `id` and `secret`.
    fn basic(id: &str, secret: &str) -> String {
        let request = reqwest::Client::new()
            .post("http://127.0.0.1/")
            .basic_auth(id, Some(secret))
            .build()
            .unwrap();
        request.headers()[reqwest::header::AUTHORIZATION]
            .to_str()
            .unwrap()
            .to_owned()
    }

    fn value(secret: &str) -> ClientSecret {
        ClientSecret::Value(SecretString::from(secret.to_owned()))
    }

    #[tokio::test]
    async fn asks_cognito_in_its_terms_with_basic_authentication() {
        let (url, seen) = token_endpoint(3600).await;
        let client = ClientCredentials::new(
            &url,
            "7abc",
            value("s3cr:t+%/x"),
            "catalog",
            "catalog:reservations catalog:products",
            Duration::from_secs(5),
        )
        .with_provider(TokenProvider::Cognito);
        let token = client.token().await.unwrap();
        assert_eq!(token.expose_secret(), "token-0");
        let requests = seen.requests.lock().unwrap();
        let (authorization, form) = &requests[0];
        // HTTP Basic of the id and secret form-encoded (RFC 6749 §2.3.1).
        assert_eq!(
            authorization.as_deref(),
            Some(basic("7abc", "s3cr%3At%2B%25%2Fx").as_str())
        );
        let mut form = form.clone();
        form.sort();
        assert_eq!(
            form,
            [
                ("grant_type".to_owned(), "client_credentials".to_owned()),
                (
                    "scope".to_owned(),
                    "catalog/reservations catalog/products".to_owned()
                ),
            ]
        );
    }

    #[tokio::test]
    async fn asks_identity_for_an_audience_and_its_scopes() {
        let (url, seen) = token_endpoint(300).await;
        let dir = crate::testing::TempDir::new("client-secret");
        let file = dir.path.join("secret");
        std::fs::write(&file, "from-the-file\n").unwrap();
        let client = ClientCredentials::new(
            &url,
            "orders",
            ClientSecret::File(file),
            "catalog",
            "catalog:reservations",
            Duration::from_secs(5),
        );
        client.token().await.unwrap();
        let requests = seen.requests.lock().unwrap();
        let (authorization, form) = &requests[0];
        assert_eq!(
            authorization.as_deref(),
            Some(basic("orders", "from-the-file").as_str()),
            "the file's secret, trimmed"
        );
        assert!(form.contains(&("audience".to_owned(), "catalog".to_owned())));
        assert!(form.contains(&("scope".to_owned(), "catalog:reservations".to_owned())));
    }

    #[tokio::test]
    async fn caches_the_token_until_forgotten() {
        let (url, seen) = token_endpoint(3600).await;
        let client = ClientCredentials::new(
            &url,
            "orders",
            value("secret"),
            "catalog",
            "catalog:reservations",
            Duration::from_secs(5),
        );
        let first = client.token().await.unwrap();
        let again = client.token().await.unwrap();
        assert_eq!(first.expose_secret(), again.expose_secret());
        assert_eq!(seen.count.load(Ordering::SeqCst), 1);
        client.forget().await;
        assert_eq!(client.token().await.unwrap().expose_secret(), "token-1");
    }

    #[test]
    fn form_decoding_undoes_the_encoding_and_keeps_plain_values() {
        for value in ["plain-secret", "s3cr:t+%/x", "a b&c=d"] {
            assert_eq!(form_decoded(&form_encoded(value)), value);
        }
        assert_eq!(form_decoded("7abcDEF123"), "7abcDEF123");
    }
}
