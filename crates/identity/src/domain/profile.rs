//! What a user edits about themselves: phone, notification preferences and
//! saved shipping addresses, with the rules each follows.

use kit::FieldError;
use kit::text::Text;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Which channels may carry notifications to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Preferences {
    pub email: bool,
    pub sms: bool,
    pub in_app: bool,
}

impl Default for Preferences {
    /// Email and in-app on; SMS is opt-in.
    fn default() -> Self {
        Self {
            email: true,
            sms: false,
            in_app: true,
        }
    }
}

/// A shipping address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Address {
    pub id: Uuid,
    /// A name for the address, such as "Home".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Who receives the parcel.
    pub recipient: String,
    pub line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    pub city: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// In the country's format, upper-case with single spaces; empty only
    /// for a country without postal codes.
    pub postal_code: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    /// Exactly one address is the default while any exist.
    pub is_default: bool,
}

/// The fields of an address a user sends; on update, absent fields stay.
///
/// Each is one line, trimmed and stored in Unicode NFC; control characters
/// and bidirectional or invisible formatting characters (such as U+202E)
/// are refused. Lengths count characters as sent.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressInput {
    /// A name for the address, such as "Home"; blank removes it.
    #[serde(default)]
    #[schema(max_length = 50)]
    pub label: Option<String>,
    /// Who receives the parcel: not blank.
    #[serde(default)]
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub recipient: Option<String>,
    /// Not blank.
    #[serde(default)]
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub line1: Option<String>,
    /// Blank removes it.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub line2: Option<String>,
    /// Not blank.
    #[serde(default)]
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub city: Option<String>,
    /// Blank removes it.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub region: Option<String>,
    /// In the country's format (`GET /api/orders/countries` lists each
    /// country's pattern and example); blank only for a country without
    /// postal codes. Stored upper-case with single spaces.
    #[serde(default)]
    #[schema(max_length = 20, example = "1100-048")]
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2, such as `PT` (any case; stored upper-case);
    /// unassigned codes such as `ZZ` are refused.
    #[serde(default)]
    #[schema(max_length = 100, example = "PT")]
    pub country: Option<String>,
    /// Make this the default address.
    #[serde(default)]
    pub is_default: Option<bool>,
}

/// What the user edits about themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// E.164, such as `+351912345678`.
    pub phone: Option<String>,
    pub addresses: Vec<Address>,
    pub preferences: Preferences,
}

const MAX_ADDRESSES: usize = 20;

impl Profile {
    /// Adds an address; the first one, or one marked so, becomes the default.
    pub fn add_address(&mut self, input: AddressInput) -> Result<Uuid, Vec<FieldError>> {
        if self.addresses.len() >= MAX_ADDRESSES {
            return Err(vec![FieldError::new(
                "addresses",
                format!("at most {MAX_ADDRESSES} addresses can be saved"),
            )]);
        }
        let mut address = Address {
            id: Uuid::now_v7(),
            label: None,
            recipient: String::new(),
            line1: String::new(),
            line2: None,
            city: String::new(),
            region: None,
            postal_code: String::new(),
            country: String::new(),
            is_default: false,
        };
        let make_default = input.is_default.unwrap_or(false) || self.addresses.is_empty();
        apply_address(&mut address, input)?;
        let id = address.id;
        self.addresses.push(address);
        if make_default {
            self.set_default_address(id);
        }
        Ok(id)
    }

    /// Edits an address; `None` when there is no such address.
    pub fn edit_address(
        &mut self,
        id: Uuid,
        input: AddressInput,
    ) -> Option<Result<(), Vec<FieldError>>> {
        let make_default = input.is_default == Some(true);
        let address = self.addresses.iter_mut().find(|a| a.id == id)?;
        let mut edited = address.clone();
        if let Err(e) = apply_address(&mut edited, input) {
            return Some(Err(e));
        }
        *address = edited;
        if make_default {
            self.set_default_address(id);
        }
        Some(Ok(()))
    }

    /// Removes an address; if it was the default, the first remaining one takes
    /// over. `false` when there is no such address.
    pub fn remove_address(&mut self, id: Uuid) -> bool {
        let before = self.addresses.len();
        self.addresses.retain(|a| a.id != id);
        if self.addresses.len() == before {
            return false;
        }
        if !self.addresses.iter().any(|a| a.is_default)
            && let Some(first) = self.addresses.first_mut()
        {
            first.is_default = true;
        }
        true
    }

    fn set_default_address(&mut self, id: Uuid) {
        for a in &mut self.addresses {
            a.is_default = a.id == id;
        }
    }
}

