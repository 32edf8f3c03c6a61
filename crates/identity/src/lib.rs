//! Identity: accounts, passwords, sessions (access JWTs and rotating refresh
//! tokens), profiles, user administration and the signing keys every other
//! service verifies tokens with. Accounts live in Feira's own store, or in an
//! AWS Cognito user pool (`cognito` feature).
//!
//! [`router`] serves `/api/identity/...` and `/.well-known/jwks.json`.

pub mod clients;
pub mod domain;
pub mod http;
pub mod service;
pub mod settings;
pub mod store;

use axum::extract::FromRef;
use domain::keys::KeyRing;
use kit::auth::JwtVerifier;
use kit::ratelimit::{IpLimit, RateLimiter};
use secrecy::SecretString;
use service::{LocalAccounts, ServiceError, SignIn};
use settings::RateLimitSettings;
use std::sync::Arc;
use std::time::Duration;
use store::UserRepository;
use utoipa_axum::router::OpenApiRouter;

/// Limiters for login and registration, per client IP and per email.
#[derive(Debug, Clone)]
pub struct AbuseLimits {
    pub login_ip: IpLimit,
    pub register_ip: IpLimit,
    pub login_email: Arc<RateLimiter>,
    pub register_email: Arc<RateLimiter>,
}

impl AbuseLimits {
    /// Fresh limiters from the settings.
    pub fn new(settings: &RateLimitSettings) -> Self {
        let ip = || IpLimit {
            limiter: Arc::new(RateLimiter::new(settings.per_ip)),
            source: settings.client_ip,
        };
        Self {
            login_ip: ip(),
            register_ip: ip(),
            login_email: Arc::new(RateLimiter::new(settings.per_email)),
            register_email: Arc::new(RateLimiter::new(settings.per_email)),
        }
    }
}

/// What identity's handlers share.
#[derive(Clone)]
pub struct IdentityState {
    /// Register, login, refresh, logout: local or Cognito.
    pub sign_in: Arc<dyn SignIn>,
    /// Local accounts (profiles, admin, keys); `None` with Cognito.
    pub local: Option<Arc<LocalAccounts>>,
    /// Verifies the bearer tokens of `/me` and admin requests.
    pub verifier: Arc<JwtVerifier>,
    pub limits: AbuseLimits,
}

impl IdentityState {
    /// Local accounts, or `NotOffered` when the provider (Cognito) owns
    /// profiles, administration and keys itself.
    pub fn local(&self) -> Result<&Arc<LocalAccounts>, ServiceError> {
        self.local.as_ref().ok_or(ServiceError::NotOffered)
    }
}

impl FromRef<IdentityState> for Arc<JwtVerifier> {
    fn from_ref(state: &IdentityState) -> Self {
        state.verifier.clone()
    }
}

/// `/api/identity/...`, plus `/.well-known/jwks.json` with local accounts.
pub fn router(state: IdentityState) -> OpenApiRouter {
    let local = state.local.is_some();
    let mut router = OpenApiRouter::new().nest("/api/identity", http::api_routes(state.clone()));
    if local {
        router = router.merge(http::well_known_routes(state));
    }
    router
}

/// A verifier for identity's own tokens that knows its keys without fetching
/// them, kept current by [`spawn_key_reload`]. Embedded mode shares it with every
/// service in the process.
pub fn local_verifier(keys: &KeyRing, issuer: &str, audience: &str) -> JwtVerifier {
    JwtVerifier::fixed(issuer, audience, &keys.jwks())
}

/// Rereads the key folder every `every`; on a change (after `feira keys
/// rotate`), new tokens use the new key and `verifier` learns it.
pub fn spawn_key_reload(
    keys: Arc<KeyRing>,
    verifier: Arc<JwtVerifier>,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            match keys.reload() {
                Ok(true) => {
                    verifier.replace_keys(&keys.jwks()).await;
                    tracing::info!(kid = %keys.current_kid(), "signing keys reloaded");
                }
                Ok(false) => {}
                Err(error) => {
                    tracing::error!(%error, "cannot reload signing keys; keeping the current ones")
                }
            }
        }
    })
}

/// The demo accounts `feira up` creates (embedded mode only). The README shows
/// these credentials.
pub const DEMO_ADMIN: (&str, &str) = ("admin@example.com", "demo-admin-password");
/// See [`DEMO_ADMIN`].
pub const DEMO_CUSTOMER: (&str, &str) = ("customer@example.com", "demo-customer-password");

/// Creates the demo admin and customer unless they exist; returns how many were
/// created.
pub async fn seed_demo_users(accounts: &LocalAccounts) -> anyhow::Result<usize> {
    let mut created = 0;
    for ((email, password), name, admin) in [
        (DEMO_ADMIN, "Demo Admin", true),
        (DEMO_CUSTOMER, "Demo Customer", false),
    ] {
        let (_, new) = accounts
            .ensure_user(email, name, SecretString::from(password), admin)
            .await
            .map_err(|e| anyhow::anyhow!("create demo user {email}: {e}"))?;
        created += usize::from(new);
    }
    Ok(created)
}

/// Readiness check for identity's store.
pub struct StoreCheck(pub Arc<dyn UserRepository>);

#[async_trait::async_trait]
impl kit::health::ReadinessCheck for StoreCheck {
    fn name(&self) -> &str {
        "identity store"
    }

    async fn check(&self) -> anyhow::Result<()> {
        self.0.ping().await.map_err(|e| anyhow::anyhow!("{e}"))
    }
}
