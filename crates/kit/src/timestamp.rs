//! UTC timestamps with one fixed RFC 3339 text form.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use time::{OffsetDateTime, format_description::FormatItem, macros::format_description};

/// Millisecond precision, always `Z`: the text form sorts in time order, so stores
/// that keep it as a string (MongoDB documents, SQLite JSON) can sort by it.
const FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

/// A UTC instant, serialised as RFC 3339 such as `2026-11-25T10:15:00.000Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// The current instant, truncated to milliseconds.
    pub fn now() -> Self {
        Self::from(OffsetDateTime::now_utc())
    }

    /// The instant as `time`'s type.
    pub fn as_offset(&self) -> OffsetDateTime {
        self.0
    }

    /// This instant plus `duration`.
    pub fn plus(self, duration: std::time::Duration) -> Self {
        Self::from(self.0 + duration)
    }

    /// Seconds since the Unix epoch, as JWT claims count time.
    pub fn unix_seconds(self) -> i64 {
        self.0.unix_timestamp()
    }

    /// Parses any RFC 3339 timestamp and converts it to UTC.
    pub fn parse(text: &str) -> Result<Self, time::error::Parse> {
        let parsed = OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)?;
        Ok(Self::from(parsed))
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(value: OffsetDateTime) -> Self {
        let utc = value.to_offset(time::UtcOffset::UTC);
        let millis = utc.millisecond();
        Self(
            utc.replace_nanosecond(u32::from(millis) * 1_000_000)
                .unwrap_or(utc),
        )
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.format(FORMAT).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for Timestamp {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::DateTime,
            )))
            .examples([serde_json::json!("2026-11-25T10:15:00.000Z")])
            .into()
    }
}

impl utoipa::ToSchema for Timestamp {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_form_is_fixed_width_utc_and_round_trips() {
        let ts = Timestamp::parse("2026-11-25T12:30:05.5+02:00").unwrap();
        assert_eq!(ts.to_string(), "2026-11-25T10:30:05.500Z");
        assert_eq!(Timestamp::parse(&ts.to_string()).unwrap(), ts);
    }

    #[test]
    fn text_order_is_time_order() {
        let a = Timestamp::parse("2026-01-01T00:00:00Z").unwrap();
        let b = Timestamp::parse("2026-01-01T00:00:00.010Z").unwrap();
        assert!(a < b);
        assert!(a.to_string() < b.to_string());
    }

    #[test]
    fn rejects_text_that_is_not_rfc3339() {
        assert!(Timestamp::parse("yesterday").is_err());
    }
}
