//! The product catalog: products, categories, search, and the stock reservations
//! that checkout relies on.
//!
//! [`public_router`] serves `/api/catalog/...` (browsing for everyone, writes for
//! admins); [`internal_router`] serves `/internal/...` for other services.

pub mod domain;
pub mod http;
pub mod service;
pub mod settings;
pub mod store;

use axum::extract::FromRef;
use domain::ProductFactory;
use kit::auth::JwtVerifier;
use service::CatalogService;
use std::sync::Arc;
use store::{ProductRepository, StoreError};
use utoipa_axum::router::OpenApiRouter;

/// What the catalog's handlers share.
#[derive(Clone)]
pub struct CatalogState {
    /// The use cases, over the product repository.
    pub service: CatalogService,
    /// Checks the tokens of admin requests.
    pub verifier: Arc<JwtVerifier>,
}

impl CatalogState {
    /// The catalog on `products`, trusting the tokens `verifier` accepts.
    pub fn new(products: Arc<dyn ProductRepository>, verifier: Arc<JwtVerifier>) -> Self {
        Self {
            service: CatalogService::new(products),
            verifier,
        }
    }
}

impl FromRef<CatalogState> for Arc<JwtVerifier> {
    fn from_ref(state: &CatalogState) -> Self {
        state.verifier.clone()
    }
}

/// The public and admin API, mounted at `/api/catalog`, with its OpenAPI paths.
pub fn public_router(state: CatalogState) -> OpenApiRouter {
    OpenApiRouter::new().nest("/api/catalog", http::public_routes(state))
}

/// The service-to-service API, mounted at `/internal`.
pub fn internal_router(state: CatalogState) -> OpenApiRouter {
    OpenApiRouter::new().nest("/internal", http::internal_routes(state))
}

/// Readiness check for the catalog's store.
pub struct StoreCheck(pub Arc<dyn ProductRepository>);

#[async_trait::async_trait]
impl kit::health::ReadinessCheck for StoreCheck {
    fn name(&self) -> &str {
        "catalog store"
    }

    async fn check(&self) -> anyhow::Result<()> {
        self.0.ping().await.map_err(|e| anyhow::anyhow!("{e}"))
    }
}

/// Loads the demo catalog. Products whose SKU exists already are skipped, so
/// seeding twice adds nothing. Returns how many were added.
pub async fn seed(products: &dyn ProductRepository) -> anyhow::Result<usize> {
    let mut added = 0;
    for input in domain::seed::demo_products() {
        let product = ProductFactory::create(input, kit::Timestamp::now())
            .map_err(|errors| anyhow::anyhow!("invalid demo product: {errors:?}"))?;
        match products.insert(&product).await {
            Ok(()) => added += 1,
            Err(StoreError::Duplicate { .. }) => {}
            Err(e) => return Err(anyhow::anyhow!(e).context("seed the catalog")),
        }
    }
    Ok(added)
}
