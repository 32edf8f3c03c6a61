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
    observe_pool(&pool, service);
    Ok(pool)
}

/// Opens (creating if needed) the SQLite file at `path` in WAL mode and applies
/// `migrations`. Writers queue on the file lock for up to 10 s rather than fail.
/// The file and its `-wal` and `-shm` files are readable by their owner only
/// (see [`restrict_sqlite_files`]).
pub async fn open_sqlite(
    path: &Path,
    migrations: &Migrator,
    service: &str,
) -> anyhow::Result<AnyPool> {
    restrict_sqlite_files(path)?;
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
    // The WAL files exist now; ones left by an older version may be wider.
    restrict_sqlite_files(path)?;
    observe_pool(&pool, service);
    Ok(pool)
}

pub use crate::files::restrict_sqlite_files;

/// How often the pool gauges are refreshed.
const POOL_SAMPLE: Duration = Duration::from_secs(2);

/// Keeps `feira_db_pool_connections{database, state="in_use"|"idle"}` and
/// `feira_db_pool_max_connections{database}` current, until the pool is
/// closed (or the runtime ends): a pool whose connections are all in use is
/// where requests queue.
fn observe_pool(pool: &AnyPool, service: &str) {
    let (pool, database) = (pool.clone(), service.to_owned());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(POOL_SAMPLE);
        let closed = pool.close_event();
        tokio::pin!(closed);
        loop {
            tokio::select! {
                () = &mut closed => break,
                _ = tick.tick() => {
                    // Looked up each time: the pool may open before the
                    // process installs its metrics recorder.
                    let open = pool.size();
                    let idle = u32::try_from(pool.num_idle()).unwrap_or(open);
                    let max = pool.options().get_max_connections();
                    let gauge = |state: &'static str| {
                        metrics::gauge!("feira_db_pool_connections", "database" => database.clone(), "state" => state)
                    };
                    gauge("in_use").set(f64::from(open.saturating_sub(idle)));
                    gauge("idle").set(f64::from(idle));
                    metrics::gauge!("feira_db_pool_max_connections", "database" => database.clone())
                        .set(f64::from(max));
                }
            }
        }
    });
}

/// Whether `error` is a unique-constraint violation.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|d| d.is_unique_violation())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;
    use std::path::PathBuf;

    /// The permission bits of `path`, in octal as `ls` shows them.
    fn mode(path: &Path) -> String {
        format!(
            "{:o}",
            std::fs::metadata(path).unwrap().permissions().mode() & 0o777
        )
    }

    fn deps(data_dir: &Path) -> crate::Deps {
        crate::Deps {
            mode: crate::Mode::Embedded,
            data_dir: data_dir.to_owned(),
            verifier: std::sync::Arc::new(crate::testing::TestIssuer::new().verifier()),
            startup: crate::startup::Startup::FailFast,
        }
    }

    #[tokio::test]
    async fn a_store_opened_in_a_fresh_folder_is_readable_by_its_owner_only() {
        let scratch = crate::testing::TempDir::new("feira-kit-sql-modes");
        let data_dir = scratch.path.join("data");
        let path = deps(&data_dir).data_file("identity.db").unwrap();
        let pool = open_sqlite(&path, &Migrator::DEFAULT, "identity")
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (x INTEGER)")
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(mode(&data_dir), "700", "the data folder");
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            assert_eq!(mode(&file), "600", "{}", file.display());
        }
        pool.close().await;
    }

    #[tokio::test]
    async fn an_existing_folder_and_files_are_narrowed() {
        let scratch = crate::testing::TempDir::new("feira-kit-sql-narrow");
        let data_dir = scratch.path.join("data");
        std::fs::create_dir(&data_dir).unwrap();
        std::fs::set_permissions(&data_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = data_dir.join("orders.db");
        let first = open_sqlite(&path, &Migrator::DEFAULT, "orders")
            .await
            .unwrap();
        first.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            if file.exists() {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
            }
        }
        assert_eq!(deps(&data_dir).data_file("orders.db").unwrap(), path);
        let pool = open_sqlite(&path, &Migrator::DEFAULT, "orders")
            .await
            .unwrap();
        sqlx::query("SELECT 1").execute(&pool).await.unwrap();
        assert_eq!(mode(&data_dir), "700");
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            assert_eq!(mode(&file), "600", "{}", file.display());
        }
        pool.close().await;
    }
}
