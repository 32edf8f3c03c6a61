//! Orders with their items, status history and payment transactions, each
//! change written with its outbox event in one transaction, and the queues of
//! stock releases and refunds.

use super::{
    SqlOrderStore, backend, corrupt, error_text, get, json, read_order_id, timestamp, to_json,
};
use crate::domain::{
    CardBrand, Order, OrderDetail, OrderId, OrderItem, OrderStatus, PaymentKind,
    PaymentTransaction, StatusChange, Totals,
};
use crate::store::{
    DueRefund, OrderQuery, OrderRepository, RefundStep, StoreError, StoreResult, Transition,
};
use async_trait::async_trait;
use bus::Event;
use kit::Timestamp;
use kit::pagination::PageRequest;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

const ORDER_COLUMNS: &str = "id, number, customer_id, status, currency, subtotal, shipping, total, \
     shipping_address, contact, shipment, created_at, updated_at";

impl SqlOrderStore {
    async fn items_of(&self, ids: &[OrderId]) -> StoreResult<Vec<(String, OrderItem)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT order_id, product_id, sku, name, unit_price, quantity, line_total \
             FROM order_items WHERE order_id IN ({}) ORDER BY order_id, position",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for id in ids {
            query = query.bind(id.as_str().to_owned());
        }
        let rows = query.fetch_all(&self.pool).await.map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok((
                    get(row, "order_id")?,
                    OrderItem {
                        product_id: get(row, "product_id")?,
                        sku: get(row, "sku")?,
                        name: get(row, "name")?,
                        unit_price: get(row, "unit_price")?,
                        quantity: get(row, "quantity")?,
                        line_total: get(row, "line_total")?,
                    },
                ))
            })
            .collect()
    }
}

fn status(text: &str) -> StoreResult<OrderStatus> {
    OrderStatus::ALL
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| corrupt("status"))
}

/// An order row without its items.
fn order_from_row(row: &AnyRow) -> StoreResult<Order> {
    let shipment: Option<String> = get(row, "shipment")?;
    Ok(Order {
        id: read_order_id(row, "id")?,
        number: get(row, "number")?,
        customer_id: get(row, "customer_id")?,
        status: status(&get::<String>(row, "status")?)?,
        items: Vec::new(),
        totals: Totals {
            currency: get(row, "currency")?,
            subtotal: get(row, "subtotal")?,
            shipping: get(row, "shipping")?,
            total: get(row, "total")?,
        },
        shipping_address: json(row, "shipping_address")?,
        contact: json(row, "contact")?,
        shipment: shipment
            .map(|s| serde_json::from_str(&s).map_err(|_| corrupt("shipment")))
            .transpose()?,
        created_at: timestamp(&get::<String>(row, "created_at")?)?,
        updated_at: timestamp(&get::<String>(row, "updated_at")?)?,
    })
}

fn payment_from_row(row: &AnyRow) -> StoreResult<PaymentTransaction> {
    Ok(PaymentTransaction {
        id: get(row, "id")?,
        order_id: read_order_id(row, "order_id")?,
        kind: PaymentKind::parse(&get::<String>(row, "kind")?).ok_or_else(|| corrupt("kind"))?,
        amount: get(row, "amount")?,
        currency: get(row, "currency")?,
        provider: get(row, "provider")?,
        reference: get(row, "reference")?,
        card_last4: get(row, "card_last4")?,
        card_brand: CardBrand::parse(&get::<String>(row, "card_brand")?),
        failure_code: get(row, "failure_code")?,
        created_at: timestamp(&get::<String>(row, "created_at")?)?,
    })
}

async fn insert_history(
    conn: &mut AnyConnection,
    order_id: &OrderId,
    change: &StatusChange,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO order_status_history (order_id, position, status, at, note) \
         SELECT $1, COALESCE(MAX(position), 0) + 1, $2, $3, $4 \
         FROM order_status_history WHERE order_id = $1",
    )
    .bind(order_id.as_str().to_owned())
    .bind(change.status.as_str())
    .bind(change.at.to_string())
    .bind(change.note.clone())
    .execute(conn)
    .await?;
    Ok(())
}

