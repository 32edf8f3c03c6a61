//! The services allowed to get service tokens (OAuth 2.0 clients), read from
//! a secret file: each client's id, the SHA-256 of its secret, and the
//! audiences and scopes it may ask for.
//!
//! ```json
//! {"clients": [{"id": "orders", "secret_sha256": "<hex>",
//!               "grants": {"catalog": ["catalog:reservations", "catalog:products"]}}]}
//! ```

use serde::Deserialize;
use std::collections::HashMap;

/// The registered clients.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ClientRegistry {
    clients: Vec<Client>,
}

/// One calling service.
#[derive(Debug, Clone, Deserialize)]
pub struct Client {
    /// Its client id, the `sub` of its tokens.
    pub id: String,
    /// Lower-case hex SHA-256 of its secret; the secret itself lives only
    /// with the client.
    secret_sha256: String,
    /// Audience (called service) → the scopes it may ask for there.
    grants: HashMap<String, Vec<String>>,
}

/// The hex SHA-256 of a client secret, as the registry stores it.
pub fn secret_digest(secret: &str) -> String {
    ring::digest::digest(&ring::digest::SHA256, secret.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl ClientRegistry {
    /// Parses the registry's JSON.
    pub fn parse(json: &str) -> anyhow::Result<Self> {
        Ok(serde_json::from_str(json)?)
    }

    /// The client with `id` whose secret is `secret`; `None` for an unknown
    /// id or a wrong secret. Digests are compared, not secrets: timing tells
    /// an attacker nothing about a secret from how much of its hash matched.
    pub fn authenticate(&self, id: &str, secret: &str) -> Option<&Client> {
        let digest = secret_digest(secret);
        self.clients
            .iter()
            .find(|client| client.id == id && client.secret_sha256.eq_ignore_ascii_case(&digest))
    }
}

impl Client {
    /// Whether the client may ask for every one of `scopes` at `audience`.
    pub fn allows(&self, audience: &str, scopes: &[&str]) -> bool {
        self.grants
            .get(audience)
            .is_some_and(|granted| scopes.iter().all(|s| granted.iter().any(|g| g == s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_authenticates_with_its_secret_and_gets_only_its_grants() {
        let json = format!(
            r#"{{"clients":[{{"id":"orders","secret_sha256":"{}","grants":{{"catalog":["catalog:reservations"]}}}}]}}"#,
            secret_digest("s3cret")
        );
        let registry = ClientRegistry::parse(&json).unwrap();
        assert!(registry.authenticate("orders", "wrong").is_none());
        assert!(registry.authenticate("other", "s3cret").is_none());
        let client = registry.authenticate("orders", "s3cret").unwrap();
        assert!(client.allows("catalog", &["catalog:reservations"]));
        assert!(!client.allows("catalog", &["catalog:products"]));
        assert!(!client.allows("identity", &["catalog:reservations"]));
    }
}
