//! The catalog, as orders needs it: current product facts, stock reservations
//! and their release.
//!
//! The HTTP adapter decodes the catalog's `/internal` answers into wire types
//! of its own, so the two services share a JSON contract rather than a Rust
//! type. The in-process adapter of `feira up` lives in the binary, the one
//! crate that knows both services.

use super::ClientError;
use crate::domain::checkout::Shortage;
use crate::domain::{ProductId, ReservationId};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;

/// What orders reads about a product: the catalog's current price and stock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductFacts {
    pub id: ProductId,
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

/// Units of one product to hold for an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReservationLine {
    pub product_id: ProductId,
    pub quantity: i64,
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
    /// A check for `/ready` when the catalog is another process; none in process.
    fn readiness(&self) -> Option<Arc<dyn kit::health::ReadinessCheck>> {
        None
    }
    /// Facts for each id the catalog knows (unknown ids are left out).
    async fn products(&self, ids: &[ProductId]) -> Result<Vec<ProductFacts>, ClientError>;
    /// Holds stock for all `lines` or none; idempotent by `reservation`.
    async fn reserve(
        &self,
        reservation: &ReservationId,
        lines: &[ReservationLine],
    ) -> Result<Reserved, ClientError>;
    /// Gives back what the reservation holds; idempotent.
    async fn release(&self, reservation: &ReservationId) -> Result<(), ClientError>;
}

const SERVICE: &str = "catalog";

/// The catalog over HTTP (distributed mode): its `/internal` API.
///
/// Every call here is idempotent (reads, reservations by id, releases), so
/// each is retried on timeouts, connection errors and 5xx, with backoff.
#[derive(Clone)]
pub struct HttpCatalog {
    base: String,
    http: reqwest::Client,
    attempts: u32,
    /// Orders' service credential; the catalog's internal routes need it.
    credentials: Option<Arc<kit::auth::ClientCredentials>>,
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
            credentials: None,
        }
    }

    /// Calls carry a service token from `credentials`.
    pub fn with_credentials(mut self, credentials: Arc<kit::auth::ClientCredentials>) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The `Authorization` value for the next call, if any.
    async fn authorization(&self) -> Result<Option<String>, ClientError> {
        let Some(credentials) = &self.credentials else {
            return Ok(None);
        };
        let token = credentials
            .token()
            .await
            .map_err(|e| ClientError::unavailable(SERVICE, format!("no service token: {e:#}")))?;
        Ok(Some(format!(
            "Bearer {}",
            secrecy::ExposeSecret::expose_secret(&token)
        )))
    }

    /// Sends what `build` makes, retrying transport errors and 5xx answers.
    async fn send(
        &self,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, ClientError> {
        let mut delay = Duration::from_millis(50);
        let mut last = String::new();
        for attempt in 1..=self.attempts {
            let mut request = build(&self.http);
            if let Some(value) = self.authorization().await? {
                request = request.header(reqwest::header::AUTHORIZATION, value);
            }
            match kit::telemetry::send(request).await {
                // A token refused (expired early, keys rotated): fetch a new
                // one and try again.
                Ok(response)
                    if response.status() == reqwest::StatusCode::UNAUTHORIZED
                        && self.credentials.is_some()
                        && attempt < self.attempts =>
                {
                    if let Some(credentials) = &self.credentials {
                        credentials.forget().await;
                    }
                    last = "answered 401".to_owned();
                }
                Ok(response) if !response.status().is_server_error() => return Ok(response),
                Ok(response) => last = format!("answered {}", response.status()),
                Err(e) => last = e.to_string(),
            }
            if attempt < self.attempts {
                tokio::time::sleep(delay).await;
                delay *= 4;
            }
        }
        Err(ClientError::unavailable(SERVICE, last))
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

/// `GET /internal/products` answers `{"products": [...]}`.
#[derive(Deserialize)]
struct ProductLookup {
    products: Vec<ProductWire>,
}

/// The fields of a catalog product that orders reads; the rest are ignored.
#[derive(Deserialize)]
struct ProductWire {
    id: String,
    sku: String,
    name: String,
    slug: String,
    price: MoneyWire,
    stock: i64,
    #[serde(default)]
    images: Vec<String>,
    active: bool,
}

#[derive(Deserialize)]
struct MoneyWire {
    amount: i64,
    currency: String,
}

impl TryFrom<ProductWire> for ProductFacts {
    type Error = ClientError;

    fn try_from(p: ProductWire) -> Result<Self, ClientError> {
        let id = ProductId::parse(&p.id).ok_or_else(|| {
            ClientError::refused(SERVICE, format!("product id {:?} is not a UUID", p.id))
        })?;
        Ok(Self {
            image: p.images.into_iter().next(),
            id,
            sku: p.sku,
            name: p.name,
            slug: p.slug,
            price: p.price.amount,
            currency: p.price.currency,
            stock: p.stock,
            active: p.active,
        })
    }
}

/// `POST /internal/reservations`.
#[derive(Serialize)]
struct ReservationBody<'a> {
    reservation_id: &'a str,
    items: Vec<ReservationItemWire<'a>>,
}

#[derive(Serialize)]
struct ReservationItemWire<'a> {
    product_id: &'a str,
    quantity: i64,
}

