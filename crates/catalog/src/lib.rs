//! The product catalog: products, categories, search, and the stock reservations
//! that checkout relies on.
//!
//! [`start`] is the one entry point: its public routes serve
//! `/api/catalog/...` (browsing for everyone, writes for admins), its internal
//! routes `/internal/...` for other services.

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
#[derive(Clone, FromRef)]
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

/// The public and admin API, mounted at `/api/catalog`, with its OpenAPI paths.
pub fn public_router(state: CatalogState) -> OpenApiRouter {
    OpenApiRouter::new().nest("/api/catalog", http::public_routes(state))
}

/// The service-to-service API, mounted at `/internal`.
pub fn internal_router(state: CatalogState) -> OpenApiRouter {
    OpenApiRouter::new().nest("/internal", http::internal_routes(state))
}

/// The one entry point: opens the store (SQLite embedded, cached since this
/// process is its only writer, and seeded with the demo catalog on first
/// start; else what the settings name). The handle is the repository, for the
/// in-process adapters of embedded mode.
pub async fn start(
    settings: &settings::CatalogSettings,
    deps: &kit::Deps,
) -> anyhow::Result<kit::Service<Arc<dyn ProductRepository>>> {
    let mut products = store::open(settings, deps).await?;
    if deps.mode == kit::Mode::Embedded {
        products = Arc::new(store::cached::CachedProductRepository::new(products));
        if products.count().await? == 0 {
            let added = seed(products.as_ref()).await?;
            tracing::info!(added, "loaded the demo catalog");
        }
    }
    let readiness = kit::health::Readiness::new().with(kit::health::check("catalog store", {
        let products = products.clone();
        move || {
            let products = products.clone();
            async move { products.ping().await.map_err(anyhow::Error::from) }
        }
    }));
    let state = CatalogState::new(products.clone(), deps.verifier.clone());
    Ok(
        kit::Service::new("catalog", public_router(state.clone()), products)
            .with_internal(internal_router(state))
            .with_readiness(readiness),
    )
}

/// Loads the demo catalog: its categories, then its products. Categories and
/// products that exist already (by slug, by SKU) are skipped, so seeding
/// twice adds nothing. Returns how many products were added.
#[tracing::instrument(name = "seed catalog", skip_all)]
pub async fn seed(products: &dyn ProductRepository) -> anyhow::Result<usize> {
    for input in domain::seed::demo_categories() {
        let category = domain::Category::create(input, kit::Timestamp::now())
            .map_err(|errors| anyhow::anyhow!("invalid demo category: {errors:?}"))?;
        match products.insert_category(&category).await {
            Ok(()) | Err(StoreError::Duplicate { .. }) => {}
            Err(e) => return Err(anyhow::anyhow!(e).context("seed the catalog's categories")),
        }
    }
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
