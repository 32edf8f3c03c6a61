//! The one shape of a running service: what every service crate's `start`
//! is given ([`Deps`]) and what it returns ([`Service`]).
//!
//! `feira up` starts every service on [`Mode::Embedded`] and merges what they
//! return into one router; `feira serve <name>` starts one on
//! [`Mode::Distributed`] and serves it alone. Either way the binary only
//! composes: each service opens its own store, builds its own routes and
//! spawns its own workers.

use crate::auth::JwtVerifier;
use crate::health::Readiness;
use crate::settings::{DocumentStoreKind, MongoSettings, PostgresSettings, SqlStoreKind};
use crate::startup::Startup;
use crate::tasks::Workers;
use secrecy::ExposeSecret;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;

/// How the process runs its services.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every service in one process on SQLite files (`feira up`): a service
    /// may cache what it alone writes, and demo data is loaded.
    Embedded,
    /// One service per process on its production store (`feira serve`).
    Distributed,
}

/// What a service is given by the binary that runs it.
#[derive(Clone)]
pub struct Deps {
    /// Embedded or distributed.
    pub mode: Mode,
    /// Where SQLite files and other local state live (`data_dir`).
    pub data_dir: PathBuf,
    /// Verifies the bearer tokens the service accepts.
    pub verifier: Arc<JwtVerifier>,
    /// Whether opening a store waits for it or fails at once.
    pub startup: Startup,
}

impl Deps {
    /// A file under `data_dir`, creating the folder readable by its owner
    /// only (0700) and narrowing an existing one to that: it holds the
    /// databases, password hashes among them, and the signing keys. A shared
    /// folder (sticky bit, such as `/tmp`) or one this process may not change
    /// is left as it is, with a warning.
    pub fn data_file(&self, name: &str) -> anyhow::Result<PathBuf> {
        let dir = &self.data_dir;
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .map_err(|e| anyhow::anyhow!("create the data directory {}: {e}", dir.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir)
                .map_err(|e| anyhow::anyhow!("read the data directory {}: {e}", dir.display()))?
                .permissions()
                .mode();
            if mode & 0o077 != 0 {
                let narrowed = if mode & 0o1000 != 0 {
                    Err("it is a shared folder; give data_dir a folder of its own".to_owned())
                } else {
                    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                        .map_err(|e| e.to_string())
                };
                if let Err(reason) = narrowed {
                    tracing::warn!(dir = %dir.display(), %reason, "the data directory stays readable by others");
                }
            }
        }
        Ok(dir.join(name))
    }
}

impl Deps {
    /// Opens a SQL service's store: SQLite `<data_dir>/<service>.db` in
    /// embedded mode or when `kind` says so, else PostgreSQL from `postgres`,
    /// waiting for it the way [`Deps::startup`] says (a misconfiguration names
    /// `<service>.postgres.url`).
    pub async fn open_sql<T, P, PFut, S, SFut>(
        &self,
        service: &str,
        kind: SqlStoreKind,
        postgres: &PostgresSettings,
        connect_postgres: P,
        open_sqlite: S,
    ) -> anyhow::Result<T>
    where
        P: Fn(String, u32) -> PFut,
        PFut: Future<Output = anyhow::Result<T>>,
        S: FnOnce(PathBuf) -> SFut,
        SFut: Future<Output = anyhow::Result<T>>,
    {
        if self.mode == Mode::Embedded || kind == SqlStoreKind::Sqlite {
            return open_sqlite(self.data_file(&format!("{service}.db"))?).await;
        }
        let url = postgres.url.expose_secret();
        crate::startup::open(&self.startup, &format!("{service}.postgres.url"), || {
            connect_postgres(url.to_owned(), postgres.max_connections)
        })
        .await
    }

    /// Opens a document service's store: SQLite `<data_dir>/<service>.db` in
    /// embedded mode or when `kind` says so, else MongoDB from `mongodb`,
    /// waiting for it the way [`Deps::startup`] says (a misconfiguration names
    /// `<service>.mongodb.url`).
    pub async fn open_documents<T, M, MFut, S, SFut>(
        &self,
        service: &str,
        kind: DocumentStoreKind,
        mongodb: &MongoSettings,
        connect_mongodb: M,
        open_sqlite: S,
    ) -> anyhow::Result<T>
    where
        M: Fn(String, String) -> MFut,
        MFut: Future<Output = anyhow::Result<T>>,
        S: FnOnce(PathBuf) -> SFut,
        SFut: Future<Output = anyhow::Result<T>>,
    {
        if self.mode == Mode::Embedded || kind == DocumentStoreKind::Sqlite {
            return open_sqlite(self.data_file(&format!("{service}.db"))?).await;
        }
        let url = mongodb.url.expose_secret();
        crate::startup::open(&self.startup, &format!("{service}.mongodb.url"), || {
            connect_mongodb(url.to_owned(), mongodb.database.clone())
        })
        .await
    }
}

/// A started service: its routes, what it needs to be ready, the background
/// work that lives as long as it, and `handle`, what other services in the
/// same process may call directly (the binary's in-process adapters use it).
pub struct Service<H = ()> {
    /// Its name, as `feira serve` takes it.
    pub name: &'static str,
    /// Routes for clients, behind the gateway (`/api/<name>/...`).
    pub public: OpenApiRouter,
    /// Routes for other services only (`/internal/...`); empty for most.
    pub internal: OpenApiRouter,
    /// Dependencies that must answer before it takes traffic.
    pub readiness: Readiness,
    /// Relays, consumers and workers; they stop when this is dropped.
    pub workers: Workers,
    /// What in-process callers use; `()` when there is nothing to share.
    pub handle: H,
}

impl<H> Service<H> {
    /// A service named `name` with public routes and nothing else yet.
    pub fn new(name: &'static str, public: OpenApiRouter, handle: H) -> Self {
        Self {
            name,
            public,
            internal: OpenApiRouter::new(),
            readiness: Readiness::new(),
            workers: Workers::default(),
            handle,
        }
    }

    /// Sets the internal routes.
    pub fn with_internal(mut self, internal: OpenApiRouter) -> Self {
        self.internal = internal;
        self
    }

    /// Sets the readiness checks.
    pub fn with_readiness(mut self, readiness: Readiness) -> Self {
        self.readiness = readiness;
        self
    }

    /// Sets the background work.
    pub fn with_workers(mut self, workers: Workers) -> Self {
        self.workers = workers;
        self
    }

    /// The handle apart from the rest, for the binary to wire in-process
    /// adapters while it serves the rest.
    pub fn split(self) -> (Service, H) {
        let Self {
            name,
            public,
            internal,
            readiness,
            workers,
            handle,
        } = self;
        let service = Service {
            name,
            public,
            internal,
            readiness,
            workers,
            handle: (),
        };
        (service, handle)
    }
}
