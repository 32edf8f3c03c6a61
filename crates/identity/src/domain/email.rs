//! Email addresses: validated, then normalised so uniqueness is case-insensitive.

use kit::FieldError;

/// A valid, normalised email address (trimmed, lower-cased).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Validates `raw` (RFC 5322 addr-spec as the `email_address` crate reads it,
    /// with a dotted domain) and normalises it. Errors name `field`.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(FieldError::new(field, "is required"));
        }
        if trimmed.len() > 254 {
            return Err(FieldError::new(field, "must be at most 254 characters"));
        }
        // An address may be internationalised; the kit's text rule still
        // keeps controls and bidirectional overrides out of it.
        let trimmed = kit::text::check(field, trimmed, kit::text::Lines::One)?;
        let parsed = trimmed
            .parse::<email_address::EmailAddress>()
            .map_err(|_| FieldError::new(field, "is not a valid email address"))?;
        // Dotless domains (`user@localhost`) are legal but never a customer's inbox.
        if !parsed.domain().contains('.') || parsed.domain().starts_with('[') {
            return Err(FieldError::new(field, "is not a valid email address"));
        }
        Ok(Self(trimmed.to_lowercase()))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Rebuilds an address already stored in normal form.
    pub fn from_stored(value: String) -> Self {
        Self(value)
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_space() {
        let e = Email::parse("  Ana.Silva@Example.COM ", "email").unwrap();
        assert_eq!(e.as_str(), "ana.silva@example.com");
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@localhost",
            "a b@example.com",
            "ana@@example.com",
        ] {
            let err = Email::parse(bad, "email").unwrap_err();
            assert_eq!(err.field, "email", "{bad}");
        }
    }
}
