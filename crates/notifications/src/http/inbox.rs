//! The signed-in user's in-app notifications.

use super::error::Result;
use crate::NotificationsState;
use crate::service::inbox::Inbox;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures::{Stream, StreamExt};
use kit::Problem;
use kit::auth::AuthUser;
use kit::extract::{Path, Query};
use serde::{Deserialize, Serialize};
use std::convert::Infallible;
use utoipa::{IntoParams, ToSchema};

/// `GET /me` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    pub page: Option<u32>,
    /// 1 to 100, default 20.
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
    params(("id" = String, Path)),
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

/// A live stream (Server-Sent Events) of the user's new notifications: one
/// `notification` event per item, JSON as in `GET /me`.
#[utoipa::path(get, path = "/me/stream", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, description = "text/event-stream of `notification` events"), (status = 401, body = Problem)))]
pub async fn stream(
    State(state): State<NotificationsState>,
    user: AuthUser,
) -> Sse<impl Stream<Item = std::result::Result<SseEvent, Infallible>>> {
    let events = state.service.live(user.id).map(|item| {
        Ok(SseEvent::default()
            .event("notification")
            .id(item.id.clone())
            .json_data(&item)
            .unwrap_or_default())
    });
    Sse::new(events).keep_alive(KeepAlive::default())
}
