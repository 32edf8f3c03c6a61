//! Where carts, orders, payments and idempotency keys live: the repository
//! traits and their one SQL implementation (PostgreSQL and SQLite).

pub mod sql;

use crate::domain::cart::{CartItem, CartLine};
use crate::domain::idempotency::IdempotencyKey;
use crate::domain::{
    Order, OrderDetail, OrderId, OrderStatus, PaymentTransaction, ProductId, Shipment,
};
use async_trait::async_trait;
use bus::Event;
use kit::Timestamp;
use kit::pagination::PageRequest;

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The order is not in the status the change expected (someone else moved it).
    #[error("the order is no longer {expected}")]
    StatusChanged { expected: OrderStatus },
    #[error("not found")]
    NotFound,
    #[error("already exists")]
    Duplicate,
    #[error(transparent)]
    Backend(#[from] anyhow::Error),
}

/// Store results.
pub type StoreResult<T> = Result<T, StoreError>;

/// Carts, one per user.
#[async_trait]
pub trait CartRepository: Send + Sync {
    /// The user's lines, oldest first.
    async fn cart(&self, user_id: &str) -> StoreResult<Vec<CartLine>>;
    /// Adds `quantity` units (to the line if there is one, capped at the line
    /// maximum); returns the line's new quantity.
    async fn add_item(
        &self,
        user_id: &str,
        product_id: &ProductId,
        quantity: i64,
        at: Timestamp,
    ) -> StoreResult<i64>;
    /// Sets a line's quantity; `NotFound` when the product is not in the cart.
    async fn set_quantity(
        &self,
        user_id: &str,
        product_id: &ProductId,
        quantity: i64,
    ) -> StoreResult<()>;
    /// Removes a line; `NotFound` when the product is not in the cart.
    async fn remove_item(&self, user_id: &str, product_id: &ProductId) -> StoreResult<()>;
    /// Empties the cart.
    async fn clear(&self, user_id: &str) -> StoreResult<()>;
    /// Merges a guest cart: each line's quantity becomes the larger of the two,
    /// so merging the same guest cart twice changes nothing the second time.
    async fn merge(&self, user_id: &str, lines: &[CartItem], at: Timestamp) -> StoreResult<()>;
}

/// A status change, written in one transaction with its history row, payment
/// transactions, stock release, refund queue row and outbox event.
#[derive(Debug, Clone)]
pub struct Transition {
    pub order_id: OrderId,
    /// The status the order must still have; otherwise `StatusChanged`.
    pub from: OrderStatus,
    pub to: OrderStatus,
    pub at: Timestamp,
    pub note: Option<String>,
    /// Set when the order ships.
    pub shipment: Option<Shipment>,
    pub payments: Vec<PaymentTransaction>,
    /// Queue the release of the order's stock reservation.
    pub release_stock: bool,
    /// Queue the order's refund, or mark it done.
    pub refund: Option<RefundStep>,
    /// The event announcing the change; `None` for a status that is not
    /// announced (`cancelling`).
    pub event: Option<Event>,
}

/// What a transition does to the order's queued refund (ADR 0031).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundStep {
    /// Queue the refund, first due at `due_at` (the move to `cancelling`; the
    /// request that made it has until then to ask the provider itself).
    Queue { due_at: Timestamp },
    /// The refund is recorded (the move to `cancelled`, with its `refunded`
    /// payment): the queue row is done.
    Done,
}

/// A queued refund that is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueRefund {
    pub order_id: OrderId,
    /// Failed attempts so far.
    pub attempts: i64,
    /// When it became due; a claim names it, so two workers cannot both take it.
    pub due_at: Timestamp,
}

/// Which orders an admin lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderQuery {
    pub customer_id: Option<String>,
    pub status: Option<OrderStatus>,
    /// Created at or after.
    pub from: Option<Timestamp>,
    /// Created before.
    pub to: Option<Timestamp>,
    /// Free search: a prefix of the order id or number, a customer id, or
    /// part of the customer's email (case-insensitive).
    pub search: Option<String>,
}

