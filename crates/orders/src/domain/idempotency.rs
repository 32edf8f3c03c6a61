//! Idempotency keys for checkout: the same key with the same body returns the
//! first result; the same key with a different body is refused (422). The body
//! is compared by a fingerprint of its canonical JSON, so key order and spacing
//! do not matter.

use serde_json::Value;

/// Longest accepted `Idempotency-Key` header value.
pub const MAX_KEY_LENGTH: usize = 255;

/// An `Idempotency-Key` header value: 1 to 255 visible ASCII characters,
/// surrounding whitespace removed. Keys are per user.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

/// Why a header value is not an idempotency key; the message completes
/// "Idempotency-Key …".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("is required: send a new unique value for each checkout attempt")]
    Missing,
    #[error("must not be empty")]
    Empty,
    #[error("must be at most 255 characters")]
    TooLong,
    #[error("must be visible ASCII characters")]
    NotVisibleAscii,
}

impl IdempotencyKey {
    /// `raw` trimmed, if it is 1 to 255 visible ASCII characters.
    pub fn parse(raw: &str) -> Result<Self, KeyError> {
        let key = raw.trim();
        if key.is_empty() {
            Err(KeyError::Empty)
        } else if key.len() > MAX_KEY_LENGTH {
            Err(KeyError::TooLong)
        } else if !key.chars().all(|c| c.is_ascii_graphic()) {
            Err(KeyError::NotVisibleAscii)
        } else {
            Ok(Self(key.to_owned()))
        }
    }

    /// The key as the client sent it, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// SHA-256 (hex) of `body` in canonical form: object keys sorted at every
/// level, no insignificant whitespace.
pub fn fingerprint(body: &Value) -> String {
    let mut canonical = String::new();
    write_canonical(body, &mut canonical);
    let digest = ring::digest::digest(&ring::digest::SHA256, canonical.as_bytes());
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_order_and_spacing_do_not_change_the_fingerprint() {
        let a: Value =
            serde_json::from_str(r#"{"card":"4242","address":{"city":"Lisboa","line1":"R. 1"}}"#)
                .unwrap();
        let b: Value = serde_json::from_str(
            r#"{ "address": { "line1": "R. 1", "city": "Lisboa" }, "card": "4242" }"#,
        )
        .unwrap();
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_eq!(fingerprint(&a).len(), 64);
    }

    #[test]
    fn any_change_of_value_or_array_order_changes_it() {
        let base = json!({"items": [1, 2], "card": "4242"});
        assert_ne!(
            fingerprint(&base),
            fingerprint(&json!({"items": [2, 1], "card": "4242"}))
        );
        assert_ne!(
            fingerprint(&base),
            fingerprint(&json!({"items": [1, 2], "card": "4000"}))
        );
        assert_ne!(
            fingerprint(&json!({"a": "1"})),
            fingerprint(&json!({"a": 1}))
        );
    }

    #[test]
    fn keys_are_checked() {
        assert_eq!(
            IdempotencyKey::parse("  abc-123 ")
                .as_ref()
                .map(IdempotencyKey::as_str),
            Ok("abc-123")
        );
        assert!(IdempotencyKey::parse("").is_err());
        assert!(IdempotencyKey::parse("with space").is_err());
        assert!(IdempotencyKey::parse(&"k".repeat(256)).is_err());
    }
}
