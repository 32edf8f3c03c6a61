//! Where products live: the repository trait and one module per backend.

pub mod cached;
pub mod mongo;
pub mod sqlite;

use crate::domain::{Category, Product, ProductQuery, ReservationRequest, ReserveOutcome};
use async_trait::async_trait;
use kit::pagination::Page;

/// What a store can refuse.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique field (`sku`, `slug`) already belongs to another product.
    #[error("{field} is already used by another product")]
    Duplicate { field: &'static str },
    /// The product changed since the version the caller read.
    #[error("the product changed since version {expected}")]
    VersionConflict { expected: i64 },
    /// No product (or category) with that id.
    #[error("no such product or category")]
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

/// What deleting a category did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryDelete {
    /// It is gone.
    Deleted,
    /// There was no such category.
    NotFound,
    /// Products (active or not) still name it; nothing changed.
    NotEmpty { products: u64 },
}

/// The managed list of categories. Every backend passes the same contract
/// suite (`tests/contract.rs`); on opening, a store adds a category for each
/// one its products name that has no record (data from before categories
/// were managed), by [`Category::derived`].
#[async_trait]
pub trait CategoryRepository: Send + Sync {
    /// Stores a new category; `Duplicate { field: "slug" }` if the slug is taken.
    async fn insert_category(&self, category: &Category) -> StoreResult<()>;

    /// The category with `slug`.
    async fn get_category(&self, slug: &str) -> StoreResult<Option<Category>>;

    /// Every category, each with its number of active products, in no
    /// particular order.
    async fn list_categories(&self) -> StoreResult<Vec<(Category, u64)>>;

    /// Replaces the category with `category.slug`; `NotFound` if there is none.
    async fn update_category(&self, category: &Category) -> StoreResult<()>;

    /// Deletes the category with `slug` unless a product names it.
    async fn delete_category(&self, slug: &str) -> StoreResult<CategoryDelete>;
}

/// Products and stock reservations (and, as one store, the categories they
/// belong to). Every backend passes the same contract suite
/// (`tests/contract.rs`).
#[async_trait]
pub trait ProductRepository: CategoryRepository {
    /// Stores a new product; `Duplicate` if its sku or slug is taken.
    async fn insert(&self, product: &Product) -> StoreResult<()>;

    /// The product with `id`, active or not.
    async fn get(&self, id: &str) -> StoreResult<Option<Product>>;

    /// The product with `slug`, active or not.
    async fn get_by_slug(&self, slug: &str) -> StoreResult<Option<Product>>;

    /// One page of products matching `query`, with the total count.
    async fn list(&self, query: &ProductQuery) -> StoreResult<Page<Product>>;

    /// The searchable words' sources of every active product: its name,
    /// brand, category and tags, for the search's term dictionary.
    async fn search_texts(&self) -> StoreResult<Vec<String>>;

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
