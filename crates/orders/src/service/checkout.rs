//! Checkout under an idempotency key: claim the key, price the cart from the
//! catalog, reserve stock, write the order and `order.placed` in one
//! transaction, charge the card, then write `paid` or `payment_failed` with
//! its payments and event in one transaction. The answer is stored with the
//! key, so a retry replays it instead of ordering or charging again.

use super::lifecycle::Move;
use super::{Orders, Result, ServiceError};
use crate::clients::ClientError;
use crate::clients::catalog::{ReservationLine, Reserved};
use crate::clients::payments::{ChargeOutcome, ChargeRequest};
use crate::domain::checkout::{CheckoutDetails, CheckoutRequest, Shortage};
use crate::domain::events::placed_event;
use crate::domain::idempotency::IdempotencyKey;
use crate::domain::order::order_number;
use crate::domain::{
    Line, Order, OrderDetail, OrderId, OrderItem, OrderStatus, PaymentKind, PaymentTransaction,
    Totals,
};
use crate::store::{Claim, IdempotencyRecord, StoredResponse};
use kit::auth::AuthUser;
use kit::{FieldError, Timestamp};
use std::time::Duration;

/// One checkout as the handler received it.
pub struct CheckoutCommand<'a> {
    pub user: &'a AuthUser,
    /// The user's own access token, for services that answer only the user
    /// about themselves (identity's `GET /me`).
    pub bearer: &'a str,
    /// The `Idempotency-Key` header.
    pub key: IdempotencyKey,
    /// Fingerprint of the request body, so a reused key with another body is
    /// refused.
    pub fingerprint: String,
    pub request: CheckoutRequest,
}

/// What a checkout answers: the status and JSON body, stored with the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutAnswer {
    pub status: u16,
    pub body: String,
    /// Whether this is a stored answer to an earlier request with the key.
    pub replayed: bool,
}

/// Where a used key stands once its holder is done or gone.
enum Settled {
    /// The first request finished; this is its answer.
    Answer(StoredResponse),
    /// The holder's lock lapsed and this request now holds the key, to resume
    /// the order it names.
    TakenOver(OrderId),
}

/// Why a checkout attempt failed, and so what becomes of its idempotency key.
enum AttemptError {
    /// Nothing exists under the key: it is released so the client may retry
    /// with it.
    BeforeOrder(ServiceError),
    /// The order exists: the key stays locked, and once the lock lapses a
    /// retry takes it over and resumes the same order.
    AfterOrder(ServiceError),
}

/// One attempt at placing and charging the order a key names.
struct Attempt<'a> {
    user: &'a AuthUser,
    bearer: &'a str,
    order_id: &'a OrderId,
    details: CheckoutDetails,
}

impl Orders {
    /// Checks out the user's cart under the command's idempotency key.
    pub async fn checkout(&self, command: CheckoutCommand<'_>) -> Result<CheckoutAnswer> {
        let CheckoutCommand {
            user,
            bearer,
            key,
            fingerprint,
            request,
        } = command;
        let details = request.parse().map_err(ServiceError::Validation)?;
        let now = Timestamp::now();
        let record = IdempotencyRecord {
            user_id: user.id.to_string(),
            key: key.clone(),
            fingerprint,
            order_id: OrderId::generate(),
            locked_until: Some(now.plus(self.key_lock)),
            response: None,
            created_at: now,
        };
        let order_id = match self.keys.claim(&record).await? {
            Claim::Claimed => record.order_id.clone(),
            Claim::Existing(existing) => {
                if existing.fingerprint != record.fingerprint {
                    return Err(ServiceError::KeyReused);
                }
                match self.settled(existing).await? {
                    Settled::Answer(stored) => {
                        return Ok(CheckoutAnswer {
                            // The order was created by the first request, not this one.
                            status: if stored.status == 201 {
                                200
                            } else {
                                stored.status
                            },
                            body: stored.body,
                            replayed: true,
                        });
                    }
                    Settled::TakenOver(order_id) => order_id,
                }
            }
        };
        let attempt = Attempt {
            user,
            bearer,
            order_id: &order_id,
            details,
        };
        match self.place_and_charge(attempt).await {
            Ok(stored) => {
                self.keys.complete(&user.id, &key, &stored).await?;
                Ok(CheckoutAnswer {
                    status: stored.status,
                    body: stored.body,
                    replayed: false,
                })
            }
            Err(AttemptError::BeforeOrder(error)) => {
                self.keys.abandon(&user.id, &key).await?;
                Err(error)
            }
            Err(AttemptError::AfterOrder(error)) => Err(error),
        }
    }

