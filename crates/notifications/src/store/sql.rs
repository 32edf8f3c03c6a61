//! The one SQL implementation of [`NotificationStore`], on sqlx's `Any`
//! driver: the same statements on PostgreSQL and SQLite (ADR 0008).

use super::{
    Attempt, Delivery, DeliveryStatus, Finished, InboxItem, NotificationStore, Outcome, StoreError,
    StoreResult,
};
use crate::domain::{ChannelKind, Outgoing};
use async_trait::async_trait;
use kit::Timestamp;
use kit::pagination::PageRequest;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};
use std::path::Path;

/// Deliveries, attempts and the inbox in one SQL database.
#[derive(Debug, Clone)]
pub struct SqlNotificationStore {
    pool: AnyPool,
}

const DELIVERY_COLUMNS: &str = "event_id, channel, event_type, recipient, message, status, attempts, \
     next_attempt_at, last_error, sent_at, created_at, traceparent";
const INBOX_COLUMNS: &str = "id, user_id, event_id, title, body, link, created_at, read_at";

impl SqlNotificationStore {
    /// Connects to PostgreSQL and applies `migrations/postgres`.
    pub async fn connect_postgres(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let migrations = sqlx::migrate!("migrations/postgres");
        let pool =
            kit::sql::connect_postgres(url, max_connections, &migrations, "notifications").await?;
        Ok(Self { pool })
    }

