use identity::domain::keys::KeyRing;
use identity::service::{LocalAccounts, TokenLifetimes};
use identity::settings::RateLimitSettings;
use identity::store::UserRepository;
use identity::store::sql::SqlIdentityStore;
use identity::{AbuseLimits, IdentityState};
use kit::health::Readiness;
use kit::ratelimit::{ClientIpSource, RatePolicy};
use reqwest::{RequestBuilder, Response};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub const ISSUER: &str = "https://identity.test";
pub const AUDIENCE: &str = "feira";
pub const PASSWORD: &str = "a perfectly fine passphrase";

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub keys: Arc<KeyRing>,
    pub accounts: Arc<LocalAccounts>,
    /// The store under the service, for tests that change it behind its back.
    pub users: Arc<dyn UserRepository>,
    /// Its outbox: the account events, with the links' secrets.
    pub outbox: bus::outbox::SqlOutbox,
    /// The clock two-factor codes are checked against, in Unix seconds:
    /// the system's at start, moved by the tests.
    pub clock: Arc<AtomicU64>,
    dir: std::path::PathBuf,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Limits high enough that only the abuse tests meet them.
pub fn generous() -> RateLimitSettings {
    RateLimitSettings {
        client_ip: ClientIpSource::Peer,
        trusted_proxy_hops: 1,
        per_ip: RatePolicy {
            requests: 10_000,
            per_secs: 60,
        },
        per_email: RatePolicy {
            requests: 10_000,
            per_secs: 60,
        },
        two_factor: RatePolicy {
            requests: 10_000,
            per_secs: 60,
        },
        redis_url: None,
        redis_prefix: String::new(),
    }
}

