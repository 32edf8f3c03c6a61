//! Helpers for tests: backends from the environment, a token issuer with a test
//! key, and spawning a router on port 0.
//!
//! The key in this module is for tests only; nothing outside tests trusts it.

use crate::auth::JwtVerifier;
use axum::Router;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const TEST_KEY_PEM: &str = include_str!("test_rsa.pem");
const TEST_KEY_N: &str = "1JayFLD2usN-WIbXBxLhAJSmNhV8tNwWUfRE3mIzjy_kUU4TVUSR3lbb2w5ZI89Q7vmvxI5jbd1kFCBLW0BQPwQA7Tz0Ew36-gWt-0eKYW5wZGJnExRG0r0uNpVVztqdjceutbd9r1N_mgaBCl41Sey4syRZpOUI_PiFmDV5caNlqCBBkjUR0E49WXvCaBrP8zvSzJA6jEoGRStulUPWExepI_P0YNCJiZFSsbNRASPCgdKwYyA75QaiVwWhIcTAGNV00A9ZWHQ9vmpMJO5Sa_uSfCuy_jEpmmIDwx_2Qyro65jPSsIKW-ifEDEmaX_AbhPfNZ2Kd8ZLtAOrAyfFVw";
const TEST_KID: &str = "feira-test-key";

/// The URL of a test backend from `var` (such as `FEIRA_TEST_MONGODB_URL`).
///
/// Unset: the test should skip, and this prints why in one line; unless
/// `FEIRA_REQUIRE_BACKENDS=1`, where a missing backend is a failure.
pub fn backend_url(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            let required = std::env::var("FEIRA_REQUIRE_BACKENDS").is_ok_and(|v| v == "1");
            assert!(
                !required,
                "{var} is not set but FEIRA_REQUIRE_BACKENDS=1: start the backend and export its URL"
            );
            eprintln!("skipped: {var} is not set");
            None
        }
    }
}

/// Serves `router` on an ephemeral port of 127.0.0.1 and returns its address.
pub async fn spawn(router: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind an ephemeral port for the test server");
    let addr = listener.local_addr().expect("read the test server address");
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("test server failed");
    });
    addr
}

/// Mints RS256 access tokens the way the identity service does, with a test key.
pub struct TestIssuer {
    key: EncodingKey,
    issuer: String,
    audience: String,
}

impl Default for TestIssuer {
    fn default() -> Self {
        Self::new()
    }
}

impl TestIssuer {
    /// An issuer `https://issuer.test` for the audience `feira`.
    pub fn new() -> Self {
        Self {
            key: EncodingKey::from_rsa_pem(TEST_KEY_PEM.as_bytes())
                .expect("parse the test RSA key"),
            issuer: "https://issuer.test".to_owned(),
            audience: "feira".to_owned(),
        }
    }

    /// The `iss` its tokens carry.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The `aud` its tokens carry.
    pub fn audience(&self) -> &str {
        &self.audience
    }

    /// The public key set.
    pub fn jwks(&self) -> JwkSet {
        serde_json::from_value(serde_json::json!({
            "keys": [{"kty": "RSA", "kid": TEST_KID, "alg": "RS256", "use": "sig", "n": TEST_KEY_N, "e": "AQAB"}]
        }))
        .expect("the test JWKS is valid")
    }

    /// A verifier that trusts this issuer, keys fixed.
    pub fn verifier(&self) -> JwtVerifier {
        JwtVerifier::fixed(&self.issuer, &self.audience, &self.jwks())
    }

    /// A token for user `sub` with `roles`, valid for ten minutes.
    pub fn token(&self, sub: &str, roles: &[&str]) -> String {
        self.token_with(serde_json::json!({"sub": sub, "roles": roles}))
    }

    /// A token whose default claims are overridden by `overrides` (a JSON object;
    /// `null` removes a claim).
    pub fn token_with(&self, overrides: serde_json::Value) -> String {
        self.sign(TEST_KID, overrides)
    }

    /// A token naming a key id the issuer does not publish.
    pub fn token_with_kid(&self, kid: &str) -> String {
        self.sign(kid, serde_json::json!({}))
    }

    fn sign(&self, kid: &str, overrides: serde_json::Value) -> String {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let mut claims = serde_json::json!({
            "sub": "user-1",
            "email": "user@example.com",
            "roles": [],
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "exp": now + 600,
        });
        if let (Some(base), Some(extra)) = (claims.as_object_mut(), overrides.as_object()) {
            for (k, v) in extra {
                if v.is_null() {
                    base.remove(k);
                } else {
                    base.insert(k.clone(), v.clone());
                }
            }
        }
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(kid.to_owned());
        jsonwebtoken::encode(&header, &claims, &self.key).expect("sign a test token")
    }