/// The catalog's 409 problem: `items` names each short product when stock is
/// short; a released or reused reservation id has only a `detail`.
#[derive(Deserialize)]
struct ConflictWire {
    #[serde(default)]
    items: Option<Vec<ShortageWire>>,
    #[serde(default)]
    detail: Option<String>,
}

#[derive(Deserialize)]
struct ShortageWire {
    product_id: String,
    requested: i64,
    available: i64,
}

impl From<ShortageWire> for Shortage {
    fn from(s: ShortageWire) -> Self {
        Self {
            product_id: s.product_id,
            requested: s.requested,
            available: s.available,
        }
    }
}

#[async_trait]
impl CatalogClient for HttpCatalog {
    fn readiness(&self) -> Option<Arc<dyn kit::health::ReadinessCheck>> {
        Some(Arc::new(CatalogCheck(Arc::new(self.clone()))))
    }

    async fn products(&self, ids: &[ProductId]) -> Result<Vec<ProductFacts>, ClientError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let url = format!("{}/internal/products", self.base);
        let joined = ids
            .iter()
            .map(ProductId::as_str)
            .collect::<Vec<_>>()
            .join(",");
        let response = self
            .send(|http| http.get(&url).query(&[("ids", &joined)]))
            .await?;
        if !response.status().is_success() {
            return Err(ClientError::refused(
                SERVICE,
                format!("lookup answered {}", response.status()),
            ));
        }
        let list: ProductLookup = response
            .json()
            .await
            .map_err(|e| ClientError::unavailable(SERVICE, e))?;
        list.products
            .into_iter()
            .map(ProductFacts::try_from)
            .collect()
    }

    async fn reserve(
        &self,
        reservation: &ReservationId,
        lines: &[ReservationLine],
    ) -> Result<Reserved, ClientError> {
        let url = format!("{}/internal/reservations", self.base);
        let body = ReservationBody {
            reservation_id: reservation.as_str(),
            items: lines
                .iter()
                .map(|line| ReservationItemWire {
                    product_id: line.product_id.as_str(),
                    quantity: line.quantity,
                })
                .collect(),
        };
        let response = self.send(|http| http.post(&url).json(&body)).await?;
        match response.status().as_u16() {
            200 => Ok(Reserved::Held),
            409 => {
                let conflict: ConflictWire = response
                    .json()
                    .await
                    .map_err(|e| ClientError::unavailable(SERVICE, e))?;
                match conflict.items {
                    Some(items) => Ok(Reserved::OutOfStock(
                        items.into_iter().map(Shortage::from).collect(),
                    )),
                    None => Err(ClientError::refused(
                        SERVICE,
                        conflict.detail.unwrap_or_else(|| "conflict".to_owned()),
                    )),
                }
            }
            status => Err(ClientError::refused(
                SERVICE,
                format!("reservation answered {status}"),
            )),
        }
    }

    async fn release(&self, reservation: &ReservationId) -> Result<(), ClientError> {
        let url = format!("{}/internal/reservations/{reservation}", self.base);
        let response = self.send(|http| http.delete(&url)).await?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(ClientError::refused(
                SERVICE,
                format!("release answered {}", response.status()),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalog_product_decodes_to_its_facts() {
        let body = serde_json::json!({"products": [{
            "id": "01900000-0000-7000-8000-00000000000a",
            "sku": "MUG-1", "name": "Mug", "slug": "mug", "description": "",
            "category": "home", "brand": "", "price": {"amount": 1250, "currency": "EUR"},
            "stock": 3, "images": ["/a.png", "/b.png"], "tags": [], "attributes": {},
            "active": true, "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z", "version": 1
        }]});
        let lookup: ProductLookup = serde_json::from_value(body).unwrap();
        let facts: Vec<ProductFacts> = lookup
            .products
            .into_iter()
            .map(|p| ProductFacts::try_from(p).unwrap())
            .collect();
        assert_eq!(
            (facts[0].price, facts[0].stock, facts[0].image.as_deref()),
            (1250, 3, Some("/a.png"))
        );
    }

    #[test]
    fn an_out_of_stock_problem_names_its_items() {
        let body = serde_json::json!({
            "type": "urn:feira:problem:out-of-stock", "status": 409,
            "items": [{"product_id": "p", "requested": 3, "available": 2}]
        });
        let conflict: ConflictWire = serde_json::from_value(body).unwrap();
        let items: Vec<Shortage> = conflict
            .items
            .unwrap()
            .into_iter()
            .map(Into::into)
            .collect();
        assert_eq!(
            items,
            [Shortage {
                product_id: "p".into(),
                requested: 3,
                available: 2
            }]
        );
    }
}
