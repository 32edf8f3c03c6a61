//! The catalog, as orders needs it: current product facts, stock reservations
//! and their release.

use super::ClientError;
use async_trait::async_trait;
use catalog::domain::{ReservationItem, ReservationRequest, ReserveOutcome, Shortage};
use catalog::store::ProductRepository;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;

/// What orders reads about a product: the catalog's current price and stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductFacts {
    pub id: String,
    pub sku: String,
    pub name: String,
    pub slug: String,
    /// Minor units.
    pub price: i64,
    pub currency: String,
    pub stock: i64,
    pub active: bool,
    /// First image URL, if any.
    pub image: Option<String>,
}

impl From<catalog::domain::Product> for ProductFacts {
    fn from(p: catalog::domain::Product) -> Self {
        Self {
            image: p.images.first().cloned(),
            id: p.id,
            sku: p.sku,
            name: p.name,
            slug: p.slug,
            price: p.price.amount,
            currency: p.price.currency,
            stock: p.stock,
            active: p.active,
        }
    }
}

/// The answer to a reservation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reserved {
    /// Every item is held.
    Held,
    /// Nothing is held; these were short.
    OutOfStock(Vec<Shortage>),
}

/// The catalog service.
#[async_trait]
pub trait CatalogClient: Send + Sync {
    /// Facts for each id the catalog knows (unknown ids are left out).
    async fn products(&self, ids: &[String]) -> Result<Vec<ProductFacts>, ClientError>;
    /// Holds stock for all `items` or none; idempotent by `reservation_id`.
    async fn reserve(
        &self,
        reservation_id: &str,
        items: &[(String, i64)],
    ) -> Result<Reserved, ClientError>;
    /// Gives back what the reservation holds; idempotent.
    async fn release(&self, reservation_id: &str) -> Result<(), ClientError>;
}

fn request(reservation_id: &str, items: &[(String, i64)]) -> ReservationRequest {
    ReservationRequest {
        reservation_id: reservation_id.to_owned(),
        items: items
            .iter()
            .map(|(product_id, quantity)| ReservationItem {
                product_id: product_id.clone(),
                quantity: *quantity,
            })
            .collect(),
    }
}

/// The catalog in this process (`feira up`): calls its repository directly.
pub struct InProcessCatalog {
    products: Arc<dyn ProductRepository>,
}

impl InProcessCatalog {
    /// A client over the catalog's own repository.
    pub fn new(products: Arc<dyn ProductRepository>) -> Self {
        Self { products }
    }
}

fn unavailable(e: impl std::fmt::Display) -> ClientError {
    ClientError::Unavailable {
        service: "catalog",
        detail: e.to_string(),
    }
}

fn refused(detail: impl Into<String>) -> ClientError {
    ClientError::Refused {
        service: "catalog",
        detail: detail.into(),
    }
}

#[async_trait]
impl CatalogClient for InProcessCatalog {
    async fn products(&self, ids: &[String]) -> Result<Vec<ProductFacts>, ClientError> {
        let found = futures::future::try_join_all(ids.iter().map(|id| self.products.get(id)))
            .await
            .map_err(unavailable)?;
        Ok(found
            .into_iter()
            .flatten()
            .map(ProductFacts::from)
            .collect())
    }

    async fn reserve(
        &self,
        reservation_id: &str,
        items: &[(String, i64)],
    ) -> Result<Reserved, ClientError> {
        let request = request(reservation_id, items)
            .validate()
            .map_err(|errors| refused(format!("{errors:?}")))?;
        match self.products.reserve(&request).await.map_err(unavailable)? {
            ReserveOutcome::Reserved(_) => Ok(Reserved::Held),
            ReserveOutcome::OutOfStock(shortages) => Ok(Reserved::OutOfStock(shortages)),
            ReserveOutcome::Released => Err(refused("the reservation was released already")),
            ReserveOutcome::Mismatch => Err(refused("the reservation id holds other items")),
        }
    }

