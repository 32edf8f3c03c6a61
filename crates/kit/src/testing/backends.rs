//! The real backends tests run against, and a fresh database, vhost or file
//! per test so tests run in parallel without sharing state.
//!
//! A test that needs a backend is `#[ignore]`d with the backend's name in its
//! reason and in its path (`postgres::…`, `mongodb::…`, `rabbitmq::…`,
//! `redis::…`, `moto::…`, `nginx::…`), so a plain `cargo test` reports it as ignored, never
//! as passed. `make test` starts or finds the backends and runs the ignored
//! tests of every backend it has, leaving out (and counting as skipped) the
//! tests of any it lacks. A backend test run without its backend fails: it
//! cannot pass having checked nothing.

/// A real backend some tests need, named by the variable holding its URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// PostgreSQL: `FEIRA_TEST_POSTGRES_URL`, any database URL of the server.
    Postgres,
    /// A MongoDB wire-protocol server: `FEIRA_TEST_MONGODB_URL`.
    Mongodb,
    /// RabbitMQ: `FEIRA_TEST_AMQP_URL`, with `rabbitmqctl` on this machine.
    Rabbitmq,
    /// moto's server standing in for AWS: `FEIRA_TEST_MOTO_URL`.
    Moto,
    /// The nginx binary of the gateway: `FEIRA_TEST_NGINX`, its path.
    Nginx,
    /// The Prometheus server binary: `FEIRA_TEST_PROMETHEUS`, its path.
    Prometheus,
    /// Redis (shared rate limits): `FEIRA_TEST_REDIS_URL`, such as
    /// `redis://127.0.0.1:6379`.
    Redis,
    /// RabbitMQ's Prometheus endpoint (its `rabbitmq_prometheus` plugin):
    /// `FEIRA_TEST_RABBITMQ_METRICS_URL`, such as `http://127.0.0.1:15692`.
    RabbitmqMetrics,
}

impl Backend {
    /// The environment variable that names this backend.
    pub fn var(self) -> &'static str {
        match self {
            Self::Postgres => "FEIRA_TEST_POSTGRES_URL",
            Self::Mongodb => "FEIRA_TEST_MONGODB_URL",
            Self::Rabbitmq => "FEIRA_TEST_AMQP_URL",
            Self::Moto => "FEIRA_TEST_MOTO_URL",
            Self::Nginx => "FEIRA_TEST_NGINX",
            Self::Prometheus => "FEIRA_TEST_PROMETHEUS",
            Self::RabbitmqMetrics => "FEIRA_TEST_RABBITMQ_METRICS_URL",
            Self::Redis => "FEIRA_TEST_REDIS_URL",
        }
    }

    /// The backend's URL (or path). Panics when it is not set: the test was
    /// asked to run, and without its backend it would check nothing.
    pub fn url(self) -> String {
        match std::env::var(self.var()) {
            Ok(url) if !url.is_empty() => url,
            _ => panic!(
                "{} is not set: this test needs {self:?}. `make test` starts or finds the \
                 backends and runs only the tests of those it has; to run this one by hand, \
                 start the backend and export its URL",
                self.var()
            ),
        }
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

/// A folder for one test (a service's `data_dir`), in the temp folder;
/// removed with what it holds when dropped.
pub struct TempDir {
    pub path: std::path::PathBuf,
}

impl TempDir {
    /// A fresh, empty folder named after `prefix`.
    pub fn new(prefix: &str) -> Self {
        let path = std::env::temp_dir().join(format!("{prefix}-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&path).expect("create a test folder");
        Self { path }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
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
    /// The vhost's name.
    pub fn name(&self) -> &str {
        &self.name
    }

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