/// Orders, their history and payments, and queued stock releases.
#[async_trait]
pub trait OrderRepository: Send + Sync {
    /// Whether the store answers.
    async fn ping(&self) -> StoreResult<()>;
    /// Writes a new order (status `pending_payment`), its items, its first
    /// history row and `event` in one transaction. `Duplicate` if the id exists.
    async fn place(&self, order: &Order, event: &Event) -> StoreResult<()>;
    /// Applies a status change if the order still has `change.from`.
    async fn transition(&self, change: &Transition) -> StoreResult<()>;
    /// Records a payment attempt (a `failed` row) on an order that must
    /// still be `pending_payment` (else `StatusChanged`; `NotFound` without
    /// the order); the order's `updated_at` becomes the attempt's time, so
    /// its payment window runs from the last attempt.
    async fn record_attempt(&self, payment: &PaymentTransaction) -> StoreResult<()>;
    /// Orders still `pending_payment` whose last change is before `before`,
    /// oldest first.
    async fn unpaid_since(&self, before: Timestamp, limit: u32) -> StoreResult<Vec<OrderId>>;
    /// An order with its history and payments.
    async fn get(&self, id: &OrderId) -> StoreResult<Option<OrderDetail>>;
    /// A page of orders, newest first, with the total that match.
    async fn list(&self, query: &OrderQuery, page: PageRequest) -> StoreResult<(Vec<Order>, u64)>;
    /// Orders whose stock is still to be released and due by `now`, with the
    /// attempts made so far.
    async fn due_releases(&self, now: Timestamp, limit: u32) -> StoreResult<Vec<(OrderId, i64)>>;
    /// Records that the catalog confirmed the release.
    async fn release_done(&self, order_id: &OrderId, at: Timestamp) -> StoreResult<()>;
    /// Records a failed release attempt and when to try again.
    async fn release_failed(
        &self,
        order_id: &OrderId,
        error: &str,
        retry_at: Timestamp,
    ) -> StoreResult<()>;
    /// Queued refunds not yet done and due by `now`, oldest due first.
    async fn due_refunds(&self, now: Timestamp, limit: u32) -> StoreResult<Vec<DueRefund>>;
    /// Takes a due refund until `until` (another worker sees it due again only
    /// then); false when someone else took it since it was read as due.
    async fn claim_refund(&self, due: &DueRefund, until: Timestamp) -> StoreResult<bool>;
    /// Records a failed refund attempt and when to try again (nothing when
    /// the refund is done already).
    async fn refund_failed(
        &self,
        order_id: &OrderId,
        error: &str,
        retry_at: Timestamp,
    ) -> StoreResult<()>;
}

/// A checkout's stored answer, replayed for retries with the same key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub status: u16,
    pub body: String,
}

/// An `Idempotency-Key` as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyRecord {
    pub user_id: String,
    pub key: IdempotencyKey,
    /// Fingerprint of the request body the key was first used with.
    pub fingerprint: String,
    /// The order this key creates (fixed when the key is claimed).
    pub order_id: OrderId,
    /// While a request holds the key, until when; `None` once finished.
    pub locked_until: Option<Timestamp>,
    pub response: Option<StoredResponse>,
    pub created_at: Timestamp,
}

/// The answer to claiming a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This request holds the key now.
    Claimed,
    /// The key was used before.
    Existing(IdempotencyRecord),
}

/// Idempotency keys of checkouts, per user.
#[async_trait]
pub trait IdempotencyRepository: Send + Sync {
    /// Stores `record` unless the user already used its key.
    async fn claim(&self, record: &IdempotencyRecord) -> StoreResult<Claim>;
    /// Takes over a key whose holder's lock expired before `now` (it crashed);
    /// false when someone else holds or finished it.
    async fn take_over(
        &self,
        user_id: &str,
        key: &IdempotencyKey,
        now: Timestamp,
        locked_until: Timestamp,
    ) -> StoreResult<bool>;
    /// Stores the final answer and unlocks the key.
    async fn complete(
        &self,
        user_id: &str,
        key: &IdempotencyKey,
        response: &StoredResponse,
    ) -> StoreResult<()>;
    /// Forgets a key whose request created nothing (it failed before the order
    /// existed), so the client can retry with it.
    async fn abandon(&self, user_id: &str, key: &IdempotencyKey) -> StoreResult<()>;
    /// The key as stored now.
    async fn find(
        &self,
        user_id: &str,
        key: &IdempotencyKey,
    ) -> StoreResult<Option<IdempotencyRecord>>;
}

/// Opens the database `settings` name (`feira up` always uses SQLite under
/// `data_dir`); migrations run on open.
pub async fn open(
    settings: &crate::settings::OrdersSettings,
    deps: &kit::Deps,
) -> anyhow::Result<sql::SqlOrderStore> {
    deps.open_sql(
        "orders",
        settings.store,
        &settings.postgres,
        |url, max| async move { sql::SqlOrderStore::connect_postgres(&url, max).await },
        |path| async move { sql::SqlOrderStore::open_sqlite(&path).await },
    )
    .await
}
