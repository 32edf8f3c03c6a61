//! Browsing the catalog (for everyone) and managing products (for admins).

use super::{CatalogService, Result, ServiceError, Viewer};
use crate::domain::query::ProductListParams;
use crate::domain::reservation::MAX_ITEMS;
use crate::domain::{
    Product, ProductCreate, ProductFactory, ProductId, ProductPatch, ProductQuery, StockUpdate,
};
use crate::store::StoreError;
use kit::pagination::PageRequest;
use kit::{FieldError, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Most products one lookup may name.
pub const MAX_LOOKUP: usize = MAX_ITEMS;

/// Most related products one request may ask for, and how many it gets by
/// default.
pub const RELATED_MAX: u32 = 24;
/// Related products when the request does not say how many.
pub const RELATED_DEFAULT: u32 = 8;

/// One page of products, with a spelling correction when the search found
/// nothing as typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProductList {
    pub items: Vec<Product>,
    pub page: u32,
    pub per_page: u32,
    /// How many products match, over every page.
    pub total: u64,
    /// The corrected search, when `q` as typed matched nothing but a
    /// corrected one does ("keybord" → "keyboard"); else `null`.
    #[schema(example = "keyboard")]
    pub did_you_mean: Option<String>,
    /// Whether `items` and `total` are those of `did_you_mean` rather than of
    /// `q` as typed ("Showing results for …").
    pub corrected: bool,
}

/// Products related to one product: others of its category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RelatedProducts {
    /// Active products of the same category, the product itself left out,
    /// featured ones first, then newest.
    pub items: Vec<Product>,
}

impl CatalogService {
    /// One page of the products matching `params`; deactivated ones only for
    /// admins who ask.
    ///
    /// A search that matches nothing as typed is tried again with its
    /// misspelt words corrected from the catalog's own words; if that finds
    /// products, they are the answer, with `did_you_mean` and `corrected`.
    pub async fn list(&self, params: ProductListParams, viewer: Viewer) -> Result<ProductList> {
        let query = ProductQuery::parse(params).map_err(ServiceError::InvalidParameters)?;
        if query.include_inactive && viewer != Viewer::Admin {
            return Err(ServiceError::InactiveForAdminsOnly);
        }
        let page = self.products.list(&query).await?;
        let answer = |page: kit::pagination::Page<Product>, did_you_mean, corrected| ProductList {
            items: page.items,
            page: page.page,
            per_page: page.per_page,
            total: page.total,
            did_you_mean,
            corrected,
        };
        if page.total > 0 || query.terms.is_empty() {
            return Ok(answer(page, None, false));
        }
        let Some(terms) = self.terms().await?.suggest(&query.terms) else {
            return Ok(answer(page, None, false));
        };
        let corrected = ProductQuery {
            terms,
            ..query.clone()
        };
        let found = self.products.list(&corrected).await?;
        if found.total == 0 {
            return Ok(answer(page, None, false));
        }
        let did_you_mean = corrected.terms.join(" ");
        Ok(answer(found, Some(did_you_mean), true))
    }

    /// Up to `limit` (1 to [`RELATED_MAX`], default [`RELATED_DEFAULT`])
    /// active products of the same category as the product with `id`, which
    /// `viewer` must be able to see.
    pub async fn related(
        &self,
        id: &ProductId,
        limit: Option<u32>,
        viewer: Viewer,
    ) -> Result<Vec<Product>> {
        let limit = limit.unwrap_or(RELATED_DEFAULT);
        if limit == 0 || limit > RELATED_MAX {
            return Err(ServiceError::InvalidParameters(vec![FieldError::new(
                "limit",
                format!("must be between 1 and {RELATED_MAX}"),
            )]));
        }
        let product = self.get(id, viewer).await?;
        let mut related = Vec::with_capacity(limit as usize);
        for featured in [true, false] {
            let query = ProductQuery {
                category: Some(product.category.clone()),
                featured: Some(featured),
                page: PageRequest {
                    page: 1,
                    per_page: limit + 1,
                },
                ..ProductQuery::default()
            };
            let page = self.products.list(&query).await?;
            related.extend(page.items.into_iter().filter(|p| p.id != product.id));
        }
        related.truncate(limit as usize);
        Ok(related)
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
    /// Its category must exist.
    pub async fn create(&self, input: ProductCreate) -> Result<Product> {
        let unknown = self.check_category(&input.category).await?;
        let product = ProductFactory::create(input, Timestamp::now())
            .map_err(|errors| ServiceError::Validation(with(errors, unknown.clone())))?;
        if let Some(error) = unknown {
            return Err(ServiceError::Validation(vec![error]));
        }
        self.products.insert(&product).await?;
        self.forget_terms();
        tracing::info!(id = %product.id, sku = %product.sku, "product created");
        Ok(product)
    }

    /// The product with `id` changed by `patch`, if it is still at
    /// `patch.version`. A new category must exist.
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
        let unknown = match &patch.category {
            Some(category) => self.check_category(category).await?,
            None => None,
        };
        let next = ProductFactory::apply(&current, patch, Timestamp::now())
            .map_err(|errors| ServiceError::Validation(with(errors, unknown.clone())))?;
        if let Some(error) = unknown {
            return Err(ServiceError::Validation(vec![error]));
        }
        self.products.update(&next, expected).await?;
        self.forget_terms();
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
                Ok(()) => {
                    self.forget_terms();
                    return Ok(());
                }
                Err(StoreError::VersionConflict { .. }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ServiceError::VersionConflict { expected: -1 })
    }
}

/// `errors` and `extra`, one error a field.
fn with(mut errors: Vec<FieldError>, extra: Option<FieldError>) -> Vec<FieldError> {
    if let Some(extra) = extra
        && !errors.iter().any(|e| e.field == extra.field)
    {
        errors.push(extra);
    }
    errors
}
