//! Where products live: the repository trait and one module per backend.

pub mod cached;
pub mod mongo;
pub mod sqlite;

use crate::domain::{Product, ProductQuery, ReservationRequest, ReserveOutcome};
use async_trait::async_trait;
use kit::pagination::Page;
use serde::Serialize;
use utoipa::ToSchema;

/// What a store can refuse.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique field (`sku`, `slug`) already belongs to another product.
    #[error("{field} is already used by another product")]
    Duplicate { field: &'static str },
    /// The product changed since the version the caller read.
    #[error("the product changed since version {expected}")]
    VersionConflict { expected: i64 },
    /// No product with that id.
    #[error("no such product")]
    NotFound,
    /// The backend failed.
    #[error(transparent)]
    Backend(#[from] anyhow::Error),
}

/// Result of store operations.
pub type StoreResult<T> = Result<T, StoreError>;

/// Why a guarded update of product `id` matched nothing: it changed since
/// `expected` or it does not exist.
pub(crate) async fn missed_update(
    repo: &dyn ProductRepository,
    id: &str,
    expected: i64,
) -> StoreError {
    match repo.get(id).await {
        Ok(Some(_)) => StoreError::VersionConflict { expected },
        Ok(None) => StoreError::NotFound,
        Err(e) => e,
    }
}

/// A category and how many active products it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
pub struct CategoryCount {
    pub category: String,
    pub count: u64,
}

/// Products and stock reservations. Every backend passes the same contract suite
/// (`tests/contract.rs`).
#[async_trait]
pub trait ProductRepository: Send + Sync {
    /// Stores a new product; `Duplicate` if its sku or slug is taken.
    async fn insert(&self, product: &Product) -> StoreResult<()>;

    /// The product with `id`, active or not.
    async fn get(&self, id: &str) -> StoreResult<Option<Product>>;

    /// The product with `slug`, active or not.
    async fn get_by_slug(&self, slug: &str) -> StoreResult<Option<Product>>;

    /// One page of products matching `query`, with the total count.
    async fn list(&self, query: &ProductQuery) -> StoreResult<Page<Product>>;

    /// Active products per category, by category name.
    async fn categories(&self) -> StoreResult<Vec<CategoryCount>>;

    /// Replaces the product whose id is `product.id` if its stored version is still
    /// `expected_version`; otherwise `VersionConflict` (or `NotFound`), changing
    /// nothing.
    async fn update(&self, product: &Product, expected_version: i64) -> StoreResult<()>;

    /// Holds stock for every item or for none; idempotent by reservation id.
    async fn reserve(&self, request: &ReservationRequest) -> StoreResult<ReserveOutcome>;

    /// Gives back what a reservation holds; idempotent. An unknown id is recorded
    /// as released so a late reserve with it cannot hold stock.
    async fn release(&self, reservation_id: &str) -> StoreResult<()>;

    /// How many products there are, active or not.
    async fn count(&self) -> StoreResult<u64>;

    /// Ok when the backend answers.
    async fn ping(&self) -> StoreResult<()>;
}

/// Opens the store `settings` name (`feira up` always uses SQLite under
/// `data_dir`).
pub async fn open(
    settings: &crate::settings::CatalogSettings,
    deps: &kit::Deps,
) -> anyhow::Result<std::sync::Arc<dyn ProductRepository>> {
    deps.open_documents(
        "catalog",
        settings.store,
        &settings.mongodb,
        |url, db| async move {
            let repo = mongo::MongoProductRepository::connect(&url, &db).await?;
            Ok(std::sync::Arc::new(repo) as std::sync::Arc<dyn ProductRepository>)
        },
        |path| async move {
            let repo = sqlite::SqliteProductRepository::open(&path).await?;
            Ok(std::sync::Arc::new(repo) as std::sync::Arc<dyn ProductRepository>)
        },
    )
    .await
}
