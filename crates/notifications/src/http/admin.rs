//! Operators' view: deliveries and their attempts, dead letters and replay,
//! and the emails written to files in embedded mode.

use super::internal;
use crate::NotificationsState;
use crate::domain::ChannelKind;
use crate::store::{Attempt, Delivery, DeliveryStatus};
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use kit::auth::RequireAdmin;
use kit::extract::{Path, Query};
use kit::{FieldError, Problem, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type Result<T> = std::result::Result<T, Problem>;

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

/// Deliveries with their attempt log.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryView {
    #[serde(flatten)]
    pub delivery: Delivery,
    pub attempt_log: Vec<Attempt>,
}

/// Deliveries, oldest first; `?status=dead` lists the dead letters.
#[utoipa::path(get, path = "/admin/deliveries", tag = "notifications admin", security(("bearer" = [])),
    params(DeliveryParams),
    responses((status = 200, body = Vec<DeliveryView>), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn deliveries(
    State(state): State<NotificationsState>,
    _admin: RequireAdmin,
    Query(params): Query<DeliveryParams>,
) -> Result<axum::Json<Vec<DeliveryView>>> {
    let status = match params.status.as_deref() {
        None => None,
        Some(text) => Some(DeliveryStatus::parse(text).ok_or_else(|| {
            Problem::invalid_parameters(vec![FieldError::new(
                "status",
                "must be pending, sending, retrying, sent or dead",
            )])
        })?),
    };
    let store = &state.service.store;
    let found = store
        .deliveries(
            status,
            params.event_id.as_deref(),
            params.limit.unwrap_or(100),
        )
        .await
        .map_err(internal)?;
    let mut views = Vec::with_capacity(found.len());
    for delivery in found {
        let attempt_log = store
            .attempts(&delivery.event_id)
            .await
            .map_err(internal)?
            .into_iter()
            .filter(|a| a.channel == delivery.channel)
            .collect();
        views.push(DeliveryView {
            delivery,
            attempt_log,
        });
    }
    Ok(axum::Json(views))
}

/// What a replay did.
#[derive(Debug, Serialize, ToSchema)]
pub struct Replayed {
    pub event_id: String,
    pub channel: ChannelKind,
    pub status: DeliveryStatus,
}

/// Puts a dead delivery back in line; the worker sends it again at once.
#[utoipa::path(post, path = "/admin/deliveries/{event_id}/{channel}/replay", tag = "notifications admin",
    security(("bearer" = [])),
    params(("event_id" = String, Path), ("channel" = String, Path, description = "email, sms or in_app")),
    responses((status = 200, body = Replayed), (status = 404, body = Problem)))]
pub async fn replay(
    State(state): State<NotificationsState>,
    _admin: RequireAdmin,
    Path((event_id, channel)): Path<(String, String)>,
) -> Result<axum::Json<Replayed>> {
    let channel = ChannelKind::parse(&channel).ok_or_else(|| {
        Problem::invalid_parameters(vec![FieldError::new(
            "channel",
            "must be email, sms or in_app",
        )])
    })?;
    let replayed = state
        .service
        .store
        .replay(&event_id, channel, Timestamp::now())
        .await
        .map_err(internal)?;
    if !replayed {
        return Err(Problem::not_found(
            "No dead delivery for that event and channel.",
        ));
    }
    state.service.wake.notify_one();
    Ok(axum::Json(Replayed {
        event_id,
        channel,
        status: DeliveryStatus::Pending,
    }))
}

/// An email written to a file.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailFile {
    /// File name; `GET /admin/emails/{name}` returns it.
    pub name: String,
    pub bytes: u64,
    pub modified: Option<Timestamp>,
}

fn emails_dir(state: &NotificationsState) -> Result<&std::path::Path> {
    state
        .emails_dir
        .as_deref()
        .ok_or_else(|| Problem::not_found("Emails go to an SMTP server here, not to files."))
}

/// The emails written as `.eml` files (embedded mode without SMTP), newest first.
#[utoipa::path(get, path = "/admin/emails", tag = "notifications admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<EmailFile>), (status = 404, body = Problem)))]
pub async fn emails(
    State(state): State<NotificationsState>,
    _admin: RequireAdmin,
) -> Result<axum::Json<Vec<EmailFile>>> {
    let dir = emails_dir(&state)?;
    let mut files = Vec::new();
    let mut entries = tokio::fs::read_dir(dir).await.map_err(internal)?;
    while let Some(entry) = entries.next_entry().await.map_err(internal)? {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".eml") {
            continue;
        }
        let meta = entry.metadata().await.map_err(internal)?;
        files.push(EmailFile {
            name,
            bytes: meta.len(),
            modified: meta
                .modified()
                .ok()
                .map(|t| Timestamp::from(time::OffsetDateTime::from(t))),
        });
    }
    files.sort_by(|a, b| b.modified.cmp(&a.modified).then(b.name.cmp(&a.name)));
    Ok(axum::Json(files))
}

/// One email file, as `message/rfc822`.
#[utoipa::path(get, path = "/admin/emails/{name}", tag = "notifications admin", security(("bearer" = [])),
    params(("name" = String, Path)),
    responses((status = 200, description = "The email", content_type = "message/rfc822"), (status = 404, body = Problem)))]
pub async fn email(
    State(state): State<NotificationsState>,
    _admin: RequireAdmin,
    Path(name): Path<String>,
) -> Result<impl IntoResponse> {
    let valid = name.ends_with(".eml")
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.contains("..");
    if !valid {
        return Err(Problem::invalid_parameters(vec![FieldError::new(
            "name",
            "must be an .eml file name",
        )]));
    }
    let path = emails_dir(&state)?.join(&name);
    let body = tokio::fs::read(&path)
        .await
        .map_err(|_| Problem::not_found("No such email."))?;
    Ok(([(header::CONTENT_TYPE, "message/rfc822")], body))
}
