//! The single-use links identity emails: verify an address, reset a
//! password, confirm a new address. The secret goes out once, in the email;
//! the store keeps only its SHA-256 ([`TokenHash`]), with what it is for, the
//! address it proves and when it stops working. A login's two-factor
//! challenge is kept the same way: a single-use secret that is not emailed.

use super::tokens::{TokenHash, random_secret};
use super::user::UserId;
use kit::Timestamp;
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

/// Prefix of every link secret, so secret scanners can recognise a leaked one.
pub const LINK_PREFIX: &str = "feira_lt_";
/// Prefix of a login's two-factor challenge.
pub const CHALLENGE_PREFIX: &str = "feira_mfa_";

/// What a link does when followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Marks the address verified.
    VerifyEmail,
    /// Sets a new password and ends every session.
    ResetPassword,
    /// Moves the account to the address the link was sent to.
    ChangeEmail,
    /// Finishes a login whose password was right with a second-factor code
    /// (the challenge login answers with; never emailed).
    SignIn,
}

impl Purpose {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::ResetPassword => "reset_password",
            Purpose::ChangeEmail => "change_email",
            Purpose::SignIn => "sign_in",
        }
    }

    /// The purpose of a stored name.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Purpose::VerifyEmail,
            Purpose::ResetPassword,
            Purpose::ChangeEmail,
            Purpose::SignIn,
        ]
        .into_iter()
        .find(|p| p.as_str() == text)
    }

    /// How long a link works: a day to verify an address (the email may be
    /// read tomorrow), 30 minutes to reset a password (OWASP: short, as the
    /// link is as good as the password), and five minutes to type a login's
    /// code.
    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::VerifyEmail | Purpose::ChangeEmail => Duration::from_secs(24 * 3600),
            Purpose::ResetPassword => Duration::from_secs(30 * 60),
            Purpose::SignIn => Duration::from_secs(5 * 60),
        }
    }

    /// The secret's prefix.
    pub fn prefix(self) -> &'static str {
        match self {
            Purpose::SignIn => CHALLENGE_PREFIX,
            _ => LINK_PREFIX,
        }
    }
}

/// What the store keeps of a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRecord {
    pub token_hash: TokenHash,
    pub purpose: Purpose,
    pub user_id: UserId,
    /// The address the link proves: where it was sent.
    pub email: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    /// Set once followed (or when a later link of the same purpose was followed).
    pub used_at: Option<Timestamp>,
}

/// Why a presented link is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRefusal {
    /// Not a link we sent, or one for something else.
    Unknown,
    /// Past its lifetime.
    Expired,
    /// Already followed once.
    Used,
}

impl LinkRecord {
    /// Whether the link may be followed now for `purpose`.
    pub fn check(&self, purpose: Purpose, now: Timestamp) -> Result<(), LinkRefusal> {
        if self.purpose != purpose {
            Err(LinkRefusal::Unknown)
        } else if self.used_at.is_some() {
            Err(LinkRefusal::Used)
        } else if self.expires_at <= now {
            Err(LinkRefusal::Expired)
        } else {
            Ok(())
        }
    }
}

/// A new link: the secret for the email, the record for the store.
pub struct IssuedLink {
    pub secret: SecretString,
    pub record: LinkRecord,
}

impl IssuedLink {
    /// A link for `purpose` of `user_id`, sent to `email`, valid from `now`
    /// for `lifetime`.
    pub fn new(
        purpose: Purpose,
        user_id: UserId,
        email: &str,
        now: Timestamp,
        lifetime: Duration,
    ) -> Self {
        let secret = SecretString::from(random_secret(purpose.prefix()));
        let record = LinkRecord {
            token_hash: TokenHash::of(secret.expose_secret()),
            purpose,
            user_id,
            email: email.to_owned(),
            created_at: now,
            expires_at: now.plus(lifetime),
            used_at: None,
        };
        Self { secret, record }
    }
}

/// The stored form of a secret someone presents.
pub fn hash_of(secret: &str) -> TokenHash {
    TokenHash::of(secret.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_keeps_only_its_hash_and_works_once_within_its_lifetime() {
        let now = Timestamp::now();
        let link = IssuedLink::new(
            Purpose::ResetPassword,
            UserId::generate(),
            "ana@example.com",
            now,
            Purpose::ResetPassword.lifetime(),
        );
        let secret = link.secret.expose_secret();
        assert!(secret.starts_with(LINK_PREFIX));
        assert_eq!(hash_of(secret), link.record.token_hash);
        assert!(!link.record.token_hash.as_str().contains(secret));
        let mut record = link.record;
        assert_eq!(record.check(Purpose::ResetPassword, now), Ok(()));
        assert_eq!(
            record.check(Purpose::VerifyEmail, now),
            Err(LinkRefusal::Unknown)
        );
        let later = now.plus(Duration::from_secs(30 * 60));
        assert_eq!(
            record.check(Purpose::ResetPassword, later),
            Err(LinkRefusal::Expired)
        );
        record.used_at = Some(now);
        assert_eq!(
            record.check(Purpose::ResetPassword, now),
            Err(LinkRefusal::Used)
        );
    }

    #[test]
    fn purposes_round_trip_their_stored_names() {
        for p in [
            Purpose::VerifyEmail,
            Purpose::ResetPassword,
            Purpose::ChangeEmail,
            Purpose::SignIn,
        ] {
            assert_eq!(Purpose::parse(p.as_str()), Some(p));
        }
        assert_eq!(Purpose::parse("other"), None);
    }
}
