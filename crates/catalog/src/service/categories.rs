//! The managed list of categories: everyone reads it, admins change it.

use super::{CatalogService, Result, ServiceError};
use crate::domain::{Category, CategoryCreate, CategoryPatch, CategorySummary};
use crate::store::{CategoryDelete, StoreError};
use kit::{FieldError, Timestamp};

impl CatalogService {
    /// Every category with its number of active products, by name.
    pub async fn categories(&self) -> Result<Vec<CategorySummary>> {
        let mut listed: Vec<CategorySummary> = self
            .products
            .list_categories()
            .await?
            .into_iter()
            .map(|(category, count)| CategorySummary::new(category, count))
            .collect();
        listed.sort_by(|a, b| {
            (a.name.to_lowercase(), &a.slug).cmp(&(b.name.to_lowercase(), &b.slug))
        });
        Ok(listed)
    }

    /// The category with `slug`.
    pub async fn category(&self, slug: &str) -> Result<Category> {
        self.products
            .get_category(slug)
            .await?
            .ok_or(ServiceError::CategoryNotFound)
    }

    /// A new category made from `input`.
    pub async fn create_category(&self, input: CategoryCreate) -> Result<Category> {
        let category =
            Category::create(input, Timestamp::now()).map_err(ServiceError::Validation)?;
        match self.products.insert_category(&category).await {
            Ok(()) => {}
            Err(StoreError::Duplicate { .. }) => return Err(ServiceError::CategoryExists),
            Err(e) => return Err(e.into()),
        }
        tracing::info!(slug = %category.slug, "category created");
        Ok(category)
    }

    /// The category with `slug` changed by `patch`.
    pub async fn update_category(&self, slug: &str, patch: CategoryPatch) -> Result<Category> {
        let current = self.category(slug).await?;
        let next = current
            .apply(patch, Timestamp::now())
            .map_err(ServiceError::Validation)?;
        match self.products.update_category(&next).await {
            Ok(()) => Ok(next),
            Err(StoreError::NotFound) => Err(ServiceError::CategoryNotFound),
            Err(e) => Err(e.into()),
        }
    }

    /// Deletes the category with `slug`, if no product names it.
    pub async fn delete_category(&self, slug: &str) -> Result<()> {
        match self.products.delete_category(slug).await? {
            CategoryDelete::Deleted => Ok(()),
            CategoryDelete::NotFound => Err(ServiceError::CategoryNotFound),
            CategoryDelete::NotEmpty { products } => {
                Err(ServiceError::CategoryNotEmpty { products })
            }
        }
    }

    /// An error naming `category` unless a category with that slug (as the
    /// product factory stores it, lower-case and trimmed) exists.
    pub(super) async fn check_category(&self, sent: &str) -> Result<Option<FieldError>> {
        let slug = kit::text::nfc(sent.trim()).to_ascii_lowercase();
        if slug.is_empty() {
            // The factory names a blank category.
            return Ok(None);
        }
        Ok(match self.products.get_category(&slug).await? {
            Some(_) => None,
            None => Some(FieldError::new(
                "category",
                "must name an existing category (GET /api/catalog/categories)",
            )),
        })
    }
}
