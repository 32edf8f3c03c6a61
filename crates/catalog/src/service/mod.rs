//! The catalog's use cases, the only thing its handlers call: browsing and
//! managing products ([`products`]) and categories ([`categories`]), and
//! holding stock for checkout ([`reservations`]). Each takes input as a
//! caller sent it, applies the domain's rules and answers with a
//! [`ServiceError`] when it refuses.

pub mod categories;
mod error;
pub mod products;
pub mod reservations;

pub use error::{Result, ServiceError};

use crate::domain::TermDictionary;
use crate::store::ProductRepository;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long the search's term dictionary is trusted before it is read
/// again: writes through this process refresh it at once, other replicas'
/// writes show within this time.
pub const TERMS_MAX_AGE: Duration = Duration::from_secs(30);

/// The term dictionary and when it was built; `None` until the first search.
type Terms = Option<(Instant, Arc<TermDictionary>)>;

/// The catalog's use cases over one product repository.
#[derive(Clone)]
pub struct CatalogService {
    products: Arc<dyn ProductRepository>,
    terms: Arc<RwLock<Terms>>,
}

impl CatalogService {
    /// The use cases over `products`.
    pub fn new(products: Arc<dyn ProductRepository>) -> Self {
        Self {
            products,
            terms: Arc::new(RwLock::new(None)),
        }
    }

    /// The words of the catalog, read again when older than
    /// [`TERMS_MAX_AGE`] or after a product write.
    async fn terms(&self) -> Result<Arc<TermDictionary>> {
        let fresh = self.terms.read().ok().and_then(|slot| {
            slot.as_ref()
                .filter(|(at, _)| at.elapsed() < TERMS_MAX_AGE)
                .map(|(_, d)| d.clone())
        });
        if let Some(dictionary) = fresh {
            return Ok(dictionary);
        }
        let texts = self.products.search_texts().await?;
        let dictionary = Arc::new(TermDictionary::from_texts(texts.iter().map(String::as_str)));
        if let Ok(mut slot) = self.terms.write() {
            *slot = Some((Instant::now(), dictionary.clone()));
        }
        Ok(dictionary)
    }

    /// Forgets the term dictionary, after a write that may change its words.
    fn forget_terms(&self) {
        if let Ok(mut slot) = self.terms.write() {
            *slot = None;
        }
    }
}

/// Who is asking: shoppers see active products only, admins see every product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// Anyone without the admin role, signed in or not.
    Shopper,
    /// A signed-in admin.
    Admin,
}

impl Viewer {
    /// `Admin` when `is_admin`, otherwise `Shopper`.
    pub fn admin_if(is_admin: bool) -> Self {
        if is_admin { Self::Admin } else { Self::Shopper }
    }

    fn sees(self, product: &crate::domain::Product) -> bool {
        product.active || self == Self::Admin
    }
}
