//! What a checkout could not have: the items the catalog was short of, named
//! in the 409 answer so the shopper knows what to change.

use serde::{Deserialize, Serialize};

/// A product that could not be had in the quantity asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortage {
    pub product_id: String,
    pub requested: i64,
    /// Units available when the reservation was tried (0 for unknown or
    /// inactive products).
    pub available: i64,
}