/// Validates an E.164 phone number: `+`, a non-zero digit, up to 15 digits in all.
/// Spaces, dashes and parentheses are tolerated and removed.
pub fn check_phone(raw: &str, field: &str) -> Result<String, FieldError> {
    let compact: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    let digits = compact.strip_prefix('+').unwrap_or("");
    let valid = (2..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0');
    if valid {
        Ok(compact)
    } else {
        Err(FieldError::new(
            field,
            "must be an international number in E.164 form, such as +351912345678",
        ))
    }
}

/// Longest recipient, city and country, in characters as sent.
const NAME_MAX: usize = 100;
/// Longest address line or region (as orders' shipping address has it).
const LINE_MAX: usize = 200;
/// Longest postal code.
const POSTAL_CODE_MAX: usize = 20;
/// Longest label, such as "Home".
const LABEL_MAX: usize = 50;

/// Sets the fields `input` gives, each through the kit's text rule (one
/// line, trimmed, NFC, no control or bidirectional formatting characters);
/// a required field that stays empty is named too.
fn apply_address(address: &mut Address, input: AddressInput) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut required =
        |value: Option<String>, current: &mut String, field: &str, max: usize| match value
            .map(|v| Text::line(max).parse(field, &v))
        {
            Some(Ok(v)) => *current = v,
            Some(Err(e)) => errors.push(e),
            None if current.is_empty() => errors.push(FieldError::new(field, "is required")),
            None => {}
        };
    required(
        input.recipient,
        &mut address.recipient,
        "recipient",
        NAME_MAX,
    );
    required(input.line1, &mut address.line1, "line1", LINE_MAX);
    required(input.city, &mut address.city, "city", NAME_MAX);
    // Blank is for a country without postal codes; the address rule judges it.
    let mut postal_refused = false;
    if let Some(postal) = input.postal_code {
        match Text::line(POSTAL_CODE_MAX)
            .optional()
            .parse("postal_code", &postal)
        {
            Ok(v) => address.postal_code = v,
            Err(e) => {
                postal_refused = true;
                errors.push(e);
            }
        }
    }
    let mut required =
        |value: Option<String>, current: &mut String, field: &str, max: usize| match value
            .map(|v| Text::line(max).parse(field, &v))
        {
            Some(Ok(v)) => *current = v,
            Some(Err(e)) => errors.push(e),
            None if current.is_empty() => errors.push(FieldError::new(field, "is required")),
            None => {}
        };
    required(input.country, &mut address.country, "country", NAME_MAX);
    let mut optional = |value: Option<String>, current: &mut Option<String>, field: &str, max| {
        if let Some(v) = value {
            match Text::line(max).parse_optional(field, &v) {
                Ok(v) => *current = v,
                Err(e) => errors.push(e),
            }
        }
    };
    optional(input.label, &mut address.label, "label", LABEL_MAX);
    optional(input.line2, &mut address.line2, "line2", LINE_MAX);
    optional(input.region, &mut address.region, "region", LINE_MAX);
    let country_refused = errors.iter().any(|e| e.field == "country");
    if !country_refused {
        match kit::address::check("", &address.country, &address.postal_code) {
            Ok(checked) => {
                address.country = checked.country.to_owned();
                address.postal_code = checked.postal_code;
            }
            Err(found) => errors.extend(
                found
                    .into_iter()
                    .filter(|e| !(postal_refused && e.field == "postal_code")),
            ),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home() -> AddressInput {
        AddressInput {
            recipient: Some("Ana".into()),
            line1: Some("Rua Augusta 1".into()),
            city: Some("Lisboa".into()),
            postal_code: Some("1100-048".into()),
            country: Some("pt".into()),
            ..AddressInput::default()
        }
    }

    #[test]
    fn phone_numbers_must_be_e164() {
        assert_eq!(
            check_phone("+351 912 345 678", "phone").unwrap(),
            "+351912345678"
        );
        for bad in [
            "912345678",
            "+0123",
            "+1",
            "+12345678901234567",
            "+35191234567x",
        ] {
            assert!(check_phone(bad, "phone").is_err(), "{bad}");
        }
    }

    #[test]
    fn the_first_address_is_the_default_and_removal_hands_it_on() {
        let mut profile = Profile::default();
        let first = profile.add_address(home()).unwrap();
        let second = profile.add_address(home()).unwrap();
        assert!(profile.addresses[0].is_default);
        assert_eq!(profile.addresses[0].country, "PT");
        profile
            .edit_address(
                second,
                AddressInput {
                    is_default: Some(true),
                    ..Default::default()
                },
            )
            .unwrap()
            .unwrap();
        assert!(!profile.addresses[0].is_default && profile.addresses[1].is_default);
        assert!(profile.remove_address(second));
        assert!(
            profile
                .addresses
                .iter()
                .any(|a| a.id == first && a.is_default)
        );
        assert!(!profile.remove_address(second));
    }

    #[test]
    fn address_errors_name_every_field() {
        let mut profile = Profile::default();
        let errors = profile
            .add_address(AddressInput {
                country: Some("Portugal".into()),
                ..Default::default()
            })
            .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["recipient", "line1", "city", "country"]);
        assert!(profile.addresses.is_empty());
    }

    #[test]
    fn postal_codes_follow_the_country() {
        let mut profile = Profile::default();
        let with = |postal: &str, country: &str| AddressInput {
            postal_code: Some(postal.into()),
            country: Some(country.into()),
            ..home()
        };
        let fields = |errors: Vec<FieldError>| -> Vec<String> {
            errors.into_iter().map(|e| e.field).collect()
        };
        assert_eq!(
            fields(profile.add_address(with("!!", "PT")).unwrap_err()),
            ["postal_code"]
        );
        assert_eq!(
            fields(profile.add_address(with("1100-048", "ZZ")).unwrap_err()),
            ["country"]
        );
        assert_eq!(
            fields(profile.add_address(with("", "PT")).unwrap_err()),
            ["postal_code"]
        );
        let id = profile.add_address(with(" sw1a 1aa", "gb")).unwrap();
        assert_eq!(
            (
                profile.addresses[0].postal_code.as_str(),
                profile.addresses[0].country.as_str()
            ),
            ("SW1A 1AA", "GB")
        );
        // Moving the address to another country checks its postal code again.
        let moved = AddressInput {
            country: Some("PT".into()),
            ..AddressInput::default()
        };
        assert_eq!(
            fields(profile.edit_address(id, moved).unwrap().unwrap_err()),
            ["postal_code"]
        );
        assert_eq!(profile.addresses[0].country, "GB", "nothing changed");
        profile.add_address(with("", "AE")).unwrap();
    }
}