    /// Opens (creating if needed) a SQLite file and applies `migrations/sqlite`.
    pub async fn open_sqlite(path: &Path) -> anyhow::Result<Self> {
        let migrations = sqlx::migrate!("migrations/sqlite");
        let pool = kit::sql::open_sqlite(path, &migrations, "notifications").await?;
        Ok(Self { pool })
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// `($n, $n+1, …), (…)`: placeholders for `rows` rows of `columns` values,
/// numbered from `first`. Batches go in one statement: with SQLite every
/// statement is a round trip to the connection's thread.
fn rows_of(rows: usize, columns: usize, first: usize) -> String {
    (0..rows)
        .map(|r| {
            let values: Vec<String> = (0..columns)
                .map(|c| format!("${}", first + r * columns + c))
                .collect();
            format!("({})", values.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rows per multi-row statement (well under both databases' parameter limits).
const CHUNK: usize = 100;

fn backend(e: impl Into<anyhow::Error>) -> StoreError {
    StoreError(e.into())
}

fn get<'r, T>(row: &'r AnyRow, column: &str) -> StoreResult<T>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get(column).map_err(backend)
}

fn timestamp(row: &AnyRow, column: &str) -> StoreResult<Timestamp> {
    Timestamp::parse(&get::<String>(row, column)?).map_err(backend)
}

fn optional_timestamp(row: &AnyRow, column: &str) -> StoreResult<Option<Timestamp>> {
    get::<Option<String>>(row, column)?
        .map(|t| Timestamp::parse(&t).map_err(backend))
        .transpose()
}

fn corrupt(what: &str) -> StoreError {
    StoreError(anyhow::anyhow!("stored {what} is not valid"))
}

fn delivery_from_row(row: &AnyRow) -> StoreResult<Delivery> {
    let message: Outgoing =
        serde_json::from_str(&get::<String>(row, "message")?).map_err(|_| corrupt("message"))?;
    Ok(Delivery {
        event_id: get(row, "event_id")?,
        channel: ChannelKind::parse(&get::<String>(row, "channel")?)
            .ok_or_else(|| corrupt("channel"))?,
        event_type: get(row, "event_type")?,
        recipient: get(row, "recipient")?,
        message,
        status: DeliveryStatus::parse(&get::<String>(row, "status")?)
            .ok_or_else(|| corrupt("status"))?,
        attempts: get(row, "attempts")?,
        next_attempt_at: timestamp(row, "next_attempt_at")?,
        last_error: get(row, "last_error")?,
        sent_at: optional_timestamp(row, "sent_at")?,
        created_at: timestamp(row, "created_at")?,
        traceparent: get(row, "traceparent")?,
    })
}

fn inbox_from_row(row: &AnyRow) -> StoreResult<InboxItem> {
    Ok(InboxItem {
        id: get(row, "id")?,
        user_id: get(row, "user_id")?,
        event_id: get(row, "event_id")?,
        title: get(row, "title")?,
        body: get(row, "body")?,
        link: get(row, "link")?,
        created_at: timestamp(row, "created_at")?,
        read_at: optional_timestamp(row, "read_at")?,
    })
}

#[async_trait]
impl NotificationStore for SqlNotificationStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn record(&self, deliveries: &[Delivery]) -> StoreResult<usize> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let mut added = 0;
        for chunk in deliveries.chunks(CHUNK) {
            let sql = format!(
                "INSERT INTO deliveries ({DELIVERY_COLUMNS}) VALUES {} \
                 ON CONFLICT (event_id, channel) DO NOTHING",
                rows_of(chunk.len(), 12, 1)
            );
            let mut query = sqlx::query(&sql);
            for d in chunk {
                query = query
                    .bind(d.event_id.clone())
                    .bind(d.channel.as_str())
                    .bind(d.event_type.clone())
                    .bind(d.recipient.clone())
                    .bind(serde_json::to_string(&d.message).map_err(backend)?)
                    .bind(d.status.as_str())
                    .bind(d.attempts)
                    .bind(d.next_attempt_at.to_string())
                    .bind(d.last_error.clone())
                    .bind(d.sent_at.map(|t| t.to_string()))
                    .bind(d.created_at.to_string())
                    .bind(d.traceparent.clone());
            }
            added += query
                .execute(&mut *tx)
                .await
                .map_err(backend)?
                .rows_affected() as usize;
        }
        tx.commit().await.map_err(backend)?;
        Ok(added)
    }

    async fn claim_due(
        &self,
        now: Timestamp,
        limit: u32,
        lease_until: Timestamp,
    ) -> StoreResult<Vec<Delivery>> {
        // One statement: the inner SELECT picks due rows, the outer WHERE
        // re-checks them, so of two concurrent workers only one takes a row
        // (PostgreSQL re-evaluates it on the row the other worker updated).
        let sql = format!(
            "UPDATE deliveries SET status = 'sending', next_attempt_at = $1 \
             WHERE status IN ('pending', 'retrying', 'sending') AND next_attempt_at <= $2 \
             AND (event_id, channel) IN (SELECT event_id, channel FROM deliveries \
               WHERE status IN ('pending', 'retrying', 'sending') AND next_attempt_at <= $2 \
               ORDER BY next_attempt_at LIMIT {}) \
             RETURNING {DELIVERY_COLUMNS}",
            limit.clamp(1, 1000)
        );
        sqlx::query(&sql)
            .bind(lease_until.to_string())
            .bind(now.to_string())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .iter()
            .map(delivery_from_row)
            .collect()
    }

    async fn finish(&self, outcomes: &[Finished]) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let sent: Vec<&Finished> = outcomes
            .iter()
            .filter(|f| f.outcome == Outcome::Sent)
            .collect();
        for chunk in sent.chunks(CHUNK) {
            // The claimed row still has the attempts it was claimed with.
            let sql = format!(
                "UPDATE deliveries SET status = 'sent', attempts = attempts + 1, sent_at = $1, \
                 last_error = NULL WHERE (event_id, channel) IN ({})",
                rows_of(chunk.len(), 2, 2)
            );
            let mut query = sqlx::query(&sql).bind(chunk[0].at.to_string());
            for done in chunk {
                query = query
                    .bind(done.delivery.event_id.clone())
                    .bind(done.delivery.channel.as_str());
            }
            query.execute(&mut *tx).await.map_err(backend)?;
        }
        for done in outcomes {
            let Outcome::Failed { error, retry_at } = &done.outcome else {
                continue;
            };
            let (status, next) = match retry_at {
                Some(t) => (DeliveryStatus::Retrying, *t),
                None => (DeliveryStatus::Dead, done.at),
            };
            sqlx::query(
                "UPDATE deliveries SET status = $1, attempts = $2, next_attempt_at = $3, \
                 last_error = $4 WHERE event_id = $5 AND channel = $6",
            )
            .bind(status.as_str())
            .bind(done.attempt)
            .bind(next.to_string())
            .bind(error.chars().take(1000).collect::<String>())
            .bind(done.delivery.event_id.clone())
            .bind(done.delivery.channel.as_str())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        for chunk in outcomes.chunks(CHUNK) {
            let sql = format!(
                "INSERT INTO delivery_attempts (event_id, channel, attempt, outcome, error, at) \
                 VALUES {} ON CONFLICT (event_id, channel, attempt) DO NOTHING",
                rows_of(chunk.len(), 6, 1)
            );
            let mut query = sqlx::query(&sql);
            for done in chunk {
                let (outcome, error) = match &done.outcome {
                    Outcome::Sent => ("sent", None),
                    Outcome::Failed { error, retry_at } => (
                        if retry_at.is_some() { "failed" } else { "dead" },
                        Some(error.chars().take(1000).collect::<String>()),
                    ),
                };
                query = query
                    .bind(done.delivery.event_id.clone())
                    .bind(done.delivery.channel.as_str())
                    .bind(done.attempt)
                    .bind(outcome)
                    .bind(error)
                    .bind(done.at.to_string());
            }
            query.execute(&mut *tx).await.map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn deliveries(
        &self,
        status: Option<DeliveryStatus>,
        event_id: Option<&str>,
        limit: u32,
    ) -> StoreResult<Vec<Delivery>> {
        let mut clauses = Vec::new();
        let mut values = Vec::new();
        if let Some(status) = status {
            values.push(status.as_str().to_owned());
            clauses.push(format!("status = ${}", values.len()));
        }
        if let Some(id) = event_id {
            values.push(id.to_owned());
            clauses.push(format!("event_id = ${}", values.len()));
        }
        let filter = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let sql = format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries {filter} ORDER BY created_at, event_id, channel LIMIT {}",
            limit.clamp(1, 1000)
        );
        let mut query = sqlx::query(&sql);
        for value in values {
            query = query.bind(value);
        }
        query
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .iter()
            .map(delivery_from_row)
            .collect()
    }

    async fn attempts(&self, event_id: &str) -> StoreResult<Vec<Attempt>> {
        sqlx::query(
            "SELECT event_id, channel, attempt, outcome, error, at FROM delivery_attempts \
             WHERE event_id = $1 ORDER BY at, channel, attempt",
        )
        .bind(event_id.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .iter()
        .map(|row| {
            Ok(Attempt {
                event_id: get(row, "event_id")?,
                channel: ChannelKind::parse(&get::<String>(row, "channel")?)
                    .ok_or_else(|| corrupt("channel"))?,
                attempt: get(row, "attempt")?,
                outcome: get(row, "outcome")?,
                error: get(row, "error")?,
                at: timestamp(row, "at")?,
            })
        })
        .collect()
    }

    async fn replay(
        &self,
        event_id: &str,
        channel: ChannelKind,
        now: Timestamp,
    ) -> StoreResult<bool> {
        // Attempt numbers go on from where they were, so the log keeps every try.
        let done = sqlx::query(
            "UPDATE deliveries SET status = 'pending', next_attempt_at = $1 \
             WHERE event_id = $2 AND channel = $3 AND status = 'dead'",
        )
        .bind(now.to_string())
        .bind(event_id.to_owned())
        .bind(channel.as_str())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(done.rows_affected() == 1)
    }

    async fn add_all_to_inbox(&self, items: &[InboxItem]) -> StoreResult<Vec<bool>> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let mut new_events = std::collections::HashSet::new();
        for chunk in items.chunks(CHUNK) {
            let sql = format!(
                "INSERT INTO inbox ({INBOX_COLUMNS}) VALUES {} \
                 ON CONFLICT (event_id) DO NOTHING RETURNING event_id",
                rows_of(chunk.len(), 8, 1)
            );
            let mut query = sqlx::query(&sql);
            for item in chunk {
                query = query
                    .bind(item.id.clone())
                    .bind(item.user_id.clone())
                    .bind(item.event_id.clone())
                    .bind(item.title.clone())
                    .bind(item.body.clone())
                    .bind(item.link.clone())
                    .bind(item.created_at.to_string())
                    .bind(item.read_at.map(|t| t.to_string()));
            }
            for row in query.fetch_all(&mut *tx).await.map_err(backend)? {
                new_events.insert(get::<String>(&row, "event_id")?);
            }
        }
        tx.commit().await.map_err(backend)?;
        // One inbox item per event: the first of a batch's duplicates is the new one.
        let mut added = Vec::with_capacity(items.len());
        for item in items {
            added.push(new_events.remove(&item.event_id));
        }
        Ok(added)
    }

    async fn inbox(
        &self,
        user_id: &str,
        page: PageRequest,
    ) -> StoreResult<(Vec<InboxItem>, u64, u64)> {
        let counts = sqlx::query(
            "SELECT COUNT(*) AS total, COUNT(read_at) AS read FROM inbox WHERE user_id = $1",
        )
        .bind(user_id.to_owned())
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        let total: i64 = get(&counts, "total")?;
        let read: i64 = get(&counts, "read")?;
        let sql = format!(
            "SELECT {INBOX_COLUMNS} FROM inbox WHERE user_id = $1 ORDER BY id DESC LIMIT {} OFFSET {}",
            page.per_page,
            page.offset()
        );
        let items = sqlx::query(&sql)
            .bind(user_id.to_owned())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .iter()
            .map(inbox_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        let total = u64::try_from(total).unwrap_or_default();
        Ok((
            items,
            total,
            total.saturating_sub(u64::try_from(read).unwrap_or_default()),
        ))
    }

    async fn mark_read(&self, user_id: &str, id: &str, at: Timestamp) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE inbox SET read_at = COALESCE(read_at, $1) WHERE user_id = $2 AND id = $3",
        )
        .bind(at.to_string())
        .bind(user_id.to_owned())
        .bind(id.to_owned())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(done.rows_affected() == 1)
    }

    async fn mark_all_read(&self, user_id: &str, at: Timestamp) -> StoreResult<u64> {
        let done =
            sqlx::query("UPDATE inbox SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
                .bind(at.to_string())
                .bind(user_id.to_owned())
                .execute(&self.pool)
                .await
                .map_err(backend)?;
        Ok(done.rows_affected())
    }
}
