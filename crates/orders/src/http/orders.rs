//! Checkout and the customer's orders.

use super::Result;
use crate::OrdersState;
use crate::domain::checkout::{CheckoutRequest, PayRequest};
use crate::domain::idempotency::{IdempotencyKey, KeyError, fingerprint};
use crate::domain::text::plain;
use crate::domain::{Order, OrderDetail, OrderId, OrderStatus};
use crate::service::{CheckoutAnswer, CheckoutCommand, PayCommand, ServiceError};
use crate::store::OrderQuery;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kit::auth::AuthUser;
use kit::extract::{Json, Path, Query};
use kit::pagination::{Page, PageRequest};
use kit::{FieldError, Problem};
use serde::Deserialize;
use utoipa::IntoParams;

/// The header that makes a checkout safe to retry.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// Checks out the cart: prices from the catalog, stock reserved, the order and
/// its `order.placed` event written in one transaction, then the card charged.
/// The bearer token must say `email_verified` (ADR 0041).
///
/// A declined card answers 402 with the order's id: the order stays
/// `pending_payment` with its stock held until `pay_by`, the attempt is in
/// its payment log, and the cart is kept. Pay it with another card through
/// `POST /api/orders/{id}/pay` (a new Idempotency-Key); a new checkout would
/// place a second order.
///
/// Requires `Idempotency-Key`: repeating the request with the same key and body
/// answers the first result again (200, header `Idempotent-Replayed: true`) and
/// never orders or charges twice; the same key with another body is 422.
#[utoipa::path(post, path = "", tag = "orders", security(("bearer" = [])),
    request_body = CheckoutRequest,
    params(("Idempotency-Key" = String, Header, description = "1 to 255 visible ASCII characters, unique per checkout attempt", pattern = "^[!-~]{1,255}$")),
    responses(
        (status = 201, description = "Order placed and paid", body = OrderDetail),
        (status = 200, description = "Replay of an earlier request with this key", body = OrderDetail),
        (status = 400, description = "Missing or malformed Idempotency-Key", body = Problem),
        (status = 401, description = "No valid bearer token", body = Problem),
        (status = 402, description = "Payment declined (`code`); the order `order_id` stays `pending_payment`, its stock held until `pay_by`, for another card", body = Problem),
        (status = 403, description = "The account's email is not verified (`email-not-verified`); nothing was created", body = Problem),
        (status = 409, description = "Out of stock (`items` names each), or the key is in use", body = Problem),
        (status = 422, description = "Invalid body (`errors` names each field, such as `shipping_address.postal_code` or `shipping_address.country`), empty cart, or key reused with another body; nothing was created", body = Problem),
        (status = 503, description = "The catalog or payment provider is unavailable", body = Problem),
    ))]
pub async fn checkout(
    State(state): State<OrdersState>,
    user: AuthUser,
    headers: HeaderMap,
    Json(body): Json<serde_json::Value>,
) -> Result<Response> {
    let key = idempotency_key(&headers)?;
    let raw = serde_json::to_vec(&body).map_err(|e| ServiceError::Internal(e.into()))?;
    let request: CheckoutRequest = kit::extract::parse_json(&raw)?;
    // The extractor accepted this header already; the same parser reads it
    // again for forwarding, so any case of the scheme works.
    let bearer = kit::auth::bearer_token(&headers).unwrap_or_default();
    let answer = state
        .orders
        .checkout(CheckoutCommand {
            user: &user,
            bearer,
            key,
            fingerprint: fingerprint(&body),
            request,
        })
        .await?;
    Ok(respond(answer))
}

/// The request's `Idempotency-Key`, or the 400 naming it.
fn idempotency_key(headers: &HeaderMap) -> std::result::Result<IdempotencyKey, ServiceError> {
    match headers.get(IDEMPOTENCY_KEY) {
        None => Err(KeyError::Missing),
        Some(value) => value
            .to_str()
            .map_err(|_| KeyError::NotVisibleAscii)
            .and_then(IdempotencyKey::parse),
    }
    .map_err(ServiceError::from)
}

