//! Internal endpoints that orders calls at checkout. Not routed by the gateway.

use super::error::{Error, Result};
use crate::CatalogState;
use crate::domain::{Reservation, ReservationRequest, ReserveOutcome};
use axum::extract::State;
use axum::http::StatusCode;
use kit::extract::{Json, Path};

/// Hold stock for every item, or for none. Repeating a request with the same
/// reservation id returns the first answer.
#[utoipa::path(post, path = "/reservations", tag = "internal",
    request_body = ReservationRequest,
    responses(
        (status = 200, description = "All items held", body = Reservation),
        (status = 409, description = "Out of stock (`items` names each short item), or the id was released or reused", body = kit::Problem),
        (status = 422, body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn reserve(
    State(state): State<CatalogState>,
    Json(request): Json<ReservationRequest>,
) -> Result<axum::Json<Reservation>> {
    let request = request.validate().map_err(Error::Validation)?;
    match state.products.reserve(&request).await? {
        ReserveOutcome::Reserved(reservation) => Ok(axum::Json(reservation)),
        ReserveOutcome::OutOfStock(shortages) => Err(Error::OutOfStock(shortages)),
        ReserveOutcome::Released => Err(Error::ReservationReleased),
        ReserveOutcome::Mismatch => Err(Error::ReservationMismatch),
    }
}

/// Give back what a reservation holds. Repeating it, or releasing an id never
/// reserved, is harmless; a released id can never hold stock afterwards.
#[utoipa::path(delete, path = "/reservations/{id}", tag = "internal",
    params(("id" = String, Path)),
    responses((status = 204), (status = 400, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn release(
    State(state): State<CatalogState>,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    if id.is_empty()
        || id.len() > 100
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(Error::InvalidParameters(vec![kit::FieldError::new(
            "id",
            "must be 1 to 100 letters, digits, `-` or `_`",
        )]));
    }
    state.products.release(&id).await?;
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
    pub products: Vec<crate::domain::Product>,
}

/// Current facts (price, stock, active) for several products at once, as
/// checkout and carts need them.
#[utoipa::path(get, path = "/products", tag = "internal",
    params(LookupParams),
    responses((status = 200, body = ProductLookup), (status = 400, body = kit::Problem)))]
#[tracing::instrument(skip_all)]
pub async fn lookup(
    State(state): State<CatalogState>,
    kit::extract::Query(params): kit::extract::Query<LookupParams>,
) -> Result<axum::Json<ProductLookup>> {
    let ids: Vec<&str> = params.ids.split(',').filter(|s| !s.is_empty()).collect();
    if ids.len() > crate::domain::reservation::MAX_ITEMS
        || ids.iter().any(|id| uuid::Uuid::parse_str(id).is_err())
    {
        return Err(Error::InvalidParameters(vec![kit::FieldError::new(
            "ids",
            "must be up to 100 comma-separated product ids (UUIDs)",
        )]));
    }
    let found = futures::future::try_join_all(ids.iter().map(|id| state.products.get(id))).await?;
    Ok(axum::Json(ProductLookup {
        products: found.into_iter().flatten().collect(),
    }))
}
