//! Carts: one row per (user, product), quantities capped at the line maximum.

use super::{SqlOrderStore, backend, get, read_product_id, timestamp};
use crate::domain::ProductId;
use crate::domain::cart::{CartItem, CartLine, MAX_QUANTITY};
use crate::store::{CartRepository, StoreError, StoreResult};
use async_trait::async_trait;
use kit::Timestamp;

#[async_trait]
impl CartRepository for SqlOrderStore {
    async fn cart(&self, user_id: &str) -> StoreResult<Vec<CartLine>> {
        let rows = sqlx::query(
            "SELECT product_id, quantity, added_at FROM cart_items WHERE user_id = $1 \
             ORDER BY added_at, product_id",
        )
        .bind(user_id.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok(CartLine {
                    product_id: read_product_id(row, "product_id")?,
                    quantity: get(row, "quantity")?,
                    added_at: timestamp(&get::<String>(row, "added_at")?)?,
                })
            })
            .collect()
    }

    async fn add_item(
        &self,
        user_id: &str,
        product_id: &ProductId,
        quantity: i64,
        at: Timestamp,
    ) -> StoreResult<i64> {
        let row = sqlx::query(&format!(
            "INSERT INTO cart_items (user_id, product_id, quantity, added_at) \
             VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = CASE \
               WHEN cart_items.quantity + excluded.quantity > {MAX_QUANTITY} THEN {MAX_QUANTITY} \
               ELSE cart_items.quantity + excluded.quantity END \
             RETURNING quantity"
        ))
        .bind(user_id.to_owned())
        .bind(product_id.as_str().to_owned())
        .bind(quantity)
        .bind(at.to_string())
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        get(&row, "quantity")
    }

    async fn set_quantity(
        &self,
        user_id: &str,
        product_id: &ProductId,
        quantity: i64,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE cart_items SET quantity = $3 WHERE user_id = $1 AND product_id = $2",
        )
        .bind(user_id.to_owned())
        .bind(product_id.as_str().to_owned())
        .bind(quantity)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn remove_item(&self, user_id: &str, product_id: &ProductId) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM cart_items WHERE user_id = $1 AND product_id = $2")
            .bind(user_id.to_owned())
            .bind(product_id.as_str().to_owned())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn clear(&self, user_id: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM cart_items WHERE user_id = $1")
            .bind(user_id.to_owned())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn merge(&self, user_id: &str, lines: &[CartItem], at: Timestamp) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        for line in lines {
            sqlx::query(
                "INSERT INTO cart_items (user_id, product_id, quantity, added_at) \
                 VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = CASE \
                   WHEN excluded.quantity > cart_items.quantity THEN excluded.quantity \
                   ELSE cart_items.quantity END",
            )
            .bind(user_id.to_owned())
            .bind(line.product_id.as_str().to_owned())
            .bind(line.quantity)
            .bind(at.to_string())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }
}
