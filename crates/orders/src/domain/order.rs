//! The order aggregate and the snapshots it keeps: what was bought at which
//! price, where it goes, and how to reach the customer.

use super::checkout::CardBrand;
use super::{OrderId, OrderStatus, Totals};
use kit::text::Text;
use kit::{FieldError, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One line of an order, priced from the catalog at checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OrderItem {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    /// Minor units, from the catalog at checkout.
    pub unit_price: i64,
    pub quantity: i64,
    /// `unit_price × quantity`.
    pub line_total: i64,
}

/// Where the parcel goes, as the customer gave it at checkout.
///
/// Every field is one line, trimmed and stored in Unicode NFC; control
/// characters and bidirectional or invisible formatting characters (such as
/// U+202E) are refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShippingAddress {
    /// Who receives the parcel: not blank, at most 100 characters.
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub recipient: String,
    /// Not blank, at most 200 characters.
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub line1: String,
    /// At most 200 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub line2: Option<String>,
    /// Not blank, at most 100 characters.
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub city: String,
    /// At most 200 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub region: Option<String>,
    /// In the country's format (`GET /api/orders/countries` lists each
    /// country's pattern and example), stored upper-case with single spaces;
    /// empty only for a country without postal codes. At most 20 characters.
    #[serde(default)]
    #[schema(max_length = 20, example = "1100-048")]
    pub postal_code: String,
    /// ISO 3166-1 alpha-2, such as `PT` (any case; stored upper-case); `ZZ`
    /// and other unassigned codes are refused.
    #[schema(pattern = r"^\s*[A-Za-z]{2}\s*$", example = "PT")]
    pub country: String,
}

/// Longest recipient, in characters (as the schema says).
const RECIPIENT_MAX: usize = 100;
/// Longest address line or region.
const LINE_MAX: usize = 200;
/// Longest city.
const CITY_MAX: usize = 100;
/// Longest postal code.
const POSTAL_CODE_MAX: usize = 20;

impl ShippingAddress {
    /// Checks every field by the kit's text rule (one line, trimmed, NFC, no
    /// control or bidirectional formatting characters), and the country and
    /// postal code by the kit's address rule (`kit::address`); errors are
    /// named under `field` (such as `shipping_address.city`).
    /// Lengths count what was sent, the way the schema's `maxLength` does.
    pub fn validate(mut self, field: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut required = |value: &mut String, name: &str, max: usize| match Text::line(max)
            .parse(&format!("{field}.{name}"), value)
        {
            Ok(text) => *value = text,
            Err(e) => errors.push(e),
        };
        required(&mut self.recipient, "recipient", RECIPIENT_MAX);
        required(&mut self.line1, "line1", LINE_MAX);
        required(&mut self.city, "city", CITY_MAX);
        // Blank is for a country without postal codes; the address rule judges it.
        match Text::line(POSTAL_CODE_MAX)
            .optional()
            .parse(&format!("{field}.postal_code"), &self.postal_code)
        {
            Ok(text) => self.postal_code = text,
            Err(e) => errors.push(e),
        }
        for (value, name) in [(&mut self.line2, "line2"), (&mut self.region, "region")] {
            if let Some(text) = value.take() {
                match Text::line(LINE_MAX).parse_optional(&format!("{field}.{name}"), &text) {
                    Ok(text) => *value = text,
                    Err(e) => errors.push(e),
                }
            }
        }
        let postal_refused = errors
            .iter()
            .any(|e| e.field == format!("{field}.postal_code"));
        match kit::address::check(field, &self.country, &self.postal_code) {
            Ok(checked) => {
                self.country = checked.country.to_owned();
                self.postal_code = checked.postal_code;
            }
            Err(found) => errors.extend(
                found
                    .into_iter()
                    .filter(|e| !(postal_refused && e.field.ends_with(".postal_code"))),
            ),
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// Which channels the customer wants to hear from (copied from their profile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ContactPreferences {
    pub email: bool,
    pub sms: bool,
    pub in_app: bool,
}

impl Default for ContactPreferences {
    fn default() -> Self {
        Self {
            email: true,
            sms: false,
            in_app: true,
        }
    }
}

/// How to reach the customer about this order, as their profile said at
/// checkout. Notifications use this snapshot, not the live profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Contact {
    pub email: String,
    #[serde(default)]
    pub name: String,
    /// E.164, when the customer gave one.
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub preferences: ContactPreferences,
}

/// How the parcel travels (set when an admin marks the order shipped).
///
/// Both fields are one line, trimmed and stored in Unicode NFC; control
/// characters and bidirectional or invisible formatting characters (such as
/// U+202E) are refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Shipment {
    /// Not blank, at most 100 characters.
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub carrier: String,
    /// Not blank, at most 100 characters.
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub tracking_number: String,
}

