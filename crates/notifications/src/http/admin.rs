//! Operators' view: deliveries and their attempts, dead letters and replay,
//! and the emails written to files in embedded mode.

use super::error::Result;
use crate::NotificationsState;
use crate::service::dead_letters::{DeliveryView, Replayed};
use crate::service::emails::EmailFile;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use kit::Problem;
use kit::auth::RequireAdmin;
use kit::extract::{Path, Query};
use serde::Deserialize;
use utoipa::IntoParams;

/// `GET /admin/deliveries` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveryParams {
    /// `pending`, `sending`, `retrying`, `sent` or `dead` (the dead letters).
    pub status: Option<String>,
    /// Only this event's deliveries.
    pub event_id: Option<String>,
    /// 1 to 1000, default 100.
    pub limit: Option<u32>,
}

/// Deliveries, oldest first; `?status=dead` lists the dead letters.
#[utoipa::path(get, path = "/admin/deliveries", tag = "notifications admin", security(("bearer" = ["admin"])),
    params(DeliveryParams),
    responses((status = 200, body = Vec<DeliveryView>), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn deliveries(
    State(state): State<NotificationsState>,
    _admin: RequireAdmin,
    Query(params): Query<DeliveryParams>,
) -> Result<axum::Json<Vec<DeliveryView>>> {
    let views = state
        .service
        .deliveries(
            params.status.as_deref(),
            params.event_id.as_deref(),
            params.limit,
        )
        .await?;
    Ok(axum::Json(views))
}

/// Puts a dead delivery back in line; the worker sends it again at once.
#[utoipa::path(post, path = "/admin/deliveries/{event_id}/{channel}/replay", tag = "notifications admin",
    security(("bearer" = ["admin"])),
    params(("event_id" = String, Path), ("channel" = String, Path, description = "email, sms or in_app", pattern = "^(email|sms|in_app)$")),
    responses((status = 200, body = Replayed), (status = 404, body = Problem)))]
pub async fn replay(
    State(state): State<NotificationsState>,
    _admin: RequireAdmin,
    Path((event_id, channel)): Path<(String, String)>,
) -> Result<axum::Json<Replayed>> {
    Ok(axum::Json(state.service.replay(event_id, &channel).await?))
}

/// The emails written as `.eml` files (embedded mode without SMTP), newest first.
#[utoipa::path(get, path = "/admin/emails", tag = "notifications admin", security(("bearer" = ["admin"])),
    responses((status = 200, body = Vec<EmailFile>), (status = 404, body = Problem)))]
pub async fn emails(
    State(state): State<NotificationsState>,
    _admin: RequireAdmin,
) -> Result<axum::Json<Vec<EmailFile>>> {
    Ok(axum::Json(state.service.email_files().await?))
}

/// One email file, as `message/rfc822`.
#[utoipa::path(get, path = "/admin/emails/{name}", tag = "notifications admin", security(("bearer" = ["admin"])),
    params(("name" = String, Path, description = "A name `GET /admin/emails` lists", pattern = "^[A-Za-z0-9_.-]+\\.eml$")),
    responses((status = 200, description = "The email", content_type = "message/rfc822"), (status = 404, body = Problem)))]
pub async fn email(
    State(state): State<NotificationsState>,
    _admin: RequireAdmin,
    Path(name): Path<String>,
) -> Result<impl IntoResponse> {
    let body = state.service.email_file(&name).await?;
    Ok(([(header::CONTENT_TYPE, "message/rfc822")], body))
}
