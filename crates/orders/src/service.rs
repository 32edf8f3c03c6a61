//! The use cases: carts, checkout and the order lifecycle, over the ports
//! (stores, catalog, contacts, payment provider).

use crate::clients::ClientError;
use crate::clients::catalog::{CatalogClient, ProductFacts, ReservationLine, Reserved};
use crate::clients::identity::ContactDirectory;
use crate::domain::cart::{Availability, CartLine, MAX_LINES};
use crate::domain::checkout::Shortage;
use crate::domain::events::order_event;
use crate::domain::order::order_number;
use crate::domain::{
    Line, Order, OrderDetail, OrderItem, OrderStatus, PaymentKind, PaymentTransaction, Shipment,
    ShippingAddress, ShippingRule, Totals, TotalsError, TransitionError,
};
use crate::payments::{ChargeOutcome, ChargeRequest, PaymentProvider};
use crate::store::{
    CartRepository, Claim, IdempotencyRecord, IdempotencyRepository, OrderQuery, OrderRepository,
    StoreError, StoredResponse, Transition,
};
use kit::auth::AuthUser;
use kit::pagination::PageRequest;
use kit::{FieldError, Timestamp};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use utoipa::ToSchema;

/// Why a use case refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum OrdersError {
    /// 400: a parameter or header is wrong.
    #[error("invalid parameters")]
    InvalidParameters(Vec<FieldError>),
    /// 422: the body is wrong.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// 422: the key was used with another body.
    #[error("idempotency key reused with a different request")]
    KeyReused,
    /// 409: another request with this key is still running.
    #[error("a request with this idempotency key is in progress")]
    KeyInProgress,
    /// 409: items cannot be had in the quantity asked.
    #[error("out of stock")]
    OutOfStock(Vec<Shortage>),
    /// 409: the cart mixes currencies.
    #[error("{0}")]
    Totals(TotalsError),
    /// 409: the lifecycle forbids the move.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// 404.
    #[error("not found")]
    NotFound,
    /// 503: a service orders depends on is down.
    #[error(transparent)]
    Unavailable(ClientError),
    /// 500.
    #[error(transparent)]
    Internal(anyhow::Error),
}

impl From<StoreError> for OrdersError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => OrdersError::NotFound,
            other => OrdersError::Internal(anyhow::Error::new(other)),
        }
    }
}

impl From<ClientError> for OrdersError {
    fn from(e: ClientError) -> Self {
        match e {
            ClientError::Unavailable { .. } => OrdersError::Unavailable(e),
            ClientError::Refused { .. } => OrdersError::Internal(anyhow::Error::new(e)),
        }
    }
}

/// Results of use cases.
pub type Result<T, E = OrdersError> = std::result::Result<T, E>;

/// One cart line as shown: current catalog facts and whether it can be bought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CartViewItem {
    pub product_id: String,
    pub quantity: i64,
    pub availability: Availability,
    /// Units the catalog has now (0 when unavailable).
    pub stock: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Current unit price in minor units (absent when the product is gone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_total: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    pub added_at: Timestamp,
}

/// The cart as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CartView {
    pub items: Vec<CartViewItem>,
    /// Totals of the lines that can be bought now; absent for an empty cart.
    pub totals: Option<Totals>,
    /// Whether every line can be bought now.
    pub checkout_ready: bool,
}

/// `POST /orders`: what to buy is the cart; this says where to and how to pay.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckoutRequest {
    pub shipping_address: ShippingAddress,
    pub payment: PaymentInput,
}

/// Card details. Only the last four digits are stored.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentInput {
    /// Test cards: `4242424242424242` succeeds, `4000000000000002` is declined,
    /// `4000000000009995` has insufficient funds.
    #[schema(example = "4242424242424242")]
    pub card_number: String,
}

