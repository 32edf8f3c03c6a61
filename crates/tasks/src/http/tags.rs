//! The user's tags: list, create, rename or recolour, delete.

use super::Result;
use crate::TasksState;
use crate::domain::{TagId, TagView};
use axum::extract::State;
use axum::http::StatusCode;
use kit::Problem;
use kit::auth::AuthUser;
use kit::extract::{Json, Path};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The tag routes.
pub(super) fn routes() -> OpenApiRouter<TasksState> {
    OpenApiRouter::new()
        .routes(routes!(tags, create_tag))
        .routes(routes!(update_tag, delete_tag))
}

/// The user's tags with task counts.
#[utoipa::path(get, path = "/tags", tag = "tags", security(("bearer" = [])),
    responses((status = 200, body = Vec<TagView>)))]
pub async fn tags(
    State(state): State<TasksState>,
    user: AuthUser,
) -> Result<axum::Json<Vec<TagView>>> {
    Ok(axum::Json(state.service.tags(&user.id).await?))
}

/// A new tag, or a rename / recolour. The name is one line, trimmed and
/// stored in Unicode NFC; control characters and bidirectional or invisible
/// formatting characters (such as U+202E) are refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TagInput {
    /// Not blank, at most 40 characters.
    #[schema(min_length = 1, max_length = 40, pattern = r"\S")]
    pub name: Option<String>,
    /// `#rrggbb`.
    #[schema(pattern = "^#[0-9A-Fa-f]{6}$")]
    pub colour: Option<String>,
}

/// Creates a tag; names are unique per user, ignoring case (409).
#[utoipa::path(post, path = "/tags", tag = "tags", security(("bearer" = [])), request_body = TagInput,
    responses((status = 201, body = TagView), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_tag(
    State(state): State<TasksState>,
    user: AuthUser,
    Json(input): Json<TagInput>,
) -> Result<(StatusCode, axum::Json<TagView>)> {
    let tag = state
        .service
        .create_tag(&user.id, input.name.as_deref(), input.colour.as_deref())
        .await?;
    Ok((StatusCode::CREATED, axum::Json(tag)))
}

/// Renames or recolours a tag; tasks show the new name at once.
#[utoipa::path(patch, path = "/tags/{id}", tag = "tags", security(("bearer" = [])), params(("id" = String, Path)),
    request_body = TagInput,
    responses((status = 200, body = TagView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update_tag(
    State(state): State<TasksState>,
    user: AuthUser,
    Path(id): Path<TagId>,
    Json(input): Json<TagInput>,
) -> Result<axum::Json<TagView>> {
    Ok(axum::Json(
        state
            .service
            .update_tag(
                &user.id,
                &id,
                input.name.as_deref(),
                input.colour.as_deref(),
            )
            .await?,
    ))
}

/// Deletes a tag and takes it off every task.
#[utoipa::path(delete, path = "/tags/{id}", tag = "tags", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete_tag(
    State(state): State<TasksState>,
    user: AuthUser,
    Path(id): Path<TagId>,
) -> Result<StatusCode> {
    state.service.delete_tag(&user.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
