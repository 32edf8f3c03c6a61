//! Checkout and paying under an idempotency key: claim the key, price the
//! cart from the catalog, reserve stock, write the order and `order.placed`
//! in one transaction, charge the card, then write `paid` with its payments
//! and `order.paid` in one transaction. A declined card leaves the order
//! `pending_payment` with the stock held and the cart kept, and records the
//! attempt in the order's payment log (no event): the shopper pays the same
//! order with another card (`POST /orders/{id}/pay`, its own key), ADR 0038.
//! The answer is stored with the key, so a retry replays it instead of
//! ordering or charging again.

use super::lifecycle::Move;
use super::{Orders, Result, ServiceError};
use crate::clients::ClientError;
use crate::clients::catalog::{ReservationLine, Reserved};
use crate::clients::payments::{ChargeOutcome, ChargeRequest};
use crate::domain::checkout::{CardNumber, CheckoutRequest, PayRequest, Shortage};
use crate::domain::events::placed_event;
use crate::domain::idempotency::IdempotencyKey;
use crate::domain::order::order_number;
use crate::domain::{
    Line, Order, OrderDetail, OrderId, OrderItem, OrderStatus, PaymentKind, PaymentTransaction,
    ShippingAddress, Totals, TransitionError,
};
use crate::store::{Claim, IdempotencyRecord, StoreError, StoredResponse};
use kit::auth::AuthUser;
use kit::{FieldError, Timestamp};
use std::time::Duration;
use tracing::Instrument;

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

/// Paying a `pending_payment` order (after a declined card) as the handler
/// received it.
pub struct PayCommand<'a> {
    pub user: &'a AuthUser,
    /// The `Idempotency-Key` header (its own, not the checkout's).
    pub key: IdempotencyKey,
    /// Fingerprint of the order id and request body.
    pub fingerprint: String,
    pub order_id: OrderId,
    pub request: PayRequest,
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

/// What a keyed request does.
enum Purpose {
    /// Place the order from the cart, to this address, and charge it.
    Checkout(ShippingAddress),
    /// Charge an existing order of the user's.
    Pay,
}

/// One attempt at placing and charging the order a key names.
struct Attempt<'a> {
    user: &'a AuthUser,
    bearer: &'a str,
    order_id: &'a OrderId,
    key: &'a IdempotencyKey,
    card: CardNumber,
    purpose: Purpose,
}

/// What charging a `pending_payment` order did.
enum Charged {
    Paid(OrderDetail),
    /// Declined: the order stays `pending_payment` with the attempt logged.
    Declined {
        detail: OrderDetail,
        code: String,
    },
}

impl Orders {
    /// Checks out the user's cart under the command's idempotency key.
    #[tracing::instrument(name = "checkout", skip_all, fields(user = %command.user.id))]
    pub async fn checkout(&self, command: CheckoutCommand<'_>) -> Result<CheckoutAnswer> {
        let CheckoutCommand {
            user,
            bearer,
            key,
            fingerprint,
            request,
        } = command;
        // Before the key is claimed: once verified, the same request with
        // the same key may be sent again and goes through.
        if !user.email_verified {
            return Err(ServiceError::EmailNotVerified);
        }
        let details = request.parse().map_err(ServiceError::Validation)?;
        self.keyed(
            user,
            bearer,
            key,
            fingerprint,
            OrderId::generate(),
            details.card,
            Purpose::Checkout(details.shipping_address),
        )
        .await
    }

    /// Pays a `pending_payment` order of the user's with another card, under
    /// the command's own idempotency key: 200 with the paid order, or the
    /// 402 of another decline (the order still waiting).
    pub async fn pay(&self, command: PayCommand<'_>) -> Result<CheckoutAnswer> {
        let PayCommand {
            user,
            key,
            fingerprint,
            order_id,
            request,
        } = command;
        let card = request.parse().map_err(ServiceError::Validation)?;
        self.keyed(user, "", key, fingerprint, order_id, card, Purpose::Pay)
            .await
    }

