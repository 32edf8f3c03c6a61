//! The events orders emit, one per status change (schemas: docs/events.md).

use super::{Order, OrderStatus};
use bus::Event;
use kit::Timestamp;
use serde_json::json;

/// The `source` of every order event.
pub const SOURCE: &str = "/feira/orders";

/// The event type announcing that an order reached `status`.
pub fn event_type(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::PendingPayment => "order.placed",
        OrderStatus::Paid => "order.paid",
        OrderStatus::PaymentFailed => "order.payment_failed",
        OrderStatus::Shipped => "order.shipped",
        OrderStatus::Delivered => "order.delivered",
        OrderStatus::Cancelled => "order.cancelled",
    }
}

/// The event for `order` having just moved to its current status at `at`.
/// `previous` is the status it left (none for `order.placed`); `note` carries a
/// reason such as the decline code.
pub fn order_event(
    order: &Order,
    previous: Option<OrderStatus>,
    note: Option<&str>,
    at: Timestamp,
) -> Event {
    let data = json!({
        "order_id": order.id,
        "order_number": order.number,
        "customer_id": order.customer_id,
        "status": order.status,
        "previous_status": previous,
        "items": order.items,
        "totals": order.totals,
        "shipping_address": order.shipping_address,
        "contact": order.contact,
        "shipment": order.shipment,
        "reason": note,
    });
    Event::new(event_type(order.status), SOURCE, order.id.as_str(), data).at(at)
}
