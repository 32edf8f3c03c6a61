//! Idempotency keys of checkouts, per user: claimed, locked while a request
//! runs, completed with the stored answer, or abandoned.

use super::{SqlOrderStore, backend, corrupt, get, read_order_id, timestamp};
use crate::domain::idempotency::IdempotencyKey;
use crate::store::{Claim, IdempotencyRecord, IdempotencyRepository, StoreResult, StoredResponse};
use async_trait::async_trait;
use kit::Timestamp;
use sqlx::any::AnyRow;

fn idempotency_from_row(row: &AnyRow) -> StoreResult<IdempotencyRecord> {
    let locked: Option<String> = get(row, "locked_until")?;
    let status: Option<i64> = get(row, "response_status")?;
    let body: Option<String> = get(row, "response_body")?;
    Ok(IdempotencyRecord {
        user_id: get(row, "user_id")?,
        key: IdempotencyKey::parse(&get::<String>(row, "key")?).map_err(|_| corrupt("key"))?,
        fingerprint: get(row, "fingerprint")?,
        order_id: read_order_id(row, "order_id")?,
        locked_until: locked.as_deref().map(timestamp).transpose()?,
        response: match (status, body) {
            (Some(status), Some(body)) => Some(StoredResponse {
                status: u16::try_from(status).map_err(|_| corrupt("response status"))?,
                body,
            }),
            _ => None,
        },
        created_at: timestamp(&get::<String>(row, "created_at")?)?,
    })
}

#[async_trait]
impl IdempotencyRepository for SqlOrderStore {
    async fn claim(&self, record: &IdempotencyRecord) -> StoreResult<Claim> {
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (user_id, key, fingerprint, order_id, locked_until, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, key) DO NOTHING",
        )
        .bind(record.user_id.clone())
        .bind(record.key.as_str().to_owned())
        .bind(record.fingerprint.clone())
        .bind(record.order_id.as_str().to_owned())
        .bind(record.locked_until.map(|t| t.to_string()))
        .bind(record.created_at.to_string())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        if inserted.rows_affected() == 1 {
            return Ok(Claim::Claimed);
        }
        match self.find(&record.user_id, &record.key).await? {
            Some(existing) => Ok(Claim::Existing(existing)),
            // Abandoned between our insert and read: try once more.
            None => Box::pin(self.claim(record)).await,
        }
    }

    async fn take_over(
        &self,
        user_id: &str,
        key: &IdempotencyKey,
        now: Timestamp,
        locked_until: Timestamp,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE idempotency_keys SET locked_until = $1 WHERE user_id = $2 AND key = $3 \
             AND response_status IS NULL AND locked_until < $4",
        )
        .bind(locked_until.to_string())
        .bind(user_id.to_owned())
        .bind(key.as_str().to_owned())
        .bind(now.to_string())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(done.rows_affected() == 1)
    }

    async fn complete(
        &self,
        user_id: &str,
        key: &IdempotencyKey,
        response: &StoredResponse,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE idempotency_keys SET locked_until = NULL, response_status = $1, \
             response_body = $2 WHERE user_id = $3 AND key = $4",
        )
        .bind(i64::from(response.status))
        .bind(response.body.clone())
        .bind(user_id.to_owned())
        .bind(key.as_str().to_owned())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn abandon(&self, user_id: &str, key: &IdempotencyKey) -> StoreResult<()> {
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 \
             AND response_status IS NULL",
        )
        .bind(user_id.to_owned())
        .bind(key.as_str().to_owned())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn find(
        &self,
        user_id: &str,
        key: &IdempotencyKey,
    ) -> StoreResult<Option<IdempotencyRecord>> {
        let row = sqlx::query(
            "SELECT user_id, key, fingerprint, order_id, locked_until, response_status, \
             response_body, created_at FROM idempotency_keys WHERE user_id = $1 AND key = $2",
        )
        .bind(user_id.to_owned())
        .bind(key.as_str().to_owned())
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(idempotency_from_row).transpose()
    }
}