/// A checkout's or payment's answer, as stored with its key.
fn respond(answer: CheckoutAnswer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let content_type = if status.is_success() {
        "application/json"
    } else {
        kit::problem::CONTENT_TYPE
    };
    let mut response =
        (status, [(header::CONTENT_TYPE, content_type)], answer.body).into_response();
    if answer.replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

/// Pays an order still `pending_payment` (its card was declined) with
/// another card. On success the order is `paid` (`order.paid`, the
/// confirmation) and the cart is cleared; another decline answers 402 again
/// and the order keeps waiting, each attempt in its payment log.
///
/// Requires its own `Idempotency-Key` (not the checkout's): repeating the
/// request with the same key and body answers the first result again
/// (header `Idempotent-Replayed: true`) and never charges twice.
#[utoipa::path(post, path = "/{id}/pay", tag = "orders", security(("bearer" = [])),
    request_body = PayRequest,
    params(
        ("id" = Uuid, Path),
        ("Idempotency-Key" = String, Header, description = "1 to 255 visible ASCII characters, unique per payment attempt", pattern = "^[!-~]{1,255}$"),
    ),
    responses(
        (status = 200, description = "Paid (or the replay of an earlier request with this key)", body = OrderDetail),
        (status = 400, description = "Missing or malformed Idempotency-Key", body = Problem),
        (status = 402, description = "Payment declined (`code`); the order stays `pending_payment` until `pay_by`", body = Problem),
        (status = 404, description = "No such order of the user's", body = Problem),
        (status = 409, description = "The order is not `pending_payment` (`order_status` says what it is), or the key is in use", body = Problem),
        (status = 422, description = "Invalid card number (`payment.card_number`), or key reused with another body", body = Problem),
        (status = 503, description = "The payment provider is unavailable", body = Problem),
    ))]
#[tracing::instrument(skip_all, fields(user = %user.id, %id))]
pub async fn pay(
    State(state): State<OrdersState>,
    user: AuthUser,
    Path(id): Path<OrderId>,
    headers: HeaderMap,
    Json(body): Json<serde_json::Value>,
) -> Result<Response> {
    let key = idempotency_key(&headers)?;
    let raw = serde_json::to_vec(&body).map_err(|e| ServiceError::Internal(e.into()))?;
    let request: PayRequest = kit::extract::parse_json(&raw)?;
    let fingerprint = fingerprint(&serde_json::json!({"pay": id.as_str(), "body": body}));
    let answer = state
        .orders
        .pay(PayCommand {
            user: &user,
            key,
            fingerprint,
            order_id: id,
            request,
        })
        .await?;
    Ok(respond(answer))
}

/// `GET /orders` and the admin list: paging and filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Page number from 1.
    #[param(minimum = 1)]
    pub page: Option<u32>,
    /// 1 to 100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    /// Only orders in this status.
    pub status: Option<OrderStatus>,
    /// Admin only: created on or after this day (`2026-11-25`) or instant (RFC 3339).
    pub from: Option<String>,
    /// Admin only: created before the end of this day, or before this instant.
    pub to: Option<String>,
    /// Admin only: one customer's orders (user id; at most 255 characters,
    /// no control characters).
    #[param(max_length = 255)]
    pub customer: Option<String>,
    /// Admin only: search by a prefix of the order id or number (`FE-7K2M`),
    /// a customer id, or part of the customer's email; case-insensitive, at
    /// most 100 characters, blank is no search.
    #[param(max_length = 100)]
    pub q: Option<String>,
}

/// Longest admin search.
const SEARCH_MAX: usize = 100;

/// Longest `customer` filter: far longer than any user id an issuer makes.
const CUSTOMER_MAX: usize = 255;

/// A day (`YYYY-MM-DD`, its start, or with `end` the next day's start) or an RFC
/// 3339 instant.
fn bound(text: &str, field: &str, end: bool) -> std::result::Result<kit::Timestamp, FieldError> {
    let day = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(date) = time::Date::parse(text, day) {
        let date = if end {
            date.next_day().unwrap_or(date)
        } else {
            date
        };
        return Ok(kit::Timestamp::from(date.midnight().assume_utc()));
    }
    kit::Timestamp::parse(text).map_err(|_| {
        FieldError::new(
            field,
            "must be a day such as 2026-11-25 or an RFC 3339 instant",
        )
    })
}

