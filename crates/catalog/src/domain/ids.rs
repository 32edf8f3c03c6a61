//! The ids the catalog keys things by, as types, so a product id and a
//! reservation id cannot be swapped on their way from a handler to the store.
//!
//! The JSON types (`Product::id`, `ReservationRequest::reservation_id`) keep
//! plain strings: they are the wire format other services read.

use serde::Deserialize;
use std::fmt;
use uuid::Uuid;

/// A product's id: a UUID (v7 for products made here).
///
/// The text is kept as given once it parses as a UUID; stores match ids
/// exactly, and every id the catalog hands out is the lower-case hyphenated form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(from = "Uuid")]
pub struct ProductId(String);

impl ProductId {
    /// A fresh id for a new product.
    pub fn generate() -> Self {
        Self::from(Uuid::now_v7())
    }

    /// `text` as a product id, if it is a UUID.
    pub fn parse(text: &str) -> Option<Self> {
        Uuid::parse_str(text).ok().map(|_| Self(text.to_owned()))
    }

    /// The id as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as a `String`, for the JSON types.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl From<Uuid> for ProductId {
    fn from(id: Uuid) -> Self {
        Self(id.to_string())
    }
}

impl fmt::Display for ProductId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A reservation's id: the caller's idempotency key (orders use the order id).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReservationId(String);

impl ReservationId {
    /// What a reservation id must look like, for error messages.
    pub const RULE: &'static str = "must be 1 to 100 letters, digits, `-` or `_`";

    /// `text` as a reservation id, if it is 1 to 100 ASCII letters, digits, `-`
    /// or `_`.
    pub fn parse(text: &str) -> Option<Self> {
        let valid = !text.is_empty()
            && text.len() <= 100
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        valid.then(|| Self(text.to_owned()))
    }

    /// The id as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as a `String`, for the JSON types.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for ReservationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_ids_are_uuids_kept_as_given() {
        let id = "01900000-0000-7000-8000-00000000000A";
        assert_eq!(ProductId::parse(id).unwrap().as_str(), id);
        assert!(ProductId::parse("not-a-uuid").is_none());
        let generated = ProductId::generate();
        assert!(Uuid::parse_str(generated.as_str()).is_ok());
        let from_path: ProductId =
            serde_json::from_str("\"01900000-0000-7000-8000-00000000000A\"").unwrap();
        assert_eq!(from_path.as_str(), "01900000-0000-7000-8000-00000000000a");
    }

    #[test]
    fn reservation_ids_are_short_and_plain() {
        assert_eq!(
            ReservationId::parse("order_1-a").unwrap().as_str(),
            "order_1-a"
        );
        for bad in ["", "has space", "slash/", "é"] {
            assert!(ReservationId::parse(bad).is_none(), "{bad:?}");
        }
        assert!(ReservationId::parse(&"a".repeat(100)).is_some());
        assert!(ReservationId::parse(&"a".repeat(101)).is_none());
    }
}
