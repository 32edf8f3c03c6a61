//! Orders' catalog client in this process (`feira up`): it calls the
//! catalog's repository directly and maps the catalog's domain types into the
//! client types orders declares, as the catalog's `/internal` API would.

use async_trait::async_trait;
use catalog::domain::{Product, ReservationItem, ReservationRequest, ReserveOutcome};
use catalog::store::ProductRepository;
use orders::clients::ClientError;
use orders::clients::catalog::{CatalogClient, ProductFacts, ReservationLine, Reserved};
use orders::domain::checkout::Shortage;
use orders::domain::{ProductId, ReservationId};
use std::sync::Arc;

const SERVICE: &str = "catalog";

/// The catalog in this process: its own repository behind orders' client trait.
pub struct InProcessCatalog {
    products: Arc<dyn ProductRepository>,
}

impl InProcessCatalog {
    /// A client over the catalog's own repository.
    pub fn new(products: Arc<dyn ProductRepository>) -> Self {
        Self { products }
    }
}

fn facts(product: Product) -> Result<ProductFacts, ClientError> {
    let id = ProductId::parse(&product.id).ok_or_else(|| {
        ClientError::refused(
            SERVICE,
            format!("product id {:?} is not a UUID", product.id),
        )
    })?;
    Ok(ProductFacts {
        image: product.images.into_iter().next(),
        id,
        sku: product.sku,
        name: product.name,
        slug: product.slug,
        price: product.price.amount,
        currency: product.price.currency,
        stock: product.stock,
        active: product.active,
    })
}

fn shortage(short: catalog::domain::Shortage) -> Shortage {
    Shortage {
        product_id: short.product_id,
        requested: short.requested,
        available: short.available,
    }
}

#[async_trait]
impl CatalogClient for InProcessCatalog {
    async fn products(&self, ids: &[ProductId]) -> Result<Vec<ProductFacts>, ClientError> {
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            let product = self
                .products
                .get(id.as_str())
                .await
                .map_err(|e| ClientError::unavailable(SERVICE, e))?;
            if let Some(product) = product {
                found.push(facts(product)?);
            }
        }
        Ok(found)
    }

    #[tracing::instrument(name = "reserve stock", skip_all, fields(feira.component = "catalog", reservation.id = %reservation.as_str()))]
    async fn reserve(
        &self,
        reservation: &ReservationId,
        lines: &[ReservationLine],
    ) -> Result<Reserved, ClientError> {
        let request = ReservationRequest {
            reservation_id: reservation.as_str().to_owned(),
            items: lines
                .iter()
                .map(|line| ReservationItem {
                    product_id: line.product_id.to_string(),
                    quantity: line.quantity,
                })
                .collect(),
        }
        .validate()
        .map_err(|errors| ClientError::refused(SERVICE, format!("{errors:?}")))?;
        let outcome = self
            .products
            .reserve(&request)
            .await
            .map_err(|e| ClientError::unavailable(SERVICE, e))?;
        match outcome {
            ReserveOutcome::Reserved(_) => Ok(Reserved::Held),
            ReserveOutcome::OutOfStock(shortages) => Ok(Reserved::OutOfStock(
                shortages.into_iter().map(shortage).collect(),
            )),
            ReserveOutcome::Released => Err(ClientError::refused(
                SERVICE,
                "the reservation was released already",
            )),
            ReserveOutcome::Mismatch => Err(ClientError::refused(
                SERVICE,
                "the reservation id holds other items",
            )),
        }
    }

    async fn release(&self, reservation: &ReservationId) -> Result<(), ClientError> {
        self.products
            .release(reservation.as_str())
            .await
            .map_err(|e| ClientError::unavailable(SERVICE, e))
    }
}