impl ListParams {
    /// The store query and page; `admin` allows the admin-only filters.
    pub fn parse(
        self,
        admin: bool,
    ) -> std::result::Result<(OrderQuery, PageRequest), ServiceError> {
        let mut errors = Vec::new();
        let page = PageRequest::parse(self.page, self.per_page)
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        let mut query = OrderQuery {
            status: self.status,
            ..OrderQuery::default()
        };
        if !admin {
            for (set, name) in [
                (self.from.is_some(), "from"),
                (self.to.is_some(), "to"),
                (self.customer.is_some(), "customer"),
                (self.q.is_some(), "q"),
            ] {
                if set {
                    errors.push(FieldError::new(name, "is a filter of the admin order list"));
                }
            }
        }
        if let Some(from) = &self.from {
            query.from = bound(from, "from", false).map_err(|e| errors.push(e)).ok();
        }
        if let Some(to) = &self.to {
            query.to = bound(to, "to", true).map_err(|e| errors.push(e)).ok();
        }
        // The filter is bound as plain text, where PostgreSQL refuses a NUL.
        if let Some(customer) = &self.customer {
            errors.extend(plain("customer", customer, CUSTOMER_MAX).err());
        }
        query.customer_id = self.customer;
        if let Some(q) = &self.q {
            match kit::text::Text::line(SEARCH_MAX).optional().parse("q", q) {
                Ok(q) if q.is_empty() => {}
                Ok(q) => query.search = Some(q),
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok((query, page))
        } else {
            Err(ServiceError::InvalidParameters(errors))
        }
    }
}

/// The signed-in user's orders, newest first.
#[utoipa::path(get, path = "", tag = "orders", security(("bearer" = [])),
    params(ListParams),
    responses((status = 200, body = Page<Order>), (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn mine(
    State(state): State<OrdersState>,
    user: AuthUser,
    Query(params): Query<ListParams>,
) -> Result<axum::Json<Page<Order>>> {
    let (mut query, page) = params.parse(false)?;
    query.customer_id = Some(user.id.to_string());
    let (items, total) = state.orders.list(&query, page).await?;
    Ok(axum::Json(Page::new(items, page, total)))
}

/// One order (its customer or an admin): items with unit prices and line
/// totals, the shipping address, totals (subtotal, shipping, total), the
/// status history, the payment method (brand and last four digits) and the
/// payment log of every attempt; while unpaid, `pay_by`.
#[utoipa::path(get, path = "/{id}", tag = "orders", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = OrderDetail), (status = 404, body = Problem)))]
pub async fn get(
    State(state): State<OrdersState>,
    user: AuthUser,
    Path(id): Path<OrderId>,
) -> Result<axum::Json<OrderDetail>> {
    Ok(axum::Json(state.orders.order(&user, &id).await?))
}

/// Cancels an order before shipment. An order still `pending_payment` (its
/// card declined) is `cancelled` at once, its held stock released (200).
/// A paid order: records the cancel (the order is
/// `cancelling`, so it can no longer ship), refunds the payment with a key
/// derived from the order, then records `cancelled` and gives the stock back.
///
/// 200 with the order `cancelled` when the payment provider refunded within
/// `orders.refund_timeout_ms`; 202 with the order still `cancelling` when it
/// failed or did not answer in time: the refund is retried in the background
/// until it succeeds, and the order then becomes `cancelled` on its own.
/// Repeating the request for a `cancelling` order asks the provider again
/// with the same key, so it never refunds twice. Other statuses answer 409.
/// (`pending_payment`, `paid` and `cancelling` are the cancellable ones.)
#[utoipa::path(post, path = "/{id}/cancel", tag = "orders", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Cancelled and refunded", body = OrderDetail),
        (status = 202, description = "Cancel recorded, refund pending: the order is `cancelling` and completes in the background", body = OrderDetail),
        (status = 404, body = Problem),
        (status = 409, description = "The order is not `pending_payment`, `paid` or `cancelling` (`order_status` says what it is)", body = Problem),
    ))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn cancel(
    State(state): State<OrdersState>,
    user: AuthUser,
    Path(id): Path<OrderId>,
) -> Result<(StatusCode, axum::Json<OrderDetail>)> {
    let detail = state.orders.cancel(&user, &id).await?;
    let status = if detail.order.status == OrderStatus::Cancelling {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    Ok((status, axum::Json(detail)))
}