    /// Serves the JWKS over HTTP on port 0; returns its URL and a hit counter.
    pub async fn serve_jwks(&self) -> (String, Arc<AtomicUsize>) {
        let hits = Arc::new(AtomicUsize::new(0));
        let body = serde_json::to_value(self.jwks()).expect("serialise the JWKS");
        let counter = hits.clone();
        let router = Router::new().route(
            "/.well-known/jwks.json",
            axum::routing::get(move || {
                counter.fetch_add(1, Ordering::SeqCst);
                let body = body.clone();
                async move { axum::Json(body) }
            }),
        );
        let addr = spawn(router).await;
        (format!("http://{addr}/.well-known/jwks.json"), hits)
    }
}

/// A PostgreSQL database made for one test and dropped when it goes out of
/// scope, so tests run in parallel without sharing state.
pub struct TestDatabase {
    /// Connection URL of the new database.
    pub url: String,
    server_url: String,
    name: String,
}

impl TestDatabase {
    /// Creates `feira_test_<uuid>` on the server at `server_url` (any database
    /// URL of that server).
    pub async fn create(server_url: &str) -> Self {
        use sqlx::Connection;
        let name = format!("feira_test_{}", uuid::Uuid::now_v7().simple());
        let mut admin = sqlx::PgConnection::connect(server_url)
            .await
            .expect("connect to the test PostgreSQL server");
        sqlx::query(&format!("CREATE DATABASE \"{name}\""))
            .execute(&mut admin)
            .await
            .expect("create a test database");
        let _ = admin.close().await;
        let mut url = reqwest::Url::parse(server_url).expect("a valid PostgreSQL URL");
        url.set_path(&format!("/{name}"));
        Self {
            url: url.to_string(),
            server_url: server_url.to_owned(),
            name,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (server_url, name) = (self.server_url.clone(), self.name.clone());
        // Drop runs outside async; a short-lived runtime on its own thread does
        // the cleanup. FORCE ends connections a pool still holds.
        let cleanup = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                use sqlx::Connection;
                let mut admin = sqlx::PgConnection::connect(&server_url).await.ok()?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .execute(&mut admin)
                    .await
                    .ok()?;
                admin.close().await.ok()
            })
        });
        let _ = cleanup.join();
    }
}

/// Asserts a problem+json answer with `status` and returns its body.
pub async fn problem(response: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(response.status(), status, "unexpected status");
    assert_eq!(
        response.headers()["content-type"],
        crate::problem::CONTENT_TYPE
    );
    let body: serde_json::Value = response.json().await.expect("a JSON problem body");
    assert_eq!(body["status"], status);
    assert!(
        body["type"]
            .as_str()
            .unwrap_or_default()
            .starts_with("urn:feira:problem:")
    );
    body
}

/// The `field`s named in a problem's `errors`.
pub fn fields(problem: &serde_json::Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Sends `request` and parses the JSON answer, whatever its status.
pub async fn send_json(request: reqwest::RequestBuilder) -> serde_json::Value {
    request
        .send()
        .await
        .expect("send the request")
        .json()
        .await
        .expect("a JSON body")
}

/// Waits until `check` yields `Some`, polling every 20 ms; panics naming `what`
/// once `deadline` has passed. For state that changes in the background (a
/// relay, a worker), in place of a fixed sleep.
pub async fn eventually<T, F, Fut>(what: &str, deadline: std::time::Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let give_up = tokio::time::Instant::now() + deadline;
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(20));
    loop {
        tick.tick().await;
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < give_up,
            "gave up after {deadline:?} waiting for {what}"
        );
    }
}

/// A SQLite file for one test, in the temp folder; removed with its WAL files
/// when dropped.
pub struct TempSqlite {
    pub path: std::path::PathBuf,
}

impl TempSqlite {
    /// A fresh path named after `prefix` (nothing is created yet).
    pub fn new(prefix: &str) -> Self {
        Self {
            path: std::env::temp_dir().join(format!("{prefix}-{}.db", uuid::Uuid::now_v7())),
        }
    }
}

impl Drop for TempSqlite {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
        }
    }
}

/// A RabbitMQ virtual host made for one test (with `rabbitmqctl`, which must
/// run on the broker's machine) and deleted when dropped, so tests share the
/// broker without sharing queues.
pub struct TestVhost {
    /// AMQP URL of the new vhost, with the server URL's credentials.
    pub url: String,
    name: String,
}

impl TestVhost {
    /// Creates `feira_test_<uuid>` on the broker of `server_url` and grants
    /// the URL's user full rights on it.
    pub fn create(server_url: &str) -> Self {
        let name = format!("feira_test_{}", uuid::Uuid::now_v7().simple());
        let mut url = reqwest::Url::parse(server_url).expect("a valid AMQP URL");
        let user = if url.username().is_empty() {
            "guest".to_owned()
        } else {
            url.username().to_owned()
        };
        rabbitmqctl(&["add_vhost", &name]);
        rabbitmqctl(&["set_permissions", "-p", &name, &user, ".*", ".*", ".*"]);
        url.set_path(&format!("/{name}"));
        Self {
            url: url.to_string(),
            name,
        }
    }
}

