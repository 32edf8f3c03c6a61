//! Browsing the catalog (for everyone) and managing products (for admins).

use super::{CatalogService, Result, ServiceError, Viewer};
use crate::domain::query::ProductListParams;
use crate::domain::reservation::MAX_ITEMS;
use crate::domain::{
    Product, ProductCreate, ProductFactory, ProductId, ProductPatch, ProductQuery, StockUpdate,
};
use crate::store::{CategoryCount, StoreError};
use kit::pagination::Page;
use kit::{FieldError, Timestamp};

/// Most products one lookup may name.
pub const MAX_LOOKUP: usize = MAX_ITEMS;

impl CatalogService {
    /// One page of the products matching `params`; deactivated ones only for
    /// admins who ask.
    pub async fn list(&self, params: ProductListParams, viewer: Viewer) -> Result<Page<Product>> {
        let query = ProductQuery::parse(params).map_err(ServiceError::InvalidParameters)?;
        if query.include_inactive && viewer != Viewer::Admin {
            return Err(ServiceError::InactiveForAdminsOnly);
        }
        Ok(self.products.list(&query).await?)
    }

    /// The product with `id`, if `viewer` may see it.
    pub async fn get(&self, id: &ProductId, viewer: Viewer) -> Result<Product> {
        let product = self.products.get(id.as_str()).await?;
        product
            .filter(|p| viewer.sees(p))
            .ok_or(ServiceError::ProductNotFound)
    }

    /// The product with `slug`, if `viewer` may see it.
    pub async fn get_by_slug(&self, slug: &str, viewer: Viewer) -> Result<Product> {
        let product = self.products.get_by_slug(slug).await?;
        product
            .filter(|p| viewer.sees(p))
            .ok_or(ServiceError::ProductNotFound)
    }

    /// Categories with their number of active products.
    pub async fn categories(&self) -> Result<Vec<CategoryCount>> {
        Ok(self.products.categories().await?)
    }

    /// Current facts for the products named in `ids` (comma-separated, at most
    /// [`MAX_LOOKUP`]), active or not, in the order asked; unknown ids are left out.
    pub async fn lookup(&self, ids: &str) -> Result<Vec<Product>> {
        let ids: Option<Vec<ProductId>> = ids
            .split(',')
            .filter(|s| !s.is_empty())
            .map(ProductId::parse)
            .collect();
        let ids = ids.filter(|ids| ids.len() <= MAX_LOOKUP).ok_or_else(|| {
            ServiceError::InvalidParameters(vec![FieldError::new(
                "ids",
                "must be up to 100 comma-separated product ids (UUIDs)",
            )])
        })?;
        let found =
            futures::future::try_join_all(ids.iter().map(|id| self.products.get(id.as_str())))
                .await?;
        Ok(found.into_iter().flatten().collect())
    }

    /// A new product made from `input` by the factory.
    pub async fn create(&self, input: ProductCreate) -> Result<Product> {
        let product =
            ProductFactory::create(input, Timestamp::now()).map_err(ServiceError::Validation)?;
        self.products.insert(&product).await?;
        tracing::info!(id = %product.id, sku = %product.sku, "product created");
        Ok(product)
    }

    /// The product with `id` changed by `patch`, if it is still at
    /// `patch.version`.
    pub async fn update(&self, id: &ProductId, patch: ProductPatch) -> Result<Product> {
        let current = self
            .products
            .get(id.as_str())
            .await?
            .ok_or(ServiceError::ProductNotFound)?;
        let expected = patch.version;
        if current.version != expected {
            return Err(ServiceError::VersionConflict { expected });
        }
        let next = ProductFactory::apply(&current, patch, Timestamp::now())
            .map_err(ServiceError::Validation)?;
        self.products.update(&next, expected).await?;
        Ok(next)
    }

    /// The product with `id` at the stock level `input` names.
    pub async fn set_stock(&self, id: &ProductId, input: StockUpdate) -> Result<Product> {
        let patch = ProductPatch {
            version: input.version,
            stock: Some(input.stock),
            ..Default::default()
        };
        self.update(id, patch).await
    }

    /// Deactivates the product with `id`: it disappears from the shop and cannot
    /// be reserved, but stays for order history. Repeating it changes nothing.
    pub async fn deactivate(&self, id: &ProductId) -> Result<()> {
        // A concurrent reservation may bump the version between read and write; a
        // few retries make deactivation win without a lost update.
        for _ in 0..5 {
            let current = self
                .products
                .get(id.as_str())
                .await?
                .ok_or(ServiceError::ProductNotFound)?;
            if !current.active {
                return Ok(());
            }
            let patch = ProductPatch {
                version: current.version,
                active: Some(false),
                ..Default::default()
            };
            let next = ProductFactory::apply(&current, patch, Timestamp::now())
                .map_err(ServiceError::Validation)?;
            match self.products.update(&next, current.version).await {
                Ok(()) => return Ok(()),
                Err(StoreError::VersionConflict { .. }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ServiceError::VersionConflict { expected: -1 })
    }
}
