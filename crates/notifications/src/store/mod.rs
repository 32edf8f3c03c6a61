//! Deliveries, their attempts and the in-app inbox: the repository trait and
//! its one SQL implementation (PostgreSQL and SQLite).

pub mod sql;

use crate::domain::{ChannelKind, Outgoing};
use async_trait::async_trait;
use kit::Timestamp;
use kit::pagination::PageRequest;
use serde::Serialize;
use utoipa::ToSchema;

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its first attempt.
    Pending,
    /// A worker holds it until `next_attempt_at` (then another may take it).
    Sending,
    /// Failed; tried again at `next_attempt_at`.
    Retrying,
    Sent,
    /// Given up: listed for operators, who may replay it.
    Dead,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Sending => "sending",
            DeliveryStatus::Retrying => "retrying",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Dead => "dead",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::Sending,
            Self::Retrying,
            Self::Sent,
            Self::Dead,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// One message to one channel for one event; `(event_id, channel)` is unique,
/// so a redelivered event never makes a second delivery.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Delivery {
    pub event_id: String,
    pub channel: ChannelKind,
    pub event_type: String,
    pub recipient: String,
    #[serde(skip)]
    pub message: Outgoing,
    pub status: DeliveryStatus,
    pub attempts: i64,
    pub next_attempt_at: Timestamp,
    pub last_error: Option<String>,
    pub sent_at: Option<Timestamp>,
    pub created_at: Timestamp,
    /// The trace context of the event's handling, so the send continues the
    /// trace of the request that caused it.
    #[serde(skip)]
    pub traceparent: Option<String>,
}

impl Delivery {
    /// A new delivery of `message` for event `event_id`, due now.
    pub fn new(event_id: &str, event_type: &str, message: Outgoing, now: Timestamp) -> Self {
        Self {
            event_id: event_id.to_owned(),
            channel: message.channel(),
            event_type: event_type.to_owned(),
            recipient: message.recipient().to_owned(),
            message,
            status: DeliveryStatus::Pending,
            attempts: 0,
            next_attempt_at: now,
            last_error: None,
            sent_at: None,
            created_at: now,
            traceparent: kit::telemetry::current_traceparent(),
        }
    }
}

/// One try to send a delivery.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Attempt {
    pub event_id: String,
    pub channel: ChannelKind,
    pub attempt: i64,
    /// `sent`, `failed` or `dead`.
    pub outcome: String,
    pub error: Option<String>,
    pub at: Timestamp,
}

/// An in-app notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
pub struct InboxItem {
    pub id: String,
    #[serde(skip)]
    pub user_id: String,
    pub event_id: String,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
}

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Sent,
    /// Retried at `retry_at`, or dead when `None`.
    Failed {
        error: String,
        retry_at: Option<Timestamp>,
    },
}

/// One finished attempt of a delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    pub delivery: Delivery,
    /// 1-based.
    pub attempt: i64,
    pub at: Timestamp,
    pub outcome: Outcome,
}

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct StoreError(#[from] pub anyhow::Error);

pub type StoreResult<T> = Result<T, StoreError>;

/// Deliveries and the inbox.
#[async_trait]
pub trait NotificationStore: Send + Sync {
    /// Whether the store answers.
    async fn ping(&self) -> StoreResult<()>;
    /// Records deliveries in one transaction, skipping those that exist
    /// (same event and channel); returns how many were new.
    async fn record(&self, deliveries: &[Delivery]) -> StoreResult<usize>;
    /// Takes up to `limit` deliveries due by `now` and holds them until
    /// `lease_until`; a delivery is taken by one caller only.
    async fn claim_due(
        &self,
        now: Timestamp,
        limit: u32,
        lease_until: Timestamp,
    ) -> StoreResult<Vec<Delivery>>;
    /// Records the outcomes of a batch of attempts in one transaction.
    async fn finish(&self, outcomes: &[Finished]) -> StoreResult<()>;
    /// Records a successful attempt.
    async fn mark_sent(&self, delivery: &Delivery, attempt: i64, at: Timestamp) -> StoreResult<()> {
        self.finish(&[Finished {
            delivery: delivery.clone(),
            attempt,
            at,
            outcome: Outcome::Sent,
        }])
        .await
    }
    /// Records a failed attempt: retried at `retry_at`, or dead when `None`.
    async fn mark_failed(
        &self,
        delivery: &Delivery,
        attempt: i64,
        error: &str,
        retry_at: Option<Timestamp>,
        at: Timestamp,
    ) -> StoreResult<()> {
        self.finish(&[Finished {
            delivery: delivery.clone(),
            attempt,
            at,
            outcome: Outcome::Failed {
                error: error.to_owned(),
                retry_at,
            },
        }])
        .await
    }
    /// Deliveries with `status` (all when `None`), optionally of one event, oldest first.
    async fn deliveries(
        &self,
        status: Option<DeliveryStatus>,
        event_id: Option<&str>,
        limit: u32,
    ) -> StoreResult<Vec<Delivery>>;
    /// The attempt log of one event.
    async fn attempts(&self, event_id: &str) -> StoreResult<Vec<Attempt>>;
    /// Puts a dead delivery back in line with a fresh attempt count; false when
    /// there is no such dead delivery.
    async fn replay(
        &self,
        event_id: &str,
        channel: ChannelKind,
        now: Timestamp,
    ) -> StoreResult<bool>;
    /// Adds inbox items in one transaction, each unless its event already made
    /// one; says for each whether it was added.
    async fn add_all_to_inbox(&self, items: &[InboxItem]) -> StoreResult<Vec<bool>>;
    /// Adds an inbox item unless its event already made one; true if added.
    async fn add_to_inbox(&self, item: &InboxItem) -> StoreResult<bool> {
        Ok(self
            .add_all_to_inbox(std::slice::from_ref(item))
            .await?
            .first()
            .copied()
            .unwrap_or(false))
    }
    /// A page of the user's inbox, newest first, with the total and unread counts.
    async fn inbox(
        &self,
        user_id: &str,
        page: PageRequest,
    ) -> StoreResult<(Vec<InboxItem>, u64, u64)>;
    /// Marks one item read; false when the user has no such item.
    async fn mark_read(&self, user_id: &str, id: &str, at: Timestamp) -> StoreResult<bool>;
    /// Marks every unread item read; returns how many.
    async fn mark_all_read(&self, user_id: &str, at: Timestamp) -> StoreResult<u64>;
}

/// Opens the database `settings` name (`feira up` always uses SQLite under
/// `data_dir`); migrations run on open.
pub async fn open(
    settings: &crate::settings::NotificationsSettings,
    deps: &kit::Deps,
) -> anyhow::Result<std::sync::Arc<dyn NotificationStore>> {
    let store = deps
        .open_sql(
            "notifications",
            settings.store,
            &settings.postgres,
            |url, max| async move { sql::SqlNotificationStore::connect_postgres(&url, max).await },
            |path| async move { sql::SqlNotificationStore::open_sqlite(&path).await },
        )
        .await?;
    Ok(std::sync::Arc::new(store))
}
