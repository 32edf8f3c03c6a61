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
use kit::ratelimit::redis::RedisRates;
use kit::ratelimit::{IpLimit, Limiter, RateLimiter, RatePolicy};
use secrecy::ExposeSecret;
use secrecy::SecretString;
use service::{LocalAccounts, ServiceError, SignIn};
use settings::RateLimitSettings;
use std::sync::Arc;
use std::time::Duration;
use store::UserRepository;
use utoipa_axum::router::OpenApiRouter;

/// Limiters for login, registration and emailed links, per client IP and
/// per email; counted in this process, or in Redis so that every replica
/// shares one count (`rate_limits.redis_url`, ADR 44).
#[derive(Debug, Clone)]
pub struct AbuseLimits {
    pub login_ip: IpLimit,
    pub register_ip: IpLimit,
    pub login_email: Arc<dyn Limiter>,
    pub register_email: Arc<dyn Limiter>,
    /// Verification and reset links sent, per address.
    pub link_email: Arc<dyn Limiter>,
    /// Two-factor code attempts, per account.
    pub two_factor: Arc<dyn Limiter>,
}

impl AbuseLimits {
    /// Limiters that count in this process (embedded mode, one replica).
    pub fn new(settings: &RateLimitSettings) -> Self {
        Self::with(settings, |_, policy| Arc::new(RateLimiter::new(policy)))
    }

    /// Limiters counting in the Redis behind `rates`, shared by every
    /// replica that uses it.
    pub fn shared(settings: &RateLimitSettings, rates: &RedisRates) -> Self {
        Self::with(settings, |name, policy| {
            Arc::new(rates.limiter(name, policy))
        })
    }

    /// Shared when the settings name a Redis, in this process otherwise.
    pub async fn from_settings(settings: &RateLimitSettings) -> anyhow::Result<Self> {
        match settings.redis_url.as_ref().map(ExposeSecret::expose_secret) {
            Some(url) if !url.is_empty() => {
                let rates = RedisRates::connect(url, &settings.redis_prefix).await?;
                Ok(Self::shared(settings, &rates))
            }
            _ => Ok(Self::new(settings)),
        }
    }

    fn with(
        settings: &RateLimitSettings,
        make: impl Fn(&str, RatePolicy) -> Arc<dyn Limiter>,
    ) -> Self {
        let ip = |name| IpLimit {
            limiter: make(name, settings.per_ip),
            client_ip: settings.client_ip(),
        };
        Self {
            login_ip: ip("login_ip"),
            register_ip: ip("register_ip"),
            login_email: make("login_email", settings.per_email),
            register_email: make("register_email", settings.per_email),
            link_email: make("link_email", settings.per_email),
            two_factor: make("two_factor", settings.two_factor),
        }
    }
}

/// What identity's handlers share.
#[derive(Clone, FromRef)]
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
#[tracing::instrument(name = "seed demo users", skip_all)]
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

/// What other services in the same process may use of identity: the
/// verifier of its tokens (it knows its keys without fetching them) and, with
/// local accounts, the account store for contact lookups.
#[derive(Clone)]
pub struct Directory {
    pub verifier: Arc<JwtVerifier>,
    pub users: Option<Arc<dyn UserRepository>>,
}

/// Local accounts' moving parts: the sign-in service, the verifier of its
/// tokens, and the tasks that reread the signing keys and relay the outbox
/// (stopped when dropped).
pub struct Local {
    pub accounts: Arc<LocalAccounts>,
    /// Service tokens for the clients of `service_clients_file`.
    pub service_tokens: Arc<service::ServiceTokens>,
    pub verifier: Arc<JwtVerifier>,
    /// The key reload and the outbox relay.
    pub workers: kit::tasks::Workers,
}