    /// Runs a checkout or a payment under its idempotency key: claims the
    /// key for `order_id` (or replays, waits for or takes over the request
    /// that holds it), then places and charges.
    #[allow(clippy::too_many_arguments)]
    async fn keyed(
        &self,
        user: &AuthUser,
        bearer: &str,
        key: IdempotencyKey,
        fingerprint: String,
        order_id: OrderId,
        card: CardNumber,
        purpose: Purpose,
    ) -> Result<CheckoutAnswer> {
        let now = Timestamp::now();
        let record = IdempotencyRecord {
            user_id: user.id.to_string(),
            key: key.clone(),
            fingerprint,
            order_id,
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
            key: &key,
            card,
            purpose,
        };
        let purpose = match attempt.purpose {
            Purpose::Pay => "pay",
            Purpose::Checkout(_) => "checkout",
        };
        let result = self.place_and_charge(attempt).await;
        count_outcome(purpose, &result);
        match result {
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
        let paying = matches!(attempt.purpose, Purpose::Pay);
        let order = match (existing, &attempt.purpose) {
            (Some(detail), Purpose::Pay) => {
                // Someone else's order is as good as none (ids cannot be probed).
                if !super::lifecycle::owns(attempt.user, &detail.order) {
                    return Err(BeforeOrder(ServiceError::NotFound));
                }
                if detail.order.status != OrderStatus::PendingPayment {
                    return Err(BeforeOrder(
                        TransitionError {
                            from: detail.order.status,
                            to: OrderStatus::Paid,
                        }
                        .into(),
                    ));
                }
                detail.order
            }
            (Some(detail), Purpose::Checkout(_)) => detail.order,
            (None, Purpose::Pay) => return Err(BeforeOrder(ServiceError::NotFound)),
            (None, Purpose::Checkout(address)) => {
                self.place(&attempt, address).await.map_err(BeforeOrder)?
            }
        };
        let charged = if order.status == OrderStatus::PendingPayment {
            self.charge(order, &attempt.card, attempt.key)
                .await
                .map_err(AfterOrder)?
        } else {
            Charged::Paid(self.detail(attempt.order_id).await.map_err(AfterOrder)?)
        };
        let (detail, declined) = match charged {
            Charged::Paid(detail) => (detail, None),
            Charged::Declined { detail, code } => (detail, Some(code)),
        };
        if detail.order.status == OrderStatus::Paid {
            // The cart has served; while the order waits for payment the
            // cart is kept.
            if let Err(error) = self.carts.clear(&attempt.user.id).await {
                tracing::warn!(%error, "cannot clear the cart after payment");
            }
        }
        let created = if paying { 200 } else { 201 };
        answer(&detail, declined.as_deref(), created).map_err(AfterOrder)
    }

    /// Prices the cart from the catalog, reserves its stock and writes the
    /// order with its `order.placed` event.
    async fn place(&self, attempt: &Attempt<'_>, address: &ShippingAddress) -> Result<Order> {
        let Attempt {
            user,
            bearer,
            order_id,
            ..
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
        let contact = self
            .contacts
            .contact(user, bearer)
            .instrument(tracing::info_span!("contact lookup"))
            .await?;
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
            shipping_address: address.clone(),
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

    /// Charges the card: `paid` with its payments and `order.paid` in one
    /// transaction, or, when declined, the attempt in the payment log with
    /// the order still `pending_payment` (no event, no stock release). The
    /// provider's idempotency key is the order's with the request's key, so
    /// a retried request never charges twice and another card is a new charge.
    #[tracing::instrument(name = "payment", skip_all, fields(order.id = %order.id))]
    async fn charge(
        &self,
        order: Order,
        card: &CardNumber,
        key: &IdempotencyKey,
    ) -> Result<Charged> {
        let provider_key = format!("{}:{}", order.id, key.as_str());
        let outcome = self
            .payments
            .charge(&ChargeRequest {
                idempotency_key: &provider_key,
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
                card_brand: card.brand(),
                failure_code: failure,
                created_at: now,
            };
        match outcome {
            ChargeOutcome::Captured { reference } => {
                let change = Move {
                    payments: vec![
                        payment(PaymentKind::Authorized, Some(reference.clone()), None),
                        payment(PaymentKind::Captured, Some(reference), None),
                    ],
                    ..Move::to(OrderStatus::Paid)
                };
                Ok(Charged::Paid(self.move_order(order, change).await?))
            }
            ChargeOutcome::Declined { code, .. } => {
                let failed = payment(PaymentKind::Failed, None, Some(code.clone()));
                match self.orders.record_attempt(&failed).await {
                    Ok(()) => {}
                    Err(StoreError::StatusChanged { .. }) => {
                        // Paid, cancelled or given up meanwhile: judge this
                        // attempt against where the order is now.
                        let now = self.detail(&order.id).await?;
                        return Err(TransitionError {
                            from: now.order.status,
                            to: OrderStatus::Paid,
                        }
                        .into());
                    }
                    Err(e) => return Err(e.into()),
                }
                Ok(Charged::Declined {
                    detail: self.detail(&order.id).await?,
                    code,
                })
            }
        }
    }
}

/// The stored answer for a charged order: `created` (201 for a checkout,
/// 200 for a payment) with the order, or the 402 problem naming the decline.
/// The problem is the one `http/error.rs` gives for
/// [`ServiceError::PaymentDeclined`], so a replay reads exactly as the first
/// answer did.
fn answer(detail: &OrderDetail, declined: Option<&str>, created: u16) -> Result<StoredResponse> {
    let (status, body) = match declined {
        Some(code) => {
            let problem = kit::Problem::from(ServiceError::PaymentDeclined {
                order_id: detail.order.id.clone(),
                code: code.to_owned(),
                pay_by: detail.pay_by,
            });
            (problem.status, serde_json::to_string(&problem))
        }
        None => (created, serde_json::to_string(detail)),
    };
    Ok(StoredResponse {
        status,
        body: body.map_err(|e| ServiceError::Internal(e.into()))?,
    })
}

/// Counts one checkout or payment attempt by outcome
/// (`feira_checkouts_total`): `paid`, `declined`, `out_of_stock`,
/// `unavailable` (a dependency down) or `refused` (any other error). Replays
/// of a stored answer are not counted again.
fn count_outcome(
    purpose: &'static str,
    result: &std::result::Result<StoredResponse, AttemptError>,
) {
    let outcome = match result {
        Ok(stored) if (200..300).contains(&stored.status) => "paid",
        Ok(_) => "declined",
        Err(AttemptError::BeforeOrder(ServiceError::OutOfStock(_))) => "out_of_stock",
        Err(AttemptError::BeforeOrder(ServiceError::Unavailable(_)))
        | Err(AttemptError::AfterOrder(ServiceError::Unavailable(_))) => "unavailable",
        Err(_) => "refused",
    };
    metrics::counter!("feira_checkouts_total", "purpose" => purpose, "outcome" => outcome)
        .increment(1);
}
