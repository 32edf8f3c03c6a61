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

/// What an account is known by. Someone guessing its password tries these
/// first (NIST SP 800-63B: context-specific words, such as the username).
#[derive(Debug, Clone, Copy)]
pub struct Account<'a> {
    pub email: &'a str,
    pub name: &'a str,
}

/// Checks `password` against the policy (NIST SP 800-63B), naming `field`:
/// its length, at least one visible character, not one of the bundled
/// common passwords (compared case-insensitively) and not built from the
/// account's email address or name. The message says how to fix it.
pub fn check_policy(password: &str, field: &str, account: Account<'_>) -> Result<(), FieldError> {
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
    if password.chars().all(is_blank) {
        return Err(FieldError::new(
            field,
            "must contain characters other than spaces",
        ));
    }
    let lowered = password.to_lowercase();
    if is_common(&lowered) {
        return Err(FieldError::new(
            field,
            "is one of the most common passwords; choose a less guessable one",
        ));
    }
    if built_from(&lowered, account) {
        return Err(FieldError::new(
            field,
            "must not be built from your email address or name; add words of your own",
        ));
    }
    Ok(())
}

/// Spacing, control and invisible formatting characters: a password of only
/// these looks empty, and ten spaces are the first thing tried.
fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

fn is_common(lowered: &str) -> bool {
    COMMON.lines().any(|common| common.trim() == lowered)
}

/// Whether `lowered` is the account's email address, its local part or the
/// name (with or without its spaces and punctuation), plus too little of its
/// own: with each of those taken out, what is left is blank, shorter than
/// [`MIN_LENGTH`] or a common password. Someone who knows the account knows
/// those words, so only the rest is secret. A word that merely appears in a
/// long passphrase does not count, so `al@example.com` may still use
/// "a calm alpine lake at dawn".
fn built_from(lowered: &str, account: Account<'_>) -> bool {
    let email = account.email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or_default().to_owned();
    let name = account.name.trim().to_lowercase();
    let compact = |text: &str| -> String { text.chars().filter(|c| c.is_alphanumeric()).collect() };
    let mut words = vec![compact(&local), compact(&name), email, local, name];
    words.retain(|w| !w.is_empty());
    // Longest first, so the email goes before the local part inside it.
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let mut rest = lowered.to_owned();
    let mut found = false;
    for word in &words {
        if rest.contains(word.as_str()) {
            rest = rest.replace(word.as_str(), "");
            found = true;
        }
    }
    let rest = rest.trim();
    found && (rest.chars().count() < MIN_LENGTH || is_common(rest))
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

    const ANA: Account<'static> = Account {
        email: "ana.silva@example.com",
        name: "Ana Silva",
    };

    fn check(password: &str) -> Result<(), FieldError> {
        check_policy(password, "password", ANA)
    }

    #[test]
    fn policy_names_length_and_common_passwords() {
        assert!(check("short").unwrap_err().message.contains("10"));
        let common = check("Password123").unwrap_err();
        assert!(common.message.contains("common"), "{}", common.message);
        assert!(check("correct horse battery").is_ok());
        assert!(check(&"x".repeat(129)).is_err());
    }

    #[test]
    fn a_password_of_only_spaces_is_refused() {
        for blank in [
            " ".repeat(10),
            "\t".repeat(12),
            "\u{a0}".repeat(10),
            "\u{200b}".repeat(10),
            " \n \r ".repeat(3),
        ] {
            let error = check(&blank).unwrap_err();
            assert_eq!(error.field, "password");
            assert!(
                error.message.contains("spaces"),
                "{:?}: {}",
                blank,
                error.message
            );
        }
        assert!(check("  a passphrase with spaces  ").is_ok());
    }

    #[test]
    fn a_password_built_from_the_email_or_name_is_refused() {
        for built in [
            "ana.silva@example.com",
            "ANA.SILVA@EXAMPLE.COM",
            "ana.silva@example.com1",
            "ana.silva2024!",
            "AnaSilva-2024",
            "Ana Silva 1234",
            "anasilvaanasilva",
            "ana.silva@example.compassword123",
            "  ana silva  ana silva  ",
        ] {
            let error = check(built).unwrap_err();
            assert_eq!(error.field, "password");
            assert!(
                error.message.contains("email address or name"),
                "{built}: {}",
                error.message
            );
        }
        // A long passphrase of the user's own that happens to hold a name.
        assert!(check("ana silva walks the long coastal road").is_ok());
        assert!(check("a calm alpine lake at dawn").is_ok());
        let short_local = Account {
            email: "al@example.com",
            name: "A",
        };
        assert!(check_policy("a calm alpine lake at dawn", "password", short_local).is_ok());
        assert!(check_policy("al@example.com", "password", short_local).is_err());
        // The demo accounts' passwords hold their local parts and pass.
        let demo = Account {
            email: "admin@example.com",
            name: "Demo Admin",
        };
        assert!(check_policy("demo-admin-password", "password", demo).is_ok());
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
