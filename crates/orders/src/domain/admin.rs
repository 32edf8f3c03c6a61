//! What an admin sees of one order: the shopper's detail plus the customer,
//! and the order's events from the outbox as a timeline.

use super::OrderDetail;
use kit::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The customer of an order, as their profile was at checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Customer {
    /// The user id.
    pub id: String,
    pub email: String,
    /// Empty when the profile had no name.
    pub name: String,
    /// E.164, when they gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// One event of the order's timeline, from the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TimelineEvent {
    /// The event id (UUIDv7).
    pub id: String,
    /// Such as `order.placed` or `order.paid`.
    #[serde(rename = "type")]
    pub kind: String,
    /// When the change happened.
    pub time: Timestamp,
    /// Whether the relay has published it.
    pub published: bool,
    /// When the publish was confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<Timestamp>,
    /// Failed publish attempts so far.
    pub publish_attempts: i64,
    /// The reason the change carried, such as a carrier and tracking number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `GET /admin/orders/{id}`: the order as its customer sees it (items,
/// address, totals, status history, payment method and the payment log of
/// every attempt), with the customer and the event timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AdminOrderDetail {
    #[serde(flatten)]
    pub detail: OrderDetail,
    pub customer: Customer,
    /// The order's events, oldest first.
    pub events: Vec<TimelineEvent>,
}
