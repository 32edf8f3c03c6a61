//! Product endpoints: browsing for everyone, writes for admins.

use super::error::{Error, Result};
use crate::CatalogState;
use crate::domain::query::ProductListParams;
use crate::domain::{
    Product, ProductCreate, ProductFactory, ProductPatch, ProductQuery, StockUpdate,
};
use crate::store::CategoryCount;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use kit::Timestamp;
use kit::auth::{MaybeAuthUser, RequireAdmin};
use kit::extract::{Json, Path, Query};
use kit::pagination::Page;
use uuid::Uuid;

/// List and search products.
#[utoipa::path(get, path = "/products", tag = "catalog",
    params(ProductListParams),
    responses(
        (status = 200, body = Page<Product>),
        (status = 400, description = "Unknown or invalid parameter", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<CatalogState>,
    user: MaybeAuthUser,
    Query(params): Query<ProductListParams>,
) -> Result<axum::Json<Page<Product>>> {
    let query = ProductQuery::parse(params).map_err(Error::InvalidParameters)?;
    if query.include_inactive && !user.0.as_ref().is_some_and(|u| u.is_admin()) {
        return Err(kit::Problem::forbidden("`include_inactive` is for admins.").into());
    }
    Ok(axum::Json(state.products.list(&query).await?))
}

/// One product by id. Admins also see deactivated products.
#[utoipa::path(get, path = "/products/{id}", tag = "catalog",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Product), (status = 400, body = kit::Problem), (status = 404, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn get(
    State(state): State<CatalogState>,
    user: MaybeAuthUser,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Product>> {
    let product = state.products.get(&id.to_string()).await?;
    visible(product, &user).map(axum::Json)
}

/// One product by slug.
#[utoipa::path(get, path = "/products/by-slug/{slug}", tag = "catalog",
    params(("slug" = String, Path)),
    responses((status = 200, body = Product), (status = 404, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%slug))]
pub async fn get_by_slug(
    State(state): State<CatalogState>,
    user: MaybeAuthUser,
    Path(slug): Path<String>,
) -> Result<axum::Json<Product>> {
    let product = state.products.get_by_slug(&slug).await?;
    visible(product, &user).map(axum::Json)
}

fn visible(product: Option<Product>, user: &MaybeAuthUser) -> Result<Product> {
    let is_admin = user.0.as_ref().is_some_and(|u| u.is_admin());
    product
        .filter(|p| p.active || is_admin)
        .ok_or(Error::ProductNotFound)
}

/// Categories with their number of active products.
#[utoipa::path(get, path = "/categories", tag = "catalog",
    responses((status = 200, body = Vec<CategoryCount>)))]
pub async fn categories(
    State(state): State<CatalogState>,
) -> Result<axum::Json<Vec<CategoryCount>>> {
    Ok(axum::Json(state.products.categories().await?))
}

/// Create a product (admin).
#[utoipa::path(post, path = "/products", tag = "catalog admin",
    request_body = ProductCreate,
    security(("bearer" = [])),
    responses(
        (status = 201, body = Product),
        (status = 401, body = kit::Problem), (status = 403, body = kit::Problem),
        (status = 409, description = "sku or slug taken", body = kit::Problem),
        (status = 422, body = kit::Problem),
    ))]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id))]
pub async fn create(
    State(state): State<CatalogState>,
    admin: RequireAdmin,
    Json(input): Json<ProductCreate>,
) -> Result<impl IntoResponse> {
    let product = ProductFactory::create(input, Timestamp::now()).map_err(Error::Validation)?;
    state.products.insert(&product).await?;
    tracing::info!(id = %product.id, sku = %product.sku, "product created");
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
    security(("bearer" = [])),
    responses(
        (status = 200, body = Product),
        (status = 404, body = kit::Problem),
        (status = 409, description = "Stale version, or sku/slug taken", body = kit::Problem),
        (status = 422, body = kit::Problem),
    ))]
#[tracing::instrument(skip_all, fields(%id, admin = %admin.0.id))]
pub async fn update(
    State(state): State<CatalogState>,
    admin: RequireAdmin,
    Path(id): Path<Uuid>,
    Json(patch): Json<ProductPatch>,
) -> Result<axum::Json<Product>> {
    let current = state
        .products
        .get(&id.to_string())
        .await?
        .ok_or(Error::ProductNotFound)?;
    let expected = patch.version;
    if current.version != expected {
        return Err(Error::VersionConflict { expected });
    }
    let next =
        ProductFactory::apply(&current, patch, Timestamp::now()).map_err(Error::Validation)?;
    state.products.update(&next, expected).await?;
    Ok(axum::Json(next))
}

/// Set the stock level (admin).
#[utoipa::path(put, path = "/products/{id}/stock", tag = "catalog admin",
    params(("id" = Uuid, Path)),
    request_body = StockUpdate,
    security(("bearer" = [])),
    responses((status = 200, body = Product), (status = 404, body = kit::Problem), (status = 409, body = kit::Problem), (status = 422, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id, admin = %admin.0.id))]
pub async fn set_stock(
    state: State<CatalogState>,
    admin: RequireAdmin,
    Path(id): Path<Uuid>,
    Json(input): Json<StockUpdate>,
) -> Result<axum::Json<Product>> {
    let patch = ProductPatch {
        version: input.version,
        stock: Some(input.stock),
        ..Default::default()
    };
    update(state, admin, Path(id), Json(patch)).await
}

/// Deactivate a product (admin): it disappears from the shop and cannot be
/// reserved, but stays for order history. Repeating it changes nothing.
#[utoipa::path(delete, path = "/products/{id}", tag = "catalog admin",
    params(("id" = Uuid, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 404, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id, admin = %admin.0.id))]
pub async fn deactivate(
    State(state): State<CatalogState>,
    admin: RequireAdmin,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    // A concurrent reservation may bump the version between read and write; a
    // few retries make deactivation win without a lost update.
    for _ in 0..5 {
        let current = state
            .products
            .get(&id.to_string())
            .await?
            .ok_or(Error::ProductNotFound)?;
        if !current.active {
            return Ok(StatusCode::NO_CONTENT);
        }
        let patch = ProductPatch {
            version: current.version,
            active: Some(false),
            ..Default::default()
        };
        let next =
            ProductFactory::apply(&current, patch, Timestamp::now()).map_err(Error::Validation)?;
        match state.products.update(&next, current.version).await {
            Ok(()) => return Ok(StatusCode::NO_CONTENT),
            Err(crate::store::StoreError::VersionConflict { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::VersionConflict { expected: -1 })
}
