//! Holding stock for checkout and giving it back: all or nothing, idempotent
//! by reservation id.

use super::{CatalogService, Result, ServiceError};
use crate::domain::{Reservation, ReservationId, ReservationRequest, ReserveOutcome};
use kit::FieldError;

impl CatalogService {
    /// Holds stock for every item of `request`, or for none. Repeating a request
    /// with the same reservation id returns the first answer.
    #[tracing::instrument(name = "reserve stock", skip_all, fields(reservation.id = %request.reservation_id))]
    pub async fn reserve(&self, request: ReservationRequest) -> Result<Reservation> {
        let request = request.validate().map_err(ServiceError::Validation)?;
        let outcome = self.products.reserve(&request).await?;
        // Every refusal is a conflict with the stock or with an earlier
        // request of the same id (`feira_reservations_total`).
        let label = match &outcome {
            ReserveOutcome::Reserved(_) => "reserved",
            ReserveOutcome::OutOfStock(_) => "out_of_stock",
            ReserveOutcome::Released => "released",
            ReserveOutcome::Mismatch => "mismatch",
        };
        metrics::counter!("feira_reservations_total", "outcome" => label).increment(1);
        match outcome {
            ReserveOutcome::Reserved(reservation) => Ok(reservation),
            ReserveOutcome::OutOfStock(shortages) => Err(ServiceError::OutOfStock(shortages)),
            ReserveOutcome::Released => Err(ServiceError::ReservationReleased),
            ReserveOutcome::Mismatch => Err(ServiceError::ReservationMismatch),
        }
    }

    /// Gives back what reservation `id` holds. Repeating it, or releasing an id
    /// never reserved, is harmless; a released id can never hold stock afterwards.
    pub async fn release(&self, id: &str) -> Result<()> {
        let id = ReservationId::parse(id).ok_or_else(|| {
            ServiceError::InvalidParameters(vec![FieldError::new("id", ReservationId::RULE)])
        })?;
        self.products.release(id.as_str()).await?;
        Ok(())
    }
}
