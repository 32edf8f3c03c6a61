//! Category endpoints: the list for everyone, changes for admins.

use super::error::Result;
use crate::CatalogState;
use crate::domain::{Category, CategoryCreate, CategoryPatch, CategorySummary};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kit::auth::RequireAdmin;
use kit::extract::{Json, Path};
use kit::headers::PublicRead;

/// Every category with its number of active products, by name. Cached like
/// the product list.
#[utoipa::path(get, path = "/categories", operation_id = "list_categories", tag = "catalog", security((), ("bearer" = [])),
    responses(
        (status = 200, body = Vec<CategorySummary>, headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is still current")))]
pub async fn list(State(state): State<CatalogState>, cache: PublicRead) -> Result<Response> {
    let categories = state.service.categories().await?;
    Ok(cache.json(&categories))
}

/// Create a category (admin).
#[utoipa::path(post, path = "/categories", operation_id = "admin_create_category", tag = "catalog admin",
    request_body = CategoryCreate,
    security(("bearer" = ["admin"])),
    responses(
        (status = 201, body = Category),
        (status = 401, body = kit::Problem), (status = 403, body = kit::Problem),
        (status = 409, description = "The slug is taken", body = kit::Problem),
        (status = 422, body = kit::Problem),
    ))]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id))]
pub async fn create(
    State(state): State<CatalogState>,
    admin: RequireAdmin,
    Json(input): Json<CategoryCreate>,
) -> Result<impl IntoResponse> {
    let category = state.service.create_category(input).await?;
    let location = format!("/api/catalog/categories/{}", category.slug);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        axum::Json(category),
    ))
}

/// One category by slug.
#[utoipa::path(get, path = "/categories/{slug}", operation_id = "get_category", tag = "catalog",
    params(("slug" = String, Path)), security((), ("bearer" = [])),
    responses(
        (status = 200, body = Category, headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is still current"),
        (status = 404, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%slug))]
pub async fn get(
    State(state): State<CatalogState>,
    cache: PublicRead,
    Path(slug): Path<String>,
) -> Result<Response> {
    let category = state.service.category(&slug).await?;
    Ok(cache.json(&category))
}

/// Change a category's name, description or image (admin); the slug stays.
#[utoipa::path(patch, path = "/categories/{slug}", operation_id = "admin_update_category", tag = "catalog admin",
    params(("slug" = String, Path)),
    request_body = CategoryPatch,
    security(("bearer" = ["admin"])),
    responses(
        (status = 200, body = Category),
        (status = 401, body = kit::Problem), (status = 403, body = kit::Problem),
        (status = 404, body = kit::Problem),
        (status = 422, body = kit::Problem),
    ))]
#[tracing::instrument(skip_all, fields(%slug, admin = %admin.0.id))]
pub async fn update(
    State(state): State<CatalogState>,
    admin: RequireAdmin,
    Path(slug): Path<String>,
    Json(patch): Json<CategoryPatch>,
) -> Result<axum::Json<Category>> {
    Ok(axum::Json(
        state.service.update_category(&slug, patch).await?,
    ))
}

/// Delete a category (admin): only one no product names, active or not.
#[utoipa::path(delete, path = "/categories/{slug}", operation_id = "admin_delete_category", tag = "catalog admin",
    params(("slug" = String, Path)),
    security(("bearer" = ["admin"])),
    responses(
        (status = 204),
        (status = 401, body = kit::Problem), (status = 403, body = kit::Problem),
        (status = 404, body = kit::Problem),
        (status = 409, description = "Products still name the category (`products` says how many)", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all, fields(%slug, admin = %admin.0.id))]
pub async fn delete(
    State(state): State<CatalogState>,
    admin: RequireAdmin,
    Path(slug): Path<String>,
) -> Result<StatusCode> {
    state.service.delete_category(&slug).await?;
    Ok(StatusCode::NO_CONTENT)
}
