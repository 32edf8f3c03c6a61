//! A catalog in memory for orders' API tests: products with stock in a map,
//! reservations held all-or-nothing and idempotent by reservation id, as the
//! catalog's `/internal` API promises.

use async_trait::async_trait;
use orders::clients::ClientError;
use orders::clients::catalog::{CatalogClient, ProductFacts, ReservationLine, Reserved};
use orders::domain::checkout::Shortage;
use orders::domain::{ProductId, ReservationId};
use std::collections::HashMap;
use std::sync::Mutex;

/// What the catalog remembers about a reservation id: its first answer.
enum Reservation {
    Held(Vec<ReservationLine>),
    Rejected(Vec<ReservationLine>, Vec<Shortage>),
    Released,
}

#[derive(Default)]
struct Shelves {
    products: HashMap<ProductId, ProductFacts>,
    reservations: HashMap<String, Reservation>,
}

/// One lock over products and reservations, so concurrent reservations see
/// each other's stock the way the catalog's transactions do.
#[derive(Default)]
pub struct MemoryCatalog {
    shelves: Mutex<Shelves>,
}

impl MemoryCatalog {
    /// Puts a product on the shelves (or replaces it).
    pub fn add(&self, product: ProductFacts) {
        let mut shelves = self.shelves.lock().unwrap();
        shelves.products.insert(product.id.clone(), product);
    }

    /// The units left of a product.
    pub fn stock(&self, id: &str) -> i64 {
        self.shelves.lock().unwrap().products[&product_id(id)].stock
    }

    /// Changes a product, as an admin would in the catalog.
    pub fn update(&self, id: &str, change: impl FnOnce(&mut ProductFacts)) {
        let mut shelves = self.shelves.lock().unwrap();
        change(shelves.products.get_mut(&product_id(id)).unwrap());
    }
}

fn product_id(id: &str) -> ProductId {
    ProductId::parse(id).unwrap()
}

fn refused(detail: &str) -> ClientError {
    ClientError::refused("catalog", detail)
}

#[async_trait]
impl CatalogClient for MemoryCatalog {
    async fn products(&self, ids: &[ProductId]) -> Result<Vec<ProductFacts>, ClientError> {
        let shelves = self.shelves.lock().unwrap();
        Ok(ids
            .iter()
            .filter_map(|id| shelves.products.get(id).cloned())
            .collect())
    }

    async fn reserve(
        &self,
        reservation: &ReservationId,
        lines: &[ReservationLine],
    ) -> Result<Reserved, ClientError> {
        let mut lines = lines.to_vec();
        lines.sort_by(|a, b| a.product_id.cmp(&b.product_id));
        let mut shelves = self.shelves.lock().unwrap();
        if let Some(first) = shelves.reservations.get(reservation.as_str()) {
            return match first {
                Reservation::Released => Err(refused("the reservation was released already")),
                Reservation::Held(held) if *held == lines => Ok(Reserved::Held),
                Reservation::Rejected(asked, shortages) if *asked == lines => {
                    Ok(Reserved::OutOfStock(shortages.clone()))
                }
                _ => Err(refused("the reservation id holds other items")),
            };
        }
        let shortages: Vec<Shortage> = lines
            .iter()
            .filter_map(|line| {
                let available = shelves
                    .products
                    .get(&line.product_id)
                    .filter(|p| p.active)
                    .map_or(0, |p| p.stock);
                (available < line.quantity).then(|| Shortage {
                    product_id: line.product_id.to_string(),
                    requested: line.quantity,
                    available,
                })
            })
            .collect();
        if !shortages.is_empty() {
            shelves.reservations.insert(
                reservation.as_str().to_owned(),
                Reservation::Rejected(lines, shortages.clone()),
            );
            return Ok(Reserved::OutOfStock(shortages));
        }
        for line in &lines {
            if let Some(product) = shelves.products.get_mut(&line.product_id) {
                product.stock -= line.quantity;
            }
        }
        shelves
            .reservations
            .insert(reservation.as_str().to_owned(), Reservation::Held(lines));
        Ok(Reserved::Held)
    }

    async fn release(&self, reservation: &ReservationId) -> Result<(), ClientError> {
        let mut shelves = self.shelves.lock().unwrap();
        match shelves.reservations.get(reservation.as_str()) {
            // A rejected or released reservation holds nothing to give back.
            Some(Reservation::Rejected(..) | Reservation::Released) => return Ok(()),
            Some(Reservation::Held(lines)) => {
                for line in lines.clone() {
                    if let Some(product) = shelves.products.get_mut(&line.product_id) {
                        product.stock += line.quantity;
                    }
                }
            }
            // An id released before it was reserved can never hold stock.
            None => {}
        }
        shelves
            .reservations
            .insert(reservation.as_str().to_owned(), Reservation::Released);
        Ok(())
    }
}
