//! The one place that decides the HTTP answer for each orders error.

use crate::service::ServiceError;
use axum::http::StatusCode;
use kit::{FieldError, Problem};

impl From<ServiceError> for Problem {
    fn from(err: ServiceError) -> Self {
        match err {
            // 400 `invalid-parameters`, naming each parameter or header.
            ServiceError::InvalidParameters(errors) => Problem::invalid_parameters(errors),
            // 400 `invalid-parameters`, naming the header.
            ServiceError::IdempotencyKey(e) => {
                Problem::invalid_parameters(vec![FieldError::new("Idempotency-Key", e.to_string())])
            }
            // 422 `validation`, naming each field of the body.
            ServiceError::Validation(errors) => Problem::validation(errors),
            // 403 `email-not-verified`.
            ServiceError::EmailNotVerified => Problem::new(
                StatusCode::FORBIDDEN,
                "email-not-verified",
                "Email not verified",
            )
            .with_detail(
                "Confirm your email address with the link we sent before checking out; \
                 your cart is kept.",
            ),
            // 422 `idempotency-key-reused`.
            ServiceError::KeyReused => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-key-reused",
                "Idempotency key reused",
            )
            .with_detail(
                "This Idempotency-Key was used with a different request body. \
                 Use a new key for a new checkout.",
            ),
            // 409 `idempotency-key-in-progress`.
            ServiceError::KeyInProgress => Problem::conflict(
                "idempotency-key-in-progress",
                "Request in progress",
                "A request with this Idempotency-Key is still being processed; retry shortly.",
            ),
            // 409 `out-of-stock`, with `items` naming each short product.
            ServiceError::OutOfStock(items) => Problem::conflict(
                "out-of-stock",
                "Out of stock",
                format!(
                    "{} item(s) cannot be bought in the quantity asked; nothing was ordered or charged.",
                    items.len()
                ),
            )
            .with_extension("items", serde_json::to_value(items).unwrap_or_default()),
            // 409 `cart-not-payable`.
            ServiceError::Totals(e) => {
                Problem::conflict("cart-not-payable", "Cart cannot be paid", e.to_string())
            }
            // 409 `invalid-transition`, with the order's current status.
            ServiceError::Transition(e) => {
                Problem::conflict("invalid-transition", "Not allowed in this status", e.to_string())
                    .with_extension("order_status", serde_json::json!(e.from))
            }
            // 404 `not-found`.
            ServiceError::NotFound => Problem::not_found("No such order or cart item."),
            // 402 `payment-declined`, with the order id, the decline code
            // and until when the order waits for another card.
            ServiceError::PaymentDeclined {
                order_id,
                code,
                pay_by,
            } => Problem::new(
                StatusCode::PAYMENT_REQUIRED,
                "payment-declined",
                "Payment declined",
            )
            .with_detail(
                "The card was declined and nothing was charged. The order is kept, \
                 awaiting payment, with its items held: pay it with another card.",
            )
            .with_extension("order_id", serde_json::json!(order_id))
            .with_extension("code", serde_json::json!(code))
            .with_extension("pay_by", serde_json::json!(pay_by)),
            // 503 `unavailable`: the cause goes to the log; the client learns
            // which dependency.
            ServiceError::Unavailable(e) => Problem::unavailable(&e)
                .with_detail(format!(
                    "The {} service is unavailable, so nothing was changed; try again shortly.",
                    e.service()
                ))
                .with_extension("dependency", serde_json::json!(e.service())),
            // 500 `internal`: the cause goes to the log, never to the client.
            ServiceError::Internal(e) => Problem::internal(&format!("{e:#}")),
        }
    }
}