/// Longest carrier or tracking number, in characters as sent.
const SHIPMENT_TEXT_MAX: usize = 100;

impl Shipment {
    /// Both fields by the kit's text rule: one line, trimmed, NFC, not blank,
    /// at most 100 characters. They become the status change's note, stored
    /// as plain text, where PostgreSQL refuses a NUL.
    pub fn validate(mut self) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        for (value, name) in [
            (&mut self.carrier, "carrier"),
            (&mut self.tracking_number, "tracking_number"),
        ] {
            match Text::line(SHIPMENT_TEXT_MAX).parse(name, value) {
                Ok(text) => *value = text,
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// One step of an order's status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StatusChange {
    pub status: OrderStatus,
    pub at: Timestamp,
    /// Why, when there is more to say (a decline reason, a carrier).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Order {
    /// UUIDv7; also the stock reservation id and the payment idempotency key.
    #[schema(value_type = String)]
    pub id: OrderId,
    /// Short reference for people, such as `FE-7K2M9QX4`.
    pub number: String,
    pub customer_id: String,
    pub status: OrderStatus,
    pub items: Vec<OrderItem>,
    pub totals: Totals,
    pub shipping_address: ShippingAddress,
    pub contact: Contact,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipment: Option<Shipment>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A short, readable order number from the order id's random bits.
pub fn order_number(id: &uuid::Uuid) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
    // The last 8 bytes of a UUIDv7 are random (bar the variant bits).
    let mut n = u64::from_be_bytes(id.as_bytes()[8..16].try_into().unwrap_or_default());
    let mut out = String::from("FE-");
    for _ in 0..8 {
        out.push(ALPHABET[(n % ALPHABET.len() as u64) as usize] as char);
        n /= ALPHABET.len() as u64;
    }
    out
}

/// What one payment attempt or movement did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    Authorized,
    Captured,
    Failed,
    Refunded,
}

impl PaymentKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentKind::Authorized => "authorized",
            PaymentKind::Captured => "captured",
            PaymentKind::Failed => "failed",
            PaymentKind::Refunded => "refunded",
        }
    }

    /// The kind with stored name `text`.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Authorized,
            Self::Captured,
            Self::Failed,
            Self::Refunded,
        ]
        .into_iter()
        .find(|k| k.as_str() == text)
    }
}

/// One row of the `payments` table: every authorisation, capture, failure and
/// refund is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PaymentTransaction {
    pub id: String,
    #[schema(value_type = String)]
    pub order_id: OrderId,
    pub kind: PaymentKind,
    pub amount: i64,
    pub currency: String,
    /// Which provider handled it, such as `test`.
    pub provider: String,
    /// The provider's reference for the charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Last four digits of the card.
    pub card_last4: String,
    /// The card's network (`unknown` for payments from before brands were
    /// recorded).
    pub card_brand: CardBrand,
    /// Why it failed, such as `card_declined` or `insufficient_funds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_code: Option<String>,
    pub created_at: Timestamp,
}

