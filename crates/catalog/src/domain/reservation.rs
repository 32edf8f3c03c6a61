//! Stock reservations for checkout: all-or-nothing, idempotent by reservation id.

use super::{ProductId, ReservationId};
use kit::{FieldError, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Most lines one reservation may hold.
pub const MAX_ITEMS: usize = 100;
/// Most units of one product one reservation may hold.
pub const MAX_QUANTITY: i64 = 1000;

/// One line of a reservation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReservationItem {
    pub product_id: String,
    pub quantity: i64,
}

impl ReservationItem {
    /// What is missing when only `available` units can be had, if anything.
    pub fn shortage(&self, available: i64) -> Option<Shortage> {
        (available < self.quantity).then(|| Shortage {
            product_id: self.product_id.clone(),
            requested: self.quantity,
            available,
        })
    }
}

/// `POST /internal/reservations`: hold stock for an order. The id is the caller's
/// idempotency key (orders use the order id).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReservationRequest {
    pub reservation_id: String,
    pub items: Vec<ReservationItem>,
}

impl ReservationRequest {
    /// Checks ids and quantities; items come back sorted by product id so two
    /// requests for the same goods compare equal.
    pub fn validate(mut self) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let id = ReservationId::parse(self.reservation_id.trim());
        if id.is_none() {
            errors.push(FieldError::new("reservation_id", ReservationId::RULE));
        }
        if self.items.is_empty() || self.items.len() > MAX_ITEMS {
            errors.push(FieldError::new(
                "items",
                format!("must hold 1 to {MAX_ITEMS} items"),
            ));
        }
        for (i, item) in self.items.iter().enumerate() {
            if ProductId::parse(&item.product_id).is_none() {
                errors.push(FieldError::new(
                    format!("items[{i}].product_id"),
                    "must be a product id (UUID)",
                ));
            }
            if !(1..=MAX_QUANTITY).contains(&item.quantity) {
                errors.push(FieldError::new(
                    format!("items[{i}].quantity"),
                    format!("must be between 1 and {MAX_QUANTITY}"),
                ));
            }
            if self.items[..i]
                .iter()
                .any(|o| o.product_id == item.product_id)
            {
                errors.push(FieldError::new(
                    format!("items[{i}].product_id"),
                    "appears more than once; merge the quantities",
                ));
            }
        }
        let Some(id) = id.filter(|_| errors.is_empty()) else {
            return Err(errors);
        };
        self.reservation_id = id.into_string();
        self.items.sort_by(|a, b| a.product_id.cmp(&b.product_id));
        Ok(self)
    }
}

/// Where a reservation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReservationStatus {
    /// Stock is held.
    Reserved,
    /// Some item was short; nothing is held.
    Rejected,
    /// Stock was given back (or the id was released before it was ever used).
    Released,
}

/// A product that could not be reserved in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Shortage {
    pub product_id: String,
    pub requested: i64,
    /// Units available when the reservation was tried (0 for unknown or inactive
    /// products).
    pub available: i64,
}

/// The stored record of a reservation id: the first answer, replayed on retries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Reservation {
    pub id: String,
    pub status: ReservationStatus,
    pub items: Vec<ReservationItem>,
    #[serde(default)]
    pub shortages: Vec<Shortage>,
    pub created_at: Timestamp,
}

/// The answer to a reservation request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReserveOutcome {
    /// Every item is held.
    Reserved(Reservation),
    /// Nothing is held; these items were short.
    OutOfStock(Vec<Shortage>),
    /// The id was released already; it cannot hold stock again.
    Released,
    /// The id was used before for different items.
    Mismatch,
}

impl Reservation {
    /// The answer this record gives to a request with `items`.
    pub fn outcome_for(&self, items: &[ReservationItem]) -> ReserveOutcome {
        match self.status {
            ReservationStatus::Released => ReserveOutcome::Released,
            _ if self.items != items => ReserveOutcome::Mismatch,
            ReservationStatus::Reserved => ReserveOutcome::Reserved(self.clone()),
            ReservationStatus::Rejected => ReserveOutcome::OutOfStock(self.shortages.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, quantity: i64) -> ReservationItem {
        ReservationItem {
            product_id: id.into(),
            quantity,
        }
    }

    #[test]
    fn validate_names_bad_items_and_sorts_good_ones() {
        let a = "01900000-0000-7000-8000-00000000000a";
        let b = "01900000-0000-7000-8000-00000000000b";
        let ok = ReservationRequest {
            reservation_id: "order-1".into(),
            items: vec![item(b, 1), item(a, 2)],
        }
        .validate()
        .unwrap();
        assert_eq!(ok.items[0].product_id, a);

        let errors = ReservationRequest {
            reservation_id: "".into(),
            items: vec![item("nope", 0), item(a, 1), item(a, 1)],
        }
        .validate()
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "reservation_id",
                "items[0].product_id",
                "items[0].quantity",
                "items[2].product_id"
            ]
        );
    }
}
