//! Service tokens: OAuth 2.0 client credentials (RFC 6749 §4.4). A calling
//! service proves itself with its client id and secret and gets a short-lived
//! JWT for one audience and scope set, signed with identity's keys and
//! verified by the callee through the JWKS like any token, but with its own
//! `typ` so it never passes as a user's token.

use super::{Result, ServiceError};
use crate::domain::clients::ClientRegistry;
use crate::domain::keys::KeyRing;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Issues service tokens to the clients of the registry file.
pub struct ServiceTokens {
    keys: Arc<KeyRing>,
    issuer: String,
    clients_file: PathBuf,
    lifetime: Duration,
}

/// A token issued.
#[derive(Debug, Clone)]
pub struct Issued {
    pub token: String,
    pub lifetime: Duration,
    pub scope: String,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    scope: &'a str,
    iat: i64,
    nbf: i64,
    exp: i64,
}

impl ServiceTokens {
    /// Tokens signed with `keys`, for the clients listed in `clients_file`
    /// (reread at every request, so a rotated secret works at once).
    pub fn new(
        keys: Arc<KeyRing>,
        issuer: &str,
        clients_file: PathBuf,
        lifetime: Duration,
    ) -> Self {
        Self {
            keys,
            issuer: issuer.to_owned(),
            clients_file,
            lifetime,
        }
    }

    /// A token for `client_id` (authenticated by `secret`) to call
    /// `audience` with the space-separated `scope`.
    pub fn issue(
        &self,
        client_id: &str,
        secret: &str,
        audience: &str,
        scope: &str,
    ) -> Result<Issued> {
        let registry = if self.clients_file.as_os_str().is_empty() {
            ClientRegistry::default()
        } else {
            let text = std::fs::read_to_string(&self.clients_file).map_err(|e| {
                anyhow::anyhow!(
                    "read the service clients {}: {e}",
                    self.clients_file.display()
                )
            })?;
            ClientRegistry::parse(&text)?
        };
        let client = registry
            .authenticate(client_id, secret)
            .ok_or(ServiceError::InvalidClient)?;
        let scopes: Vec<&str> = scope.split_whitespace().collect();
        if audience.is_empty() || scopes.is_empty() || !client.allows(audience, &scopes) {
            return Err(ServiceError::InvalidScope);
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let scope = scopes.join(" ");
        let token = self.keys.sign_typed(
            &Claims {
                iss: &self.issuer,
                sub: &client.id,
                aud: audience,
                scope: &scope,
                iat: now,
                nbf: now,
                exp: now + self.lifetime.as_secs() as i64,
            },
            kit::auth::SERVICE_TOKEN_TYP,
        )?;
        Ok(Issued {
            token,
            lifetime: self.lifetime,
            scope,
        })
    }
}
