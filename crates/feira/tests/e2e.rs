//! The distributed mode end to end: every service its own `feira serve`
//! process on PostgreSQL, RabbitMQ and the MongoDB-protocol store, behind nginx
//! with the repository's gateway config, driven through the gateway only.
//!
//! Needs nginx (`FEIRA_TEST_NGINX`, the binary's path) besides the backends of
//! the other suites; `make e2e` runs this file alone.

#[path = "common/credentials.rs"]
mod credentials;

use kit::testing::{
    Backend, OtlpReceiver, SmtpSink, TcpProxy, TestDatabase, TestVhost, closed_port, eventually,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const PATIENCE: Duration = Duration::from_secs(30);

/// Settings the suite gives the service processes that a deployment sets too;
/// `compose.yaml` must set exactly these (checked below).
const DEPLOYMENT_SETTINGS: [&str; 20] = [
    "FEIRA_AUTH__JWKS_URL",
    "FEIRA_IDENTITY__POSTGRES__URL",
    "FEIRA_IDENTITY__KEYS__DIR",
    "FEIRA_IDENTITY__RATE_LIMITS__CLIENT_IP",
    "FEIRA_IDENTITY__RATE_LIMITS__TRUSTED_PROXY_HOPS",
    "FEIRA_IDENTITY__RATE_LIMITS__REDIS_URL",
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
const TEST_ONLY_SETTINGS: [&str; 10] = [
    "FEIRA_CONFIG_DIR",
    "FEIRA_TELEMETRY__FILTER",
    "FEIRA_DATA_DIR",
    "FEIRA_AUTH__JWKS_MIN_REFETCH_SECS",
    "FEIRA_CATALOG__MONGODB__DATABASE",
    "FEIRA_TASKS__MONGODB__DATABASE",
    "FEIRA_ORDERS__POLL_MS",
    "FEIRA_IDENTITY__KEYS__RELOAD_SECS",
    "FEIRA_IDENTITY__KEYS__ACTIVATION_SECS",
    "FEIRA_IDENTITY__RATE_LIMITS__REDIS_PREFIX",
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

/// The Kubernetes base's manifest and settings file of each service
/// (`deploy/k8s/base/<name>.yaml`, `settings/<name>.env`).
const KUBERNETES_SERVICES: [(&str, &str, &str); 5] = [
    (
        "catalog",
        include_str!("../../../deploy/k8s/base/catalog.yaml"),
        include_str!("../../../deploy/k8s/base/settings/catalog.env"),
    ),
    (
        "identity",
        include_str!("../../../deploy/k8s/base/identity.yaml"),
        include_str!("../../../deploy/k8s/base/settings/identity.env"),
    ),
    (
        "orders",
        include_str!("../../../deploy/k8s/base/orders.yaml"),
        include_str!("../../../deploy/k8s/base/settings/orders.env"),
    ),
    (
        "notifications",
        include_str!("../../../deploy/k8s/base/notifications.yaml"),
        include_str!("../../../deploy/k8s/base/settings/notifications.env"),
    ),
    (
        "tasks",
        include_str!("../../../deploy/k8s/base/tasks.yaml"),
        include_str!("../../../deploy/k8s/base/settings/tasks.env"),
    ),
];
/// Where every workload of the base mounts its credentials Secret; not a
/// setting of its own but the way the others arrive.
const KUBERNETES_SECRETS_DIR: &str = "/run/secrets/feira/settings";

/// What one workload of the Kubernetes base runs and sets. (The manifests are
/// hand-written in one style: `args:` as a flow list, Secret `items` and ports
/// one flow map a line, `env` names below `- name:`.)
#[derive(Debug, Default)]
struct KubernetesWorkload {
    /// Every `args:` line, init containers first.
    args: Vec<String>,
    /// The names of its settings ConfigMap, with their values.
    config: std::collections::BTreeMap<String, String>,
    /// The files under `FEIRA_SECRETS_DIR`: the Secret's `items`.
    secret_files: std::collections::BTreeSet<String>,
    /// `FEIRA_*` names set in `env`.
    env: std::collections::BTreeSet<String>,
    /// Every `mountPath`.
    mounts: std::collections::BTreeSet<String>,
}

impl KubernetesWorkload {
    fn parse(manifest: &str, settings: &str) -> Self {
        let mut workload = Self::default();
        for line in settings.lines().map(str::trim) {
            if line.starts_with('#') {
                continue;
            }
            if let Some((name, value)) = line.split_once('=') {
                workload.config.insert(name.to_owned(), value.to_owned());
            }
        }
        for line in manifest.lines().map(str::trim) {
            if let Some(args) = line.strip_prefix("args: ") {
                workload.args.push(args.to_owned());
            } else if let Some(item) = line
                .strip_prefix("- {key: ")
                .filter(|item| item.starts_with("FEIRA_"))
            {
                let (key, path) = item
                    .strip_suffix('}')
                    .and_then(|item| item.split_once(", path: "))
                    .expect("a Secret item as {key: K, path: P}");
                assert_eq!(
                    key, path,
                    "a file under FEIRA_SECRETS_DIR is named like its setting"
                );
                workload.secret_files.insert(key.to_owned());
            } else if let Some(name) = line.strip_prefix("- name: FEIRA_") {
                workload.env.insert(format!("FEIRA_{name}"));
            }
            if let Some((_, rest)) = line.split_once("mountPath: ") {
                let path = rest.split([',', '}']).next().unwrap_or(rest).trim();
                workload.mounts.insert(path.to_owned());
            }
        }
        workload
    }

    /// Every `FEIRA_*` setting it gives, `FEIRA_SECRETS_DIR` (the plumbing of
    /// the Secret files) aside.
    fn settings(&self) -> std::collections::BTreeSet<String> {
        self.config
            .keys()
            .chain(&self.secret_files)
            .chain(&self.env)
            .filter(|name| name.starts_with("FEIRA_") && name.as_str() != "FEIRA_SECRETS_DIR")
            .cloned()
            .collect()
    }

    /// Asserts the Secret files arrive: FEIRA_SECRETS_DIR names the folder
    /// the credentials are mounted at.
    fn assert_secret_files_mounted(&self, what: &str) {
        if self.secret_files.is_empty() {
            return;
        }
        assert!(
            self.env.contains("FEIRA_SECRETS_DIR"),
            "{what}: FEIRA_SECRETS_DIR is not set"
        );
        assert!(
            self.mounts.contains(KUBERNETES_SECRETS_DIR),
            "{what}: nothing is mounted at {KUBERNETES_SECRETS_DIR}"
        );
    }
}

#[test]
fn kubernetes_base_runs_the_processes_and_settings_of_this_suite() {
    let compose = compose_services();
    let base = include_str!("../../../deploy/k8s/base/kustomization.yaml");
    let mut set = std::collections::BTreeSet::new();
    for (service, manifest, settings) in KUBERNETES_SERVICES {
        let workload = KubernetesWorkload::parse(manifest, settings);
        assert_eq!(
            workload.args,
            [
                format!("[\"migrate\", \"--service\", \"{service}\"]"),
                format!(
                    "[\"serve\", \"{service}\", \"--port\", \"8080\", \"--internal-port\", \"8081\"]"
                ),
            ],
            "{service}: the init container migrates, the container serves"
        );
        for port in [
            "- {name: http, containerPort: 8080}",
            "- {name: internal, containerPort: 8081}",
            "- {name: http, port: 8080, targetPort: http}",
            "- {name: internal, port: 8081, targetPort: internal}",
            "httpGet: {path: /ready, port: http}",
            "httpGet: {path: /health, port: http}",
        ] {
            assert!(
                manifest.lines().any(|line| line.trim() == port),
                "{service}.yaml: no `{port}`"
            );
        }
        assert!(
            manifest.contains(&format!("configMapRef: {{name: {service}-settings}}"))
                && base.contains(&format!(
                    "- name: {service}-settings\n    envs: [settings/{service}.env]"
                ))
                && base.contains(&format!("\n  - {service}.yaml\n")),
            "{service}: kustomization.yaml generates its settings and lists its manifest"
        );
        workload.assert_secret_files_mounted(service);
        for (name, value) in &workload.config {
            if value.starts_with("/run/secrets/") {
                assert!(
                    workload
                        .mounts
                        .iter()
                        .any(|mount| value.starts_with(&format!("{mount}/")) || value == mount),
                    "{service}: {name}={value} is in no mounted folder"
                );
            }
        }
        assert_eq!(
            workload.settings(),
            compose[service].1,
            "{service}: the cluster and compose.yaml set different settings"
        );
        set.extend(workload.settings());
    }

    let migrate =
        KubernetesWorkload::parse(include_str!("../../../deploy/k8s/base/migrate.yaml"), "");
    assert_eq!(
        migrate.args,
        ["[\"migrate\"]"],
        "the migration Job's command"
    );
    migrate.assert_secret_files_mounted("the migration Job");
    assert_eq!(
        migrate.settings(),
        compose["migrate"].1,
        "the migration Job and compose.yaml's migrate set different settings"
    );
    set.extend(migrate.settings());

    let expected: std::collections::BTreeSet<String> = DEPLOYMENT_SETTINGS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    assert_eq!(
        set, expected,
        "deploy/k8s/base and the e2e suite set different settings"
    );

    let gateway = KubernetesWorkload::parse(
        include_str!("../../../deploy/k8s/base/gateway.yaml"),
        include_str!("../../../deploy/k8s/base/settings/gateway.env"),
    );
    assert_eq!(
        gateway.settings(),
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
    /// Per replica, each service's public port.
    ports: Vec<[(&'static str, u16); 5]>,
    /// Per replica, each service's internal listener.
    internal_ports: Vec<[(&'static str, u16); 5]>,
}

fn port_in(ports: &[(&'static str, u16); 5], service: &str) -> u16 {
    ports.iter().find(|(s, _)| *s == service).unwrap().1
}

fn base_url(ports: &[(&'static str, u16); 5], service: &str) -> String {
    format!("http://127.0.0.1:{}", port_in(ports, service))
}

impl Topology {
    /// The public base URL of `service`'s first replica.
    fn url(&self, service: &str) -> String {
        self.replica_url(service, 0)
    }

    fn replica_url(&self, service: &str, replica: usize) -> String {
        base_url(&self.ports[replica], service)
    }

    /// The base URL of the internal listener of `service`'s first replica.
    fn internal_url(&self, service: &str) -> String {
        base_url(&self.internal_ports[0], service)
    }

    /// The gateway's `server` entries for `service`: every replica. (In a
    /// cluster the one entry is the service's name, and the cluster spreads
    /// it over the replicas.)
    fn upstream(&self, service: &str) -> String {
        self.ports
            .iter()
            .map(|replica| format!("127.0.0.1:{}", port_in(replica, service)))
            .collect::<Vec<_>>()
            .join("; server ")
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
        self.serve_replica(service, 0)
    }

    fn serve_replica(&self, service: &str, replica: usize) -> Process {
        self.serve_with(service, replica, &[])
    }

    /// Replica `replica` of `service` with `extra` settings over the shared ones.
    fn serve_with(&self, service: &str, replica: usize, extra: &[(&str, &str)]) -> Process {
        let port = port_in(&self.ports[replica], service).to_string();
        let internal = port_in(&self.internal_ports[replica], service).to_string();
        let mut command = self.feira(&[
            "serve",
            service,
            "--port",
            &port,
            "--internal-port",
            &internal,
        ]);
        if replica > 0 {
            // Its own log files.
            let log = |ext: &str| {
                std::fs::File::create(self.dir.join(format!("serve-{service}-{replica}.{ext}")))
                    .unwrap()
            };
            command.stdout(log("out")).stderr(log("log"));
        }
        command.envs(extra.iter().copied());
        Process::new(command.spawn().unwrap())
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

    /// Registers `email` with the suite's password; registering answers 202.
    async fn register(&self, email: &str, name: &str) {
        let (status, body) = self
            .call(
                Method::POST,
                "/api/identity/register",
                None,
                Some(json!({"email": email, "password": PASSWORD, "name": name})),
            )
            .await;
        assert_eq!(status, 202, "{body}");
    }

    /// Follows the link of the first email `smtp` caught (the verification
    /// email) and returns that email.
    async fn verify_first_email(&self, smtp: &SmtpSink) -> String {
        let mail = eventually("the verification email", PATIENCE, || async {
            smtp.messages().first().cloned()
        })
        .await;
        let token = kit::testing::link_token(&mail, "/verify-email#token=");
        let (status, _) = self
            .call(
                Method::POST,
                "/api/identity/verify-email",
                None,
                Some(json!({"token": token})),
            )
            .await;
        assert_eq!(status, 204);
        mail
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
        self.checkout_with_key(token, &uuid::Uuid::now_v7().to_string())
            .await
    }

    async fn checkout_with_key(&self, token: &str, key: &str) -> reqwest::Response {
        self.http
            .post(format!("{}/api/orders", self.base))
            // A lower-case scheme, as some clients send it: orders forwards
            // the token to identity and the catalog, and once answered 500
            // when it stripped `Bearer ` case-sensitively.
            .header("authorization", format!("bearer {token}"))
            .header("Idempotency-Key", key)
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

/// What both end-to-end tests run on: the backends, the service settings,
/// the operator's steps done (a signing key, the schemas, an admin, the
/// catalog) and the gateway started with `replicas` addresses per service.
/// The services themselves the test starts.
struct Stack {
    dir: PathBuf,
    topology: Topology,
    smtp: SmtpSink,
    otlp: OtlpReceiver,
    vhost: TestVhost,
    gateway_dir: PathBuf,
    gateway_port: u16,
    credentials: credentials::Credentials,
    _databases: [TestDatabase; 3],
    _nginx: Process,
    _balancers: Vec<TcpProxy>,
}

impl Stack {
    async fn start(replicas: usize) -> Self {
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
        let replica_ports = || SERVICES.map(|service| (service, closed_port()));
        let ports: Vec<_> = (0..replicas).map(|_| replica_ports()).collect();
        let internal_ports: Vec<_> = (0..replicas).map(|_| replica_ports()).collect();
        // What a cluster's Service does for the calls between services: one
        // address per service, spread over its replicas. With one replica the
        // services call each other directly.
        let mut balancers = Vec::new();
        let mut urls = Vec::new();
        for (of, service) in [
            (&ports, "identity"),
            (&internal_ports, "identity"),
            (&internal_ports, "catalog"),
        ] {
            let backends: Vec<String> = of
                .iter()
                .map(|replica| format!("127.0.0.1:{}", port_in(replica, service)))
                .collect();
            if let [only] = backends.as_slice() {
                urls.push(format!("http://{only}"));
                continue;
            }
            let balancer = TcpProxy::balance(0, &backends).await;
            urls.push(format!("http://127.0.0.1:{}", balancer.port));
            balancers.push(balancer);
        }
        let [identity_url, identity_internal, catalog_internal] =
            <[String; 3]>::try_from(urls).unwrap();
        let credentials =
            credentials::write(&dir.join("secrets"), "orders-secret-1", "probe-secret");
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
            ("FEIRA_ORDERS__CATALOG_URL", catalog_internal),
            ("FEIRA_ORDERS__IDENTITY_URL", identity_url.clone()),
            ("FEIRA_ORDERS__POLL_MS", "200".to_owned()),
            // A rotated key is read within a second and signs two seconds
            // later (production: 30 s and 60 s).
            ("FEIRA_IDENTITY__KEYS__RELOAD_SECS", "1".to_owned()),
            ("FEIRA_IDENTITY__KEYS__ACTIVATION_SECS", "2".to_owned()),
            ("FEIRA_BUS__AMQP_URL", vhost.url.clone()),
            ("FEIRA_NOTIFICATIONS__POSTGRES__URL", notices_db.url.clone()),
            ("FEIRA_NOTIFICATIONS__SMTP__HOST", "127.0.0.1".to_owned()),
            ("FEIRA_NOTIFICATIONS__SMTP__PORT", smtp.port.to_string()),
            ("FEIRA_NOTIFICATIONS__SMTP__SECURITY", "none".to_owned()),
            ("FEIRA_TASKS__MONGODB__URL", mongo.clone()),
            ("FEIRA_TELEMETRY__OTLP__ENDPOINT", otlp.url.clone()),
            // The login limits every replica of identity shares.
            (
                "FEIRA_IDENTITY__RATE_LIMITS__REDIS_URL",
                Backend::Redis.url(),
            ),
            // This run's counts apart from any other's.
            (
                "FEIRA_IDENTITY__RATE_LIMITS__REDIS_PREFIX",
                format!("feira-e2e-{}", uuid::Uuid::now_v7()),
            ),
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
        let nginx_process = gateway(
            &nginx,
            &gateway_dir,
            &[
                ("FEIRA_GATEWAY_PORT", gateway_port.to_string()),
                (
                    "FEIRA_GATEWAY_DIR",
                    gateway_dir.to_str().unwrap().to_owned(),
                ),
                ("FEIRA_CATALOG", topology.upstream("catalog")),
                ("FEIRA_IDENTITY", topology.upstream("identity")),
                ("FEIRA_ORDERS", topology.upstream("orders")),
                ("FEIRA_NOTIFICATIONS", topology.upstream("notifications")),
                ("FEIRA_TASKS", topology.upstream("tasks")),
                (
                    "FEIRA_WEB_ROOT",
                    dir.join("web").to_str().unwrap().to_owned(),
                ),
                ("FEIRA_CORS_ORIGIN", "http://localhost:5173".to_owned()),
                ("FEIRA_GATEWAY_RATE", "200r/s".to_owned()),
            ],
        );
        Self {
            dir,
            topology,
            smtp,
            otlp,
            vhost,
            gateway_dir,
            gateway_port,
            credentials,
            _databases: [identity_db, orders_db, notices_db],
            _nginx: nginx_process,
            _balancers: balancers,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs nginx, PostgreSQL, RabbitMQ, Redis and the MongoDB protocol (FEIRA_TEST_NGINX, FEIRA_TEST_*_URL)"]
async fn the_whole_shop_runs_as_separate_processes_behind_nginx() {
    let stack = Stack::start(1).await;
    let Stack {
        dir,
        topology,
        smtp,
        otlp,
        vhost,
        gateway_dir,
        gateway_port,
        credentials,
        ..
    } = &stack;
    let gateway_port = *gateway_port;
    let mut notifications = topology.serve("notifications");
    let mut orders = topology.serve("orders");
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
    shop.register("ana@example.com", "Ana").await;
    let ana = shop.login("ana@example.com", PASSWORD).await;
    // The verification email went identity → outbox → RabbitMQ →
    // notifications → SMTP; its link verifies the address.
    let mail = shop.verify_first_email(smtp).await;
    assert!(mail.contains("Subject: Confirm your email"), "{mail}");
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
    one_trace_from_the_gateway_to_the_email(otlp, &trace_id, gateway_dir).await;
    the_pipeline_is_in_the_metrics(topology).await;

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
    let prometheus = Prometheus::start(topology, vhost, &dir.join("prometheus"));
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

    // The relay after a restart: orders runs without the broker, so a
    // checkout's events wait in its outbox; orders restarts with the broker,
    // its relay publishes them, and the publish continues the request's
    // trace (stored with the event) though another process made it.
    orders.stop();
    orders = topology.serve_with("orders", 0, &[("FEIRA_BUS__AMQP_URL", "")]);
    ready(&topology.url("orders")).await;
    shop.add_to_cart(&ana, &product).await;
    let waiting = shop.checkout(&ana).await;
    assert_eq!(waiting.status(), 201);
    let waiting_trace = waiting.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let waiting: Value = waiting.json().await.unwrap();
    let number = waiting["number"].as_str().unwrap().to_owned();
    orders.stop();
    orders = topology.serve("orders");
    ready(&topology.url("orders")).await;
    eventually("the email of the order that waited", PATIENCE, || async {
        smtp.messages()
            .iter()
            .any(|m| m.contains(number.as_str()))
            .then_some(())
    })
    .await;
    relay_after_restart_in_the_trace(otlp, &waiting_trace).await;

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
    drop((catalog, notifications, orders));
    let _ = std::fs::remove_dir_all(dir);
}

/// Every service at two replicas behind the gateway, as a deployment that
/// has outgrown one machine runs: the login limit holds in total, a checkout
/// retried at the other replica is the same order, a rotated signing key is
/// used and trusted by every replica, stock is never oversold by checkouts
/// racing at both orders replicas, and one replica of every service
/// stopped with SIGTERM under load loses no request, no event and sends no
/// email or SMS twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs nginx, PostgreSQL, RabbitMQ, Redis and the MongoDB protocol (FEIRA_TEST_NGINX, FEIRA_TEST_*_URL)"]
async fn two_replicas_of_every_service_with_one_stopped_mid_run() {
    let stack = Stack::start(2).await;
    let Stack {
        dir,
        topology,
        smtp,
        gateway_port,
        ..
    } = &stack;
    // An SMS provider (Twilio's API) that keeps each message's form body.
    let texts = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let provider = {
        let texts = texts.clone();
        kit::testing::spawn(axum::Router::new().route(
            "/2010-04-01/Accounts/{sid}/Messages.json",
            axum::routing::post(move |body: String| {
                let texts = texts.clone();
                async move {
                    texts.lock().unwrap().push(body);
                    (StatusCode::CREATED, "{}")
                }
            }),
        ))
        .await
    };
    let provider = format!("http://{provider}");
    let sms = [
        ("FEIRA_NOTIFICATIONS__SMS__BASE_URL", provider.as_str()),
        ("FEIRA_NOTIFICATIONS__SMS__ACCOUNT_SID", "AC0123456789"),
        ("FEIRA_NOTIFICATIONS__SMS__AUTH_TOKEN", "sms-token"),
        ("FEIRA_NOTIFICATIONS__SMS__FROM", "+15005550006"),
    ];
    let mut replicas: Vec<(&str, Process)> = Vec::new();
    for replica in 0..2 {
        for service in SERVICES {
            let extra: &[(&str, &str)] = if service == "notifications" {
                &sms
            } else {
                &[]
            };
            replicas.push((service, topology.serve_with(service, replica, extra)));
        }
    }
    for replica in 0..2 {
        for service in SERVICES {
            ready(&topology.replica_url(service, replica)).await;
        }
    }
    let shop = Client {
        http: reqwest::Client::new(),
        base: format!("http://127.0.0.1:{gateway_port}"),
    };
    let at = |service: &str, replica: usize| Client {
        http: reqwest::Client::new(),
        base: topology.replica_url(service, replica),
    };

    // A customer with a verified email; the verification email is sent once.
    shop.register("bea@example.com", "Bea").await;
    shop.verify_first_email(smtp).await;

    // The per-email login limit (5 a minute) holds in total: attempts
    // alternate between the two identity replicas.
    let mut statuses = Vec::new();
    for attempt in 0..7 {
        let (status, _) = at("identity", attempt % 2)
            .call(
                Method::POST,
                "/api/identity/login",
                None,
                Some(json!({"email": "eve@example.com", "password": "not the password"})),
            )
            .await;
        statuses.push(status.as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429]);

    // One checkout, its key sent to one orders replica and then retried at
    // the other: one order.
    let bea = shop.login("bea@example.com", PASSWORD).await;
    // Bea wants her order news by SMS too.
    let (status, me) = shop
        .call(
            Method::PATCH,
            "/api/identity/me",
            Some(&bea),
            Some(json!({"phone": "+351912345678", "preferences": {"sms": true}})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    let (_, found) = shop
        .call(Method::GET, "/api/catalog/products?q=wool", None, None)
        .await;
    let product = found["items"][0]["id"].as_str().unwrap().to_owned();
    shop.add_to_cart(&bea, &product).await;
    let key = uuid::Uuid::now_v7().to_string();
    let first = at("orders", 0).checkout_with_key(&bea, &key).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let retried = at("orders", 1).checkout_with_key(&bea, &key).await;
    assert!(retried.status().is_success(), "{}", retried.status());
    let retried: Value = retried.json().await.unwrap();
    assert_eq!(retried["id"], first["id"]);
    let mut numbers = vec![first["number"].as_str().unwrap().to_owned()];

    // A rotated signing key: each identity replica picks it up and signs
    // with it, and every replica of every service trusts what it signs.
    let kid = |token: &str| jsonwebtoken::decode_header(token).unwrap().kid.unwrap();
    let old_kid = kid(&bea);
    topology.run(
        &[
            "keys",
            "rotate",
            "--dir",
            dir.join("keys").to_str().unwrap(),
        ],
        &[],
    );
    for replica in 0..2 {
        let identity = at("identity", replica);
        let (status, pair) = identity
            .call(
                Method::POST,
                "/api/identity/login",
                None,
                Some(json!({"email": "bea@example.com", "password": PASSWORD})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{pair}");
        // Refreshing (not logging in again, which the login limit counts)
        // until this replica signs with the new key.
        let refresh = std::sync::Mutex::new(pair["refresh_token"].as_str().unwrap().to_owned());
        let signed = eventually(
            &format!("identity replica {replica} signing with the new key"),
            PATIENCE,
            || async {
                let token = refresh.lock().unwrap().clone();
                let (status, pair) = identity
                    .call(
                        Method::POST,
                        "/api/identity/refresh",
                        None,
                        Some(json!({"refresh_token": token})),
                    )
                    .await;
                assert_eq!(status, StatusCode::OK, "{pair}");
                *refresh.lock().unwrap() = pair["refresh_token"].as_str().unwrap().to_owned();
                let access = pair["access_token"].as_str().unwrap().to_owned();
                (kid(&access) != old_kid).then_some(access)
            },
        )
        .await;
        for service_replica in 0..2 {
            for (service, path) in [
                ("orders", "/api/orders"),
                ("tasks", "/api/tasks"),
                ("identity", "/api/identity/me"),
                ("notifications", "/api/notifications/me"),
            ] {
                let (status, body) = at(service, service_replica)
                    .call(Method::GET, path, Some(&signed), None)
                    .await;
                assert_eq!(
                    status,
                    StatusCode::OK,
                    "{service} replica {service_replica} refused a token of the new key: {body}"
                );
            }
        }
    }
    let bea = shop.login("bea@example.com", PASSWORD).await;

    // Stock is never oversold: two left, three customers checking out at
    // once at alternating orders replicas: two orders, one out-of-stock
    // answer, none left.
    let ops = shop.login("ops@example.com", PASSWORD).await;
    let run = uuid::Uuid::now_v7().simple().to_string();
    let (_, categories) = shop
        .call(Method::GET, "/api/catalog/categories", None, None)
        .await;
    let category = categories[0]["slug"].as_str().unwrap().to_owned();
    let (status, scarce) = shop
        .call(
            Method::POST,
            "/api/catalog/products",
            Some(&ops),
            Some(
                json!({"sku": format!("LAST-{}", &run[20..]), "name": "The last scarves",
                        "category": category, "price": {"amount": 2500, "currency": "EUR"},
                        "stock": 2}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{scarce}");
    let scarce = scarce["id"].as_str().unwrap().to_owned();
    let mut buyers = Vec::new();
    for i in 0..3 {
        let email = format!("buyer-{i}@example.com");
        shop.register(&email, &format!("Buyer {i}")).await;
        let (_, pair) = shop
            .call(
                Method::POST,
                "/api/identity/login",
                None,
                Some(json!({"email": email, "password": PASSWORD})),
            )
            .await;
        let unverified = pair["access_token"].as_str().unwrap();
        let (_, me) = shop
            .call(Method::GET, "/api/identity/me", Some(unverified), None)
            .await;
        let (status, _) = shop
            .call(
                Method::POST,
                &format!(
                    "/api/identity/admin/users/{}/verify-email",
                    me["id"].as_str().unwrap()
                ),
                Some(&ops),
                Some(json!({})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        // A refreshed token carries the verified address (a new login would
        // count against the per-IP login limit this test also checks).
        let (_, pair) = shop
            .call(
                Method::POST,
                "/api/identity/refresh",
                None,
                Some(json!({"refresh_token": pair["refresh_token"]})),
            )
            .await;
        let token = pair["access_token"].as_str().unwrap().to_owned();
        shop.add_to_cart(&token, &scarce).await;
        buyers.push(token);
    }
    let mut rush = tokio::task::JoinSet::new();
    for (i, token) in buyers.into_iter().enumerate() {
        let orders = at("orders", i % 2);
        rush.spawn(async move {
            let placed = orders.checkout(&token).await;
            let status = placed.status().as_u16();
            let body: Value = placed.json().await.unwrap_or_default();
            (status, body)
        });
    }
    let mut outcomes = Vec::new();
    // Orders of customers without a phone: an email, no SMS.
    let mut without_phone = Vec::new();
    while let Some(outcome) = rush.join_next().await {
        let (status, body) = outcome.unwrap();
        if status == 201 {
            without_phone.push(body["number"].as_str().unwrap().to_owned());
        } else {
            assert_eq!(body["type"], "urn:feira:problem:out-of-stock", "{body}");
        }
        outcomes.push(status);
    }
    outcomes.sort_unstable();
    assert_eq!(outcomes, [201, 201, 409]);
    let (_, left) = shop
        .call(
            Method::GET,
            &format!("/api/catalog/products/{scarce}"),
            None,
            None,
        )
        .await;
    assert_eq!(left["stock"], 0, "{left}");

    // Load through the gateway (reads of three services and checkouts, paced
    // under the gateway's per-client rate) while replica 1 of every service
    // stops with SIGTERM: every request is answered, and answered well.
    let running = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut load = tokio::task::JoinSet::new();
    for path in [
        "/api/catalog/products?sort=price",
        "/api/identity/me",
        "/api/tasks",
    ] {
        let (http, url, token) = (
            shop.http.clone(),
            format!("{}{path}", shop.base),
            bea.clone(),
        );
        let (running, done) = (running.clone(), done.clone());
        load.spawn(async move {
            let mut failures = Vec::new();
            let mut pace = tokio::time::interval(Duration::from_millis(20));
            while running.load(std::sync::atomic::Ordering::SeqCst) {
                pace.tick().await;
                match http.get(&url).bearer_auth(&token).send().await {
                    Ok(answer) if answer.status() == 200 => {}
                    Ok(answer) => failures.push(format!("{url}: {}", answer.status())),
                    Err(error) => failures.push(format!("{url}: {error}")),
                }
                done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
            (failures, Vec::new())
        });
    }
    {
        // One of each product in turn, so no stock runs out.
        let (_, page) = shop
            .call(Method::GET, "/api/catalog/products", None, None)
            .await;
        let products: Vec<String> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["stock"].as_u64().unwrap_or(0) > 5)
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect();
        assert!(!products.is_empty(), "{page}");
        let (shop, token) = (
            Client {
                http: shop.http.clone(),
                base: shop.base.clone(),
            },
            bea.clone(),
        );
        let running = running.clone();
        load.spawn(async move {
            let (mut failures, mut numbers) = (Vec::new(), Vec::new());
            for product in products.iter().cycle() {
                if !running.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                shop.add_to_cart(&token, product).await;
                let placed = shop.checkout(&token).await;
                let status = placed.status();
                let body: Value = placed.json().await.unwrap_or_default();
                if status == 201 {
                    numbers.push(body["number"].as_str().unwrap().to_owned());
                } else {
                    failures.push(format!("checkout: {status} {body}"));
                }
            }
            (failures, numbers)
        });
    }
    let past = |count: usize| {
        let done = done.clone();
        async move {
            eventually(&format!("{count} requests"), PATIENCE, || async {
                (done.load(std::sync::atomic::Ordering::SeqCst) >= count).then_some(())
            })
            .await;
        }
    };
    past(100).await;
    // Stops take turns, as a rolling update's do.
    for (_, process) in replicas.iter_mut().skip(SERVICES.len()) {
        process.stop();
    }
    let stopped = done.load(std::sync::atomic::Ordering::SeqCst);
    past(stopped + 200).await;
    running.store(false, std::sync::atomic::Ordering::SeqCst);
    let mut failures = Vec::new();
    while let Some(result) = load.join_next().await {
        let (failed, placed) = result.unwrap();
        failures.extend(failed);
        numbers.extend(placed);
    }
    assert!(failures.is_empty(), "requests lost: {failures:?}");
    assert!(numbers.len() > 1, "checkouts ran during the stop");
    // Bea's orders each send one SMS too: none lost, none twice.
    eventually("an SMS for each of Bea's orders", PATIENCE, || async {
        let texts = texts.lock().unwrap();
        numbers
            .iter()
            .all(|number| texts.iter().any(|t| t.contains(number.as_str())))
            .then_some(())
    })
    .await;
    for number in &numbers {
        let sent = texts
            .lock()
            .unwrap()
            .iter()
            .filter(|t| t.contains(number.as_str()))
            .count();
        assert_eq!(sent, 1, "order {number}: {sent} SMS");
    }
    assert_eq!(
        texts.lock().unwrap().len(),
        numbers.len(),
        "one SMS per order of Bea's"
    );
    numbers.extend(without_phone);

    // Every order's confirmation email arrives, once: none lost with the
    // stopped replicas, none sent twice by the two consumers.
    eventually("every order's email", PATIENCE, || async {
        let messages = smtp.messages();
        numbers
            .iter()
            .all(|number| messages.iter().any(|m| m.contains(number.as_str())))
            .then_some(())
    })
    .await;
    let messages = smtp.messages();
    for number in &numbers {
        let sent = messages
            .iter()
            .filter(|m| m.contains(number.as_str()))
            .count();
        assert_eq!(sent, 1, "order {number}: {sent} emails");
    }
    assert_eq!(
        messages.len(),
        numbers.len() + 4,
        "four verification emails and one per order"
    );
    drop(replicas);
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

/// The trace of a checkout whose events its orders process could not
/// publish: the request's span, and below it (through the event's stored
/// traceparent) the publish by the restarted process, the consume and the send.
async fn relay_after_restart_in_the_trace(otlp: &OtlpReceiver, trace_id: &str) {
    let spans = eventually(
        &format!("trace {trace_id} down to the email"),
        PATIENCE,
        || async {
            let spans = otlp.trace(trace_id);
            let has = |service: &str, name: &str| {
                spans.iter().any(|s| s.service == service && s.name == name)
            };
            (has("orders", "POST /api/orders")
                && has("orders", "publish order.paid")
                && has("notifications", "send email"))
            .then_some(spans)
        },
    )
    .await;
    let publish = spans
        .iter()
        .find(|s| s.name == "publish order.paid")
        .unwrap();
    assert!(
        spans.iter().any(|s| s.span_id == publish.parent_span_id),
        "the publish continues a span of the request: {spans:#?}"
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
        ("orders", r#"feira_db_pool_connections{database="orders""#),
        (
            "identity",
            r#"feira_db_pool_max_connections{database="identity"}"#,
        ),
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
