//! Identity's section of the settings (`identity:` in `config/base.yaml`).

use kit::ratelimit::{ClientIp, ClientIpSource, RatePolicy};
pub use kit::settings::PostgresSettings;
use secrecy::SecretString;
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
    /// `peer`, or `x_forwarded_for` behind trusted proxies.
    pub client_ip: ClientIpSource,
    /// With `x_forwarded_for`: how many proxies in front append to the
    /// header, so the client is that many entries from its right (nginx
    /// alone 1; CloudFront and a load balancer 2; ADR 33). Absent: 1, as
    /// before the setting existed.
    #[serde(default = "one_hop")]
    pub trusted_proxy_hops: usize,
    /// Per client IP, for login and for registration separately.
    pub per_ip: RatePolicy,
    /// Per email address, for login and for registration separately.
    pub per_email: RatePolicy,
    /// Two-factor code attempts per account (login, confirm, turn off).
    /// Absent: 10, refilled over 10 minutes.
    #[serde(default = "code_attempts")]
    pub two_factor: RatePolicy,
    /// A Redis (`redis://host:6379/0`, `rediss://` with TLS) where the
    /// counts are kept, so every replica shares them; empty or absent: each
    /// process counts alone (embedded mode, one replica).
    #[serde(default)]
    pub redis_url: Option<SecretString>,
    /// What the keys in that Redis start with, so deployments can share
    /// one Redis apart. Absent: `feira:identity:rate`.
    #[serde(default = "redis_prefix")]
    pub redis_prefix: String,
}

fn redis_prefix() -> String {
    "feira:identity:rate".to_owned()
}

fn one_hop() -> usize {
    1
}

fn code_attempts() -> RatePolicy {
    RatePolicy {
        requests: 10,
        per_secs: 600,
    }
}

impl RateLimitSettings {
    /// How the per-IP limits find the client's address.
    pub fn client_ip(&self) -> ClientIp {
        ClientIp {
            source: self.client_ip,
            trusted_hops: self.trusted_proxy_hops,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A configuration written before `trusted_proxy_hops` existed keeps
    /// reading the last `X-Forwarded-For` entry.
    #[test]
    fn trusted_proxy_hops_defaults_to_one() {
        let settings: RateLimitSettings = serde_json::from_value(serde_json::json!({
            "client_ip": "x_forwarded_for",
            "per_ip": {"requests": 20, "per_secs": 60},
            "per_email": {"requests": 5, "per_secs": 60},
        }))
        .unwrap();
        assert_eq!(
            settings.client_ip(),
            ClientIp {
                source: ClientIpSource::XForwardedFor,
                trusted_hops: 1
            }
        );
    }
}
