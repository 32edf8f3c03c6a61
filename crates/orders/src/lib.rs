//! Orders: carts, checkout, payments and the order lifecycle.
//!
//! Work in progress: so far the domain rules (the status state machine and the
//! totals arithmetic). Stores, HTTP routes, the catalog client and the outbox
//! come next; see the crate README.

pub mod domain;
