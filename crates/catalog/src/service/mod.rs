//! The catalog's use cases, the only thing its handlers call: browsing and
//! managing products ([`products`]) and holding stock for checkout
//! ([`reservations`]). Each takes input as a caller sent it, applies the
//! domain's rules and answers with a [`ServiceError`] when it refuses.

mod error;
pub mod products;
pub mod reservations;

pub use error::{Result, ServiceError};

use crate::store::ProductRepository;
use std::sync::Arc;

/// The catalog's use cases over one product repository.
#[derive(Clone)]
pub struct CatalogService {
    products: Arc<dyn ProductRepository>,
}

impl CatalogService {
    /// The use cases over `products`.
    pub fn new(products: Arc<dyn ProductRepository>) -> Self {
        Self { products }
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
