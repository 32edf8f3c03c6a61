//! Accounts: the user, their id and their roles. What they edit about
//! themselves is in `profile`.

use super::email::Email;
use super::profile::Profile;
use kit::text::Text;
use kit::{FieldError, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// An account's id: a UUIDv7, so ids sort by creation. Tokens carry it as `sub`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(Uuid);

impl UserId {
    /// A fresh id for a new account.
    pub fn generate() -> Self {
        Self(Uuid::now_v7())
    }

    /// Reads an id from its text form (a token's `sub`, a stored column).
    pub fn parse(text: &str) -> Result<Self, uuid::Error> {
        Uuid::parse_str(text).map(Self)
    }

    /// The UUID inside, for wire types that carry it as one.
    pub fn as_uuid(self) -> Uuid {
        self.0
    }
}

impl From<Uuid> for UserId {
    fn from(id: Uuid) -> Self {
        Self(id)
    }
}

impl std::str::FromStr for UserId {
    type Err = uuid::Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl std::fmt::Display for UserId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

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

/// An account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub name: String,
    /// PHC-format argon2id hash.
    pub password_hash: String,
    pub roles: Vec<Role>,
    pub profile: Profile,
    /// Set while the account is disabled.
    pub disabled_at: Option<Timestamp>,
    /// When the current email was proven by a link sent to it; `None` until
    /// then (ADR 0041).
    pub email_verified_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Bumped by every change; updates are guarded by it.
    pub version: i64,
}

/// Longest name accepted.
pub const MAX_NAME: usize = 100;

impl User {
    /// A new customer account.
    pub fn new(email: Email, name: String, password_hash: String, now: Timestamp) -> Self {
        Self {
            id: UserId::generate(),
            email,
            name,
            password_hash,
            roles: vec![Role::Customer],
            profile: Profile::default(),
            disabled_at: None,
            email_verified_at: None,
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
}

/// Validates a display name: one line, trimmed and in NFC, not blank, at
/// most [`MAX_NAME`] characters as sent, no control or bidirectional
/// formatting characters (the kit's text rule).
pub fn check_name(raw: &str, field: &str) -> Result<String, FieldError> {
    Text::line(MAX_NAME).parse(field, raw)
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

    #[test]
    fn admin_is_granted_and_revoked_but_customer_stays() {
        let mut u = user();
        u.set_admin(true);
        u.set_admin(true);
        assert_eq!(u.role_names(), ["customer", "admin"]);
        u.set_admin(false);
        assert_eq!(u.role_names(), ["customer"]);
    }

    #[test]
    fn user_ids_read_back_what_they_print() {
        let id = UserId::generate();
        assert_eq!(UserId::parse(&id.to_string()).unwrap(), id);
        assert_eq!(id.to_string().parse::<UserId>().unwrap(), id);
        assert!(UserId::parse("not-a-uuid").is_err());
    }
}
