//! Order totals in integer minor units of one currency: no floats, no silent
//! overflow, no mixed currencies.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One priced line: unit price (from the catalog, never the client) × quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub unit_price: i64,
    pub currency: String,
    pub quantity: u32,
}

/// Subtotal, shipping and total of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Totals {
    pub currency: String,
    pub subtotal: i64,
    pub shipping: i64,
    pub total: i64,
}

/// Why totals cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TotalsError {
    #[error("an order needs at least one item")]
    Empty,
    #[error("items are priced in different currencies ({0} and {1})")]
    MixedCurrencies(String, String),
    #[error("a price or quantity is out of range")]
    OutOfRange,
}

/// Shipping rule: a flat fee, free from a threshold (both in minor units of
/// the order's currency).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct ShippingRule {
    /// What an order below `free_from` pays for shipping.
    #[schema(example = 499)]
    pub flat_fee: i64,
    /// Orders whose subtotal reaches this ship free.
    #[schema(example = 5000)]
    pub free_from: i64,
}

impl Totals {
    /// Adds up `lines` and applies `shipping`.
    pub fn compute(lines: &[Line], shipping: ShippingRule) -> Result<Self, TotalsError> {
        let first = lines.first().ok_or(TotalsError::Empty)?;
        let mut subtotal: i64 = 0;
        for line in lines {
            if line.currency != first.currency {
                return Err(TotalsError::MixedCurrencies(
                    first.currency.clone(),
                    line.currency.clone(),
                ));
            }
            if line.unit_price < 0 || line.quantity == 0 {
                return Err(TotalsError::OutOfRange);
            }
            let amount = line
                .unit_price
                .checked_mul(i64::from(line.quantity))
                .ok_or(TotalsError::OutOfRange)?;
            subtotal = subtotal
                .checked_add(amount)
                .ok_or(TotalsError::OutOfRange)?;
        }
        let shipping = if subtotal >= shipping.free_from {
            0
        } else {
            shipping.flat_fee
        };
        Ok(Self {
            currency: first.currency.clone(),
            subtotal,
            shipping,
            total: subtotal
                .checked_add(shipping)
                .ok_or(TotalsError::OutOfRange)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: ShippingRule = ShippingRule {
        flat_fee: 499,
        free_from: 5000,
    };

    fn line(unit_price: i64, currency: &str, quantity: u32) -> Line {
        Line {
            unit_price,
            currency: currency.into(),
            quantity,
        }
    }

    #[test]
    fn sums_lines_and_adds_shipping_below_the_threshold() {
        let t = Totals::compute(&[line(1250, "EUR", 2), line(999, "EUR", 1)], RULE).unwrap();
        assert_eq!((t.subtotal, t.shipping, t.total), (3499, 499, 3998));
        let free = Totals::compute(&[line(2500, "EUR", 2)], RULE).unwrap();
        assert_eq!((free.subtotal, free.shipping, free.total), (5000, 0, 5000));
    }

    #[test]
    fn refuses_empty_mixed_and_overflowing_orders() {
        assert_eq!(Totals::compute(&[], RULE), Err(TotalsError::Empty));
        assert!(matches!(
            Totals::compute(&[line(100, "EUR", 1), line(100, "USD", 1)], RULE),
            Err(TotalsError::MixedCurrencies(_, _))
        ));
        assert_eq!(
            Totals::compute(&[line(i64::MAX, "EUR", 2)], RULE),
            Err(TotalsError::OutOfRange)
        );
        assert_eq!(
            Totals::compute(&[line(100, "EUR", 0)], RULE),
            Err(TotalsError::OutOfRange)
        );
    }
}
