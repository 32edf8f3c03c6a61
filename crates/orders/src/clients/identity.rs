//! The customer's contact details for the order's snapshot: email, name,
//! phone and notification preferences, from the identity service.

use super::ClientError;
use crate::domain::{Contact, ContactPreferences};
use async_trait::async_trait;
use kit::auth::AuthUser;
use serde::Deserialize;
use std::time::Duration;

/// Where orders finds how to reach a customer.
#[async_trait]
pub trait ContactDirectory: Send + Sync {
    /// The contact details of `user`; `bearer` is the user's own access token,
    /// for services that answer only the user about themselves.
    async fn contact(&self, user: &AuthUser, bearer: &str) -> Result<Contact, ClientError>;
}

/// Identity over HTTP: `GET /api/identity/me` with the customer's token.
pub struct HttpIdentity {
    url: String,
    http: reqwest::Client,
}

impl HttpIdentity {
    /// A client for identity at `base_url`.
    pub fn new(base_url: &str, timeout: Duration) -> Self {
        Self {
            url: format!("{}/api/identity/me", base_url.trim_end_matches('/')),
            http: reqwest::Client::builder()
                .timeout(timeout)
                .build()
                .unwrap_or_default(),
        }
    }
}

#[derive(Deserialize)]
struct Me {
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    preferences: ContactPreferences,
}

#[async_trait]
impl ContactDirectory for HttpIdentity {
    async fn contact(&self, _user: &AuthUser, bearer: &str) -> Result<Contact, ClientError> {
        let unavailable = |detail: String| ClientError::Unavailable {
            service: "identity",
            detail,
        };
        let response = kit::telemetry::send(self.http.get(&self.url).bearer_auth(bearer))
            .await
            .map_err(|e| unavailable(e.to_string()))?;
        if response.status().is_server_error() {
            return Err(unavailable(format!("answered {}", response.status())));
        }
        if !response.status().is_success() {
            return Err(ClientError::Refused {
                service: "identity",
                detail: format!("GET /me answered {}", response.status()),
            });
        }
        let me: Me = response
            .json()
            .await
            .map_err(|e| unavailable(e.to_string()))?;
        Ok(Contact {
            email: me.email,
            name: me.name,
            phone: me.phone,
            preferences: me.preferences,
        })
    }
}

/// Contact details from the token alone (its `email` claim, default
/// preferences): for an identity provider without profiles, and for tests.
pub struct TokenContacts;

#[async_trait]
impl ContactDirectory for TokenContacts {
    async fn contact(&self, user: &AuthUser, _bearer: &str) -> Result<Contact, ClientError> {
        Ok(Contact {
            email: user.email.clone().unwrap_or_default(),
            name: String::new(),
            phone: None,
            preferences: ContactPreferences::default(),
        })
    }
}
