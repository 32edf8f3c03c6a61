//! Orders' types and rules; no I/O.

pub mod idempotency;
pub mod payment;
pub mod status;
pub mod totals;

pub use status::{OrderStatus, TransitionError};
pub use totals::{Line, ShippingRule, Totals, TotalsError};
