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
