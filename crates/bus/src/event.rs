//! The CloudEvents 1.0 envelope in its JSON (structured) form.
//!
//! A plain serde type rather than the `cloudevents-sdk` crate: Feira only needs
//! the structured JSON mode, and the envelope is a handful of attributes.

use kit::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// The CloudEvents version Feira emits.
pub const SPEC_VERSION: &str = "1.0";

/// One event: what happened (`type`), to what (`subject`), by whom (`source`),
/// when, and the data. `id` is unique per event; consumers deduplicate by it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Event {
    pub specversion: String,
    /// UUIDv7.
    pub id: String,
    /// Such as `order.placed`; also the routing key on the broker.
    #[serde(rename = "type")]
    pub kind: String,
    /// The emitting service, such as `/feira/orders`.
    pub source: String,
    /// The entity the event is about, such as the order id.
    pub subject: String,
    pub time: Timestamp,
    pub datacontenttype: String,
    #[schema(value_type = Object)]
    pub data: Value,
    /// W3C trace context of the request that caused the event, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traceparent: Option<String>,
}

impl Event {
    /// A new event with a fresh id, the current time and JSON data.
    pub fn new(kind: &str, source: &str, subject: &str, data: Value) -> Self {
        Self {
            specversion: SPEC_VERSION.to_owned(),
            id: uuid::Uuid::now_v7().to_string(),
            kind: kind.to_owned(),
            source: source.to_owned(),
            subject: subject.to_owned(),
            time: Timestamp::now(),
            datacontenttype: "application/json".to_owned(),
            data,
            // The request (or consume) span this event comes from, when traced.
            traceparent: kit::telemetry::current_traceparent(),
        }
    }

    /// Sets the event time (events emitted with a change carry the change's time).
    pub fn at(mut self, time: Timestamp) -> Self {
        self.time = time;
        self
    }

    /// Sets the trace context.
    pub fn with_traceparent(mut self, traceparent: Option<String>) -> Self {
        self.traceparent = traceparent;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_with_the_cloudevents_attribute_names() {
        let event = Event::new(
            "order.placed",
            "/feira/orders",
            "o-1",
            serde_json::json!({"a": 1}),
        );
        let json = serde_json::to_value(&event).unwrap();
        for key in [
            "specversion",
            "id",
            "type",
            "source",
            "subject",
            "time",
            "datacontenttype",
            "data",
        ] {
            assert!(json.get(key).is_some(), "{key} missing");
        }
        assert_eq!(json["specversion"], "1.0");
        assert!(json.get("traceparent").is_none());
        let back: Event = serde_json::from_value(json).unwrap();
        assert_eq!(back, event);
    }
}
