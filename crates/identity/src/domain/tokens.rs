//! Refresh tokens: opaque, stored hashed, rotated on every use, grouped in
//! families so that a reused token revokes everything issued from the same login.

use super::user::UserId;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kit::Timestamp;
use ring::rand::{SecureRandom, SystemRandom};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::time::Duration;
use uuid::Uuid;

/// Prefix of every refresh token, so secret scanners can recognise a leaked one.
pub const REFRESH_PREFIX: &str = "feira_rt_";

/// A refresh token as the client holds it (Feira's own, or a provider's): the
/// secret itself, redacted in `Debug` and never stored; only its [`TokenHash`]
/// is.
#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub struct RefreshToken(SecretString);

impl RefreshToken {
    /// The secret, for the one place that must send or hash it.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    /// The form the store keeps and looks tokens up by.
    pub fn hash(&self) -> TokenHash {
        TokenHash::of(self.expose_secret())
    }
}

impl From<String> for RefreshToken {
    fn from(secret: String) -> Self {
        Self(SecretString::from(secret))
    }
}

/// The stored form of a refresh token: SHA-256 of the secret, hex. A fast hash
/// is right here: the secret has 256 random bits, so there is nothing to
/// brute-force.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenHash(String);

impl TokenHash {
    pub(crate) fn of(secret: &str) -> Self {
        let digest = ring::digest::digest(&ring::digest::SHA256, secret.as_bytes());
        Self(digest.as_ref().iter().map(|b| format!("{b:02x}")).collect())
    }

    /// A hash read back from the store.
    pub fn from_stored(hex: String) -> Self {
        Self(hex)
    }

    /// The hex text, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The family of a refresh token: every token rotated from one login shares it,
/// so revoking the family ends that login's session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FamilyId(Uuid);

impl FamilyId {
    /// A new family, for a new login.
    pub fn generate() -> Self {
        Self(Uuid::now_v7())
    }
}

impl From<Uuid> for FamilyId {
    fn from(id: Uuid) -> Self {
        Self(id)
    }
}

impl std::fmt::Display for FamilyId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A new refresh token: the secret goes to the client once; only its hash is kept.
pub struct IssuedRefresh {
    pub secret: RefreshToken,
    pub record: RefreshRecord,
}

/// What the store keeps about a refresh token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshRecord {
    pub token_hash: TokenHash,
    /// Every token rotated from the same login shares the family id.
    pub family_id: FamilyId,
    pub user_id: UserId,
    pub issued_at: Timestamp,
    pub expires_at: Timestamp,
    /// Set when the token was exchanged for a new one.
    pub used_at: Option<Timestamp>,
    /// Set when its family was revoked (logout, reuse, account disabled).
    pub revoked_at: Option<Timestamp>,
}

/// Why a presented refresh token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a token we issued.
    Unknown,
    /// Past its lifetime.
    Expired,
    /// Its family was revoked.
    Revoked,
    /// Already exchanged once: someone replayed it, so the family is revoked.
    Reused,
}

impl RefreshRecord {
    /// Whether this token may be exchanged now.
    pub fn check(&self, now: Timestamp) -> Result<(), Refusal> {
        if self.revoked_at.is_some() {
            Err(Refusal::Revoked)
        } else if self.used_at.is_some() {
            Err(Refusal::Reused)
        } else if self.expires_at <= now {
            Err(Refusal::Expired)
        } else {
            Ok(())
        }
    }
}

/// `prefix` and 256 random bits, base64url: the secret of a refresh token
/// or an emailed link.
pub(crate) fn random_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    SystemRandom::new()
        .fill(&mut bytes)
        .expect("the system random source works");
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Mints a refresh token for `user_id` in `family_id` (a new family at login).
pub fn issue_refresh(
    user_id: UserId,
    family_id: FamilyId,
    now: Timestamp,
    lifetime: Duration,
) -> IssuedRefresh {
    let secret = RefreshToken::from(random_secret(REFRESH_PREFIX));
    let record = RefreshRecord {
        token_hash: secret.hash(),
        family_id,
        user_id,
        issued_at: now,
        expires_at: now.plus(lifetime),
        used_at: None,
        revoked_at: None,
    };
    IssuedRefresh { secret, record }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let now = Timestamp::now();
        let a = issue_refresh(
            UserId::generate(),
            FamilyId::generate(),
            now,
            Duration::from_secs(60),
        );
        let b = issue_refresh(
            UserId::generate(),
            FamilyId::generate(),
            now,
            Duration::from_secs(60),
        );
        assert_ne!(a.secret.expose_secret(), b.secret.expose_secret());
        assert!(a.secret.expose_secret().starts_with(REFRESH_PREFIX));
        assert_eq!(a.record.token_hash, a.secret.hash());
        assert_eq!(a.record.token_hash.as_str().len(), 64);
        assert!(
            !a.record
                .token_hash
                .as_str()
                .contains(a.secret.expose_secret())
        );
    }

    #[test]
    fn a_token_is_refused_when_revoked_used_or_expired() {
        let now = Timestamp::now();
        let mut r = issue_refresh(
            UserId::generate(),
            FamilyId::generate(),
            now,
            Duration::from_secs(60),
        )
        .record;
        assert_eq!(r.check(now), Ok(()));
        assert_eq!(
            r.check(now.plus(Duration::from_secs(61))),
            Err(Refusal::Expired)
        );
        r.used_at = Some(now);
        assert_eq!(r.check(now), Err(Refusal::Reused));
        r.revoked_at = Some(now);
        assert_eq!(r.check(now), Err(Refusal::Revoked));
    }

    #[test]
    fn the_secret_stays_out_of_debug_output() {
        let token = RefreshToken::from("feira_rt_secret".to_owned());
        assert!(!format!("{token:?}").contains("feira_rt_secret"));
    }
}
