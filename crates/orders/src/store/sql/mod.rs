//! The one SQL implementation of the orders repositories, on sqlx's `Any`
//! driver: the same statements run on PostgreSQL and SQLite (ADR 0008). One
//! file per repository: `carts.rs`, `orders.rs` (orders, their history and
//! payments, queued stock releases) and `keys.rs` (idempotency keys).
//!
//! Every write transaction starts with a write, so SQLite takes its write lock
//! first and waits (busy timeout) instead of failing a read-to-write upgrade.

mod carts;
mod keys;
mod orders;

use super::{StoreError, StoreResult};
use crate::domain::{OrderId, ProductId};
use bus::outbox::SqlOutbox;
use kit::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};
use std::path::Path;

/// Carts, orders, payments, idempotency keys and the outbox in one SQL database.
#[derive(Debug, Clone)]
pub struct SqlOrderStore {
    pool: AnyPool,
}

impl SqlOrderStore {
    /// Connects to PostgreSQL and applies `migrations/postgres`.
    pub async fn connect_postgres(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let migrations = sqlx::migrate!("migrations/postgres");
        let pool = kit::sql::connect_postgres(url, max_connections, &migrations, "orders").await?;
        Ok(Self { pool })
    }

    /// Opens (creating if needed) a SQLite file and applies `migrations/sqlite`.
    pub async fn open_sqlite(path: &Path) -> anyhow::Result<Self> {
        let migrations = sqlx::migrate!("migrations/sqlite");
        let pool = kit::sql::open_sqlite(path, &migrations, "orders").await?;
        Ok(Self { pool })
    }

    /// The outbox in the same database, for the relay and the admin view.
    pub fn outbox(&self) -> SqlOutbox {
        SqlOutbox::new(self.pool.clone())
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

pub(super) fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(anyhow::Error::new(e))
}

/// Another service's error message as stored for an operator: at most 500
/// characters and no control characters (PostgreSQL refuses a NUL in text).
pub(super) fn error_text(error: &str) -> String {
    error
        .chars()
        .filter(|c| !c.is_control())
        .take(500)
        .collect()
}

pub(super) fn corrupt(what: &str) -> StoreError {
    StoreError::Backend(anyhow::anyhow!("stored {what} is not valid"))
}

pub(super) fn get<'r, T>(row: &'r AnyRow, column: &str) -> StoreResult<T>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get(column).map_err(backend)
}

pub(super) fn timestamp(text: &str) -> StoreResult<Timestamp> {
    Timestamp::parse(text).map_err(|_| corrupt("timestamp"))
}

pub(super) fn json<T: serde::de::DeserializeOwned>(row: &AnyRow, column: &str) -> StoreResult<T> {
    serde_json::from_str(&get::<String>(row, column)?).map_err(|_| corrupt(column))
}

pub(super) fn to_json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Backend(e.into()))
}

pub(super) fn read_order_id(row: &AnyRow, column: &str) -> StoreResult<OrderId> {
    OrderId::parse(&get::<String>(row, column)?).ok_or_else(|| corrupt(column))
}

pub(super) fn read_product_id(row: &AnyRow, column: &str) -> StoreResult<ProductId> {
    ProductId::parse(&get::<String>(row, column)?).ok_or_else(|| corrupt(column))
}
