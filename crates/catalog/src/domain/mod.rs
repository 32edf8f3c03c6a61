//! Catalog types and rules. No I/O here.

pub mod ids;
pub mod product;
pub mod query;
pub mod reservation;
pub mod seed;

pub use ids::{ProductId, ReservationId};
pub use product::{Money, Product, ProductCreate, ProductFactory, ProductPatch, StockUpdate};
pub use query::{ProductListParams, ProductQuery, SortKey, SortOrder};
pub use reservation::{Reservation, ReservationItem, ReservationRequest, ReserveOutcome, Shortage};