    async fn release(&self, reservation_id: &str) -> Result<(), ClientError> {
        self.products
            .release(reservation_id)
            .await
            .map_err(unavailable)
    }
}

/// The catalog over HTTP (distributed mode): its `/internal` API.
///
/// Every call here is idempotent (reads, reservations by id, releases), so
/// each is retried on timeouts, connection errors and 5xx, with backoff.
pub struct HttpCatalog {
    base: String,
    http: reqwest::Client,
    attempts: u32,
}

impl HttpCatalog {
    /// A client for the catalog at `base_url` (such as `http://catalog:8081`),
    /// giving each attempt `timeout`.
    pub fn new(base_url: &str, timeout: Duration) -> Self {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(2)))
            .build()
            .unwrap_or_default();
        Self {
            base: base_url.trim_end_matches('/').to_owned(),
            http,
            attempts: 3,
        }
    }

    /// Sends what `build` makes, retrying transport errors and 5xx answers.
    async fn send(
        &self,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, ClientError> {
        let mut delay = Duration::from_millis(50);
        let mut last = String::new();
        for attempt in 1..=self.attempts {
            match build(&self.http).send().await {
                Ok(response) if !response.status().is_server_error() => return Ok(response),
                Ok(response) => last = format!("answered {}", response.status()),
                Err(e) => last = e.to_string(),
            }
            if attempt < self.attempts {
                tokio::time::sleep(delay).await;
                delay *= 4;
            }
        }
        Err(unavailable(last))
    }
}

/// Readiness: the catalog answers `GET /health` (checkout needs it).
pub struct CatalogCheck(pub Arc<HttpCatalog>);

#[async_trait]
impl kit::health::ReadinessCheck for CatalogCheck {
    fn name(&self) -> &str {
        "catalog"
    }

    async fn check(&self) -> anyhow::Result<()> {
        let response = self
            .0
            .http
            .get(format!("{}/health", self.0.base))
            .send()
            .await?;
        anyhow::ensure!(
            response.status().is_success(),
            "catalog /health answered {}",
            response.status()
        );
        Ok(())
    }
}

#[derive(Deserialize)]
struct ProductList {
    products: Vec<catalog::domain::Product>,
}

#[async_trait]
impl CatalogClient for HttpCatalog {
    async fn products(&self, ids: &[String]) -> Result<Vec<ProductFacts>, ClientError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let url = format!("{}/internal/products", self.base);
        let joined = ids.join(",");
        let response = self
            .send(|http| http.get(&url).query(&[("ids", &joined)]))
            .await?;
        if !response.status().is_success() {
            return Err(refused(format!("lookup answered {}", response.status())));
        }
        let list: ProductList = response.json().await.map_err(unavailable)?;
        Ok(list.products.into_iter().map(ProductFacts::from).collect())
    }

    async fn reserve(
        &self,
        reservation_id: &str,
        items: &[(String, i64)],
    ) -> Result<Reserved, ClientError> {
        let url = format!("{}/internal/reservations", self.base);
        let body = serde_json::json!({
            "reservation_id": reservation_id,
            "items": items.iter().map(|(id, q)| serde_json::json!({"product_id": id, "quantity": q})).collect::<Vec<_>>(),
        });
        let response = self.send(|http| http.post(&url).json(&body)).await?;
        match response.status().as_u16() {
            200 => Ok(Reserved::Held),
            409 => {
                let problem: serde_json::Value = response.json().await.map_err(unavailable)?;
                match problem.get("items") {
                    Some(items) => Ok(Reserved::OutOfStock(
                        serde_json::from_value(items.clone()).map_err(unavailable)?,
                    )),
                    None => Err(refused(problem["detail"].as_str().unwrap_or("conflict"))),
                }
            }
            status => Err(refused(format!("reservation answered {status}"))),
        }
    }

    async fn release(&self, reservation_id: &str) -> Result<(), ClientError> {
        let url = format!("{}/internal/reservations/{reservation_id}", self.base);
        let response = self.send(|http| http.delete(&url)).await?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(refused(format!("release answered {}", response.status())))
        }
    }
}