impl CheckoutRequest {
    fn validate(self) -> Result<(ShippingAddress, String), Vec<FieldError>> {
        let mut errors = Vec::new();
        let address = self
            .shipping_address
            .validate("shipping_address")
            .map_err(|e| errors.extend(e))
            .ok();
        let digits: String = self
            .payment
            .card_number
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        if !(12..=19).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            errors.push(FieldError::new(
                "payment.card_number",
                "must be 12 to 19 digits (spaces and dashes allowed)",
            ));
        }
        match address {
            Some(address) if errors.is_empty() => Ok((address, digits)),
            _ => Err(errors),
        }
    }
}

/// What a checkout answers: the status and JSON body, stored with the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutAnswer {
    pub status: u16,
    pub body: String,
    /// Whether this is a stored answer to an earlier request with the key.
    pub replayed: bool,
}

/// The ports and settings the use cases need.
pub struct Orders {
    pub carts: Arc<dyn CartRepository>,
    pub orders: Arc<dyn OrderRepository>,
    pub keys: Arc<dyn IdempotencyRepository>,
    pub catalog: Arc<dyn CatalogClient>,
    pub contacts: Arc<dyn ContactDirectory>,
    pub payments: Arc<dyn PaymentProvider>,
    pub shipping: ShippingRule,
    /// Woken after every commit that wrote an outbox row.
    pub relay: Arc<Notify>,
    /// Woken after every commit that queued a stock release.
    pub releases: Arc<Notify>,
    /// How long a checkout holds its key before a retry may take over.
    pub key_lock: Duration,
}

/// Who may act on an order.
fn owns(user: &AuthUser, order: &Order) -> bool {
    user.id == order.customer_id || user.is_admin()
}

impl Orders {
    /// The user's cart with current catalog facts.
    pub async fn cart(&self, user: &AuthUser) -> Result<CartView> {
        let lines = self.carts.cart(&user.id).await?;
        let facts = self.facts(&lines).await?;
        Ok(cart_view(&lines, &facts, self.shipping))
    }

