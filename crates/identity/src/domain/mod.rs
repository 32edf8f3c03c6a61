//! Identity's types and rules; no I/O except reading the key folder.

pub mod email;
pub mod keys;
pub mod password;
pub mod tokens;
pub mod user;

pub use email::Email;
pub use user::{Address, AddressInput, Preferences, Profile, Role, User};
