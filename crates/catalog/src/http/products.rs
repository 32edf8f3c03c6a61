//! Product endpoints: browsing for everyone, writes for admins.

use super::error::Result;
use crate::CatalogState;
use crate::domain::query::ProductListParams;
use crate::domain::{Product, ProductCreate, ProductId, ProductPatch, StockUpdate};
use crate::service::Viewer;
use crate::service::products::{ProductList, RelatedProducts};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kit::auth::{MaybeAuthUser, RequireAdmin};
use kit::extract::{Json, Path, Query};
use kit::headers::PublicRead;

fn viewer(user: &MaybeAuthUser) -> Viewer {
    Viewer::admin_if(user.0.as_ref().is_some_and(|u| u.is_admin()))
}

/// List and search products. Anonymous answers are public for 30 seconds and
/// carry an `ETag`; `If-None-Match` with it answers 304. A search that finds
/// nothing as typed answers the products of its spelling correction, named
/// in `did_you_mean` (with `corrected: true`).
#[utoipa::path(get, path = "/products", tag = "catalog",
    params(ProductListParams), security((), ("bearer" = [])),
    responses(
        (status = 200, body = ProductList, headers(
            ("ETag" = String, description = "Tag of this answer, for `If-None-Match`"),
            ("Cache-Control" = String, description = "`public, max-age=30` without a token, `private, no-store` with one"))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is still current"),
        (status = 400, description = "Unknown or invalid parameter", body = kit::Problem),
        (status = 403, description = "`include_inactive` needs the admin role", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<CatalogState>,
    user: MaybeAuthUser,
    cache: PublicRead,
    Query(params): Query<ProductListParams>,
) -> Result<Response> {
    let page = state.service.list(params, viewer(&user)).await?;
    Ok(cache.json(&page))
}

/// One product by id. Admins also see deactivated products. Cached like the
/// list.
#[utoipa::path(get, path = "/products/{id}", tag = "catalog",
    params(("id" = Uuid, Path)), security((), ("bearer" = [])),
    responses(
        (status = 200, body = Product, headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is still current"),
        (status = 400, body = kit::Problem), (status = 404, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn get(
    State(state): State<CatalogState>,
    user: MaybeAuthUser,
    cache: PublicRead,
    Path(id): Path<ProductId>,
) -> Result<Response> {
    let product = state.service.get(&id, viewer(&user)).await?;
    Ok(cache.json(&product))
}

/// One product by slug. Cached like the list.
#[utoipa::path(get, path = "/products/by-slug/{slug}", tag = "catalog",
    params(("slug" = String, Path)), security((), ("bearer" = [])),
    responses(
        (status = 200, body = Product, headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is still current"),
        (status = 404, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%slug))]
pub async fn get_by_slug(
    State(state): State<CatalogState>,
    user: MaybeAuthUser,
    cache: PublicRead,
    Path(slug): Path<String>,
) -> Result<Response> {
    let product = state.service.get_by_slug(&slug, viewer(&user)).await?;
    Ok(cache.json(&product))
}

/// `GET /products/{id}/related`: parameters.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RelatedParams {
    /// How many, 1 to 24 (default 8).
    #[param(minimum = 1, maximum = 24)]
    pub limit: Option<u32>,
}

/// Products related to one product, for its page: active products of the
/// same category, itself left out, featured first. Cached like the list.
#[utoipa::path(get, path = "/products/{id}/related", tag = "catalog",
    params(("id" = Uuid, Path), RelatedParams), security((), ("bearer" = [])),
    responses(
        (status = 200, body = RelatedProducts, headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is still current"),
        (status = 400, body = kit::Problem), (status = 404, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn related(
    State(state): State<CatalogState>,
    user: MaybeAuthUser,
    cache: PublicRead,
    Path(id): Path<ProductId>,
    Query(params): Query<RelatedParams>,
) -> Result<Response> {
    let items = state
        .service
        .related(&id, params.limit, viewer(&user))
        .await?;
    Ok(cache.json(&RelatedProducts { items }))
}

/// Create a product (admin).
#[utoipa::path(post, path = "/products", tag = "catalog admin",
    request_body = ProductCreate,
    security(("bearer" = ["admin"])),
    responses(
        (status = 201, body = Product),
        (status = 401, body = kit::Problem), (status = 403, body = kit::Problem),
        (status = 409, description = "sku or slug taken", body = kit::Problem),
        (status = 422, description = "A field breaks the rules; `category` when it names no category, `images[i]` for an image URL not accepted", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id))]
pub async fn create(
    State(state): State<CatalogState>,
    admin: RequireAdmin,
    Json(input): Json<ProductCreate>,
) -> Result<impl IntoResponse> {
    let product = state.service.create(input).await?;
    let location = format!("/api/catalog/products/{}", product.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        axum::Json(product),
    ))
}

/// Change some fields of a product (admin). `version` must be the version read.
#[utoipa::path(patch, path = "/products/{id}", tag = "catalog admin",
    params(("id" = Uuid, Path)),
    request_body = ProductPatch,
    security(("bearer" = ["admin"])),
    responses(
        (status = 200, body = Product),
        (status = 404, body = kit::Problem),
        (status = 409, description = "Stale version, or sku/slug taken", body = kit::Problem),
        (status = 422, description = "A field breaks the rules; `category` when it names no category, `images[i]` for an image URL not accepted", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all, fields(%id, admin = %admin.0.id))]
pub async fn update(
    State(state): State<CatalogState>,
    admin: RequireAdmin,
    Path(id): Path<ProductId>,
    Json(patch): Json<ProductPatch>,
) -> Result<axum::Json<Product>> {
    Ok(axum::Json(state.service.update(&id, patch).await?))
}

/// Set the stock level (admin).
#[utoipa::path(put, path = "/products/{id}/stock", tag = "catalog admin",
    params(("id" = Uuid, Path)),
    request_body = StockUpdate,
    security(("bearer" = ["admin"])),
    responses((status = 200, body = Product), (status = 404, body = kit::Problem), (status = 409, body = kit::Problem), (status = 422, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id, admin = %admin.0.id))]
pub async fn set_stock(
    State(state): State<CatalogState>,
    admin: RequireAdmin,
    Path(id): Path<ProductId>,
    Json(input): Json<StockUpdate>,
) -> Result<axum::Json<Product>> {
    Ok(axum::Json(state.service.set_stock(&id, input).await?))
}

/// Deactivate a product (admin): it disappears from the shop and cannot be
/// reserved, but stays for order history. Repeating it changes nothing.
#[utoipa::path(delete, path = "/products/{id}", tag = "catalog admin",
    params(("id" = Uuid, Path)),
    security(("bearer" = ["admin"])),
    responses((status = 204), (status = 404, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id, admin = %admin.0.id))]
pub async fn deactivate(
    State(state): State<CatalogState>,
    admin: RequireAdmin,
    Path(id): Path<ProductId>,
) -> Result<StatusCode> {
    state.service.deactivate(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}
