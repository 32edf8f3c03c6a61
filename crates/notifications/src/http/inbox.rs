//! The signed-in user's in-app notifications.

use super::internal;
use crate::NotificationsState;
use crate::store::InboxItem;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures::Stream;
use kit::auth::AuthUser;
use kit::extract::{Path, Query};
use kit::pagination::PageRequest;
use kit::{FieldError, Problem, Timestamp};
use serde::{Deserialize, Serialize};
use std::convert::Infallible;
use utoipa::{IntoParams, ToSchema};

type Result<T> = std::result::Result<T, Problem>;

/// `GET /me` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    pub page: Option<u32>,
    /// 1 to 100, default 20.
    pub per_page: Option<u32>,
}

/// A page of the inbox with the unread count.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Inbox {
    pub items: Vec<InboxItem>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
    pub unread: u64,
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
    let page = PageRequest::parse(params.page, params.per_page)
        .map_err(|e| Problem::invalid_parameters(vec![e]))?;
    let (items, total, unread) = state
        .service
        .store
        .inbox(&user.id, page)
        .await
        .map_err(internal)?;
    Ok(axum::Json(Inbox {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
        unread,
    }))
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
    uuid::Uuid::parse_str(&id).map_err(|_| {
        Problem::invalid_parameters(vec![FieldError::new(
            "id",
            "must be a notification id (UUID)",
        )])
    })?;
    let found = state
        .service
        .store
        .mark_read(&user.id, &id, Timestamp::now())
        .await
        .map_err(internal)?;
    if found {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Problem::not_found("No such notification."))
    }
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
    let updated = state
        .service
        .store
        .mark_all_read(&user.id, Timestamp::now())
        .await
        .map_err(internal)?;
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
    let receiver = state.service.in_app.subscribe();
    let events =
        futures::stream::unfold((receiver, user.id), |(mut receiver, user_id)| async move {
            loop {
                match receiver.recv().await {
                    Ok(item) if item.user_id == user_id => {
                        let event = SseEvent::default()
                            .event("notification")
                            .id(item.id.clone())
                            .json_data(&item)
                            .unwrap_or_default();
                        return Some((Ok(event), (receiver, user_id)));
                    }
                    Ok(_) => continue,
                    // Fell behind: the client refetches `GET /me` on reconnect.
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => return None,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                }
            }
        });
    Sse::new(events).keep_alive(KeepAlive::default())
}
