//! Identity's section of the settings (`identity:` in `config/base.yaml`).

use kit::ratelimit::{ClientIpSource, RatePolicy};
pub use kit::settings::PostgresSettings;
use serde::Deserialize;
use std::path::PathBuf;

/// Who owns accounts and issues tokens.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Feira's own store and keys.
    Local,
    /// An AWS Cognito user pool.
    Cognito,
}

pub use kit::settings::SqlStoreKind;

/// `identity` settings.
#[derive(Debug, Clone, Deserialize)]
pub struct IdentitySettings {
    pub provider: Provider,
    /// Which database `feira serve identity` uses.
    pub store: SqlStoreKind,
    pub postgres: PostgresSettings,
    pub keys: KeySettings,
    pub access_token_minutes: u64,
    pub refresh_token_days: u64,
    /// `feira up` creates the demo admin and customer.
    pub demo_users: bool,
    /// JSON registry of the services that may get service tokens (client id,
    /// SHA-256 of its secret, audiences and scopes); empty: none may. Reread
    /// at every token request.
    pub service_clients_file: PathBuf,
    /// Lifetime of a service token, in seconds.
    pub service_token_secs: u64,
    pub rate_limits: RateLimitSettings,
    pub cognito: CognitoSettings,
}

impl IdentitySettings {
    /// The signing-key folder: `keys.dir`, or `<data_dir>/keys`.
    pub fn keys_dir(&self, data_dir: &std::path::Path) -> PathBuf {
        if self.keys.dir.as_os_str().is_empty() {
            data_dir.join("keys")
        } else {
            self.keys.dir.clone()
        }
    }
}

/// Where the signing keys are.
#[derive(Debug, Clone, Deserialize)]
pub struct KeySettings {
    /// Folder of PEM keys; empty means `<data_dir>/keys`.
    pub dir: PathBuf,
    /// Generate a first key when the folder is empty (embedded); in production
    /// the folder is a mounted secret and a missing key stops the start.
    pub generate: bool,
    /// How often the folder is reread, so `feira keys rotate` takes effect.
    pub reload_secs: u64,
    /// Seconds a new key is published before it signs, so that services caching
    /// the JWKS learn it first (at least `auth.jwks_min_refetch_secs`).
    pub activation_secs: u64,
}

/// Limits on login and registration.
#[derive(Debug, Clone, Deserialize)]
pub struct RateLimitSettings {
    /// `peer`, or `x_forwarded_for` behind a trusted gateway.
    pub client_ip: ClientIpSource,
    /// Per client IP, for login and for registration separately.
    pub per_ip: RatePolicy,
    /// Per email address, for login and for registration separately.
    pub per_email: RatePolicy,
}

/// An AWS Cognito user pool (provider `cognito`).
#[derive(Debug, Clone, Deserialize)]
pub struct CognitoSettings {
    pub region: String,
    pub user_pool_id: String,
    /// An app client without a secret, with USER_PASSWORD_AUTH enabled.
    pub client_id: String,
    /// Overrides the AWS endpoint (tests, LocalStack-like servers); empty for AWS.
    pub endpoint_url: String,
}
