//! Fulfilment for admins: every order, shipping, delivery, and the outbox.

use super::Result;
use super::orders::ListParams;
use crate::OrdersState;
use crate::domain::admin::AdminOrderDetail;
use crate::domain::{Order, OrderDetail, OrderId, Shipment};
use axum::extract::State;
use bus::outbox::Entry;
use kit::Problem;
use kit::auth::RequireAdmin;
use kit::extract::{Json, Path, Query};
use kit::pagination::Page;
use serde::Deserialize;
use utoipa::IntoParams;

/// Every order, newest first, paged, filtered by status, creation date range
/// and customer, and searched with `q` (order id or number prefix, customer
/// id, part of the customer's email). Each has its creation time, items
/// (count them for the item count) and shipping address.
#[utoipa::path(get, path = "/admin/orders", tag = "orders admin", security(("bearer" = ["admin"])),
    params(ListParams),
    responses((status = 200, body = Page<Order>), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    State(state): State<OrdersState>,
    _admin: RequireAdmin,
    Query(params): Query<ListParams>,
) -> Result<axum::Json<Page<Order>>> {
    let (query, page) = params.parse(true)?;
    let (items, total) = state.orders.list(&query, page).await?;
    Ok(axum::Json(Page::new(items, page, total)))
}

/// One order for fulfilment: items, shipping address, totals, status
/// history, payment method, the payment log of every attempt (outcome as
/// `kind`, reason as `failure_code`, time), the customer, and the order's
/// events from the outbox with whether each was published.
#[utoipa::path(get, path = "/admin/orders/{id}", tag = "orders admin", security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = AdminOrderDetail), (status = 404, body = Problem)))]
pub async fn detail(
    State(state): State<OrdersState>,
    _admin: RequireAdmin,
    Path(id): Path<OrderId>,
) -> Result<axum::Json<AdminOrderDetail>> {
    Ok(axum::Json(state.orders.admin_order(&id).await?))
}

/// Marks a paid order shipped, with its carrier and tracking number.
#[utoipa::path(post, path = "/{id}/ship", tag = "orders admin", security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path)), request_body = Shipment,
    responses((status = 200, body = OrderDetail), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn ship(
    State(state): State<OrdersState>,
    _admin: RequireAdmin,
    Path(id): Path<OrderId>,
    Json(shipment): Json<Shipment>,
) -> Result<axum::Json<OrderDetail>> {
    Ok(axum::Json(state.orders.ship(&id, shipment).await?))
}

/// Marks a shipped order delivered.
#[utoipa::path(post, path = "/{id}/deliver", tag = "orders admin", security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = OrderDetail), (status = 404, body = Problem), (status = 409, body = Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn deliver(
    State(state): State<OrdersState>,
    _admin: RequireAdmin,
    Path(id): Path<OrderId>,
) -> Result<axum::Json<OrderDetail>> {
    Ok(axum::Json(state.orders.deliver(&id).await?))
}

/// `GET /admin/outbox` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OutboxParams {
    /// Only the events of this order.
    #[param(value_type = Option<String>)]
    pub order_id: Option<OrderId>,
    /// 1 to 1000, default 100.
    pub limit: Option<u32>,
}

/// The outbox: every event orders emitted, oldest first, with when the relay
/// published it.
#[utoipa::path(get, path = "/admin/outbox", tag = "orders admin", security(("bearer" = ["admin"])),
    params(OutboxParams),
    responses((status = 200, body = Vec<Entry>), (status = 403, body = Problem)))]
pub async fn outbox(
    State(state): State<OrdersState>,
    _admin: RequireAdmin,
    Query(params): Query<OutboxParams>,
) -> Result<axum::Json<Vec<Entry>>> {
    let entries = state
        .orders
        .outbox_entries(params.order_id.as_ref(), params.limit.unwrap_or(100))
        .await?;
    Ok(axum::Json(entries))
}
