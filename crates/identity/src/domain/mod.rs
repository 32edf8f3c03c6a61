//! Identity's types and rules; no I/O except reading the key folder.

pub mod clients;
pub mod email;
pub mod keys;
pub mod links;
pub mod password;
pub mod profile;
pub mod sessions;
pub mod tokens;
pub mod two_factor;
pub mod user;

pub use email::Email;
pub use profile::{Address, AddressInput, Preferences, Profile};
pub use tokens::{FamilyId, RefreshToken, TokenHash};
pub use user::{Role, User, UserId};
