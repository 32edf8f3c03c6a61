//! Free text from a query or a body that the store binds as plain text.
//! PostgreSQL refuses a NUL in text (the query fails, a 500) and no control
//! character is something a person typed, so such text is refused where it
//! is parsed, with a 400 or 422 naming the field, on every backend alike.

use kit::FieldError;

/// Checks that `value`, sent as `field`, is at most `max` characters and has
/// no control characters.
pub fn plain(field: &str, value: &str, max: usize) -> Result<(), FieldError> {
    if value.chars().count() > max {
        Err(FieldError::new(
            field,
            format!("must be at most {max} characters"),
        ))
    } else if value.chars().any(char::is_control) {
        Err(FieldError::new(
            field,
            "must not contain control characters",
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_long_text_are_refused_naming_the_field() {
        assert!(plain("customer", "0197a3c2-user", 255).is_ok());
        assert!(plain("customer", "", 255).is_ok());
        for bad in [
            "a\u{0}b",
            "\u{1b}[2J",
            "tab\there",
            "line\nbreak",
            "\u{7f}",
            "\u{9f}",
        ] {
            let error = plain("customer", bad, 255).unwrap_err();
            assert_eq!(error.field, "customer", "{bad:?}");
        }
        assert!(plain("customer", &"x".repeat(256), 255).is_err());
        assert!(plain("customer", &"é".repeat(255), 255).is_ok());
    }
}