/// Generous limits but `requests` a minute per email.
pub fn per_email(requests: u32) -> RateLimitSettings {
    RateLimitSettings {
        per_email: RatePolicy {
            requests,
            per_secs: 60,
        },
        ..generous()
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(generous(), TokenLifetimes::default()).await
}

pub async fn spawn_app_with(limits: RateLimitSettings, lifetimes: TokenLifetimes) -> TestApp {
    let dir = std::env::temp_dir().join(format!("feira-identity-api-{}", uuid::Uuid::now_v7()));
    spawn_replica(&dir, AbuseLimits::new(&limits), lifetimes).await
}

/// One replica of identity on the store and keys in `dir` (made if absent),
/// with `limits`: call it twice on one folder for two replicas.
pub async fn spawn_replica(
    dir: &std::path::Path,
    limits: AbuseLimits,
    lifetimes: TokenLifetimes,
) -> TestApp {
    let dir = dir.to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    let store = Arc::new(
        SqlIdentityStore::open_sqlite(&dir.join("identity.db"))
            .await
            .unwrap(),
    );
    let keys = Arc::new(KeyRing::open(&dir.join("keys"), true, std::time::Duration::ZERO).unwrap());
    let verifier = Arc::new(identity::local_verifier(&keys, ISSUER, AUDIENCE));
    let clock = Arc::new(AtomicU64::new(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    ));
    let reads = clock.clone();
    let accounts = Arc::new(
        LocalAccounts::new(
            store.clone(),
            Arc::new(tokio::sync::Notify::new()),
            keys.clone(),
            ISSUER,
            AUDIENCE,
            lifetimes,
        )
        .with_totp_clock(Arc::new(move || reads.load(Ordering::SeqCst))),
    );
    let state = IdentityState {
        sign_in: accounts.clone(),
        local: Some(accounts.clone()),
        verifier,
        limits,
    };
    let users = store.clone();
    let readiness = Readiness::new().with(kit::health::check("identity store", move || {
        let users = users.clone();
        async move { users.ping().await.map_err(|e| anyhow::anyhow!("{e}")) }
    }));
    let router = kit::http::service_app(
        identity::router(state),
        readiness,
        kit::http::Limits::default(),
        axum::Router::new(),
    );
    let addr = kit::testing::spawn(router).await;
    TestApp {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        keys,
        accounts,
        outbox: store.outbox(),
        users: store,
        clock,
        dir,
    }
}

impl TestApp {
    /// The two-factor clock, in Unix seconds.
    pub fn now(&self) -> u64 {
        self.clock.load(Ordering::SeqCst)
    }

    /// Moves the two-factor clock by `secs` (back when negative).
    pub fn advance(&self, secs: i64) {
        let now = self.now().checked_add_signed(secs).unwrap();
        self.clock.store(now, Ordering::SeqCst);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/api/identity{path}", self.base)
    }

    pub fn post(&self, path: &str, body: Value) -> RequestBuilder {
        self.client.post(self.url(path)).json(&body)
    }

    pub async fn register(&self, email: &str, name: &str) -> Response {
        self.post(
            "/register",
            json!({"email": email, "password": PASSWORD, "name": name}),
        )
        .send()
        .await
        .unwrap()
    }

    pub async fn login_response(&self, email: &str, password: &str) -> Response {
        self.post("/login", json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap()
    }

    /// Registers `email` and logs in; returns the token pair.
    pub async fn signed_up(&self, email: &str) -> Value {
        assert_eq!(self.register(email, "Test User").await.status(), 202);
        self.login(email).await
    }

    /// The account events of `kind` written so far, oldest first.
    pub async fn events(&self, kind: &str) -> Vec<bus::Event> {
        let entries = self.outbox.entries(None, 1000).await.unwrap();
        entries
            .into_iter()
            .map(|e| e.event)
            .filter(|e| e.kind == kind)
            .collect()
    }

    /// The secret of the newest link of event `kind` sent to `email`, once
    /// it is written (links asked for by address are sent on their own task).
    pub async fn link(&self, kind: &str, email: &str) -> String {
        self.link_after(kind, email, 0).await
    }

    /// As [`Self::link`], once more than `seen` such events exist.
    pub async fn link_after(&self, kind: &str, email: &str, seen: usize) -> String {
        kit::testing::eventually(
            &format!("{kind} to {email}"),
            std::time::Duration::from_secs(10),
            || async {
                let sent: Vec<_> = self
                    .events(kind)
                    .await
                    .into_iter()
                    .filter(|e| e.data["email"] == email)
                    .collect();
                (sent.len() > seen).then(|| {
                    sent.last().unwrap().data["token"]
                        .as_str()
                        .unwrap()
                        .to_owned()
                })
            },
        )
        .await
    }

    /// Runs `sql` on the service's database behind its back (to age a link).
    pub async fn sql(&self, sql: &str) {
        use sqlx::ConnectOptions;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(self.dir.join("identity.db"))
            .connect()
            .await
            .unwrap();
        sqlx::query(sql).execute(&mut conn).await.unwrap();
    }

    pub async fn login(&self, email: &str) -> Value {
        let response = self.login_response(email, PASSWORD).await;
        assert_eq!(response.status(), 200, "login {email}");
        response.json().await.unwrap()
    }

    /// An admin account created the way `feira admin create` does; returns its tokens.
    pub async fn admin(&self, email: &str) -> Value {
        self.accounts
            .ensure_user(email, "Admin", secrecy::SecretString::from(PASSWORD), true)
            .await
            .unwrap();
        self.login(email).await
    }

    pub async fn refresh(&self, refresh_token: &str) -> Response {
        self.post("/refresh", json!({"refresh_token": refresh_token}))
            .send()
            .await
            .unwrap()
    }

    pub fn authed(&self, method: reqwest::Method, path: &str, tokens: &Value) -> RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(tokens["access_token"].as_str().unwrap())
    }

    pub async fn me(&self, tokens: &Value) -> Response {
        self.authed(reqwest::Method::GET, "/me", tokens)
            .send()
            .await
            .unwrap()
    }
}

/// Asserts a problem+json answer with `status` and type slug; returns the body.
pub async fn problem(response: Response, status: u16, slug: &str) -> Value {
    let body = kit::testing::problem(response, status).await;
    assert_eq!(body["type"], format!("urn:feira:problem:{slug}"), "{body}");
    body
}

pub use kit::testing::{fields, send_json};

/// The unverified claims of a JWT.
pub fn claims(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}
