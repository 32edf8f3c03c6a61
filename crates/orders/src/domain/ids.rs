//! The ids orders keys things by, as types, so an order id, a product id and
//! a reservation id cannot be swapped on their way from a handler to a store
//! or another service.
//!
//! Each keeps its text as given once it parses as a UUID: stores match ids
//! exactly, and every id orders hands out is the lower-case hyphenated form.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use uuid::Uuid;

/// An order's id: a UUIDv7 made at checkout. It is also the id of the
/// catalog reservation that holds the order's stock ([`OrderId::reservation`])
/// and the idempotency key of its payment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct OrderId(String);

impl OrderId {
    /// What an order id must look like, for error messages.
    pub const RULE: &'static str = "must be an order id (UUID)";

    /// A fresh id for a new order.
    pub fn generate() -> Self {
        Self(Uuid::now_v7().to_string())
    }

    /// `text` as an order id, if it is a UUID.
    pub fn parse(text: &str) -> Option<Self> {
        Uuid::parse_str(text).ok().map(|_| Self(text.to_owned()))
    }

    /// The id as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as a UUID (for the order number, made from its random bits).
    pub fn uuid(&self) -> Uuid {
        // Every OrderId was parsed or generated as a UUID, so this never falls back.
        Uuid::parse_str(&self.0).unwrap_or_default()
    }

    /// The catalog reservation that holds this order's stock.
    pub fn reservation(&self) -> ReservationId {
        ReservationId(self.0.clone())
    }

    /// The idempotency key of this order's refund: a function of the id, so
    /// every attempt, in any process and after any crash, asks the provider
    /// with the same key and the provider refunds once.
    pub fn refund_key(&self) -> String {
        format!("refund-{}", self.0)
    }
}

impl fmt::Display for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for OrderId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| serde::de::Error::custom(Self::RULE))
    }
}

/// The id of the catalog reservation holding an order's stock. It *is* the
/// order id, so a checkout that resumes after a crash reserves under the same
/// id (the catalog answers its first answer again) and a release needs no
/// lookup; the only way to get one is [`OrderId::reservation`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReservationId(String);

impl ReservationId {
    /// The id as the catalog knows it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ReservationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A catalog product's id (a UUID), where orders keys by it: cart lines,
/// catalog lookups and reservation lines.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ProductId(String);

impl ProductId {
    /// What a product id must look like, for error messages.
    pub const RULE: &'static str = "must be a product id (UUID)";

    /// `text` as a product id, if it is a UUID.
    pub fn parse(text: &str) -> Option<Self> {
        Uuid::parse_str(text).ok().map(|_| Self(text.to_owned()))
    }

    /// The id as the catalog and the store know it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProductId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ProductId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| serde::de::Error::custom(Self::RULE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuids_kept_as_given() {
        let id = OrderId::generate();
        assert_eq!(OrderId::parse(id.as_str()), Some(id.clone()));
        assert_eq!(id.uuid().to_string(), id.as_str());
        assert_eq!(id.reservation().as_str(), id.as_str());
        assert_eq!(OrderId::parse("nope"), None);
        let upper = "0190A000-0000-7000-8000-00000000000A";
        assert_eq!(ProductId::parse(upper).unwrap().as_str(), upper);
        assert_eq!(ProductId::parse("p1"), None);
    }

    #[test]
    fn a_malformed_id_in_json_names_the_rule() {
        let err = serde_json::from_str::<OrderId>("\"x\"").unwrap_err();
        assert!(err.to_string().contains(OrderId::RULE), "{err}");
        let ok: ProductId =
            serde_json::from_str("\"01900000-0000-7000-8000-00000000000a\"").unwrap();
        assert_eq!(
            serde_json::to_string(&ok).unwrap(),
            "\"01900000-0000-7000-8000-00000000000a\""
        );
    }
}
