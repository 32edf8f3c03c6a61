//! The distributed mode end to end: every service its own `feira serve`
//! process on PostgreSQL, RabbitMQ and the MongoDB-protocol store, behind nginx
//! with the repository's gateway config, driven through the gateway only.
//!
//! Needs nginx (`FEIRA_TEST_NGINX`, the binary's path) besides the backends of
//! the other suites; `make e2e` runs this file alone.

#[path = "common/credentials.rs"]
mod credentials;

use kit::testing::{
    Backend, OtlpReceiver, SmtpSink, TestDatabase, TestVhost, closed_port, eventually,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const PATIENCE: Duration = Duration::from_secs(30);

/// Settings the suite gives the service processes that a deployment sets too;
/// `compose.yaml` must set exactly these (checked below).
const DEPLOYMENT_SETTINGS: [&str; 19] = [
    "FEIRA_AUTH__JWKS_URL",
    "FEIRA_IDENTITY__POSTGRES__URL",
    "FEIRA_IDENTITY__KEYS__DIR",
    "FEIRA_IDENTITY__RATE_LIMITS__CLIENT_IP",
    "FEIRA_IDENTITY__RATE_LIMITS__TRUSTED_PROXY_HOPS",
    "FEIRA_CATALOG__MONGODB__URL",
    "FEIRA_ORDERS__POSTGRES__URL",
    "FEIRA_ORDERS__CATALOG_URL",
    "FEIRA_ORDERS__IDENTITY_URL",
    "FEIRA_ORDERS__SERVICE_AUTH__TOKEN_URL",
    "FEIRA_ORDERS__SERVICE_AUTH__SECRET_FILE",
    "FEIRA_IDENTITY__SERVICE_CLIENTS_FILE",
    "FEIRA_BUS__AMQP_URL",
    "FEIRA_NOTIFICATIONS__POSTGRES__URL",
    "FEIRA_NOTIFICATIONS__SMTP__HOST",
    "FEIRA_NOTIFICATIONS__SMTP__PORT",
    "FEIRA_NOTIFICATIONS__SMTP__SECURITY",
    "FEIRA_TASKS__MONGODB__URL",
    "FEIRA_TELEMETRY__OTLP__ENDPOINT",
];
/// Settings only a test run needs: its own folders, database name, faster polls.
const TEST_ONLY_SETTINGS: [&str; 7] = [
    "FEIRA_CONFIG_DIR",
    "FEIRA_TELEMETRY__FILTER",
    "FEIRA_DATA_DIR",
    "FEIRA_AUTH__JWKS_MIN_REFETCH_SECS",
    "FEIRA_CATALOG__MONGODB__DATABASE",
    "FEIRA_TASKS__MONGODB__DATABASE",
    "FEIRA_ORDERS__POLL_MS",
];
/// The services, each run as `feira serve <name>`.
const SERVICES: [&str; 5] = ["catalog", "identity", "orders", "notifications", "tasks"];

/// The `${FEIRA_…}` values the gateway template needs.
fn template_values() -> std::collections::BTreeSet<String> {
    include_str!("../../../deploy/nginx/feira.conf.template")
        .split("${")
        .skip(1)
        .filter_map(|rest| rest.split('}').next())
        .filter(|name| name.starts_with("FEIRA_"))
        .map(str::to_owned)
        .collect()
}

/// What `compose.yaml` runs: per service, its command line and the `FEIRA_*`
/// names in its environment. (The file is hand-written in one style: services
/// at two spaces, `command:` and environment keys below them.)
fn compose_services()
-> std::collections::BTreeMap<String, (String, std::collections::BTreeSet<String>)> {
    let mut services = std::collections::BTreeMap::new();
    let mut current: Option<String> = None;
    let mut in_services = false;
    for line in include_str!("../../../compose.yaml").lines() {
        if !line.starts_with(' ') && !line.is_empty() && !line.starts_with('#') {
            in_services = line == "services:";
            current = None;
            continue;
        }
        if !in_services {
            continue;
        }
        if let Some(name) = line
            .strip_prefix("  ")
            .and_then(|l| l.strip_suffix(':'))
            .filter(|name| !name.starts_with(' '))
        {
            current = Some(name.to_owned());
            services.insert(name.to_owned(), (String::new(), Default::default()));
            continue;
        }
        let (Some(name), trimmed) = (&current, line.trim_start()) else {
            continue;
        };
        let entry: &mut (String, std::collections::BTreeSet<String>) =
            services.get_mut(name).unwrap();
        if let Some(command) = trimmed.strip_prefix("command: ") {
            entry.0 = command.to_owned();
        } else if trimmed.starts_with("FEIRA_") {
            entry
                .1
                .insert(trimmed.split(':').next().unwrap().to_owned());
        }
    }
    services
}

#[test]
fn compose_runs_the_processes_and_settings_of_this_suite() {
    let services = compose_services();
    for service in SERVICES {
        let (command, _) = &services[service];
        assert_eq!(
            command,
            &format!(
                "[\"serve\", \"{service}\", \"--port\", \"8080\", \"--internal-port\", \"8081\"]"
            )
        );
    }
    let set: std::collections::BTreeSet<String> = services
        .iter()
        .filter(|(name, _)| SERVICES.contains(&name.as_str()) || name.as_str() == "migrate")
        .flat_map(|(_, (_, env))| env.iter().cloned())
        .collect();
    let expected: std::collections::BTreeSet<String> = DEPLOYMENT_SETTINGS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    assert_eq!(
        set, expected,
        "compose.yaml and the e2e suite set different settings"
    );
    assert_eq!(
        services["gateway"].1,
        template_values(),
        "the gateway's template values"
    );
}
const PASSWORD: &str = "a perfectly fine passphrase";

/// A child process stopped when dropped: SIGTERM (nginx then stops its
/// workers, services drain), SIGKILL if it is still there after 5 s.
struct Process(Option<Child>);

impl Process {
    fn new(child: Child) -> Self {
        Self(Some(child))
    }

    /// Sends SIGTERM and waits for the exit on a thread, up to 5 s; then SIGKILL.
    fn stop(&mut self) {
        let Some(mut child) = self.0.take() else {
            return;
        };
        let pid = child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let (exited, wait) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || {
            let _ = child.wait();
            let _ = exited.send(());
        });
        if wait.recv_timeout(Duration::from_secs(5)).is_err() {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
        }
        let _ = waiter.join();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The settings every process shares, as environment variables.
struct Topology {
    dir: PathBuf,
    env: Vec<(String, String)>,
    ports: [(&'static str, u16); 5],
    /// Each service's internal listener.
    internal_ports: [(&'static str, u16); 5],
}

impl Topology {
    fn port(&self, service: &str) -> u16 {
        self.ports.iter().find(|(s, _)| *s == service).unwrap().1
    }

    fn url(&self, service: &str) -> String {
        format!("http://127.0.0.1:{}", self.port(service))
    }

    /// The base URL of `service`'s internal listener.
    fn internal_url(&self, service: &str) -> String {
        let port = self
            .internal_ports
            .iter()
            .find(|(s, _)| *s == service)
            .unwrap()
            .1;
        format!("http://127.0.0.1:{port}")
    }

    fn feira(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_feira"));
        command
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdout(Stdio::from(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(
                        self.dir
                            .join(format!("{}.out", args[..2.min(args.len())].join("-"))),
                    )
                    .unwrap(),
            ))
            .stderr(Stdio::from(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(
                        self.dir
                            .join(format!("{}.log", args[..2.min(args.len())].join("-"))),
                    )
                    .unwrap(),
            ));
        command
    }

    fn serve(&self, service: &str) -> Process {
        let port = self.port(service).to_string();
        let internal = self.internal_url(service);
        let internal = internal.rsplit(':').next().unwrap();
        Process::new(
            self.feira(&[
                "serve",
                service,
                "--port",
                &port,
                "--internal-port",
                internal,
            ])
            .spawn()
            .unwrap(),
        )
    }

    fn run(&self, args: &[&str], extra: &[(&str, &str)]) {
        let status = self
            .feira(args)
            .envs(extra.iter().copied())
            .status()
            .unwrap();
        assert!(
            status.success(),
            "feira {args:?} failed; see {}",
            self.dir.display()
        );
    }
}

async fn ready(url: &str) {
    eventually(&format!("{url}/ready"), PATIENCE, || async {
        let response = reqwest::get(format!("{url}/ready")).await.ok()?;
        (response.status() == 200).then_some(())
    })
    .await;
}

/// Renders `deploy/nginx/feira.conf.template` into `dir` and starts nginx.
fn gateway(nginx: &str, dir: &Path, values: &[(&str, String)]) -> Process {
    let template = include_str!("../../../deploy/nginx/feira.conf.template");
    let mut config = template.to_owned();
    for (name, value) in values {
        config = config.replace(&format!("${{{name}}}"), value);
    }
    assert!(!config.contains("${FEIRA_"), "a template value is missing");
    for sub in ["body", "proxy", "fastcgi", "uwsgi", "scgi"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let file = dir.join("nginx.conf");
    std::fs::write(&file, config).unwrap();
    let test = Command::new(nginx)
        .args(["-t", "-q", "-p"])
        .arg(dir)
        .arg("-c")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        test.status.success(),
        "nginx -t: {}",
        String::from_utf8_lossy(&test.stderr)
    );
    Process::new(
        Command::new(nginx)
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(&file)
            .args(["-g", "daemon off;"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    )
}

struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Puts one of `product` in the cart of `token`'s user.
    async fn add_to_cart(&self, token: &str, product: &str) {
        let (status, cart) = self
            .call(
                Method::POST,
                "/api/orders/cart/items",
                Some(token),
                Some(json!({"product_id": product, "quantity": 1})),
            )
            .await;
        assert_eq!(status, 200, "{cart}");
    }

    async fn login(&self, email: &str, password: &str) -> String {
        let (status, body) = self
            .call(
                Method::POST,
                "/api/identity/login",
                None,
                Some(json!({"email": email, "password": password})),
            )
            .await;
        assert_eq!(status, 200, "login {email}: {body}");
        body["access_token"].as_str().unwrap().to_owned()
    }

    async fn checkout(&self, token: &str) -> reqwest::Response {
        self.http
            .post(format!("{}/api/orders", self.base))
            // A lower-case scheme, as some clients send it: orders forwards
            // the token to identity and the catalog, and once answered 500
            // when it stripped `Bearer ` case-sensitively.
            .header("authorization", format!("bearer {token}"))
            .header("Idempotency-Key", uuid::Uuid::now_v7().to_string())
            .json(&json!({
                "shipping_address": {"recipient": "Ana", "line1": "Rua Augusta 1", "city": "Lisboa",
                                     "postal_code": "1100-048", "country": "PT"},
                "payment": {"card_number": "4242 4242 4242 4242"},
            }))
            .send()
            .await
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs nginx, PostgreSQL, RabbitMQ and the MongoDB protocol (FEIRA_TEST_NGINX, FEIRA_TEST_*_URL)"]
async fn the_whole_shop_runs_as_separate_processes_behind_nginx() {
    let nginx = Backend::Nginx.url();
    let (pg, amqp, mongo) = (
        Backend::Postgres.url(),
        Backend::Rabbitmq.url(),
        Backend::Mongodb.url(),
    );
    let dir = std::env::temp_dir().join(format!("feira-e2e-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(dir.join("web")).unwrap();
    std::fs::write(
        dir.join("web/index.html"),
        "<!doctype html><title>Feira</title>",
    )
    .unwrap();
    // The page paths the web build's routes.map gives the gateway, from the
    // app's routes file by the build's own script.
    let map = std::process::Command::new("node")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../web/scripts/routes-manifest.mjs"
        ))
        .arg("--nginx")
        .output()
        .expect("node runs the web build's route script");
    assert!(
        map.status.success(),
        "{}",
        String::from_utf8_lossy(&map.stderr)
    );
    std::fs::write(dir.join("web/routes.map"), map.stdout).unwrap();
    let (identity_db, orders_db, notices_db) = (
        TestDatabase::create(&pg).await,
        TestDatabase::create(&pg).await,
        TestDatabase::create(&pg).await,
    );
    let vhost = TestVhost::create(&amqp);
    let smtp = SmtpSink::start().await;
    let otlp = OtlpReceiver::start().await;
    let catalog_db = format!("e2e_{}", uuid::Uuid::now_v7().simple());
    let ports = [
        ("catalog", closed_port()),
        ("identity", closed_port()),
        ("orders", closed_port()),
        ("notifications", closed_port()),
        ("tasks", closed_port()),
    ];
    let internal_ports = [
        ("catalog", closed_port()),
        ("identity", closed_port()),
        ("orders", closed_port()),
        ("notifications", closed_port()),
        ("tasks", closed_port()),
    ];
    let identity_url = format!("http://127.0.0.1:{}", ports[1].1);
    let identity_internal = format!("http://127.0.0.1:{}", internal_ports[1].1);
    let credentials = credentials::write(&dir.join("secrets"), "orders-secret-1", "probe-secret");
    let env: Vec<(String, String)> = [
        (
            "FEIRA_IDENTITY__SERVICE_CLIENTS_FILE",
            credentials.clients_file.to_str().unwrap().to_owned(),
        ),
        (
            "FEIRA_ORDERS__SERVICE_AUTH__TOKEN_URL",
            format!("{identity_internal}/oauth/token"),
        ),
        (
            "FEIRA_ORDERS__SERVICE_AUTH__SECRET_FILE",
            credentials.orders_secret_file.to_str().unwrap().to_owned(),
        ),
        ("FEIRA_CONFIG_DIR", "/nonexistent".to_owned()),
        ("FEIRA_TELEMETRY__FILTER", "info,sqlx=warn".to_owned()),
        ("FEIRA_DATA_DIR", dir.to_str().unwrap().to_owned()),
        (
            "FEIRA_AUTH__JWKS_URL",
            format!("{identity_url}/.well-known/jwks.json"),
        ),
        ("FEIRA_AUTH__JWKS_MIN_REFETCH_SECS", "1".to_owned()),
        ("FEIRA_IDENTITY__POSTGRES__URL", identity_db.url.clone()),
        (
            "FEIRA_IDENTITY__KEYS__DIR",
            dir.join("keys").to_str().unwrap().to_owned(),
        ),
        (
            "FEIRA_IDENTITY__RATE_LIMITS__CLIENT_IP",
            "x_forwarded_for".to_owned(),
        ),
        // One proxy, nginx, in front of every service.
        (
            "FEIRA_IDENTITY__RATE_LIMITS__TRUSTED_PROXY_HOPS",
            "1".to_owned(),
        ),
        ("FEIRA_CATALOG__MONGODB__URL", mongo.clone()),
        ("FEIRA_CATALOG__MONGODB__DATABASE", catalog_db.clone()),
        ("FEIRA_ORDERS__POSTGRES__URL", orders_db.url.clone()),
        (
            "FEIRA_ORDERS__CATALOG_URL",
            format!("http://127.0.0.1:{}", internal_ports[0].1),
        ),
        ("FEIRA_ORDERS__IDENTITY_URL", identity_url.clone()),
        ("FEIRA_ORDERS__POLL_MS", "200".to_owned()),
        ("FEIRA_BUS__AMQP_URL", vhost.url.clone()),
        ("FEIRA_NOTIFICATIONS__POSTGRES__URL", notices_db.url.clone()),
        ("FEIRA_NOTIFICATIONS__SMTP__HOST", "127.0.0.1".to_owned()),
        ("FEIRA_NOTIFICATIONS__SMTP__PORT", smtp.port.to_string()),
        ("FEIRA_NOTIFICATIONS__SMTP__SECURITY", "none".to_owned()),
        ("FEIRA_TASKS__MONGODB__URL", mongo.clone()),
        ("FEIRA_TELEMETRY__OTLP__ENDPOINT", otlp.url.clone()),
        (
            "FEIRA_TASKS__MONGODB__DATABASE",
            format!("{catalog_db}_tasks"),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    for (name, _) in &env {
        assert!(
            DEPLOYMENT_SETTINGS.contains(&name.as_str())
                || TEST_ONLY_SETTINGS.contains(&name.as_str()),
            "{name}: a deployment setting (add it to compose.yaml and DEPLOYMENT_SETTINGS) or test-only?"
        );
    }
    for name in DEPLOYMENT_SETTINGS {
        assert!(
            env.iter().any(|(n, _)| n == name),
            "{name} is not given to the processes"
        );
    }
    let topology = Topology {
        dir: dir.clone(),
        env,
        ports,
        internal_ports,
    };

    // Operators' steps: a signing key, the schemas, an admin, the catalog.
    topology.run(
        &[
            "keys",
            "rotate",
            "--dir",
            dir.join("keys").to_str().unwrap(),
        ],
        &[],
    );
    topology.run(&["migrate"], &[]);
    topology.run(
        &[
            "admin",
            "create",
            "--store",
            "postgres",
            "--email",
            "ops@example.com",
        ],
        &[("FEIRA_ADMIN_PASSWORD", PASSWORD)],
    );
    topology.run(&["seed", "--store", "mongodb"], &[]);

    // Start-up order does not matter: the consumer before the publisher, the
    // gateway before everything.
    let gateway_port = closed_port();
    let gateway_dir = dir.join("gateway");
    std::fs::create_dir_all(&gateway_dir).unwrap();
    let _nginx = gateway(
        &nginx,
        &gateway_dir,
        &[
            ("FEIRA_GATEWAY_PORT", gateway_port.to_string()),
            (
                "FEIRA_GATEWAY_DIR",
                gateway_dir.to_str().unwrap().to_owned(),
            ),
            (
                "FEIRA_CATALOG",
                format!("127.0.0.1:{}", topology.port("catalog")),
            ),
            (
                "FEIRA_IDENTITY",
                format!("127.0.0.1:{}", topology.port("identity")),
            ),
            (
                "FEIRA_ORDERS",
                format!("127.0.0.1:{}", topology.port("orders")),
            ),
            (
                "FEIRA_NOTIFICATIONS",
                format!("127.0.0.1:{}", topology.port("notifications")),
            ),
            (
                "FEIRA_TASKS",
                format!("127.0.0.1:{}", topology.port("tasks")),
            ),
            (
                "FEIRA_WEB_ROOT",
                dir.join("web").to_str().unwrap().to_owned(),
            ),
            ("FEIRA_CORS_ORIGIN", "http://localhost:5173".to_owned()),
            ("FEIRA_GATEWAY_RATE", "200r/s".to_owned()),
        ],
    );
    let mut notifications = topology.serve("notifications");
    let _orders = topology.serve("orders");
    let mut catalog = topology.serve("catalog");
    let _identity = topology.serve("identity");
    let _tasks = topology.serve("tasks");
    for service in SERVICES {
        ready(&topology.url(service)).await;
    }
    let shop = Client {
        http: reqwest::Client::new(),
        base: format!("http://127.0.0.1:{gateway_port}"),
    };

    // The gateway itself.
    let internal = shop
        .call(
            Method::POST,
            "/internal/reservations",
            None,
            Some(json!({})),
        )
        .await;
    assert_eq!(
        (internal.0, internal.1["type"].as_str()),
        (StatusCode::NOT_FOUND, Some("urn:feira:problem:not-found"))
    );
    let spa = shop
        .http
        .get(format!("{}/orders/123", shop.base))
        .send()
        .await
        .unwrap();
    assert_eq!(spa.status(), 200, "the web app's fallback");
    let unknown = shop
        .http
        .get(format!("{}/no-such-page", shop.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        unknown.status(),
        404,
        "a path that is no page: 404, with the app"
    );
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains("<title>Feira</title>")
    );
    let big = shop
        .http
        .post(format!("{}/api/orders/cart/items", shop.base))
        .body(vec![b'x'; 100_000])
        .send()
        .await
        .unwrap();
    assert_eq!(big.status(), 413);
    assert_eq!(big.headers()["content-type"], "application/problem+json");
    let traced = shop
        .http
        .get(format!("{}/api/catalog/categories", shop.base))
        .header("x-request-id", "trace-me-1")
        .send()
        .await
        .unwrap();
    assert_eq!(traced.headers()["x-request-id"], "trace-me-1");

    // The story: register, browse and search, cart, checkout, email, ship.
    let (status, _) = shop
        .call(
            Method::POST,
            "/api/identity/register",
            None,
            Some(json!({"email": "ana@example.com", "password": PASSWORD, "name": "Ana"})),
        )
        .await;
    assert_eq!(status, 202);
    let ana = shop.login("ana@example.com", PASSWORD).await;
    // The verification email went identity → outbox → RabbitMQ →
    // notifications → SMTP; its link verifies the address.
    let mail = eventually("the verification email", PATIENCE, || async {
        smtp.messages().first().cloned()
    })
    .await;
    assert!(mail.contains("Subject: Confirm your email"), "{mail}");
    let token = kit::testing::link_token(&mail, "/verify-email#token=");
    let (status, _) = shop
        .call(
            Method::POST,
            "/api/identity/verify-email",
            None,
            Some(json!({"token": token})),
        )
        .await;
    assert_eq!(status, 204);
    let (_, me) = shop
        .call(Method::GET, "/api/identity/me", Some(&ana), None)
        .await;
    assert_eq!(me["email_verified"], true);

    // Service identity: the catalog's internal routes take only a service
    // token for the catalog with the route's scope.
    let ops = shop.login("ops@example.com", PASSWORD).await;
    let reserve = |token: Option<String>| {
        let mut request = shop
            .http
            .post(format!(
                "{}/internal/reservations",
                topology.internal_url("catalog")
            ))
            .json(&json!({"reservation_id": uuid::Uuid::now_v7().to_string(), "items": []}));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { request.send().await.unwrap().status() }
    };
    let service_token = |client: &str, secret: &str, audience: &str, scope: &str| {
        let request = shop
            .http
            .post(format!("{}/oauth/token", topology.internal_url("identity")))
            .basic_auth(client, Some(secret))
            .form(&[
                ("grant_type", "client_credentials"),
                ("audience", audience),
                ("scope", scope),
            ]);
        async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            let body: Value = response.json().await.unwrap();
            (status, body["access_token"].as_str().map(str::to_owned))
        }
    };
    assert_eq!(reserve(None).await, StatusCode::UNAUTHORIZED);
    assert_eq!(reserve(Some(ana.clone())).await, StatusCode::FORBIDDEN);
    assert_eq!(reserve(Some(ops.clone())).await, StatusCode::FORBIDDEN);
    let (_, elsewhere) = service_token("probe", "probe-secret", "orders", "orders:read").await;
    assert_eq!(reserve(elsewhere).await, StatusCode::FORBIDDEN);
    let (_, other_scope) = service_token("probe", "probe-secret", "catalog", "catalog:other").await;
    assert_eq!(reserve(other_scope).await, StatusCode::FORBIDDEN);
    let (status, _) =
        service_token("probe", "probe-secret", "catalog", "catalog:reservations").await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a scope the client was not granted"
    );
    let (status, _) = service_token("orders", "wrong", "catalog", "catalog:reservations").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // A rotated client secret works at once, identity still running; the old
    // one no longer does.
    let rotated = credentials::write(&dir.join("secrets"), "orders-secret-2", "probe-secret");
    let (status, _) = service_token(
        "orders",
        "orders-secret-1",
        "catalog",
        "catalog:reservations",
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, orders_token) = service_token(
        "orders",
        "orders-secret-2",
        "catalog",
        "catalog:reservations",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        reserve(orders_token).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an empty reservation, but past the guard"
    );
    assert_eq!(rotated.orders_secret_file, credentials.orders_secret_file);

    // Tasks, on MongoDB behind the gateway, trusting identity's tokens.
    let (status, task) = shop
        .call(
            Method::POST,
            "/api/tasks",
            Some(&ana),
            Some(json!({"title": "Pack the scarf", "priority": "high", "tags": ["Gifts"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    let (status, listed) = shop
        .call(
            Method::GET,
            "/api/tasks?tag=gifts&sort=-priority",
            Some(&ana),
            None,
        )
        .await;
    assert_eq!(
        (status, &listed["items"][0]["id"]),
        (StatusCode::OK, &task["id"])
    );
    let (_, insights) = shop
        .call(Method::GET, "/api/tasks/insights", Some(&ana), None)
        .await;
    assert_eq!(insights["pending"], 1, "{insights}");
    let (status, _) = shop.call(Method::GET, "/api/tasks", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, found) = shop
        .call(
            Method::GET,
            "/api/catalog/products?q=wool&sort=price",
            None,
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert!(found["total"].as_u64().unwrap() > 0, "{found}");
    let product = found["items"][0]["id"].as_str().unwrap().to_owned();
    shop.add_to_cart(&ana, &product).await;
    // The token from before the verification still says unverified: orders
    // refuses it; a fresh login's token checks out.
    let refused = shop.checkout(&ana).await;
    assert_eq!(refused.status(), 403);
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["type"], "urn:feira:problem:email-not-verified");
    let ana = shop.login("ana@example.com", PASSWORD).await;
    let placed = shop.checkout(&ana).await;
    assert_eq!(placed.status(), 201);
    // The gateway started the trace with its request id.
    let trace_id = placed.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let order: Value = placed.json().await.unwrap();
    assert_eq!(order["status"], "paid");
    let id = order["id"].as_str().unwrap();
    eventually("the confirmation email", PATIENCE, || async {
        (smtp.messages().len() == 2).then_some(())
    })
    .await;
    assert!(smtp.messages()[1].contains(order["number"].as_str().unwrap()));
    one_trace_from_the_gateway_to_the_email(&otlp, &trace_id, &gateway_dir).await;
    the_pipeline_is_in_the_metrics(&topology).await;

    let ops = shop.login("ops@example.com", PASSWORD).await;
    let (status, shipped) = shop
        .call(
            Method::POST,
            &format!("/api/orders/{id}/ship"),
            Some(&ops),
            Some(json!({"carrier": "CTT", "tracking_number": "RR123"})),
        )
        .await;
    assert_eq!(
        (status, shipped["status"].as_str()),
        (StatusCode::OK, Some("shipped"))
    );
    eventually("the shipped email", PATIENCE, || async {
        (smtp.messages().len() == 3).then_some(())
    })
    .await;
    assert!(smtp.messages()[2].contains("RR123"));
    let inbox = eventually("two in-app notifications", PATIENCE, || async {
        let (_, inbox) = shop
            .call(Method::GET, "/api/notifications/me", Some(&ana), None)
            .await;
        (inbox["total"] == 2).then_some(inbox)
    })
    .await;
    assert_eq!(inbox["items"][0]["title"], "Your order is on its way");

    // Faults: the catalog stops. Checkout answers a clean 503 naming it, orders
    // says why it is not ready, and nothing is half-written.
    shop.add_to_cart(&ana, &product).await;
    catalog.stop();
    let down = shop.checkout(&ana).await;
    assert_eq!(down.status(), 503);
    let problem: Value = down.json().await.unwrap();
    assert_eq!(problem["dependency"], "catalog", "{problem}");
    let report: Value = reqwest::get(format!("{}/ready", topology.url("orders")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let check = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "catalog")
        .unwrap()
        .clone();
    assert_eq!(check["ok"], false, "{report}");
    let (_, mine) = shop
        .call(Method::GET, "/api/orders", Some(&ana), None)
        .await;
    assert_eq!(mine["total"], 1);

    // The catalog comes back; checkout works again without restarting anything else.
    catalog = topology.serve("catalog");
    ready(&topology.url("catalog")).await;
    ready(&topology.url("orders")).await;
    let again = shop.checkout(&ana).await;
    assert_eq!(again.status(), 201);

    // Alerts: a real Prometheus scrapes every service and RabbitMQ with the
    // repository's config and rules. The consumer stops while orders go on:
    // the events wait in its queue and ConsumerBacklog fires; it comes back,
    // drains the queue, and the alert resolves.
    let prometheus = Prometheus::start(&topology, &vhost, &dir.join("prometheus"));
    prometheus
        .alert("every target is up", |alerts| {
            !alerts
                .iter()
                .any(|a| a["labels"]["alertname"] == "ServiceDown")
        })
        .await;
    let emails = smtp.messages().len();
    notifications.stop();
    shop.add_to_cart(&ana, &product).await;
    assert_eq!(shop.checkout(&ana).await.status(), 201);
    prometheus
        .alert("ConsumerBacklog firing for notifications", |alerts| {
            alerts.iter().any(|a| {
                a["labels"]["alertname"] == "ConsumerBacklog"
                    && a["labels"]["queue"] == "notifications"
                    && a["state"] == "firing"
            })
        })
        .await;
    prometheus
        .alert("ServiceDown firing for notifications", |alerts| {
            alerts.iter().any(|a| {
                a["labels"]["alertname"] == "ServiceDown"
                    && a["labels"]["job"] == "notifications"
                    && a["state"] == "firing"
            })
        })
        .await;
    notifications = topology.serve("notifications");
    ready(&topology.url("notifications")).await;
    eventually("the waiting order's emails", PATIENCE, || async {
        (smtp.messages().len() > emails).then_some(())
    })
    .await;
    prometheus
        .alert("both resolved", |alerts| {
            !alerts.iter().any(|a| {
                a["labels"]["alertname"] == "ConsumerBacklog"
                    || a["labels"]["alertname"] == "ServiceDown"
            })
        })
        .await;
    drop(prometheus);

    // The gateway's coarse limit (200 r/s per client, bursts of 400 for the
    // catalog): a flood gets 429 problem+json with Retry-After.
    let mut flood = tokio::task::JoinSet::new();
    for _ in 0..1000 {
        let (http, url) = (
            shop.http.clone(),
            format!("{}/api/catalog/categories", shop.base),
        );
        flood.spawn(async move { http.get(url).send().await });
    }
    let mut limited = None;
    while let Some(answer) = flood.join_next().await {
        let answer = answer.unwrap().unwrap();
        if answer.status() == 429 {
            limited = Some(answer);
        }
    }
    let limited = limited.expect("the flood was limited");
    assert_eq!(
        limited.headers()["content-type"],
        "application/problem+json"
    );
    assert_eq!(limited.headers()["retry-after"], "1");
    drop((catalog, notifications));
    let _ = std::fs::remove_dir_all(dir);
}

/// The checkout's trace, as the collector received it: the gateway's request
/// id is the trace id and its span the parent of orders' request span; the
/// reservation (catalog), the contact lookup (identity), the relay's publish
/// and the consumer's send hang below it, each from its own process; the
/// gateway's log line names the trace.
async fn one_trace_from_the_gateway_to_the_email(
    otlp: &OtlpReceiver,
    trace_id: &str,
    gateway_dir: &Path,
) {
    assert_eq!(trace_id.len(), 32, "{trace_id}");
    // Each process exports in its own batches: wait for all of them.
    let expected = [
        ("orders", "POST /api/orders"),
        ("orders", "payment"),
        ("orders", "outbox write"),
        ("orders", "publish order.paid"),
        ("catalog", "POST /internal/reservations"),
        ("catalog", "reserve"),
        ("identity", "GET /api/identity/me"),
        ("notifications", "consume order.paid"),
        ("notifications", "send email"),
    ];
    let spans = eventually(
        &format!("the spans {expected:?} in trace {trace_id}"),
        PATIENCE,
        || async {
            let spans = otlp.trace(trace_id);
            expected
                .iter()
                .all(|(service, name)| {
                    spans
                        .iter()
                        .any(|s| s.service == *service && s.name == *name)
                })
                .then_some(spans)
        },
    )
    .await;
    let find = |service: &str, name: &str| {
        spans
            .iter()
            .find(|s| s.service == service && s.name == name)
            .unwrap_or_else(|| {
                let seen: Vec<_> = spans.iter().map(|s| (&s.service, &s.name)).collect();
                panic!("no {name} span from {service} in {seen:#?}")
            })
            .clone()
    };
    let by_id = |id: &str| spans.iter().find(|s| s.span_id == id);
    let request = find("orders", "POST /api/orders");
    assert_eq!(
        request.parent_span_id,
        trace_id[16..],
        "the gateway's span is the parent"
    );
    for (service, name) in [
        ("catalog", "POST /internal/reservations"),
        ("identity", "GET /api/identity/me"),
    ] {
        let server = find(service, name);
        let caller = by_id(&server.parent_span_id).expect("the caller's span is in the trace");
        assert_eq!(caller.service, "orders", "{name} is called by orders");
    }
    find("catalog", "reserve");
    let publish = find("orders", "publish order.paid");
    let consume = find("notifications", "consume order.paid");
    assert_eq!(consume.parent_span_id, publish.span_id);
    let send = find("notifications", "send email");
    assert!(
        std::iter::successors(Some(&send), |s| by_id(&s.parent_span_id))
            .any(|s| s.span_id == consume.span_id),
        "the send is below the consume"
    );
    // Everything hangs from orders' request span.
    for span in &spans {
        let root = std::iter::successors(Some(span), |s| by_id(&s.parent_span_id))
            .last()
            .unwrap();
        assert_eq!(root.span_id, request.span_id, "{} is detached", span.name);
    }
    let log = std::fs::read_to_string(gateway_dir.join("access.log")).unwrap();
    assert!(
        log.lines().any(
            |line| line.contains(&format!("\"trace_id\":\"{trace_id}\""))
                && line.contains("\"uri\":\"/api/orders\"")
        ),
        "the gateway's log line names the trace"
    );
}

/// Each service's `/metrics` (internal listener) counts what the story did:
/// the metrics the alert rules and dashboards of `deploy/observability` read.
async fn the_pipeline_is_in_the_metrics(topology: &Topology) {
    let expected = [
        ("identity", r#"feira_logins_total{outcome="success"}"#),
        (
            "identity",
            r#"feira_relay_published_total{outbox="identity"}"#,
        ),
        ("catalog", r#"feira_reservations_total{outcome="reserved"}"#),
        (
            "orders",
            r#"feira_checkouts_total{purpose="checkout",outcome="paid"}"#,
        ),
        ("orders", r#"feira_relay_published_total{outbox="orders"}"#),
        ("orders", r#"feira_outbox_pending{outbox="orders"}"#),
        (
            "orders",
            r#"feira_outbox_oldest_pending_age_seconds{outbox="orders"}"#,
        ),
        ("notifications", "feira_consumer_events_total{"),
        ("notifications", "feira_consumer_lag_seconds_bucket{"),
        (
            "notifications",
            r#"feira_notification_sends_total{channel="email",result="sent"}"#,
        ),
    ];
    for (service, series) in expected {
        let url = format!("{}/metrics", topology.internal_url(service));
        eventually(&format!("{series} at {url}"), PATIENCE, || async {
            let page = reqwest::get(&url).await.ok()?.text().await.ok()?;
            page.lines()
                .any(|line| line.starts_with(series))
                .then_some(())
        })
        .await;
    }
}

/// A Prometheus server on `deploy/observability`'s scrape config and alert
/// rules, pointed at this suite's processes and vhost, scraping and
/// evaluating every second, with the rules' `for:` cut to seconds.
struct Prometheus {
    _process: Process,
    url: String,
}

impl Prometheus {
    fn start(topology: &Topology, vhost: &TestVhost, dir: &Path) -> Self {
        std::fs::create_dir_all(dir).unwrap();
        let mut config = include_str!("../../../deploy/observability/prometheus.yml")
            .replace("scrape_interval: 15s", "scrape_interval: 1s")
            .replace("evaluation_interval: 15s", "evaluation_interval: 1s");
        for service in SERVICES {
            let internal = topology.internal_url(service);
            config = config.replace(
                &format!("\"{service}:8081\""),
                &format!("\"{}\"", internal.trim_start_matches("http://")),
            );
        }
        let rabbit = Backend::RabbitmqMetrics.url();
        config = config
            .replace(
                "\"rabbitmq:15692\"",
                &format!("\"{}\"", rabbit.trim_start_matches("http://")),
            )
            .replace(
                "family: [queue_coarse_metrics]",
                &format!(
                    "family: [queue_coarse_metrics]\n      vhost: [{}]",
                    vhost.name()
                ),
            );
        assert!(!config.contains(":8081\""), "a target left unreplaced");
        std::fs::write(dir.join("prometheus.yml"), config).unwrap();
        let rules = include_str!("../../../deploy/observability/alerts.yml");
        let rules = short_waits(rules);
        std::fs::write(dir.join("alerts.yml"), rules).unwrap();
        let port = closed_port();
        let process = Process::new(
            Command::new(Backend::Prometheus.url())
                .arg(format!(
                    "--config.file={}",
                    dir.join("prometheus.yml").display()
                ))
                .arg(format!(
                    "--storage.tsdb.path={}",
                    dir.join("data").display()
                ))
                .arg(format!("--web.listen-address=127.0.0.1:{port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::from(
                    std::fs::File::create(dir.join("prometheus.log")).unwrap(),
                ))
                .spawn()
                .expect("prometheus starts"),
        );
        Self {
            _process: process,
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    /// Waits until the alerts Prometheus reports satisfy `condition`.
    async fn alert(&self, what: &str, condition: impl Fn(&[Value]) -> bool) {
        let url = format!("{}/api/v1/alerts", self.url);
        eventually(what, Duration::from_secs(60), || async {
            let body: Value = reqwest::get(&url).await.ok()?.json().await.ok()?;
            let alerts = body["data"]["alerts"].as_array()?;
            condition(alerts).then_some(())
        })
        .await;
    }
}

/// The alert rules with every `for:` a few seconds, so the test waits
/// seconds where production waits minutes; the expressions stay as written.
fn short_waits(rules: &str) -> String {
    rules
        .lines()
        .map(|line| match line.trim_start().strip_prefix("for: ") {
            Some(_) => format!("{}for: 3s", &line[..line.len() - line.trim_start().len()]),
            None => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}
