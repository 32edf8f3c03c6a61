//! Idempotency keys for checkout: the same key with the same body returns the
//! first result; the same key with a different body is refused (422). The body
//! is compared by a fingerprint of its canonical JSON, so key order and spacing
//! do not matter.

use serde_json::Value;

/// Longest accepted `Idempotency-Key` header value.
pub const MAX_KEY_LENGTH: usize = 255;

/// Checks an `Idempotency-Key` header value: 1 to 255 visible ASCII characters.
pub fn check_key(raw: &str) -> Result<&str, &'static str> {
    let key = raw.trim();
    if key.is_empty() {
        Err("must not be empty")
    } else if key.len() > MAX_KEY_LENGTH {
        Err("must be at most 255 characters")
    } else if !key.chars().all(|c| c.is_ascii_graphic()) {
        Err("must be visible ASCII characters")
    } else {
        Ok(key)
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
        assert_eq!(check_key("  abc-123 "), Ok("abc-123"));
        assert!(check_key("").is_err());
        assert!(check_key("with space").is_err());
        assert!(check_key(&"k".repeat(256)).is_err());
    }
}
