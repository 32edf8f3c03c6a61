//! The signed-in user's in-app notifications.

use super::error::{Refusal, Result};
use crate::NotificationsState;
use crate::service::inbox::{Inbox, LiveEvent};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures::{Stream, StreamExt};
use kit::auth::AuthUser;
use kit::extract::{Path, Query};
use kit::{Problem, Timestamp};
use serde::{Deserialize, Serialize};
use std::convert::Infallible;
use utoipa::{IntoParams, ToSchema};

/// `GET /me` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Page number from 1.
    #[param(minimum = 1)]
    pub page: Option<u32>,
    /// 1 to 100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

/// The user's notifications, newest first, with how many are unread.
#[utoipa::path(get, path = "/me", tag = "notifications", security(("bearer" = [])),
    params(ListParams),
    responses((status = 200, body = Inbox), (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn list(
    State(state): State<NotificationsState>,
    user: AuthUser,
    Query(params): Query<ListParams>,
) -> Result<axum::Json<Inbox>> {
    let inbox = state
        .service
        .inbox(&user.id, params.page, params.per_page)
        .await?;
    Ok(axum::Json(inbox))
}

/// Marks one notification read.
#[utoipa::path(post, path = "/me/{id}/read", tag = "notifications", security(("bearer" = [])),
    params(("id" = String, Path, description = "The notification's id; another user's answers 404")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn read(
    State(state): State<NotificationsState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    state.service.mark_read(&user.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How many notifications a call marked read.
#[derive(Debug, Serialize, ToSchema)]
pub struct MarkedRead {
    pub updated: u64,
}

/// Marks every notification read.
#[utoipa::path(post, path = "/me/read-all", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = MarkedRead), (status = 401, body = Problem)))]
pub async fn read_all(
    State(state): State<NotificationsState>,
    user: AuthUser,
) -> Result<axum::Json<MarkedRead>> {
    let updated = state.service.mark_all_read(&user.id).await?;
    Ok(axum::Json(MarkedRead { updated }))
}

/// A live stream (Server-Sent Events) of the user's new notifications.
///
/// Events:
/// - `notification`: one per new item, `id` the item's id, `data` the item
///   as JSON, as in `GET /me`;
/// - `expired`: the last event, when the token's `exp` passes; `data` is
///   `{"expired_at": "<RFC 3339>"}`. The stream then ends and the client
///   opens a new one with a fresh token;
/// - a comment line (`: heartbeat`) on an idle stream, every
///   `notifications.stream_heartbeat_ms`.
///
/// The stream also ends, with no event, when the service falls behind; the
/// client reads `GET /me` and opens a new one. One user may hold at most
/// `notifications.max_streams_per_user` streams at once (429 past it).
#[utoipa::path(get, path = "/me/stream", tag = "notifications", security(("bearer" = [])),
    responses(
        (status = 200, description = "The stream: `notification` events, then `expired` when the token expires; heartbeat comments while idle.",
            content_type = "text/event-stream", body = String),
        (status = 401, description = "No bearer token, or one that is invalid or expired (the verifier's clock-skew allowance does not apply: a stream needs time left).",
            body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The user already holds the most streams one user may (`max_streams` in the body); `Retry-After` says when to try again.",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait before opening another stream"))),
    ))]
pub async fn stream(
    State(state): State<NotificationsState>,
    user: AuthUser,
) -> std::result::Result<Sse<impl Stream<Item = std::result::Result<SseEvent, Infallible>>>, Refusal>
{
    let expires_at = user.expires_at;
    let events = state
        .service
        .live(user.id, expires_at)?
        .map(move |event| Ok(sse_event(&event, expires_at)));
    Ok(Sse::new(events).keep_alive(
        KeepAlive::new()
            .interval(state.service.heartbeat())
            .text("heartbeat"),
    ))
}

fn sse_event(event: &LiveEvent, expires_at: Timestamp) -> SseEvent {
    match event {
        LiveEvent::Notification(item) => SseEvent::default()
            .event("notification")
            .id(item.id.clone())
            .json_data(item)
            .unwrap_or_default(),
        LiveEvent::Expired => SseEvent::default()
            .event("expired")
            .json_data(serde_json::json!({ "expired_at": expires_at }))
            .unwrap_or_default(),
    }
}
