//! The server-side cart: which products, how many. Prices are never stored
//! here; they are read from the catalog whenever the cart is shown or bought.

use super::ProductId;
use kit::{FieldError, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Most distinct products a cart holds.
pub const MAX_LINES: usize = 100;
/// Most units of one product per line (the catalog's reservation limit).
pub const MAX_QUANTITY: i64 = 1000;

/// One product in a cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CartLine {
    #[schema(value_type = String)]
    pub product_id: ProductId,
    pub quantity: i64,
    pub added_at: Timestamp,
}

/// `POST /cart/items` and the lines of `POST /cart/merge`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CartItemInput {
    /// Catalog product id (UUID).
    #[schema(format = Uuid)]
    pub product_id: String,
    /// 1 to 1000.
    #[schema(minimum = 1, maximum = 1000)]
    pub quantity: i64,
}

/// Checks a quantity; `field` names it in the error.
pub fn check_quantity(quantity: i64, field: &str) -> Result<(), FieldError> {
    if (1..=MAX_QUANTITY).contains(&quantity) {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            format!("must be between 1 and {MAX_QUANTITY}"),
        ))
    }
}

/// Units of a product to put in a cart: a [`CartItemInput`] that parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartItem {
    pub product_id: ProductId,
    pub quantity: i64,
}

impl CartItemInput {
    /// The id parsed and the quantity checked, naming fields under `prefix`
    /// (empty for the top level, `items[2]` in a merge).
    pub fn parse(&self, prefix: &str) -> Result<CartItem, Vec<FieldError>> {
        let name = |field: &str| {
            if prefix.is_empty() {
                field.to_owned()
            } else {
                format!("{prefix}.{field}")
            }
        };
        let mut errors = Vec::new();
        let product_id = ProductId::parse(&self.product_id);
        if product_id.is_none() {
            errors.push(FieldError::new(name("product_id"), ProductId::RULE));
        }
        errors.extend(check_quantity(self.quantity, &name("quantity")).err());
        match product_id {
            Some(product_id) if errors.is_empty() => Ok(CartItem {
                product_id,
                quantity: self.quantity,
            }),
            _ => Err(errors),
        }
    }
}

/// Whether a cart line can be bought now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// In stock for the quantity asked.
    Available,
    /// In stock, but fewer units than asked.
    InsufficientStock,
    /// No units left.
    OutOfStock,
    /// The product was removed or deactivated.
    Unavailable,
}

impl Availability {
    /// Availability of `quantity` units given the product's state.
    pub fn of(active: bool, stock: i64, quantity: i64) -> Self {
        match (active, stock) {
            (false, _) => Availability::Unavailable,
            (true, s) if s <= 0 => Availability::OutOfStock,
            (true, s) if s < quantity => Availability::InsufficientStock,
            _ => Availability::Available,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn availability_covers_every_case() {
        assert_eq!(Availability::of(false, 10, 1), Availability::Unavailable);
        assert_eq!(Availability::of(true, 0, 1), Availability::OutOfStock);
        assert_eq!(
            Availability::of(true, 2, 3),
            Availability::InsufficientStock
        );
        assert_eq!(Availability::of(true, 3, 3), Availability::Available);
    }

    #[test]
    fn inputs_name_their_fields() {
        let bad = CartItemInput {
            product_id: "x".into(),
            quantity: 0,
        };
        let fields: Vec<_> = bad
            .parse("items[1]")
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["items[1].product_id", "items[1].quantity"]);
    }
}
