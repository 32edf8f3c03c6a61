//! Orders' types and rules; no I/O.

pub mod admin;
pub mod cart;
pub mod checkout;
pub mod events;
pub mod idempotency;
pub mod ids;
pub mod order;
pub mod payment;
pub mod status;
pub mod text;
pub mod totals;

pub use checkout::CardBrand;
pub use ids::{OrderId, ProductId, ReservationId};
pub use order::{
    Contact, ContactPreferences, Order, OrderDetail, OrderItem, PaymentKind, PaymentMethod,
    PaymentTransaction, Shipment, ShippingAddress, StatusChange,
};
pub use status::{OrderStatus, TransitionError};
pub use totals::{Line, ShippingRule, Totals, TotalsError};
