//! Opening the SQL databases of services that run one set of statements on
//! PostgreSQL and SQLite through sqlx's `Any` driver (ADR 0008).

use anyhow::Context;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::path::Path;
use std::time::Duration;

/// Connects to PostgreSQL at `url` and applies `migrations`; `service` names
/// the database in errors.
pub async fn connect_postgres(
    url: &str,
    max_connections: u32,
    migrations: &Migrator,
    service: &str,
) -> anyhow::Result<AnyPool> {
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .connect(url)
        .await
        .with_context(|| format!("connect to the {service} PostgreSQL database"))?;
    migrations
        .run(&pool)
        .await
        .with_context(|| format!("apply {service} migrations"))?;
    Ok(pool)
}

/// Opens (creating if needed) the SQLite file at `path` in WAL mode and applies
/// `migrations`. Writers queue on the file lock for up to 10 s rather than fail.
pub async fn open_sqlite(
    path: &Path,
    migrations: &Migrator,
    service: &str,
) -> anyhow::Result<AnyPool> {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let pool = AnyPoolOptions::new()
        .max_connections(4)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("PRAGMA busy_timeout = 10000").await?;
                conn.execute("PRAGMA journal_mode = WAL").await?;
                // Durable across a process crash with WAL; only an OS crash can
                // lose the last commits.
                conn.execute("PRAGMA synchronous = NORMAL").await?;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                // Reads go through the OS page cache, shared by the pool's
                // connections, rather than each connection's 2 MiB cache:
                // at 100,000 tasks a list query otherwise spends as much time
                // copying pages in as it does computing.
                conn.execute("PRAGMA mmap_size = 1073741824").await?;
                Ok(())
            })
        })
        .connect(&url)
        .await
        .with_context(|| format!("open the {service} database {}", path.display()))?;
    migrations
        .run(&pool)
        .await
        .with_context(|| format!("apply {service} migrations"))?;
    Ok(pool)
}

/// Whether `error` is a unique-constraint violation.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|d| d.is_unique_violation())
}