    /// Waits for another request holding the key to finish, or takes the key
    /// over when its holder's lock lapsed.
    async fn settled(&self, mut record: IdempotencyRecord) -> Result<Settled> {
        let deadline = tokio::time::Instant::now() + self.key_lock;
        loop {
            if let Some(stored) = record.response {
                return Ok(Settled::Answer(stored));
            }
            let now = Timestamp::now();
            if record.locked_until.is_none_or(|until| until < now)
                && self
                    .keys
                    .take_over(&record.user_id, &record.key, now, now.plus(self.key_lock))
                    .await?
            {
                return Ok(Settled::TakenOver(record.order_id));
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(ServiceError::KeyInProgress);
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
            record = self
                .keys
                .find(&record.user_id, &record.key)
                .await?
                .ok_or(ServiceError::KeyInProgress)?;
        }
    }

    /// Places the order (unless a previous attempt did) and charges it (unless
    /// it was charged).
    async fn place_and_charge(
        &self,
        attempt: Attempt<'_>,
    ) -> std::result::Result<StoredResponse, AttemptError> {
        use AttemptError::{AfterOrder, BeforeOrder};
        let existing = self
            .orders
            .get(attempt.order_id)
            .await
            .map_err(|e| BeforeOrder(e.into()))?;
        let order = match existing {
            Some(detail) => detail.order,
            None => self.place(&attempt).await.map_err(BeforeOrder)?,
        };
        let detail = if order.status == OrderStatus::PendingPayment {
            self.charge(order, &attempt.details)
                .await
                .map_err(AfterOrder)?
        } else {
            self.detail(attempt.order_id).await.map_err(AfterOrder)?
        };
        if detail.order.status == OrderStatus::Paid {
            // The cart has served; a declined order keeps it for another try.
            if let Err(error) = self.carts.clear(&attempt.user.id).await {
                tracing::warn!(%error, "cannot clear the cart after payment");
            }
        }
        answer(&detail).map_err(AfterOrder)
    }

    /// Prices the cart from the catalog, reserves its stock and writes the
    /// order with its `order.placed` event.
    async fn place(&self, attempt: &Attempt<'_>) -> Result<Order> {
        let Attempt {
            user,
            bearer,
            order_id,
            details,
        } = attempt;
        let lines = self.carts.cart(&user.id).await?;
        if lines.is_empty() {
            return Err(ServiceError::Validation(vec![FieldError::new(
                "cart",
                "is empty; add items before checking out",
            )]));
        }
        let facts = self.facts(&lines).await?;
        let mut items = Vec::with_capacity(lines.len());
        let mut priced = Vec::with_capacity(lines.len());
        let mut wanted = Vec::with_capacity(lines.len());
        let mut gone = Vec::new();
        for line in &lines {
            let Some(f) = facts.iter().find(|f| f.id == line.product_id && f.active) else {
                gone.push(Shortage {
                    product_id: line.product_id.to_string(),
                    requested: line.quantity,
                    available: 0,
                });
                continue;
            };
            items.push(OrderItem {
                product_id: f.id.to_string(),
                sku: f.sku.clone(),
                name: f.name.clone(),
                unit_price: f.price,
                quantity: line.quantity,
                line_total: f.price.saturating_mul(line.quantity),
            });
            priced.push(Line {
                unit_price: f.price,
                currency: f.currency.clone(),
                quantity: u32::try_from(line.quantity).unwrap_or(u32::MAX),
            });
            wanted.push(ReservationLine {
                product_id: f.id.clone(),
                quantity: line.quantity,
            });
        }
        if !gone.is_empty() {
            return Err(ServiceError::OutOfStock(gone));
        }
        let totals = Totals::compute(&priced, self.shipping).map_err(ServiceError::Totals)?;
        let contact = self.contacts.contact(user, bearer).await?;
        let reservation = order_id.reservation();
        if let Reserved::OutOfStock(shortages) = self.catalog.reserve(&reservation, &wanted).await?
        {
            return Err(ServiceError::OutOfStock(shortages));
        }
        let now = Timestamp::now();
        let order = Order {
            id: (*order_id).clone(),
            number: order_number(&order_id.uuid()),
            customer_id: user.id.to_string(),
            status: OrderStatus::PendingPayment,
            items,
            totals,
            shipping_address: details.shipping_address.clone(),
            contact,
            shipment: None,
            created_at: now,
            updated_at: now,
        };
        let event = placed_event(&order, now);
        if let Err(error) = self.orders.place(&order, &event).await {
            // The order does not exist, so its stock must not stay held.
            if let Err(e) = self.catalog.release(&reservation).await {
                tracing::error!(error = %e, %order_id, "cannot release the stock of an order that failed to save");
            }
            return Err(error.into());
        }
        self.relay.notify_one();
        Ok(order)
    }

    /// Charges the card and moves the order to `paid` or `payment_failed`
    /// (which queues the stock release).
    async fn charge(&self, order: Order, details: &CheckoutDetails) -> Result<OrderDetail> {
        let card = &details.card;
        let outcome = self
            .payments
            .charge(&ChargeRequest {
                idempotency_key: order.id.as_str(),
                amount: order.totals.total,
                currency: &order.totals.currency,
                card_number: card.as_str(),
            })
            .await
            .map_err(|e| ServiceError::Unavailable(ClientError::unavailable("payments", e)))?;
        let now = Timestamp::now();
        let payment =
            |kind, reference: Option<String>, failure: Option<String>| PaymentTransaction {
                id: uuid::Uuid::now_v7().to_string(),
                order_id: order.id.clone(),
                kind,
                amount: order.totals.total,
                currency: order.totals.currency.clone(),
                provider: self.payments.name().to_owned(),
                reference,
                card_last4: card.last4().to_owned(),
                failure_code: failure,
                created_at: now,
            };
        let change = match outcome {
            ChargeOutcome::Captured { reference } => Move {
                payments: vec![
                    payment(PaymentKind::Authorized, Some(reference.clone()), None),
                    payment(PaymentKind::Captured, Some(reference), None),
                ],
                ..Move::to(OrderStatus::Paid)
            },
            ChargeOutcome::Declined { code, .. } => Move {
                payments: vec![payment(PaymentKind::Failed, None, Some(code.clone()))],
                note: Some(code),
                release_stock: true,
                ..Move::to(OrderStatus::PaymentFailed)
            },
        };
        self.move_order(order, change).await
    }
}

/// The stored answer for an order that reached `paid` or `payment_failed`:
/// 201 with the order, or the 402 problem naming the decline. The problem is
/// the one `http/error.rs` gives for [`ServiceError::PaymentDeclined`], so a
/// replay reads exactly as the first answer did.
fn answer(detail: &OrderDetail) -> Result<StoredResponse> {
    let (status, body) = if detail.order.status == OrderStatus::PaymentFailed {
        let code = detail
            .history
            .last()
            .and_then(|h| h.note.as_deref())
            .unwrap_or("card_declined");
        let problem = kit::Problem::from(ServiceError::PaymentDeclined {
            order_id: detail.order.id.clone(),
            code: code.to_owned(),
        });
        (problem.status, serde_json::to_string(&problem))
    } else {
        (201, serde_json::to_string(detail))
    };
    Ok(StoredResponse {
        status,
        body: body.map_err(|e| ServiceError::Internal(e.into()))?,
    })
}