fn rabbitmqctl(args: &[&str]) {
    let out = std::process::Command::new("rabbitmqctl")
        .args(args)
        .output()
        .expect("run rabbitmqctl (RabbitMQ's CLI) for a test vhost");
    assert!(
        out.status.success(),
        "rabbitmqctl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Drop for TestVhost {
    fn drop(&mut self) {
        let _ = std::process::Command::new("rabbitmqctl")
            .args(["delete_vhost", &self.name])
            .output();
    }
}

/// A minimal SMTP server for tests: accepts every message (or, while
/// `refuse` is set, answers `MAIL FROM` with that reply) and keeps each
/// message's DATA. Real SMTP over TCP, so the client under test is exercised.
pub struct SmtpSink {
    pub port: u16,
    messages: Arc<std::sync::Mutex<Vec<(std::time::Instant, String)>>>,
    refuse: Arc<std::sync::Mutex<Option<String>>>,
}

impl SmtpSink {
    /// Listens on an ephemeral port of 127.0.0.1.
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the SMTP sink");
        let port = listener.local_addr().expect("the sink's address").port();
        let messages = Arc::new(std::sync::Mutex::new(Vec::new()));
        let refuse = Arc::new(std::sync::Mutex::new(None));
        let (m, r) = (messages.clone(), refuse.clone());
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(smtp_session(socket, m.clone(), r.clone()));
            }
        });
        Self {
            port,
            messages,
            refuse,
        }
    }

    /// The messages received so far (headers and body, as sent).
    pub fn messages(&self) -> Vec<String> {
        self.received().into_iter().map(|(_, m)| m).collect()
    }

    /// The messages with when each was accepted, for benchmarks.
    pub fn received(&self) -> Vec<(std::time::Instant, String)> {
        self.messages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Answers `MAIL FROM` with `reply` (such as `451 try later`) until `None`.
    pub fn refuse(&self, reply: Option<&str>) {
        *self.refuse.lock().unwrap_or_else(|e| e.into_inner()) = reply.map(str::to_owned);
    }
}

async fn smtp_session(
    socket: tokio::net::TcpStream,
    messages: Arc<std::sync::Mutex<Vec<(std::time::Instant, String)>>>,
    refuse: Arc<std::sync::Mutex<Option<String>>>,
) -> std::io::Result<()> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 sink ESMTP\r\n").await?;
    while let Some(line) = lines.next_line().await? {
        let verb = line.get(..4).unwrap_or(&line).to_ascii_uppercase();
        let reply = match verb.as_str() {
            "EHLO" => "250-sink\r\n250 8BITMIME\r\n".to_owned(),
            "HELO" | "RCPT" | "RSET" | "NOOP" => "250 OK\r\n".to_owned(),
            "MAIL" => match refuse.lock().unwrap_or_else(|e| e.into_inner()).clone() {
                Some(reply) => format!("{reply}\r\n"),
                None => "250 OK\r\n".to_owned(),
            },
            "DATA" => {
                write.write_all(b"354 go ahead\r\n").await?;
                let mut data = String::new();
                while let Some(line) = lines.next_line().await? {
                    if line == "." {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                    data.push('\n');
                }
                messages
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((std::time::Instant::now(), data));
                "250 queued\r\n".to_owned()
            }
            "QUIT" => {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => "502 not implemented\r\n".to_owned(),
        };
        write.write_all(reply.as_bytes()).await?;
    }
    Ok(())
}

/// A TCP proxy a test controls: forwards connections to `target` and can cut
/// them all at once, to simulate a network failure towards one backend
/// without disturbing other tests.
pub struct TcpProxy {
    pub port: u16,
    connections: Arc<std::sync::Mutex<tokio::task::JoinSet<()>>>,
    accept: tokio::task::JoinHandle<()>,
}

impl TcpProxy {
    /// Listens on 127.0.0.1:`port` (0: any free port) and forwards to `target`
    /// (`host:port`).
    pub async fn start(port: u16, target: &str) -> Self {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind the test proxy");
        let port = listener.local_addr().expect("the proxy's address").port();
        let connections = Arc::new(std::sync::Mutex::new(tokio::task::JoinSet::new()));
        let (set, target) = (connections.clone(), target.to_owned());
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                set.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .spawn(async move {
                        if let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await {
                            let _ =
                                tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                        }
                    });
            }
        });
        Self {
            port,
            connections,
            accept,
        }
    }

    /// Drops every open connection (new ones are still accepted).
    pub fn cut(&self) {
        self.connections
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .abort_all();
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.accept.abort();
        self.cut();
    }
}

/// A port on 127.0.0.1 that nothing listens on right now.
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port")
}
