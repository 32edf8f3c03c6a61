//! Internal endpoints that orders calls at checkout. Not routed by the
//! gateway, and each needs a service token for the catalog with its scope.

use super::error::Result;
use crate::CatalogState;
use crate::domain::{Product, Reservation, ReservationRequest};
use axum::extract::State;
use axum::http::StatusCode;
use kit::auth::{Grant, RequireService};
use kit::extract::{Json, Path, Query};

/// Holding and releasing stock: `catalog:reservations`.
#[derive(Debug, Clone, Copy)]
pub struct Reservations;

impl Grant for Reservations {
    const AUDIENCE: &'static str = "catalog";
    const SCOPE: &'static str = "catalog:reservations";
}

/// Reading several products' current facts: `catalog:products`.
#[derive(Debug, Clone, Copy)]
pub struct Products;

impl Grant for Products {
    const AUDIENCE: &'static str = "catalog";
    const SCOPE: &'static str = "catalog:products";
}

/// Hold stock for every item, or for none. Repeating a request with the same
/// reservation id returns the first answer.
#[utoipa::path(post, path = "/reservations", tag = "internal", security(("bearer" = ["catalog:reservations"])),
    request_body = ReservationRequest,
    responses(
        (status = 200, description = "All items held", body = Reservation),
        (status = 409, description = "Out of stock (`items` names each short item), or the id was released or reused", body = kit::Problem),
        (status = 422, body = kit::Problem),
        (status = 401, description = "No service token, or a broken one", body = kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "A user's token, or a service token for another audience or scope", body = kit::Problem, content_type = "application/problem+json"),
    ))]
#[tracing::instrument(skip_all)]
pub async fn reserve(
    _caller: RequireService<Reservations>,
    State(state): State<CatalogState>,
    Json(request): Json<ReservationRequest>,
) -> Result<axum::Json<Reservation>> {
    Ok(axum::Json(state.service.reserve(request).await?))
}

/// Give back what a reservation holds. Repeating it, or releasing an id never
/// reserved, is harmless; a released id can never hold stock afterwards.
#[utoipa::path(delete, path = "/reservations/{id}", tag = "internal", security(("bearer" = ["catalog:reservations"])),
    params(("id" = String, Path)),
    responses((status = 204), (status = 400, body = kit::Problem),
        (status = 401, description = "No service token, or a broken one", body = kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "A user's token, or a service token for another audience or scope", body = kit::Problem, content_type = "application/problem+json"),
    ))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn release(
    _caller: RequireService<Reservations>,
    State(state): State<CatalogState>,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    state.service.release(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /internal/products?ids=a,b`: parameters.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LookupParams {
    /// Comma-separated product ids, at most 100.
    pub ids: String,
}

/// The products a lookup found.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ProductLookup {
    /// Found products, active or not, in the order asked; unknown ids are left out.
    pub products: Vec<Product>,
}

/// Current facts (price, stock, active) for several products at once, as
/// checkout and carts need them.
#[utoipa::path(get, path = "/products", tag = "internal", security(("bearer" = ["catalog:products"])),
    params(LookupParams),
    responses((status = 200, body = ProductLookup), (status = 400, body = kit::Problem),
        (status = 401, description = "No service token, or a broken one", body = kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "A user's token, or a service token for another audience or scope", body = kit::Problem, content_type = "application/problem+json"),
    ))]
#[tracing::instrument(skip_all)]
pub async fn lookup(
    _caller: RequireService<Products>,
    State(state): State<CatalogState>,
    Query(params): Query<LookupParams>,
) -> Result<axum::Json<ProductLookup>> {
    Ok(axum::Json(ProductLookup {
        products: state.service.lookup(&params.ids).await?,
    }))
}
