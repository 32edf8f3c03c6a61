//! Catalog types and rules. No I/O here.

pub mod category;
pub mod ids;
pub mod image;
pub mod product;
pub mod query;
pub mod reservation;
pub mod search;
pub mod seed;

pub use category::{Category, CategoryCreate, CategoryPatch, CategorySummary};
pub use ids::{ProductId, ReservationId};
pub use product::{
    AttributeValue, Measure, Money, Product, ProductCreate, ProductFactory, ProductPatch,
    StockUpdate,
};
pub use query::{ProductListParams, ProductQuery, SortKey, SortOrder};
pub use reservation::{Reservation, ReservationItem, ReservationRequest, ReserveOutcome, Shortage};
pub use search::TermDictionary;
