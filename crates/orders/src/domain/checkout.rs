//! Checkout's inputs and what it can run short of: the request (where to ship,
//! which card), parsed into [`CheckoutDetails`], and the items the catalog was
//! short of, named in the 409 answer so the shopper knows what to change.

use super::ShippingAddress;
use kit::FieldError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /orders`: what to buy is the cart; this says where to and how to pay.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckoutRequest {
    pub shipping_address: ShippingAddress,
    pub payment: PaymentInput,
}

/// Card details. Only the last four digits are stored.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentInput {
    /// Test cards: `4242424242424242` succeeds, `4000000000000002` is declined,
    /// `4000000000009995` has insufficient funds.
    /// 12 to 19 digits; spaces and dashes between them are ignored.
    #[schema(example = "4242424242424242", pattern = "^[ -]*([0-9][ -]*){12,19}$")]
    pub card_number: String,
}

/// `POST /orders/{id}/pay`: another card for an order still
/// `pending_payment` (its earlier card was declined).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PayRequest {
    pub payment: PaymentInput,
}

impl PayRequest {
    /// The card number parsed, or the error naming `payment.card_number`.
    pub fn parse(self) -> Result<CardNumber, Vec<FieldError>> {
        CardNumber::parse(&self.payment.card_number)
            .ok_or_else(|| vec![FieldError::new("payment.card_number", CardNumber::RULE)])
    }
}

/// A card number: 12 to 19 digits, spaces and dashes removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardNumber(String);

impl CardNumber {
    /// What a card number must look like, for error messages.
    pub const RULE: &'static str = "must be 12 to 19 digits (spaces and dashes allowed)";

    /// `text` without its spaces and dashes, if the rest is 12 to 19 digits.
    pub fn parse(text: &str) -> Option<Self> {
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        ((12..=19).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
            .then_some(Self(digits))
    }

    /// The digits, for the payment provider.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last four digits, the only part orders keeps (with the brand).
    pub fn last4(&self) -> &str {
        &self.0[self.0.len() - 4..]
    }

    /// The card's network, from its leading digits (the issuer
    /// identification number ranges the networks publish).
    pub fn brand(&self) -> CardBrand {
        let prefix = |n: usize| self.0[..n].parse::<u32>().unwrap_or_default();
        match (prefix(1), prefix(2), prefix(3), prefix(4), prefix(6)) {
            (4, ..) => CardBrand::Visa,
            (_, 34 | 37, ..) => CardBrand::Amex,
            (_, 51..=55, ..) | (_, _, _, 2221..=2720, _) => CardBrand::Mastercard,
            (_, 62, ..) => CardBrand::Unionpay,
            (_, 36 | 38 | 39, ..) | (_, _, 300..=305, ..) => CardBrand::Diners,
            (_, 65, ..) | (_, _, _, 6011, _) | (_, _, 644..=649, ..) => CardBrand::Discover,
            (_, _, _, 3528..=3589, _) => CardBrand::Jcb,
            (.., 622126..=622925) => CardBrand::Unionpay,
            _ => CardBrand::Unknown,
        }
    }
}

/// A card network, as the order shows its payment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CardBrand {
    Visa,
    Mastercard,
    Amex,
    Discover,
    Diners,
    Jcb,
    Unionpay,
    /// Not a network the shop recognises (or a payment from before brands
    /// were recorded).
    Unknown,
}

impl CardBrand {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            CardBrand::Visa => "visa",
            CardBrand::Mastercard => "mastercard",
            CardBrand::Amex => "amex",
            CardBrand::Discover => "discover",
            CardBrand::Diners => "diners",
            CardBrand::Jcb => "jcb",
            CardBrand::Unionpay => "unionpay",
            CardBrand::Unknown => "unknown",
        }
    }

    /// The brand with stored name `text`; `Unknown` for anything else.
    pub fn parse(text: &str) -> Self {
        [
            CardBrand::Visa,
            CardBrand::Mastercard,
            CardBrand::Amex,
            CardBrand::Discover,
            CardBrand::Diners,
            CardBrand::Jcb,
            CardBrand::Unionpay,
        ]
        .into_iter()
        .find(|b| b.as_str() == text)
        .unwrap_or(CardBrand::Unknown)
    }
}

/// A checkout request that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutDetails {
    pub shipping_address: ShippingAddress,
    pub card: CardNumber,
}

impl CheckoutRequest {
    /// The address trimmed and checked and the card number parsed; every
    /// problem is named by its field.
    pub fn parse(self) -> Result<CheckoutDetails, Vec<FieldError>> {
        let mut errors = Vec::new();
        let address = self
            .shipping_address
            .validate("shipping_address")
            .map_err(|e| errors.extend(e))
            .ok();
        let card = CardNumber::parse(&self.payment.card_number);
        if card.is_none() {
            errors.push(FieldError::new("payment.card_number", CardNumber::RULE));
        }
        match (address, card) {
            (Some(shipping_address), Some(card)) if errors.is_empty() => Ok(CheckoutDetails {
                shipping_address,
                card,
            }),
            _ => Err(errors),
        }
    }
}

/// A product that could not be had in the quantity asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortage {
    pub product_id: String,
    pub requested: i64,
    /// Units available when the reservation was tried (0 for unknown or
    /// inactive products).
    pub available: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_numbers_drop_spaces_and_dashes_and_keep_their_last_four() {
        let card = CardNumber::parse("4242 4242-4242 4242").unwrap();
        assert_eq!((card.as_str(), card.last4()), ("4242424242424242", "4242"));
        assert!(CardNumber::parse("4242").is_none());
        assert!(CardNumber::parse("4242 4242 4242 424x").is_none());
        assert!(CardNumber::parse(&"4".repeat(20)).is_none());
    }

    #[test]
    fn brands_come_from_the_leading_digits() {
        let brand = |n: &str| CardNumber::parse(n).unwrap().brand();
        assert_eq!(brand("4242424242424242"), CardBrand::Visa);
        assert_eq!(brand("5555555555554444"), CardBrand::Mastercard);
        assert_eq!(brand("2223003122003222"), CardBrand::Mastercard);
        assert_eq!(brand("378282246310005"), CardBrand::Amex);
        assert_eq!(brand("6011111111111117"), CardBrand::Discover);
        assert_eq!(brand("3566002020360505"), CardBrand::Jcb);
        assert_eq!(brand("9999999999999999"), CardBrand::Unknown);
        for b in [CardBrand::Visa, CardBrand::Jcb, CardBrand::Unknown] {
            assert_eq!(CardBrand::parse(b.as_str()), b);
        }
    }
}
