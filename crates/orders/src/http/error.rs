//! The one place that decides the HTTP answer for each orders error.

use crate::service::OrdersError;
use axum::http::StatusCode;
use kit::Problem;

impl From<OrdersError> for Problem {
    fn from(err: OrdersError) -> Self {
        match err {
            OrdersError::InvalidParameters(errors) => Problem::invalid_parameters(errors),
            OrdersError::Validation(errors) => Problem::validation(errors),
            OrdersError::KeyReused => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-key-reused",
                "Idempotency key reused",
            )
            .with_detail(
                "This Idempotency-Key was used with a different request body. \
                 Use a new key for a new checkout.",
            ),
            OrdersError::KeyInProgress => Problem::conflict(
                "idempotency-key-in-progress",
                "Request in progress",
                "A request with this Idempotency-Key is still being processed; retry shortly.",
            ),
            OrdersError::OutOfStock(items) => Problem::conflict(
                "out-of-stock",
                "Out of stock",
                format!(
                    "{} item(s) cannot be bought in the quantity asked; nothing was ordered or charged.",
                    items.len()
                ),
            )
            .with_extension("items", serde_json::to_value(items).unwrap_or_default()),
            OrdersError::Totals(e) => Problem::conflict("cart-not-payable", "Cart cannot be paid", e.to_string()),
            OrdersError::Transition(e) => {
                Problem::conflict("invalid-transition", "Not allowed in this status", e.to_string())
                    .with_extension("order_status", serde_json::json!(e.from))
            }
            OrdersError::NotFound => Problem::not_found("No such order or cart item."),
            // The cause goes to the log; the client learns which dependency.
            OrdersError::Unavailable(e) => Problem::unavailable(&e)
                .with_detail(format!(
                    "The {} service is unavailable, so nothing was changed; try again shortly.",
                    e.service()
                ))
                .with_extension("dependency", serde_json::json!(e.service())),
            OrdersError::Internal(e) => Problem::internal(&format!("{e:#}")),
        }
    }
}