async fn insert_payment(
    conn: &mut AnyConnection,
    p: &PaymentTransaction,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO payments (id, order_id, kind, amount, currency, provider, reference, \
         card_last4, failure_code, created_at, card_brand) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(p.id.clone())
    .bind(p.order_id.as_str().to_owned())
    .bind(p.kind.as_str())
    .bind(p.amount)
    .bind(p.currency.clone())
    .bind(p.provider.clone())
    .bind(p.reference.clone())
    .bind(p.card_last4.clone())
    .bind(p.failure_code.clone())
    .bind(p.created_at.to_string())
    .bind(p.card_brand.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

#[async_trait]
impl OrderRepository for SqlOrderStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn place(&self, order: &Order, event: &Event) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let inserted = sqlx::query(&format!(
            "INSERT INTO orders ({ORDER_COLUMNS}, customer_email) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
        ))
        .bind(order.id.as_str().to_owned())
        .bind(order.number.clone())
        .bind(order.customer_id.clone())
        .bind(order.status.as_str())
        .bind(order.totals.currency.clone())
        .bind(order.totals.subtotal)
        .bind(order.totals.shipping)
        .bind(order.totals.total)
        .bind(to_json(&order.shipping_address)?)
        .bind(to_json(&order.contact)?)
        .bind(order.shipment.as_ref().map(to_json).transpose()?)
        .bind(order.created_at.to_string())
        .bind(order.updated_at.to_string())
        .bind(order.contact.email.to_lowercase())
        .execute(&mut *tx)
        .await;
        match inserted {
            Err(e) if kit::sql::is_unique_violation(&e) => return Err(StoreError::Duplicate),
            other => other.map_err(backend)?,
        };
        for (position, item) in order.items.iter().enumerate() {
            sqlx::query(
                "INSERT INTO order_items (order_id, position, product_id, sku, name, unit_price, \
                 quantity, line_total) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(order.id.as_str().to_owned())
            .bind(position as i64)
            .bind(item.product_id.clone())
            .bind(item.sku.clone())
            .bind(item.name.clone())
            .bind(item.unit_price)
            .bind(item.quantity)
            .bind(item.line_total)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        let first = StatusChange {
            status: order.status,
            at: order.created_at,
            note: None,
        };
        insert_history(&mut tx, &order.id, &first)
            .await
            .map_err(backend)?;
        bus::outbox::insert(&mut tx, event).await.map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn transition(&self, change: &Transition) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let shipment = change.shipment.as_ref().map(to_json).transpose()?;
        let moved = sqlx::query(
            "UPDATE orders SET status = $1, updated_at = $2, shipment = COALESCE($3, shipment) \
             WHERE id = $4 AND status = $5",
        )
        .bind(change.to.as_str())
        .bind(change.at.to_string())
        .bind(shipment)
        .bind(change.order_id.as_str().to_owned())
        .bind(change.from.as_str())
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if moved.rows_affected() == 0 {
            let exists = sqlx::query("SELECT 1 FROM orders WHERE id = $1")
                .bind(change.order_id.as_str().to_owned())
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?;
            return Err(match exists {
                Some(_) => StoreError::StatusChanged {
                    expected: change.from,
                },
                None => StoreError::NotFound,
            });
        }
        let entry = StatusChange {
            status: change.to,
            at: change.at,
            note: change.note.clone(),
        };
        insert_history(&mut tx, &change.order_id, &entry)
            .await
            .map_err(backend)?;
        for payment in &change.payments {
            insert_payment(&mut tx, payment).await.map_err(backend)?;
        }
        if change.release_stock {
            sqlx::query(
                "INSERT INTO stock_releases (order_id, attempts, next_attempt_at, created_at) \
                 VALUES ($1, 0, $2, $2) ON CONFLICT (order_id) DO NOTHING",
            )
            .bind(change.order_id.as_str().to_owned())
            .bind(change.at.to_string())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        match change.refund {
            Some(RefundStep::Queue { due_at }) => {
                sqlx::query(
                    "INSERT INTO refund_queue (order_id, attempts, next_attempt_at, created_at) \
                     VALUES ($1, 0, $2, $3) ON CONFLICT (order_id) DO NOTHING",
                )
                .bind(change.order_id.as_str().to_owned())
                .bind(due_at.to_string())
                .bind(change.at.to_string())
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            }
            Some(RefundStep::Done) => {
                sqlx::query("UPDATE refund_queue SET refunded_at = $1 WHERE order_id = $2")
                    .bind(change.at.to_string())
                    .bind(change.order_id.as_str().to_owned())
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
            }
            None => {}
        }
        if let Some(event) = &change.event {
            bus::outbox::insert(&mut tx, event).await.map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn get(&self, id: &OrderId) -> StoreResult<Option<OrderDetail>> {
        let row = sqlx::query(&format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = $1"))
            .bind(id.as_str().to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        let mut order = order_from_row(&row)?;
        order.items = self
            .items_of(std::slice::from_ref(&order.id))
            .await?
            .into_iter()
            .map(|(_, item)| item)
            .collect();
        let history = sqlx::query(
            "SELECT status, at, note FROM order_status_history WHERE order_id = $1 ORDER BY position",
        )
        .bind(id.as_str().to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .iter()
        .map(|row| {
            Ok(StatusChange {
                status: status(&get::<String>(row, "status")?)?,
                at: timestamp(&get::<String>(row, "at")?)?,
                note: get(row, "note")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        let payments = sqlx::query(
            "SELECT id, order_id, kind, amount, currency, provider, reference, card_last4, \
             card_brand, failure_code, created_at FROM payments WHERE order_id = $1 \
             ORDER BY created_at, id",
        )
        .bind(id.as_str().to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .iter()
        .map(payment_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
        Ok(Some(OrderDetail::new(order, history, payments)))
    }

    async fn list(&self, query: &OrderQuery, page: PageRequest) -> StoreResult<(Vec<Order>, u64)> {
        let mut clauses = Vec::new();
        let mut values = Vec::new();
        let mut add = |clause: &str, value: String| {
            values.push(value);
            clauses.push(clause.replace('?', &format!("${}", values.len())));
        };
        if let Some(customer) = &query.customer_id {
            add("customer_id = ?", customer.clone());
        }
        if let Some(status) = query.status {
            add("status = ?", status.as_str().to_owned());
        }
        if let Some(from) = query.from {
            add("created_at >= ?", from.to_string());
        }
        if let Some(to) = query.to {
            add("created_at < ?", to.to_string());
        }
        if let Some(search) = &query.search {
            // An order id or number prefix, a customer id, or part of the
            // customer's email; `\` escapes LIKE's wildcards in what was typed.
            let escaped = search
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            values.push(format!("{escaped}%"));
            let prefix = values.len();
            values.push(format!("%{escaped}%"));
            let anywhere = values.len();
            values.push(search.clone());
            let exact = values.len();
            clauses.push(format!(
                "(id LIKE ${prefix} ESCAPE '\\' OR LOWER(number) LIKE ${prefix} ESCAPE '\\' \
                 OR customer_email LIKE ${anywhere} ESCAPE '\\' OR customer_id = ${exact})"
            ));
        }
        let filter = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let count_sql = format!("SELECT COUNT(*) AS n FROM orders {filter}");
        let mut count = sqlx::query(&count_sql);
        for value in &values {
            count = count.bind(value.clone());
        }
        let total: i64 = get(&count.fetch_one(&self.pool).await.map_err(backend)?, "n")?;
        let list_sql = format!(
            "SELECT {ORDER_COLUMNS} FROM orders {filter} ORDER BY id DESC LIMIT {} OFFSET {}",
            page.per_page,
            page.offset()
        );
        let mut list = sqlx::query(&list_sql);
        for value in &values {
            list = list.bind(value.clone());
        }
        let mut orders = list
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .iter()
            .map(order_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        let ids: Vec<OrderId> = orders.iter().map(|o| o.id.clone()).collect();
        for (order_id, item) in self.items_of(&ids).await? {
            if let Some(order) = orders.iter_mut().find(|o| o.id.as_str() == order_id) {
                order.items.push(item);
            }
        }
        Ok((orders, u64::try_from(total).unwrap_or_default()))
    }

    async fn record_attempt(&self, payment: &PaymentTransaction) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let touched =
            sqlx::query("UPDATE orders SET updated_at = $1 WHERE id = $2 AND status = $3")
                .bind(payment.created_at.to_string())
                .bind(payment.order_id.as_str().to_owned())
                .bind(OrderStatus::PendingPayment.as_str())
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        if touched.rows_affected() == 0 {
            let exists = sqlx::query("SELECT 1 FROM orders WHERE id = $1")
                .bind(payment.order_id.as_str().to_owned())
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?;
            return Err(match exists {
                Some(_) => StoreError::StatusChanged {
                    expected: OrderStatus::PendingPayment,
                },
                None => StoreError::NotFound,
            });
        }
        insert_payment(&mut tx, payment).await.map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn unpaid_since(&self, before: Timestamp, limit: u32) -> StoreResult<Vec<OrderId>> {
        let sql = format!(
            "SELECT id FROM orders WHERE status = $1 AND updated_at < $2 \
             ORDER BY updated_at LIMIT {}",
            limit.clamp(1, 1000)
        );
        sqlx::query(&sql)
            .bind(OrderStatus::PendingPayment.as_str())
            .bind(before.to_string())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .iter()
            .map(|row| read_order_id(row, "id"))
            .collect()
    }

    async fn due_releases(&self, now: Timestamp, limit: u32) -> StoreResult<Vec<(OrderId, i64)>> {
        let sql = format!(
            "SELECT order_id, attempts FROM stock_releases WHERE released_at IS NULL AND next_attempt_at <= $1 \
             ORDER BY next_attempt_at LIMIT {}",
            limit.clamp(1, 1000)
        );
        sqlx::query(&sql)
            .bind(now.to_string())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .iter()
            .map(|row| Ok((read_order_id(row, "order_id")?, get(row, "attempts")?)))
            .collect()
    }

    async fn release_done(&self, order_id: &OrderId, at: Timestamp) -> StoreResult<()> {
        sqlx::query("UPDATE stock_releases SET released_at = $1 WHERE order_id = $2")
            .bind(at.to_string())
            .bind(order_id.as_str().to_owned())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn release_failed(
        &self,
        order_id: &OrderId,
        error: &str,
        retry_at: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE stock_releases SET attempts = attempts + 1, last_error = $1, \
             next_attempt_at = $2 WHERE order_id = $3",
        )
        .bind(error_text(error))
        .bind(retry_at.to_string())
        .bind(order_id.as_str().to_owned())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn due_refunds(&self, now: Timestamp, limit: u32) -> StoreResult<Vec<DueRefund>> {
        let sql = format!(
            "SELECT order_id, attempts, next_attempt_at FROM refund_queue \
             WHERE refunded_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT {}",
            limit.clamp(1, 1000)
        );
        sqlx::query(&sql)
            .bind(now.to_string())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .iter()
            .map(|row| {
                Ok(DueRefund {
                    order_id: read_order_id(row, "order_id")?,
                    attempts: get(row, "attempts")?,
                    due_at: timestamp(&get::<String>(row, "next_attempt_at")?)?,
                })
            })
            .collect()
    }

    async fn claim_refund(&self, due: &DueRefund, until: Timestamp) -> StoreResult<bool> {
        // Compare-and-set on the due time read: of two workers that read the
        // same row, one moves it and the other matches nothing.
        let claimed = sqlx::query(
            "UPDATE refund_queue SET next_attempt_at = $1 \
             WHERE order_id = $2 AND next_attempt_at = $3 AND refunded_at IS NULL",
        )
        .bind(until.to_string())
        .bind(due.order_id.as_str().to_owned())
        .bind(due.due_at.to_string())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(claimed.rows_affected() == 1)
    }

    async fn refund_failed(
        &self,
        order_id: &OrderId,
        error: &str,
        retry_at: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE refund_queue SET attempts = attempts + 1, last_error = $1, \
             next_attempt_at = $2 WHERE order_id = $3 AND refunded_at IS NULL",
        )
        .bind(error_text(error))
        .bind(retry_at.to_string())
        .bind(order_id.as_str().to_owned())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }
}
