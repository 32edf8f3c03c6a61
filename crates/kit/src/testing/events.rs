//! Events as `docs/events.md` documents them: its examples, and a check
//! that an emitted event has exactly their fields and JSON types.

use serde_json::Value;
use std::collections::BTreeMap;

/// The documented example of each event type in `doc` (docs/events.md):
/// every `### type` section's first JSON block.
pub fn documented_events(doc: &str) -> BTreeMap<String, Value> {
    let mut examples = BTreeMap::new();
    let mut sections = doc.split("\n### ").skip(1);
    for section in sections.by_ref() {
        let name = section.lines().next().unwrap().trim().to_owned();
        let json = section
            .split("```json\n")
            .nth(1)
            .unwrap()
            .split("\n```")
            .next()
            .unwrap();
        examples.insert(name, serde_json::from_str(json).unwrap());
    }
    examples
}

/// Asserts `actual` has the fields and JSON types of `example`, recursively
/// (arrays: every element like the example's first).
pub fn same_shape(path: &str, example: &Value, actual: &Value) {
    match (example, actual) {
        (Value::Object(e), Value::Object(a)) => {
            let expected: Vec<_> = e.keys().collect();
            let got: Vec<_> = a.keys().collect();
            assert_eq!(got, expected, "fields of {path}");
            for (key, value) in e {
                same_shape(&format!("{path}.{key}"), value, &a[key]);
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            assert!(!a.is_empty(), "{path} is empty");
            for item in a {
                same_shape(&format!("{path}[]"), &e[0], item);
            }
        }
        (Value::String(_), Value::String(_))
        | (Value::Bool(_), Value::Bool(_))
        | (Value::Null, Value::Null) => {}
        (Value::Number(e), Value::Number(a)) => {
            assert_eq!(
                e.is_i64(),
                a.is_i64(),
                "{path} is an integer in one and not the other"
            );
        }
        _ => panic!("{path}: documented as {example}, emitted as {actual}"),
    }
}
