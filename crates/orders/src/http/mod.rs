//! HTTP handlers and routes, served under `/api/orders`.

pub mod admin;
pub mod cart;
pub mod countries;
mod error;
pub mod orders;
pub mod shipping;

use crate::OrdersState;
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

/// What a handler answers: its value, or the problem a `ServiceError` (through
/// `error.rs`) or a `kit::extract` rejection became.
type Result<T> = std::result::Result<T, kit::Problem>;

#[derive(OpenApi)]
#[openapi(
    info(title = "Feira orders", description = "Carts, checkout, payments and the order lifecycle."),
    tags(
        (name = "cart", description = "The signed-in user's cart"),
        (name = "orders", description = "Checkout and the user's orders"),
        (name = "orders admin", description = "Fulfilment (admin role)"),
    ),
)]
struct ApiDoc;

/// Routes to be served under `/api/orders`.
pub fn routes(state: OrdersState) -> OpenApiRouter {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(cart::view, cart::clear))
        .routes(routes!(cart::add))
        .routes(routes!(cart::set_quantity, cart::remove))
        .routes(routes!(cart::merge))
        .routes(routes!(orders::checkout, orders::mine))
        .routes(routes!(orders::get))
        .routes(routes!(orders::cancel))
        .routes(routes!(orders::pay))
        .routes(routes!(countries::list))
        .routes(routes!(shipping::rule))
        .routes(routes!(admin::list))
        .routes(routes!(admin::detail))
        .routes(routes!(admin::ship))
        .routes(routes!(admin::deliver))
        .routes(routes!(admin::outbox))
        .with_state(state)
}
