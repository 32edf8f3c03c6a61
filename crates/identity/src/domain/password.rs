//! Password policy and hashing (argon2id with OWASP's recommended parameters).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use kit::FieldError;
use secrecy::{ExposeSecret, SecretString};

/// Shortest password accepted, in characters.
pub const MIN_LENGTH: usize = 10;
/// Longest password accepted, in characters: hashing cost must stay bounded.
pub const MAX_LENGTH: usize = 128;

const COMMON: &str = include_str!("common-passwords.txt");

/// Checks `password` against the policy: length, and not one of the bundled
/// common passwords (compared case-insensitively). The message says how to fix it.
pub fn check_policy(password: &str, field: &str) -> Result<(), FieldError> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(FieldError::new(
            field,
            format!("must be at least {MIN_LENGTH} characters long"),
        ));
    }
    if length > MAX_LENGTH {
        return Err(FieldError::new(
            field,
            format!("must be at most {MAX_LENGTH} characters long"),
        ));
    }
    let lowered = password.to_lowercase();
    if COMMON.lines().any(|common| common.trim() == lowered) {
        return Err(FieldError::new(
            field,
            "is one of the most common passwords; choose a less guessable one",
        ));
    }
    Ok(())
}

/// Hashes and verifies passwords with argon2id: 19 MiB of memory, 2 passes, one
/// lane (OWASP Password Storage Cheat Sheet). Verification reads the parameters
/// from the stored hash, so stronger settings later still accept old hashes.
#[derive(Clone)]
pub struct PasswordHasherArgon2 {
    argon2: Argon2<'static>,
    /// Verified against when the email is unknown, so both failures cost the same.
    dummy_hash: String,
}

impl std::fmt::Debug for PasswordHasherArgon2 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHasherArgon2")
    }
}

impl Default for PasswordHasherArgon2 {
    fn default() -> Self {
        Self::new()
    }
}

impl PasswordHasherArgon2 {
    /// A hasher with the OWASP parameters.
    pub fn new() -> Self {
        let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        let dummy_hash = argon2
            .hash_password(b"not-a-real-password", &salt)
            .expect("hash the dummy password")
            .to_string();
        Self { argon2, dummy_hash }
    }

    /// A PHC-format argon2id hash of `password` with a fresh random salt.
    pub fn hash(&self, password: &SecretString) -> anyhow::Result<String> {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        Ok(self
            .argon2
            .hash_password(password.expose_secret().as_bytes(), &salt)
            .map_err(|e| anyhow::anyhow!("hash a password: {e}"))?
            .to_string())
    }

    /// Whether `password` matches `stored`; with `None` (no such account) the same
    /// work is done against a dummy hash and the answer is always `false`.
    pub fn verify(&self, password: &SecretString, stored: Option<&str>) -> bool {
        let (hash, real) = match stored {
            Some(h) => (h, true),
            None => (self.dummy_hash.as_str(), false),
        };
        let Ok(parsed) = PasswordHash::new(hash) else {
            return false;
        };
        let matches = self
            .argon2
            .verify_password(password.expose_secret().as_bytes(), &parsed)
            .is_ok();
        matches && real
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_names_length_and_common_passwords() {
        assert!(
            check_policy("short", "password")
                .unwrap_err()
                .message
                .contains("10")
        );
        let common = check_policy("Password123", "password").unwrap_err();
        assert!(common.message.contains("common"), "{}", common.message);
        assert!(check_policy("correct horse battery", "password").is_ok());
        assert!(check_policy(&"x".repeat(129), "password").is_err());
    }

    #[test]
    fn hashes_verify_and_unknown_accounts_never_match() {
        let hasher = PasswordHasherArgon2::new();
        let pw = SecretString::from("a long enough passphrase");
        let hash = hasher.hash(&pw).unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(hasher.verify(&pw, Some(&hash)));
        assert!(!hasher.verify(&SecretString::from("wrong passphrase!"), Some(&hash)));
        assert!(!hasher.verify(&SecretString::from("not-a-real-password"), None));
    }
}