    async fn facts(&self, lines: &[CartLine]) -> Result<Vec<ProductFacts>> {
        let ids: Vec<String> = lines.iter().map(|l| l.product_id.clone()).collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self.catalog.products(&ids).await?)
    }

    /// Adds units of a product that exists and is active.
    pub async fn add_item(
        &self,
        user: &AuthUser,
        product_id: &str,
        quantity: i64,
    ) -> Result<CartView> {
        let facts = self.catalog.products(&[product_id.to_owned()]).await?;
        if !facts.iter().any(|f| f.active) {
            return Err(OrdersError::Validation(vec![FieldError::new(
                "product_id",
                "no such product in the catalog",
            )]));
        }
        let lines = self.carts.cart(&user.id).await?;
        if lines.len() >= MAX_LINES && !lines.iter().any(|l| l.product_id == product_id) {
            return Err(OrdersError::Validation(vec![FieldError::new(
                "product_id",
                format!("a cart holds at most {MAX_LINES} products"),
            )]));
        }
        self.carts
            .add_item(&user.id, product_id, quantity, Timestamp::now())
            .await?;
        self.cart(user).await
    }

    /// Sets a line's quantity.
    pub async fn set_quantity(
        &self,
        user: &AuthUser,
        product_id: &str,
        quantity: i64,
    ) -> Result<CartView> {
        self.carts
            .set_quantity(&user.id, product_id, quantity)
            .await?;
        self.cart(user).await
    }

    /// Removes a line.
    pub async fn remove_item(&self, user: &AuthUser, product_id: &str) -> Result<CartView> {
        self.carts.remove_item(&user.id, product_id).await?;
        self.cart(user).await
    }

    /// Empties the cart.
    pub async fn clear_cart(&self, user: &AuthUser) -> Result<()> {
        Ok(self.carts.clear(&user.id).await?)
    }

    /// Merges a guest cart (lines already validated).
    pub async fn merge(&self, user: &AuthUser, lines: &[(String, i64)]) -> Result<CartView> {
        let existing = self.carts.cart(&user.id).await?;
        let new = lines
            .iter()
            .filter(|(id, _)| !existing.iter().any(|l| &l.product_id == id))
            .count();
        if existing.len() + new > MAX_LINES {
            return Err(OrdersError::Validation(vec![FieldError::new(
                "items",
                format!("a cart holds at most {MAX_LINES} products"),
            )]));
        }
        self.carts.merge(&user.id, lines, Timestamp::now()).await?;
        self.cart(user).await
    }

    /// Checkout of the user's cart under an idempotency key. `fingerprint` is
    /// that of the raw request body, so a reused key with another body is refused.
    pub async fn checkout(
        &self,
        user: &AuthUser,
        bearer: &str,
        key: &str,
        request: CheckoutRequest,
        fingerprint: String,
    ) -> Result<CheckoutAnswer> {
        let (address, card) = request.validate().map_err(OrdersError::Validation)?;
        let now = Timestamp::now();
        let record = IdempotencyRecord {
            user_id: user.id.clone(),
            key: key.to_owned(),
            fingerprint,
            order_id: uuid::Uuid::now_v7().to_string(),
            locked_until: Some(now.plus(self.key_lock)),
            response: None,
            created_at: now,
        };
        let order_id = match self.keys.claim(&record).await? {
            Claim::Claimed => record.order_id.clone(),
            Claim::Existing(existing) => {
                if existing.fingerprint != record.fingerprint {
                    return Err(OrdersError::KeyReused);
                }
                match self.settled(existing).await? {
                    Settled::Answer(stored) => {
                        return Ok(CheckoutAnswer {
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
        match self
            .place_and_charge(user, bearer, &order_id, address, &card)
            .await
        {
            Ok(stored) => {
                self.keys.complete(&user.id, key, &stored).await?;
                Ok(CheckoutAnswer {
                    status: stored.status,
                    body: stored.body,
                    replayed: false,
                })
            }
            Err((error, created)) => {
                if !created {
                    // Nothing exists under this key: let the client retry it.
                    self.keys.abandon(&user.id, key).await?;
                }
                // Otherwise the key stays locked; once the lock lapses a retry
                // takes over and resumes the same order.
                Err(error)
            }
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
                return Err(OrdersError::KeyInProgress);
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
            record = self
                .keys
                .find(&record.user_id, &record.key)
                .await?
                .ok_or(OrdersError::KeyInProgress)?;
        }
    }

    /// Places the order (unless a previous attempt did) and charges it (unless
    /// it was charged). On error, says whether the order exists.
    async fn place_and_charge(
        &self,
        user: &AuthUser,
        bearer: &str,
        order_id: &str,
        address: ShippingAddress,
        card: &str,
    ) -> std::result::Result<StoredResponse, (OrdersError, bool)> {
        let existing = self
            .orders
            .get(order_id)
            .await
            .map_err(|e| (e.into(), false))?;
        let order = match existing {
            Some(detail) => detail.order,
            None => self
                .place(user, bearer, order_id, address)
                .await
                .map_err(|e| (e, false))?,
        };
        let detail = if order.status == OrderStatus::PendingPayment {
            self.charge(order, card).await.map_err(|e| (e, true))?
        } else {
            self.detail(order_id).await.map_err(|e| (e, true))?
        };
        let status = detail.order.status;
        if status == OrderStatus::Paid {
            // The cart has served; a declined order keeps it for another try.
            if let Err(error) = self.carts.clear(&user.id).await {
                tracing::warn!(%error, "cannot clear the cart after payment");
            }
        }
        answer(&detail).map_err(|e| (e, true))
    }

    async fn place(
        &self,
        user: &AuthUser,
        bearer: &str,
        order_id: &str,
        address: ShippingAddress,
    ) -> Result<Order> {
        let lines = self.carts.cart(&user.id).await?;
        if lines.is_empty() {
            return Err(OrdersError::Validation(vec![FieldError::new(
                "cart",
                "is empty; add items before checking out",
            )]));
        }
        let facts = self.facts(&lines).await?;
        let mut items = Vec::with_capacity(lines.len());
        let mut gone = Vec::new();
        for line in &lines {
            match facts.iter().find(|f| f.id == line.product_id && f.active) {
                Some(f) => items.push(OrderItem {
                    product_id: f.id.clone(),
                    sku: f.sku.clone(),
                    name: f.name.clone(),
                    unit_price: f.price,
                    quantity: line.quantity,
                    line_total: f.price.saturating_mul(line.quantity),
                }),
                None => gone.push(Shortage {
                    product_id: line.product_id.clone(),
                    requested: line.quantity,
                    available: 0,
                }),
            }
        }
        if !gone.is_empty() {
            return Err(OrdersError::OutOfStock(gone));
        }
        let priced: Vec<Line> = items
            .iter()
            .zip(&lines)
            .map(|(item, line)| Line {
                unit_price: item.unit_price,
                currency: facts
                    .iter()
                    .find(|f| f.id == item.product_id)
                    .map(|f| f.currency.clone())
                    .unwrap_or_default(),
                quantity: u32::try_from(line.quantity).unwrap_or(u32::MAX),
            })
            .collect();
        let totals = Totals::compute(&priced, self.shipping).map_err(OrdersError::Totals)?;
        let contact = self.contacts.contact(user, bearer).await?;
        let wanted: Vec<ReservationLine> = items
            .iter()
            .map(|i| ReservationLine {
                product_id: i.product_id.clone(),
                quantity: i.quantity,
            })
            .collect();
        if let Reserved::OutOfStock(shortages) = self.catalog.reserve(order_id, &wanted).await? {
            return Err(OrdersError::OutOfStock(shortages));
        }
        let now = Timestamp::now();
        let id = uuid::Uuid::parse_str(order_id).map_err(|e| OrdersError::Internal(e.into()))?;
        let order = Order {
            id: order_id.to_owned(),
            number: order_number(&id),
            customer_id: user.id.clone(),
            status: OrderStatus::PendingPayment,
            items,
            totals,
            shipping_address: address,
            contact,
            shipment: None,
            created_at: now,
            updated_at: now,
        };
        let event = order_event(&order, None, None, now);
        if let Err(error) = self.orders.place(&order, &event).await {
            // The order does not exist, so its stock must not stay held.
            if let Err(e) = self.catalog.release(order_id).await {
                tracing::error!(error = %e, order_id, "cannot release the stock of an order that failed to save");
            }
            return Err(error.into());
        }
        self.relay.notify_one();
        Ok(order)
    }

    async fn charge(&self, order: Order, card: &str) -> Result<OrderDetail> {
        let outcome = self
            .payments
            .charge(&ChargeRequest {
                idempotency_key: &order.id,
                amount: order.totals.total,
                currency: &order.totals.currency,
                card_number: card,
            })
            .await
            .map_err(|e| {
                OrdersError::Unavailable(ClientError::Unavailable {
                    service: "payments",
                    detail: e.to_string(),
                })
            })?;
        let now = Timestamp::now();
        let last4: String = card
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let payment =
            |kind, reference: Option<String>, failure: Option<String>| PaymentTransaction {
                id: uuid::Uuid::now_v7().to_string(),
                order_id: order.id.clone(),
                kind,
                amount: order.totals.total,
                currency: order.totals.currency.clone(),
                provider: self.payments.name().to_owned(),
                reference,
                card_last4: last4.clone(),
                failure_code: failure,
                created_at: now,
            };
        let (to, payments, note, release) = match outcome {
            ChargeOutcome::Captured { reference } => (
                OrderStatus::Paid,
                vec![
                    payment(PaymentKind::Authorized, Some(reference.clone()), None),
                    payment(PaymentKind::Captured, Some(reference), None),
                ],
                None,
                false,
            ),
            ChargeOutcome::Declined { code, .. } => (
                OrderStatus::PaymentFailed,
                vec![payment(PaymentKind::Failed, None, Some(code.clone()))],
                Some(code),
                true,
            ),
        };
        self.move_order(order, to, note, None, payments, release)
            .await
    }

    /// Applies a lifecycle move and emits its event, in one transaction.
    async fn move_order(
        &self,
        order: Order,
        to: OrderStatus,
        note: Option<String>,
        shipment: Option<Shipment>,
        payments: Vec<PaymentTransaction>,
        release_stock: bool,
    ) -> Result<OrderDetail> {
        let from = order.status;
        from.transition(to)?;
        let at = Timestamp::now();
        let mut moved = order;
        moved.status = to;
        moved.updated_at = at;
        if shipment.is_some() {
            moved.shipment = shipment.clone();
        }
        let event = order_event(&moved, Some(from), note.as_deref(), at);
        let change = Transition {
            order_id: moved.id.clone(),
            from,
            to,
            at,
            note,
            shipment,
            payments,
            release_stock,
            event,
        };
        match self.orders.transition(&change).await {
            Ok(()) => {}
            Err(StoreError::StatusChanged { .. }) => {
                // Someone else moved it first; judge the move against where it is now.
                let now = self.detail(&moved.id).await?;
                return Err(TransitionError {
                    from: now.order.status,
                    to,
                }
                .into());
            }
            Err(e) => return Err(e.into()),
        }
        self.relay.notify_one();
        if release_stock {
            self.releases.notify_one();
        }
        self.detail(&moved.id).await
    }

    async fn detail(&self, id: &str) -> Result<OrderDetail> {
        self.orders.get(id).await?.ok_or(OrdersError::NotFound)
    }

    /// One order, for its customer or an admin (others get 404, not 403, so ids
    /// cannot be probed).
    pub async fn order(&self, user: &AuthUser, id: &str) -> Result<OrderDetail> {
        let detail = self.detail(id).await?;
        if !owns(user, &detail.order) {
            return Err(OrdersError::NotFound);
        }
        Ok(detail)
    }

    /// A page of orders matching `query`, newest first.
    pub async fn list(&self, query: &OrderQuery, page: PageRequest) -> Result<(Vec<Order>, u64)> {
        Ok(self.orders.list(query, page).await?)
    }

    /// Cancels a paid order: refunds the capture, then moves it to `cancelled`
    /// and queues the stock release, in one transaction.
    pub async fn cancel(&self, user: &AuthUser, id: &str) -> Result<OrderDetail> {
        let detail = self.order(user, id).await?;
        let order = detail.order;
        order.status.transition(OrderStatus::Cancelled)?;
        let captured = detail
            .payments
            .iter()
            .find(|p| p.kind == PaymentKind::Captured)
            .ok_or_else(|| {
                OrdersError::Internal(anyhow::anyhow!("paid order {id} has no capture"))
            })?;
        let reference = captured.reference.clone().unwrap_or_default();
        let refund = self
            .payments
            .refund(&reference, captured.amount, &format!("refund-{id}"))
            .await
            .map_err(|e| {
                OrdersError::Unavailable(ClientError::Unavailable {
                    service: "payments",
                    detail: e.to_string(),
                })
            })?;
        let refunded = PaymentTransaction {
            id: uuid::Uuid::now_v7().to_string(),
            kind: PaymentKind::Refunded,
            reference: Some(refund),
            created_at: Timestamp::now(),
            ..captured.clone()
        };
        let note = (!user.is_admin() || user.id == order.customer_id)
            .then(|| "cancelled by the customer".to_owned())
            .or_else(|| Some("cancelled by an admin".to_owned()));
        self.move_order(
            order,
            OrderStatus::Cancelled,
            note,
            None,
            vec![refunded],
            true,
        )
        .await
    }

    /// Admin: marks a paid order shipped.
    pub async fn ship(&self, id: &str, shipment: Shipment) -> Result<OrderDetail> {
        let order = self.detail(id).await?.order;
        let note = Some(format!("{} {}", shipment.carrier, shipment.tracking_number));
        self.move_order(
            order,
            OrderStatus::Shipped,
            note,
            Some(shipment),
            Vec::new(),
            false,
        )
        .await
    }

    /// Admin: marks a shipped order delivered.
    pub async fn deliver(&self, id: &str) -> Result<OrderDetail> {
        let order = self.detail(id).await?.order;
        self.move_order(order, OrderStatus::Delivered, None, None, Vec::new(), false)
            .await
    }

    /// Releases due stock reservations; returns how many the catalog confirmed.
    /// Failures are retried later with exponential backoff (up to 5 minutes).
    pub async fn release_due_stock(&self) -> Result<usize> {
        let now = Timestamp::now();
        let mut released = 0;
        for (order_id, attempts) in self.orders.due_releases(now, 100).await? {
            match self.catalog.release(&order_id).await {
                Ok(()) => {
                    self.orders
                        .release_done(&order_id, Timestamp::now())
                        .await?;
                    released += 1;
                }
                Err(error) => {
                    let wait = Duration::from_secs(1u64 << attempts.clamp(0, 8))
                        .min(Duration::from_secs(300));
                    tracing::warn!(%error, order_id, attempts, "stock release failed; will retry");
                    self.orders
                        .release_failed(&order_id, &error.to_string(), now.plus(wait))
                        .await?;
                }
            }
        }
        Ok(released)
    }

    /// Runs [`Orders::release_due_stock`] whenever woken and every `poll`.
    pub fn spawn_stock_releaser(self: &Arc<Self>, poll: Duration) -> tokio::task::JoinHandle<()> {
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                match this.release_due_stock().await {
                    Ok(n) if n > 0 => continue,
                    Ok(_) => {}
                    Err(error) => tracing::warn!(%error, "stock releaser"),
                }
                let _ = tokio::time::timeout(poll, this.releases.notified()).await;
            }
        })
    }
}

enum Settled {
    Answer(StoredResponse),
    TakenOver(String),
}

/// The stored answer for an order that reached `paid` or `payment_failed`:
/// 201 with the order, or a 402 problem naming the decline.
fn answer(detail: &OrderDetail) -> Result<StoredResponse> {
    let body = if detail.order.status == OrderStatus::PaymentFailed {
        let code = detail
            .history
            .last()
            .and_then(|h| h.note.as_deref())
            .unwrap_or("card_declined");
        let problem = kit::Problem::new(
            axum::http::StatusCode::PAYMENT_REQUIRED,
            "payment-declined",
            "Payment declined",
        )
        .with_detail(format!(
            "The payment was declined ({code}); nothing was charged and the stock was released. \
             Try another card with a new Idempotency-Key."
        ))
        .with_extension("order_id", serde_json::json!(detail.order.id))
        .with_extension("code", serde_json::json!(code));
        (402, serde_json::to_string(&problem))
    } else {
        (201, serde_json::to_string(detail))
    };
    Ok(StoredResponse {
        status: body.0,
        body: body.1.map_err(|e| OrdersError::Internal(e.into()))?,
    })
}

/// The cart with current facts: every line is shown, with its availability.
fn cart_view(lines: &[CartLine], facts: &[ProductFacts], shipping: ShippingRule) -> CartView {
    let mut items = Vec::with_capacity(lines.len());
    let mut priced = Vec::new();
    for line in lines {
        let fact = facts.iter().find(|f| f.id == line.product_id);
        let availability = fact.map_or(Availability::Unavailable, |f| {
            Availability::of(f.active, f.stock, line.quantity)
        });
        let visible = fact.filter(|f| f.active);
        if let (Some(f), Availability::Available) = (visible, availability) {
            priced.push(Line {
                unit_price: f.price,
                currency: f.currency.clone(),
                quantity: u32::try_from(line.quantity).unwrap_or(u32::MAX),
            });
        }
        items.push(CartViewItem {
            product_id: line.product_id.clone(),
            quantity: line.quantity,
            availability,
            stock: visible.map_or(0, |f| f.stock.max(0)),
            name: fact.map(|f| f.name.clone()),
            sku: fact.map(|f| f.sku.clone()),
            slug: fact.map(|f| f.slug.clone()),
            image: fact.and_then(|f| f.image.clone()),
            unit_price: visible.map(|f| f.price),
            line_total: visible.map(|f| f.price.saturating_mul(line.quantity)),
            currency: visible.map(|f| f.currency.clone()),
            added_at: line.added_at,
        });
    }
    let checkout_ready = !items.is_empty()
        && items
            .iter()
            .all(|i| i.availability == Availability::Available);
    CartView {
        totals: Totals::compute(&priced, shipping).ok(),
        items,
        checkout_ready,
    }
}