/// How an order was (or is being) paid: never more of the card than this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PaymentMethod {
    pub brand: CardBrand,
    /// Last four digits of the card.
    #[schema(pattern = "^[0-9]{4}$", example = "4242")]
    pub last4: String,
}

/// An order with its history and payment transactions, as its detail page shows it.
///
/// `payments` is the order's payment log: every attempt (a declined one is
/// a `failed` row with its `failure_code`) and every money movement
/// (`authorized`, `captured`, `refunded`), oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OrderDetail {
    #[serde(flatten)]
    pub order: Order,
    pub history: Vec<StatusChange>,
    pub payments: Vec<PaymentTransaction>,
    /// The card that paid (the capture's), or while unpaid the card of the
    /// latest attempt; absent before any attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<PaymentMethod>,
    /// While the order is `pending_payment`: when it is given up (its stock
    /// released and the order `payment_failed`) unless paid by then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_by: Option<Timestamp>,
}

impl OrderDetail {
    /// The detail of `order` with its history and payments; the payment
    /// method comes from the payments, `pay_by` is left to the service.
    pub fn new(
        order: Order,
        history: Vec<StatusChange>,
        payments: Vec<PaymentTransaction>,
    ) -> Self {
        let paid_with = payments
            .iter()
            .find(|p| p.kind == PaymentKind::Captured)
            .or_else(|| {
                payments
                    .iter()
                    .rev()
                    .find(|p| p.kind != PaymentKind::Refunded)
            });
        let payment_method = paid_with.map(|p| PaymentMethod {
            brand: p.card_brand,
            last4: p.card_last4.clone(),
        });
        Self {
            order,
            history,
            payments,
            payment_method,
            pay_by: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_checked() {
        let ok = ShippingAddress {
            recipient: " Ana ".into(),
            line1: "Rua 1".into(),
            line2: Some("  ".into()),
            city: "Lisboa".into(),
            region: None,
            postal_code: "1000-001".into(),
            country: "pt".into(),
        }
        .validate("shipping_address")
        .unwrap();
        assert_eq!(
            (ok.recipient.as_str(), ok.country.as_str(), ok.line2),
            ("Ana", "PT", None)
        );

        let errors = ShippingAddress {
            recipient: "".into(),
            line1: "x".into(),
            line2: None,
            city: "y".into(),
            region: None,
            postal_code: "z".into(),
            country: "Portugal".into(),
        }
        .validate("shipping_address")
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "shipping_address.recipient",
                "shipping_address.country",
                "shipping_address.postal_code"
            ]
        );
    }

    #[test]
    fn postal_codes_follow_the_country() {
        let address = |postal: &str, country: &str| ShippingAddress {
            recipient: "Ana".into(),
            line1: "Rua 1".into(),
            line2: None,
            city: "Lisboa".into(),
            region: None,
            postal_code: postal.into(),
            country: country.into(),
        };
        let fields = |postal: &str, country: &str| -> Vec<String> {
            address(postal, country)
                .validate("shipping_address")
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(fields("!!", "PT"), ["shipping_address.postal_code"]);
        assert_eq!(fields("1000-001", "ZZ"), ["shipping_address.country"]);
        assert_eq!(fields("", "PT"), ["shipping_address.postal_code"]);
        let gb = address(" sw1a  1aa ", "gb")
            .validate("shipping_address")
            .unwrap();
        assert_eq!(
            (gb.postal_code.as_str(), gb.country.as_str()),
            ("SW1A 1AA", "GB")
        );
        assert_eq!(
            address("", "AE").validate("x").unwrap().postal_code,
            "",
            "a country without postal codes needs none"
        );
    }

    #[test]
    fn order_numbers_are_short_and_differ() {
        let a = order_number(&uuid::Uuid::now_v7());
        let b = order_number(&uuid::Uuid::now_v7());
        assert_eq!(a.len(), 11);
        assert_ne!(a, b);
    }
}
