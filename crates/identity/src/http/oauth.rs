//! `POST /oauth/token` on identity's internal listener: OAuth 2.0 client
//! credentials for service-to-service calls (RFC 6749 §4.4). The client
//! authenticates with HTTP Basic (or `client_id`/`client_secret` in the form)
//! and names the called service in `audience`.

use super::error::Result;
use crate::service::{ServiceError, ServiceTokens};
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The form of a token request.
#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    /// `client_credentials`.
    pub grant_type: String,
    /// The called service, such as `catalog`.
    #[serde(default)]
    pub audience: String,
    /// Space-separated scopes, such as `catalog:reservations`.
    #[serde(default)]
    pub scope: String,
    /// When the client does not use HTTP Basic.
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub client_secret: Option<String>,
}

/// A service token.
#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// `Bearer`.
    pub token_type: &'static str,
    /// Seconds.
    pub expires_in: u64,
    pub scope: String,
}

/// The internal routes: `/oauth/token`.
pub fn routes(tokens: Arc<ServiceTokens>) -> OpenApiRouter {
    OpenApiRouter::new()
        .routes(routes!(token))
        .with_state(tokens)
}

/// Issues a service token to another service.
#[utoipa::path(
    post,
    path = "/oauth/token",
    tag = "internal",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "A service token", body = TokenResponse),
        (status = 400, description = "Unsupported grant type, or an audience or scope the client may not ask for", body = kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Unknown client or wrong secret", body = kit::Problem, content_type = "application/problem+json"),
    )
)]
async fn token(
    State(tokens): State<Arc<ServiceTokens>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response> {
    let form: TokenRequest = kit::extract::parse_query(std::str::from_utf8(&body).unwrap_or(""))
        .map_err(|_| ServiceError::UnsupportedGrant)?;
    if form.grant_type != "client_credentials" {
        return Err(ServiceError::UnsupportedGrant.into());
    }
    let (id, secret) = match basic_credentials(&headers) {
        Some(pair) => pair,
        None => (
            form.client_id.clone().unwrap_or_default(),
            form.client_secret.clone().unwrap_or_default(),
        ),
    };
    let issued = tokens.issue(&id, &secret, &form.audience, &form.scope)?;
    let body = TokenResponse {
        access_token: issued.token,
        token_type: "Bearer",
        expires_in: issued.lifetime.as_secs(),
        scope: issued.scope,
    };
    // RFC 6749 §5.1: token responses are never cached.
    Ok(([(header::CACHE_CONTROL, "no-store")], axum::Json(body)).into_response())
}

/// `Authorization: Basic base64(id:secret)`, the scheme in any case, the id
/// and secret form-decoded (RFC 6749 §2.3.1; a plain pair is unchanged).
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((kit::auth::form_decoded(id), kit::auth::form_decoded(secret)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::clients::secret_digest;
    use crate::domain::keys::KeyRing;
    use kit::auth::{ClientCredentials, ClientSecret, JwtVerifier};
    use secrecy::SecretString;
    use std::time::Duration;

    const ISSUER: &str = "https://identity.test";

    /// Identity's token endpoint on loopback, with one client `orders`
    /// whose secret is `secret`; its URL and the keys it signs with.
    async fn token_endpoint(dir: &kit::testing::TempDir, secret: &str) -> (String, Arc<KeyRing>) {
        let keys = Arc::new(KeyRing::open(&dir.path.join("keys"), true, Duration::ZERO).unwrap());
        let clients = dir.path.join("clients.json");
        let registry = serde_json::json!({"clients": [{
            "id": "orders", "secret_sha256": secret_digest(secret),
            "grants": {"catalog": ["catalog:reservations", "catalog:products"]},
        }]});
        std::fs::write(&clients, registry.to_string()).unwrap();
        let tokens = Arc::new(ServiceTokens::new(
            keys.clone(),
            ISSUER,
            clients,
            Duration::from_secs(300),
        ));
        let (router, _) = routes(tokens).split_for_parts();
        let addr = kit::testing::spawn(router).await;
        (format!("http://{addr}/oauth/token"), keys)
    }

    fn client(url: &str, secret: &str) -> ClientCredentials {
        ClientCredentials::new(
            url,
            "orders",
            ClientSecret::Value(SecretString::from(secret.to_owned())),
            "catalog",
            "catalog:reservations catalog:products",
            Duration::from_secs(5),
        )
    }

    #[tokio::test]
    async fn the_kits_client_gets_a_service_token_whatever_its_secret_holds() {
        let dir = kit::testing::TempDir::new("oauth");
        // `:`, `+` and `%` mean something in Basic and in forms.
        let secret = "s3cr:t+%/x";
        let (url, keys) = token_endpoint(&dir, secret).await;
        let token = client(&url, secret).token().await.unwrap();
        let verifier = JwtVerifier::fixed(ISSUER, "", &keys.jwks());
        let caller = verifier
            .verify_service(
                secrecy::ExposeSecret::expose_secret(&token),
                "catalog",
                "catalog:products",
            )
            .await
            .unwrap();
        assert_eq!(caller.client_id, "orders");
        assert!(client(&url, "s3cr:t+%/y").token().await.is_err());
    }

    #[tokio::test]
    async fn a_plain_basic_pair_and_form_credentials_still_work() {
        let dir = kit::testing::TempDir::new("oauth");
        let (url, _) = token_endpoint(&dir, "plain-secret").await;
        let http = reqwest::Client::new();
        let form = [
            ("grant_type", "client_credentials"),
            ("audience", "catalog"),
            ("scope", "catalog:reservations"),
        ];
        let basic = http
            .post(&url)
            .basic_auth("orders", Some("plain-secret"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(basic.status(), 200);
        let mut in_form = form.to_vec();
        in_form.extend([("client_id", "orders"), ("client_secret", "plain-secret")]);
        let posted = http.post(&url).form(&in_form).send().await.unwrap();
        assert_eq!(posted.status(), 200);
        let wrong = http
            .post(&url)
            .basic_auth("orders", Some("plain-secreT"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 401);
    }
}
