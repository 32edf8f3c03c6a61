//! The transactional outbox on SQL (PostgreSQL or SQLite through sqlx `Any`).
//!
//! A service that emits events owns an `outbox` table in its own database:
//!
//! ```sql
//! CREATE TABLE outbox (
//!     seq        BIGSERIAL PRIMARY KEY,     -- SQLite: INTEGER PRIMARY KEY AUTOINCREMENT
//!     id         TEXT NOT NULL UNIQUE,      -- the event id
//!     type       TEXT NOT NULL,
//!     subject    TEXT NOT NULL,
//!     event      TEXT NOT NULL,             -- the CloudEvents JSON
//!     created_at TEXT NOT NULL,
//!     sent_at    TEXT,
//!     attempts   BIGINT NOT NULL DEFAULT 0,
//!     last_error TEXT
//! );
//! CREATE INDEX outbox_pending ON outbox (seq) WHERE sent_at IS NULL;
//! ```
//!
//! [`insert`] runs inside the caller's transaction, so the event exists exactly
//! when the change does. [`SqlOutbox`] is what the relay reads.

use crate::Event;
use kit::Timestamp;
use serde::Serialize;
use sqlx::{AnyConnection, AnyPool, Row};
use utoipa::ToSchema;

/// Writes `event` to the outbox on `conn`, which should be inside the
/// transaction of the change the event describes.
#[tracing::instrument(name = "outbox write", skip_all, fields(
    db.operation.name = "INSERT",
    db.collection.name = "outbox",
    messaging.message.id = %event.id,
    messaging.destination.name = %event.kind,
))]
pub async fn insert(conn: &mut AnyConnection, event: &Event) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(event).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO outbox (id, type, subject, event, created_at, attempts) \
         VALUES ($1, $2, $3, $4, $5, 0)",
    )
    .bind(&event.id)
    .bind(&event.kind)
    .bind(&event.subject)
    .bind(json)
    .bind(event.time.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// An outbox row waiting to be published.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// Position in the outbox; rows are published in this order.
    pub seq: i64,
    pub event: Event,
}

/// An outbox row as operators see it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Entry {
    pub seq: i64,
    pub event: Event,
    /// When the relay's publish was confirmed; absent while pending.
    pub sent_at: Option<Timestamp>,
    /// Failed publish attempts so far.
    pub attempts: i64,
}

/// What the relay needs from an outbox.
#[async_trait::async_trait]
pub trait OutboxStore: Send + Sync {
    /// Up to `limit` unsent rows, oldest first.
    async fn pending(&self, limit: u32) -> anyhow::Result<Vec<Pending>>;
    /// Records that the row at `seq` was published.
    async fn mark_sent(&self, seq: i64, at: Timestamp) -> anyhow::Result<()>;
    /// Records a failed publish of the row at `seq`.
    async fn mark_failed(&self, seq: i64, error: &str) -> anyhow::Result<()>;
    /// How many rows wait, and when the oldest of them was written.
    async fn backlog(&self) -> anyhow::Result<Backlog>;
}

/// The unsent part of an outbox.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backlog {
    pub pending: i64,
    /// When the oldest unsent row was written; `None` when none waits.
    pub oldest: Option<Timestamp>,
}

/// The `outbox` table of one service's database.
#[derive(Debug, Clone)]
pub struct SqlOutbox {
    pool: AnyPool,
}

impl SqlOutbox {
    /// The outbox in the database behind `pool` (its migrations create the table).
    pub fn new(pool: AnyPool) -> Self {
        Self { pool }
    }

    /// The newest `limit` rows, optionally only those about `subject`, oldest first.
    pub async fn entries(&self, subject: Option<&str>, limit: u32) -> anyhow::Result<Vec<Entry>> {
        let sql = format!(
            "SELECT seq, event, sent_at, attempts FROM outbox {} ORDER BY seq DESC LIMIT {}",
            if subject.is_some() {
                "WHERE subject = $1"
            } else {
                ""
            },
            limit.min(1000)
        );
        let mut query = sqlx::query(&sql);
        if let Some(subject) = subject {
            query = query.bind(subject.to_owned());
        }
        let rows = query.fetch_all(&self.pool).await?;
        let mut entries = rows
            .iter()
            .map(|row| {
                let sent_at: Option<String> = row.try_get("sent_at")?;
                Ok(Entry {
                    seq: row.try_get("seq")?,
                    event: serde_json::from_str(&row.try_get::<String, _>("event")?)?,
                    sent_at: sent_at.as_deref().map(Timestamp::parse).transpose()?,
                    attempts: row.try_get("attempts")?,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        entries.reverse();
        Ok(entries)
    }
}

#[async_trait::async_trait]
impl OutboxStore for SqlOutbox {
    async fn pending(&self, limit: u32) -> anyhow::Result<Vec<Pending>> {
        let sql = format!(
            "SELECT seq, event FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT {}",
            limit.clamp(1, 1000)
        );
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                Ok(Pending {
                    seq: row.try_get("seq")?,
                    event: serde_json::from_str(&row.try_get::<String, _>("event")?)?,
                })
            })
            .collect()
    }

    async fn mark_sent(&self, seq: i64, at: Timestamp) -> anyhow::Result<()> {
        sqlx::query("UPDATE outbox SET sent_at = $1 WHERE seq = $2 AND sent_at IS NULL")
            .bind(at.to_string())
            .bind(seq)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn backlog(&self) -> anyhow::Result<Backlog> {
        let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
            .fetch_one(&self.pool)
            .await?;
        let oldest: Option<String> = sqlx::query_scalar(
            "SELECT created_at FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(Backlog {
            pending,
            oldest: oldest.as_deref().map(Timestamp::parse).transpose()?,
        })
    }

    async fn mark_failed(&self, seq: i64, error: &str) -> anyhow::Result<()> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = $1 WHERE seq = $2")
            .bind(error.chars().take(500).collect::<String>())
            .bind(seq)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
