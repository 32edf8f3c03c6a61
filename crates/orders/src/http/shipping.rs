//! The shipping rule, so the shop states it from the setting and not from a
//! copy in the web app.

use crate::OrdersState;
use crate::domain::ShippingRule;
use axum::extract::State;
use axum::response::Response;
use kit::headers::PublicRead;

/// The flat shipping fee and the subtotal from which an order ships free,
/// in minor units of the order's currency (`orders.shipping`). Anonymous
/// answers are public and carry an `ETag`; `If-None-Match` with it answers
/// 304.
#[utoipa::path(get, path = "/shipping", tag = "orders", security((), ("bearer" = [])),
    responses(
        (status = 200, body = ShippingRule, headers(
            ("ETag" = String, description = "Tag of this answer, for `If-None-Match`"),
            ("Cache-Control" = String, description = "Public without a token, `private, no-store` with one"))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is still current"),
    ))]
pub async fn rule(State(state): State<OrdersState>, cache: PublicRead) -> Response {
    cache.json(&state.orders.shipping)
}
