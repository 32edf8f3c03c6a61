//! A read-through cache in front of another store, for a process that is the
//! store's only writer (embedded mode).
//!
//! Shoppers read the same few list pages over and over while writes are rare, so
//! caching list pages and category counts takes the database off the hot path.
//! Every write through this decorator moves a generation counter; an entry is
//! served only when it was filled in the current generation, so a read never
//! sees data older than the last write it could have observed.

use super::{CategoryDelete, CategoryRepository, ProductRepository, StoreResult};
use crate::domain::{Category, Product, ProductQuery, ReservationRequest, ReserveOutcome};
use async_trait::async_trait;
use kit::pagination::Page;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Most distinct list queries kept; past that the cache starts over.
const MAX_ENTRIES: usize = 1024;

/// A cached value and the generation it was read in.
type Entry<T> = (u64, Arc<T>);

/// Categories with their product counts, as the inner store lists them.
type CategoryCounts = Vec<(Category, u64)>;

/// Caches `list` and `list_categories` of the inner store.
pub struct CachedProductRepository {
    inner: Arc<dyn ProductRepository>,
    generation: AtomicU64,
    lists: Mutex<HashMap<ProductQuery, Entry<Page<Product>>>>,
    categories: Mutex<Option<Entry<CategoryCounts>>>,
}

impl CachedProductRepository {
    /// Wraps `inner`.
    pub fn new(inner: Arc<dyn ProductRepository>) -> Self {
        Self {
            inner,
            generation: AtomicU64::new(0),
            lists: Mutex::new(HashMap::new()),
            categories: Mutex::new(None),
        }
    }

    fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut lists) = self.lists.lock() {
            lists.clear();
        }
    }
}

#[async_trait]
impl CategoryRepository for CachedProductRepository {
    async fn insert_category(&self, category: &Category) -> StoreResult<()> {
        let result = self.inner.insert_category(category).await;
        self.invalidate();
        result
    }

    async fn get_category(&self, slug: &str) -> StoreResult<Option<Category>> {
        self.inner.get_category(slug).await
    }

    async fn list_categories(&self) -> StoreResult<Vec<(Category, u64)>> {
        let generation = self.generation.load(Ordering::SeqCst);
        let hit = self.categories.lock().ok().and_then(|c| {
            c.as_ref()
                .filter(|(g, _)| *g == generation)
                .map(|(_, v)| v.clone())
        });
        if let Some(categories) = hit {
            return Ok(Vec::clone(&categories));
        }
        let categories = self.inner.list_categories().await?;
        if let Ok(mut slot) = self.categories.lock() {
            *slot = Some((generation, Arc::new(categories.clone())));
        }
        Ok(categories)
    }

    async fn update_category(&self, category: &Category) -> StoreResult<()> {
        let result = self.inner.update_category(category).await;
        self.invalidate();
        result
    }

    async fn delete_category(&self, slug: &str) -> StoreResult<CategoryDelete> {
        let result = self.inner.delete_category(slug).await;
        self.invalidate();
        result
    }
}

#[async_trait]
impl ProductRepository for CachedProductRepository {
    async fn insert(&self, product: &Product) -> StoreResult<()> {
        let result = self.inner.insert(product).await;
        self.invalidate();
        result
    }

    async fn get(&self, id: &str) -> StoreResult<Option<Product>> {
        self.inner.get(id).await
    }

    async fn get_by_slug(&self, slug: &str) -> StoreResult<Option<Product>> {
        self.inner.get_by_slug(slug).await
    }

    async fn list(&self, query: &ProductQuery) -> StoreResult<Page<Product>> {
        let generation = self.generation.load(Ordering::SeqCst);
        let hit = self.lists.lock().ok().and_then(|lists| {
            lists
                .get(query)
                .filter(|(g, _)| *g == generation)
                .map(|(_, p)| p.clone())
        });
        if let Some(page) = hit {
            return Ok(Page::clone(&page));
        }
        let page = self.inner.list(query).await?;
        if let Ok(mut lists) = self.lists.lock() {
            if lists.len() >= MAX_ENTRIES {
                lists.clear();
            }
            lists.insert(query.clone(), (generation, Arc::new(page.clone())));
        }
        Ok(page)
    }

    async fn search_texts(&self) -> StoreResult<Vec<String>> {
        self.inner.search_texts().await
    }

    async fn update(&self, product: &Product, expected_version: i64) -> StoreResult<()> {
        let result = self.inner.update(product, expected_version).await;
        self.invalidate();
        result
    }

    async fn reserve(&self, request: &ReservationRequest) -> StoreResult<ReserveOutcome> {
        let result = self.inner.reserve(request).await;
        self.invalidate();
        result
    }

    async fn release(&self, reservation_id: &str) -> StoreResult<()> {
        let result = self.inner.release(reservation_id).await;
        self.invalidate();
        result
    }

    async fn count(&self) -> StoreResult<u64> {
        self.inner.count().await
    }

    async fn ping(&self) -> StoreResult<()> {
        self.inner.ping().await
    }
}
