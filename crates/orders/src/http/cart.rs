//! The signed-in user's cart.

use crate::OrdersState;
use crate::domain::cart::{CartItemInput, MAX_LINES, check_product_id, check_quantity};
use crate::service::CartView;
use axum::extract::State;
use axum::http::StatusCode;
use kit::auth::AuthUser;
use kit::extract::{Json, Path};
use kit::{FieldError, Problem};
use serde::Deserialize;
use utoipa::ToSchema;

type Result<T> = std::result::Result<T, Problem>;

fn product_path(id: &str) -> Result<()> {
    check_product_id(id, "product_id").map_err(|e| Problem::invalid_parameters(vec![e]))
}

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
    let errors = input.validate("");
    if !errors.is_empty() {
        return Err(Problem::validation(errors));
    }
    Ok(axum::Json(
        state
            .orders
            .add_item(&user, &input.product_id, input.quantity)
            .await?,
    ))
}

/// `PUT /cart/items/{product_id}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuantityInput {
    /// 1 to 1000.
    pub quantity: i64,
}

/// Sets the quantity of a line.
#[utoipa::path(put, path = "/cart/items/{product_id}", tag = "cart", security(("bearer" = [])),
    params(("product_id" = String, Path)), request_body = QuantityInput,
    responses((status = 200, body = CartView), (status = 404, body = Problem), (status = 422, body = Problem)))]
#[tracing::instrument(skip_all)]
pub async fn set_quantity(
    State(state): State<OrdersState>,
    user: AuthUser,
    Path(product_id): Path<String>,
    Json(input): Json<QuantityInput>,
) -> Result<axum::Json<CartView>> {
    product_path(&product_id)?;
    check_quantity(input.quantity, "quantity").map_err(|e| Problem::validation(vec![e]))?;
    Ok(axum::Json(
        state
            .orders
            .set_quantity(&user, &product_id, input.quantity)
            .await?,
    ))
}

/// Removes a line.
#[utoipa::path(delete, path = "/cart/items/{product_id}", tag = "cart", security(("bearer" = [])),
    params(("product_id" = String, Path)),
    responses((status = 200, body = CartView), (status = 404, body = Problem)))]
#[tracing::instrument(skip_all)]
pub async fn remove(
    State(state): State<OrdersState>,
    user: AuthUser,
    Path(product_id): Path<String>,
) -> Result<axum::Json<CartView>> {
    product_path(&product_id)?;
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
    let mut errors: Vec<FieldError> = Vec::new();
    if input.items.len() > MAX_LINES {
        errors.push(FieldError::new(
            "items",
            format!("must hold at most {MAX_LINES} lines"),
        ));
    }
    let mut lines: Vec<(String, i64)> = Vec::new();
    for (i, item) in input.items.iter().enumerate() {
        let found = item.validate(&format!("items[{i}]"));
        if found.is_empty() {
            match lines.iter_mut().find(|(id, _)| *id == item.product_id) {
                Some((_, q)) => *q = (*q).max(item.quantity),
                None => lines.push((item.product_id.clone(), item.quantity)),
            }
        }
        errors.extend(found);
    }
    if !errors.is_empty() {
        return Err(Problem::validation(errors));
    }
    let known = state
        .orders
        .catalog
        .products(&lines.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>())
        .await
        .map_err(crate::service::OrdersError::from)?;
    let unknown: Vec<FieldError> = input
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| !known.iter().any(|k| k.id == item.product_id && k.active))
        .map(|(i, _)| {
            FieldError::new(
                format!("items[{i}].product_id"),
                "no such product in the catalog",
            )
        })
        .collect();
    if !unknown.is_empty() {
        return Err(Problem::validation(unknown));
    }
    Ok(axum::Json(state.orders.merge(&user, &lines).await?))
}
