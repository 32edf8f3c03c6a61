//! The signed-in user's cart.

use super::Result;
use crate::OrdersState;
use crate::domain::ProductId;
use crate::domain::cart::CartItemInput;
use crate::service::CartView;
use axum::extract::State;
use axum::http::StatusCode;
use kit::Problem;
use kit::auth::AuthUser;
use kit::extract::{Json, Path};
use serde::Deserialize;
use utoipa::ToSchema;

/// The cart with current prices, availability and totals from the catalog.
/// Lines whose product went out of stock or away are shown as such.
#[utoipa::path(get, path = "/cart", tag = "cart", security(("bearer" = [])),
    responses((status = 200, body = CartView), (status = 401, body = Problem), (status = 503, body = Problem)))]
pub async fn view(
    State(state): State<OrdersState>,
    user: AuthUser,
) -> Result<axum::Json<CartView>> {
    Ok(axum::Json(state.orders.cart(&user).await?))
}

/// Adds units of a product (to the line if it is in the cart already).
#[utoipa::path(post, path = "/cart/items", tag = "cart", security(("bearer" = [])),
    request_body = CartItemInput,
    responses((status = 200, body = CartView), (status = 401, body = Problem), (status = 422, body = Problem)))]
#[tracing::instrument(skip_all)]
pub async fn add(
    State(state): State<OrdersState>,
    user: AuthUser,
    Json(input): Json<CartItemInput>,
) -> Result<axum::Json<CartView>> {
    Ok(axum::Json(state.orders.add_item(&user, &input).await?))
}

/// `PUT /cart/items/{product_id}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuantityInput {
    /// 1 to 1000.
    #[schema(minimum = 1, maximum = 1000)]
    pub quantity: i64,
}

/// Sets the quantity of a line.
#[utoipa::path(put, path = "/cart/items/{product_id}", tag = "cart", security(("bearer" = [])),
    params(("product_id" = Uuid, Path)), request_body = QuantityInput,
    responses((status = 200, body = CartView), (status = 404, body = Problem), (status = 422, body = Problem)))]
#[tracing::instrument(skip_all)]
pub async fn set_quantity(
    State(state): State<OrdersState>,
    user: AuthUser,
    Path(product_id): Path<ProductId>,
    Json(input): Json<QuantityInput>,
) -> Result<axum::Json<CartView>> {
    Ok(axum::Json(
        state
            .orders
            .set_quantity(&user, &product_id, input.quantity)
            .await?,
    ))
}

/// Removes a line.
#[utoipa::path(delete, path = "/cart/items/{product_id}", tag = "cart", security(("bearer" = [])),
    params(("product_id" = Uuid, Path)),
    responses((status = 200, body = CartView), (status = 404, body = Problem)))]
#[tracing::instrument(skip_all)]
pub async fn remove(
    State(state): State<OrdersState>,
    user: AuthUser,
    Path(product_id): Path<ProductId>,
) -> Result<axum::Json<CartView>> {
    Ok(axum::Json(
        state.orders.remove_item(&user, &product_id).await?,
    ))
}

/// Empties the cart.
#[utoipa::path(delete, path = "/cart", tag = "cart", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = Problem)))]
#[tracing::instrument(skip_all)]
pub async fn clear(State(state): State<OrdersState>, user: AuthUser) -> Result<StatusCode> {
    state.orders.clear_cart(&user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /cart/merge`: a guest cart kept by the browser.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeInput {
    pub items: Vec<CartItemInput>,
}

/// Merges a guest cart into the user's: each product's quantity becomes the
/// larger of the two, so sending the same guest cart twice changes nothing.
/// Products not in the catalog are refused by name.
#[utoipa::path(post, path = "/cart/merge", tag = "cart", security(("bearer" = [])),
    request_body = MergeInput,
    responses((status = 200, body = CartView), (status = 422, body = Problem)))]
#[tracing::instrument(skip_all)]
pub async fn merge(
    State(state): State<OrdersState>,
    user: AuthUser,
    Json(input): Json<MergeInput>,
) -> Result<axum::Json<CartView>> {
    Ok(axum::Json(state.orders.merge(&user, &input.items).await?))
}
