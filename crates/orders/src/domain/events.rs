//! The events orders emit, one per announced status change (schemas:
//! docs/events.md). `cancelling` is not announced (ADR 0031): consumers hear
//! `order.cancelled` once the refund is recorded, as before.

use super::{Order, OrderStatus};
use bus::Event;
use kit::Timestamp;
use serde_json::json;

/// The `source` of every order event.
pub const SOURCE: &str = "/feira/orders";

/// The event type announcing that an order reached `status`; `None` for a
/// status that is not announced (`cancelling`, an intent inside orders).
pub fn event_type(status: OrderStatus) -> Option<&'static str> {
    Some(match status {
        OrderStatus::PendingPayment => "order.placed",
        OrderStatus::Paid => "order.paid",
        OrderStatus::PaymentFailed => "order.payment_failed",
        OrderStatus::Shipped => "order.shipped",
        OrderStatus::Delivered => "order.delivered",
        OrderStatus::Cancelling => return None,
        OrderStatus::Cancelled => "order.cancelled",
    })
}

/// The event for `order` having just moved to its current status at `at`, or
/// `None` when that status is not announced. `previous` is the status it left
/// (none for `order.placed`); the event names the last *announced* one, so a
/// cancelled order left `paid` as far as consumers know. `note` carries a
/// reason such as the decline code.
pub fn order_event(
    order: &Order,
    previous: Option<OrderStatus>,
    note: Option<&str>,
    at: Timestamp,
) -> Option<Event> {
    let kind = event_type(order.status)?;
    let previous = previous.map(|status| match status {
        OrderStatus::Cancelling => OrderStatus::Paid,
        other => other,
    });
    Some(event(kind, order, previous, note, at))
}

/// `order.placed` for a new order (always announced).
pub fn placed_event(order: &Order, at: Timestamp) -> Event {
    event("order.placed", order, None, None, at)
}

fn event(
    kind: &'static str,
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
    Event::new(kind, SOURCE, order.id.as_str(), data).at(at)
}
