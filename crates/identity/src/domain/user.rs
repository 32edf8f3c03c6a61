//! Accounts: the user, their roles, and the profile they edit themselves.

use super::email::Email;
use kit::{FieldError, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A role a user holds. Every account is a customer; admins also hold `admin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Customer,
    Admin,
}

impl Role {
    /// The name carried in tokens.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Admin => kit::auth::ADMIN_ROLE,
        }
    }
}

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
    pub postal_code: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    /// Exactly one address is the default while any exist.
    pub is_default: bool,
}

/// The fields of an address a user sends; on update, absent fields stay.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressInput {
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub recipient: Option<String>,
    #[serde(default)]
    pub line1: Option<String>,
    #[serde(default)]
    pub line2: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub postal_code: Option<String>,
    #[serde(default)]
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

/// An account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    pub email: Email,
    pub name: String,
    /// PHC-format argon2id hash.
    pub password_hash: String,
    pub roles: Vec<Role>,
    pub profile: Profile,
    /// Set while the account is disabled.
    pub disabled_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Bumped by every change; updates are guarded by it.
    pub version: i64,
}

/// Longest name accepted.
pub const MAX_NAME: usize = 100;
const MAX_ADDRESSES: usize = 20;

impl User {
    /// A new customer account.
    pub fn new(email: Email, name: String, password_hash: String, now: Timestamp) -> Self {
        Self {
            id: Uuid::now_v7(),
            email,
            name,
            password_hash,
            roles: vec![Role::Customer],
            profile: Profile::default(),
            disabled_at: None,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

    /// Whether the user holds `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Grants or revokes `admin`; `customer` always stays.
    pub fn set_admin(&mut self, admin: bool) {
        self.roles.retain(|r| *r != Role::Admin);
        if admin {
            self.roles.push(Role::Admin);
        }
    }

    /// Role names as tokens carry them.
    pub fn role_names(&self) -> Vec<String> {
        self.roles.iter().map(|r| r.as_str().to_owned()).collect()
    }

    /// Adds an address; the first one, or one marked so, becomes the default.
    pub fn add_address(&mut self, input: AddressInput) -> Result<Uuid, Vec<FieldError>> {
        if self.profile.addresses.len() >= MAX_ADDRESSES {
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
        let make_default = input.is_default.unwrap_or(false) || self.profile.addresses.is_empty();
        apply_address(&mut address, input)?;
        let id = address.id;
        self.profile.addresses.push(address);
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
        let address = self.profile.addresses.iter_mut().find(|a| a.id == id)?;
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
        let before = self.profile.addresses.len();
        self.profile.addresses.retain(|a| a.id != id);
        if self.profile.addresses.len() == before {
            return false;
        }
        if !self.profile.addresses.iter().any(|a| a.is_default)
            && let Some(first) = self.profile.addresses.first_mut()
        {
            first.is_default = true;
        }
        true
    }

    fn set_default_address(&mut self, id: Uuid) {
        for a in &mut self.profile.addresses {
            a.is_default = a.id == id;
        }
    }
}

/// Validates a display name.
pub fn check_name(raw: &str, field: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(FieldError::new(field, "is required"));
    }
    if name.chars().count() > MAX_NAME {
        return Err(FieldError::new(
            field,
            format!("must be at most {MAX_NAME} characters"),
        ));
    }
    Ok(name.to_owned())
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

fn apply_address(address: &mut Address, input: AddressInput) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut required = |value: Option<String>, current: &mut String, field: &str, max: usize| {
        if let Some(v) = value {
            *current = v.trim().to_owned();
        }
        if current.is_empty() {
            errors.push(FieldError::new(field, "is required"));
        } else if current.chars().count() > max {
            errors.push(FieldError::new(
                field,
                format!("must be at most {max} characters"),
            ));
        }
    };
    required(input.recipient, &mut address.recipient, "recipient", 100);
    required(input.line1, &mut address.line1, "line1", 200);
    required(input.city, &mut address.city, "city", 100);
    required(
        input.postal_code,
        &mut address.postal_code,
        "postal_code",
        20,
    );
    required(input.country, &mut address.country, "country", 100);
    let optional = |value: Option<String>, current: &mut Option<String>| {
        if let Some(v) = value {
            let v = v.trim().to_owned();
            *current = (!v.is_empty()).then_some(v);
        }
    };
    optional(input.label, &mut address.label);
    optional(input.line2, &mut address.line2);
    optional(input.region, &mut address.region);
    address.country = address.country.to_ascii_uppercase();
    if !address.country.is_empty()
        && (address.country.len() != 2 || !address.country.chars().all(|c| c.is_ascii_uppercase()))
    {
        errors.push(FieldError::new(
            "country",
            "must be a two-letter ISO 3166-1 code, such as PT",
        ));
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

    fn user() -> User {
        User::new(
            Email::parse("a@example.com", "email").unwrap(),
            "Ana".into(),
            "hash".into(),
            Timestamp::now(),
        )
    }

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
        let mut u = user();
        let first = u.add_address(home()).unwrap();
        let second = u.add_address(home()).unwrap();
        assert!(u.profile.addresses[0].is_default);
        assert_eq!(u.profile.addresses[0].country, "PT");
        u.edit_address(
            second,
            AddressInput {
                is_default: Some(true),
                ..Default::default()
            },
        )
        .unwrap()
        .unwrap();
        assert!(!u.profile.addresses[0].is_default && u.profile.addresses[1].is_default);
        assert!(u.remove_address(second));
        assert!(
            u.profile
                .addresses
                .iter()
                .any(|a| a.id == first && a.is_default)
        );
        assert!(!u.remove_address(second));
    }

    #[test]
    fn address_errors_name_every_field() {
        let mut u = user();
        let errors = u
            .add_address(AddressInput {
                country: Some("Portugal".into()),
                ..Default::default()
            })
            .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["recipient", "line1", "city", "postal_code", "country"]
        );
        assert!(u.profile.addresses.is_empty());
    }

    #[test]
    fn admin_is_granted_and_revoked_but_customer_stays() {
        let mut u = user();
        u.set_admin(true);
        u.set_admin(true);
        assert_eq!(u.role_names(), ["customer", "admin"]);
        u.set_admin(false);
        assert_eq!(u.role_names(), ["customer"]);
    }
}