/// Local accounts on `store`: opens the signing keys (generating a first one
/// in embedded mode, or when the settings allow it), starts rereading them,
/// builds the sign-in service and, with a `publisher`, the outbox relay that
/// hands account events (the emails to send) to the bus.
pub fn local(
    settings: &settings::IdentitySettings,
    auth: &kit::settings::AuthSettings,
    deps: &kit::Deps,
    store: Arc<store::sql::SqlIdentityStore>,
    publisher: Option<Arc<dyn bus::Publisher>>,
) -> anyhow::Result<Local> {
    let embedded = deps.mode == kit::Mode::Embedded;
    // Embedded mode hands new keys straight to its one verifier; elsewhere
    // verifiers cache the JWKS, so a new key waits before it signs.
    let activation = if embedded {
        Duration::ZERO
    } else {
        Duration::from_secs(settings.keys.activation_secs)
    };
    let keys = Arc::new(KeyRing::open(
        &settings.keys_dir(&deps.data_dir),
        embedded || settings.keys.generate,
        activation,
    )?);
    let verifier = Arc::new(local_verifier(&keys, &auth.issuer, &auth.audience));
    let reload = spawn_key_reload(
        keys.clone(),
        verifier.clone(),
        Duration::from_secs(settings.keys.reload_secs.max(1)),
    );
    let lifetimes = service::TokenLifetimes {
        access: Duration::from_secs(settings.access_token_minutes * 60),
        refresh: Duration::from_secs(settings.refresh_token_days * 24 * 3600),
    };
    let service_tokens = Arc::new(service::ServiceTokens::new(
        keys.clone(),
        &auth.issuer,
        settings.service_clients_file.clone(),
        Duration::from_secs(settings.service_token_secs.max(1)),
    ));
    let relay = publisher.map(|publisher| {
        bus::relay::Relay::new(Arc::new(store.outbox()), publisher, Duration::from_secs(1))
            .named("identity")
    });
    let waker = relay.as_ref().map_or_else(
        || Arc::new(tokio::sync::Notify::new()),
        bus::relay::Relay::waker,
    );
    let mut workers = vec![reload];
    match relay {
        Some(relay) => workers.push(relay.spawn()),
        None => tracing::warn!("no event publisher configured: account emails wait in the outbox"),
    }
    let accounts = Arc::new(LocalAccounts::new(
        store,
        waker,
        keys,
        &auth.issuer,
        &auth.audience,
        lifetimes,
    ));
    Ok(Local {
        accounts,
        service_tokens,
        verifier,
        workers: kit::tasks::Workers::new(workers),
    })
}

/// The one entry point: local accounts on the store the settings name
/// (SQLite embedded, with the demo users when `demo_users` is set), their
/// events relayed to `publisher`, or a Cognito user pool, whose tokens
/// `deps.verifier` checks.
pub async fn start(
    settings: &settings::IdentitySettings,
    auth: &kit::settings::AuthSettings,
    deps: &kit::Deps,
    publisher: Option<Arc<dyn bus::Publisher>>,
) -> anyhow::Result<kit::Service<Directory>> {
    let limits = AbuseLimits::from_settings(&settings.rate_limits).await?;
    if settings.provider == settings::Provider::Cognito {
        let state = IdentityState {
            sign_in: cognito(settings).await?,
            local: None,
            verifier: deps.verifier.clone(),
            limits,
        };
        let directory = Directory {
            verifier: deps.verifier.clone(),
            users: None,
        };
        return Ok(kit::Service::new("identity", router(state), directory));
    }
    let store = Arc::new(store::open(settings, deps).await?);
    let local = local(settings, auth, deps, store.clone(), publisher)?;
    if deps.mode == kit::Mode::Embedded && settings.demo_users {
        let created = seed_demo_users(&local.accounts).await?;
        if created > 0 {
            tracing::info!(created, "created the demo admin and customer");
        }
    }
    let users: Arc<dyn UserRepository> = store;
    let readiness = kit::health::Readiness::new().with(kit::health::check("identity store", {
        let users = users.clone();
        move || {
            let users = users.clone();
            async move { users.ping().await.map_err(|e| anyhow::anyhow!("{e}")) }
        }
    }));
    let state = IdentityState {
        sign_in: local.accounts.clone(),
        local: Some(local.accounts),
        verifier: local.verifier.clone(),
        limits,
    };
    let directory = Directory {
        verifier: local.verifier,
        users: Some(users),
    };
    Ok(kit::Service::new("identity", router(state), directory)
        .with_internal(http::oauth::routes(local.service_tokens))
        .with_readiness(readiness)
        .with_workers(local.workers))
}

#[cfg(feature = "cognito")]
async fn cognito(settings: &settings::IdentitySettings) -> anyhow::Result<Arc<dyn SignIn>> {
    Ok(Arc::new(
        clients::cognito::CognitoAccounts::new(&settings.cognito).await,
    ))
}

#[cfg(not(feature = "cognito"))]
async fn cognito(_settings: &settings::IdentitySettings) -> anyhow::Result<Arc<dyn SignIn>> {
    anyhow::bail!(
        "identity.provider is `cognito` but this binary was built without the `cognito` feature; \
         build with `cargo build -p feira --features cognito`"
    )
}
