//! The user's tasks: list, create, read, change, complete, reopen, delete,
//! and the bulk actions. Task ids in paths are parsed by the extractor, so a
//! malformed one is a 400 naming `id`.

use super::Result;
use crate::TasksState;
use crate::domain::{ListParams, NewTask, TaskId, TaskPatch, TaskView};
use crate::service::Bulk;
use axum::extract::State;
use axum::http::StatusCode;
use kit::Problem;
use kit::auth::AuthUser;
use kit::extract::{Json, Path, Query};
use kit::pagination::Page;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The task routes.
pub(super) fn routes() -> OpenApiRouter<TasksState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get, update, delete))
        .routes(routes!(complete))
        .routes(routes!(reopen))
        .routes(routes!(restore))
        .routes(routes!(bulk_complete))
        .routes(routes!(bulk_delete))
        .routes(routes!(bulk_restore))
}

/// The user's tasks, filtered, sorted and paged.
#[utoipa::path(get, path = "", tag = "tasks", security(("bearer" = [])), params(ListParams),
    responses((status = 200, body = Page<TaskView>), (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn list(
    State(state): State<TasksState>,
    user: AuthUser,
    Query(params): Query<ListParams>,
) -> Result<axum::Json<Page<TaskView>>> {
    Ok(axum::Json(state.service.list(&user.id, &params).await?))
}

/// Creates a task (priority `medium` and pending unless said otherwise).
#[utoipa::path(post, path = "", tag = "tasks", security(("bearer" = [])), request_body = NewTask,
    responses((status = 201, body = TaskView), (status = 422, body = Problem), (status = 401, body = Problem)))]
pub async fn create(
    State(state): State<TasksState>,
    user: AuthUser,
    Json(input): Json<NewTask>,
) -> Result<(StatusCode, axum::Json<TaskView>)> {
    Ok((
        StatusCode::CREATED,
        axum::Json(state.service.create(&user.id, &input).await?),
    ))
}

/// One task.
#[utoipa::path(get, path = "/{id}", tag = "tasks", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = TaskView), (status = 404, body = Problem)))]
pub async fn get(
    State(state): State<TasksState>,
    user: AuthUser,
    Path(id): Path<TaskId>,
) -> Result<axum::Json<TaskView>> {
    Ok(axum::Json(state.service.get(&user.id, &id).await?))
}

/// Changes some fields; `"deadline": null` removes the deadline.
#[utoipa::path(patch, path = "/{id}", tag = "tasks", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = TaskPatch,
    responses((status = 200, body = TaskView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<TasksState>,
    user: AuthUser,
    Path(id): Path<TaskId>,
    Json(patch): Json<TaskPatch>,
) -> Result<axum::Json<TaskView>> {
    Ok(axum::Json(
        state.service.update(&user.id, &id, &patch).await?,
    ))
}

/// Deletes a task: it leaves lists, insights and tag counts at once and
/// reads as 404, but stays restorable (`POST /{id}/restore`) with its id and
/// state for the retention period (`tasks.deleted_retention_days`, 30 days by
/// default); then it is removed for good.
#[utoipa::path(delete, path = "/{id}", tag = "tasks", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete(
    State(state): State<TasksState>,
    user: AuthUser,
    Path(id): Path<TaskId>,
) -> Result<StatusCode> {
    state.service.delete(&user.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Marks a task completed (again is harmless).
#[utoipa::path(post, path = "/{id}/complete", tag = "tasks", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = TaskView), (status = 404, body = Problem)))]
pub async fn complete(
    State(state): State<TasksState>,
    user: AuthUser,
    Path(id): Path<TaskId>,
) -> Result<axum::Json<TaskView>> {
    Ok(axum::Json(
        state.service.set_completed(&user.id, &id, true).await?,
    ))
}

/// Makes a completed task pending again.
#[utoipa::path(post, path = "/{id}/reopen", tag = "tasks", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = TaskView), (status = 404, body = Problem)))]
pub async fn reopen(
    State(state): State<TasksState>,
    user: AuthUser,
    Path(id): Path<TaskId>,
) -> Result<axum::Json<TaskView>> {
    Ok(axum::Json(
        state.service.set_completed(&user.id, &id, false).await?,
    ))
}

/// Brings a deleted task back with the same id and state (a completed task
/// stays completed); 404 when there is no such deleted task of the user's or
/// its retention period has passed.
#[utoipa::path(post, path = "/{id}/restore", tag = "tasks", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = TaskView), (status = 404, body = Problem)))]
pub async fn restore(
    State(state): State<TasksState>,
    user: AuthUser,
    Path(id): Path<TaskId>,
) -> Result<axum::Json<TaskView>> {
    Ok(axum::Json(state.service.restore(&user.id, &id).await?))
}

/// Task ids for a bulk action.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Ids {
    /// 1 to 500 task ids.
    #[schema(min_items = 1, max_items = 500)]
    pub ids: Vec<String>,
}

impl Ids {
    /// The ids as task ids, taken as sent: one that is not a task id names
    /// no task, like another user's, so it changes nothing rather than
    /// failing the request.
    fn task_ids(&self) -> Vec<TaskId> {
        self.ids.iter().map(TaskId::unchecked).collect()
    }
}

/// How many tasks a bulk action changed.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Changed {
    pub changed: u64,
}

/// Runs one bulk action over the ids in `body`.
async fn bulk(
    state: &TasksState,
    user: &AuthUser,
    body: &Ids,
    action: Bulk,
) -> Result<axum::Json<Changed>> {
    let changed = state
        .service
        .bulk(&user.id, &body.task_ids(), action)
        .await?;
    Ok(axum::Json(Changed { changed }))
}

/// Completes many tasks; ids that are not the user's pending tasks are skipped.
#[utoipa::path(post, path = "/bulk/complete", tag = "tasks", security(("bearer" = [])), request_body = Ids,
    responses((status = 200, body = Changed), (status = 422, body = Problem)))]
pub async fn bulk_complete(
    State(state): State<TasksState>,
    user: AuthUser,
    Json(body): Json<Ids>,
) -> Result<axum::Json<Changed>> {
    bulk(&state, &user, &body, Bulk::Complete).await
}

/// Deletes many tasks (restorable, as one delete is); ids that are not the
/// user's are skipped.
#[utoipa::path(post, path = "/bulk/delete", tag = "tasks", security(("bearer" = [])), request_body = Ids,
    responses((status = 200, body = Changed), (status = 422, body = Problem)))]
pub async fn bulk_delete(
    State(state): State<TasksState>,
    user: AuthUser,
    Json(body): Json<Ids>,
) -> Result<axum::Json<Changed>> {
    bulk(&state, &user, &body, Bulk::Delete).await
}

/// Restores many deleted tasks, each with its id and state; ids that are not
/// the user's restorable deleted tasks are skipped.
#[utoipa::path(post, path = "/bulk/restore", tag = "tasks", security(("bearer" = [])), request_body = Ids,
    responses((status = 200, body = Changed), (status = 422, body = Problem)))]
pub async fn bulk_restore(
    State(state): State<TasksState>,
    user: AuthUser,
    Json(body): Json<Ids>,
) -> Result<axum::Json<Changed>> {
    bulk(&state, &user, &body, Bulk::Restore).await
}
