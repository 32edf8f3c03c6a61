//! Two-factor sign-in with an authenticator app (ADR 0042): enrol (a key
//! shown as a QR code), confirm with a first code (which hands out ten
//! recovery codes), the code step of a login, and turning it off with the
//! password and a code. Turning it on or off emails the account's owner.

use super::links::{kinds, notice};
use super::sessions::TokenPair;
use super::{LocalAccounts, Result, ServiceError};
use crate::domain::links::{self, IssuedLink, LinkRecord, LinkRefusal, Purpose};
use crate::domain::sessions::Device;
use crate::domain::two_factor::{self, TotpKey, TwoFactorRecord};
use crate::domain::{User, UserId};
use crate::store::{AccountChange, EnableTwoFactor};
use kit::{FieldError, Timestamp};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// Where two-factor codes read the time: the system clock, or a test's.
pub type TotpClock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// The system clock, in seconds since 1970.
pub fn system_clock() -> TotpClock {
    Arc::new(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    })
}

/// The name authenticator apps show above the account's codes.
pub const ISSUER_NAME: &str = "Feira";

/// `GET /me/two-factor`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TwoFactorStatus {
    /// Whether login asks for a code after the password.
    pub enabled: bool,
    /// When it was turned on.
    pub enabled_at: Option<Timestamp>,
    /// Unused recovery codes (zero while off).
    pub recovery_codes_left: u64,
}

/// A started enrolment: what the authenticator app needs.
#[derive(Serialize, ToSchema)]
pub struct Enrolment {
    /// The key, base32, for typing in by hand.
    pub secret: String,
    /// The `otpauth://totp/...` URI the QR code holds.
    pub otpauth_uri: String,
    /// The QR code of `otpauth_uri`, an SVG document.
    pub qr_svg: String,
}

impl std::fmt::Debug for Enrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Enrolment { .. }")
    }
}

/// Two-factor turned on: recovery codes, shown this once.
#[derive(Serialize, ToSchema)]
pub struct RecoveryCodes {
    /// Ten codes of the form `xxxxx-xxxxx`, each usable once instead of an
    /// app's code.
    pub recovery_codes: Vec<String>,
}

/// A login whose password was right but that still owes a code.
#[derive(Serialize, ToSchema)]
pub struct TwoFactorChallenge {
    /// Single use; send it with the code to `POST /login/two-factor`. Not a
    /// session: it opens nothing else.
    pub challenge: String,
    /// Seconds it stays usable.
    pub expires_in: u64,
    /// What may answer it: `totp` (the app's code) and `recovery_code`.
    pub methods: Vec<&'static str>,
}

impl std::fmt::Debug for TwoFactorChallenge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TwoFactorChallenge { .. }")
    }
}

impl LocalAccounts {
    /// Reads the time two-factor codes are checked against from `clock`
    /// (tests move it; everything else keeps the system clock).
    pub fn with_totp_clock(mut self, clock: TotpClock) -> Self {
        self.totp_clock = clock;
        self
    }

    /// The caller's account: `AccountGone` if it was removed, `Disabled` if
    /// it is disabled.
    pub(super) async fn account(&self, user_id: UserId) -> Result<User> {
        let user = self
            .users
            .by_id(user_id)
            .await?
            .ok_or(ServiceError::AccountGone)?;
        if user.disabled_at.is_some() {
            return Err(ServiceError::Disabled);
        }
        Ok(user)
    }

    async fn enabled(&self, user_id: UserId) -> Result<Option<TwoFactorRecord>> {
        Ok(self
            .two_factor
            .two_factor(user_id)
            .await?
            .filter(|r| r.enabled_at.is_some()))
    }

    /// Whether two-factor is on, and how many recovery codes are left.
    pub async fn two_factor_status(&self, user_id: UserId) -> Result<TwoFactorStatus> {
        let record = self.enabled(user_id).await?;
        let left = match record {
            Some(_) => self.two_factor.recovery_codes_left(user_id).await?,
            None => 0,
        };
        Ok(TwoFactorStatus {
            enabled: record.is_some(),
            enabled_at: record.and_then(|r| r.enabled_at),
            recovery_codes_left: left,
        })
    }

    /// Starts enrolment with a new key (replacing one shown before and not
    /// confirmed); `TwoFactorEnabled` when it is on already.
    pub async fn begin_two_factor(&self, user_id: UserId) -> Result<Enrolment> {
        let user = self.account(user_id).await?;
        let record = TwoFactorRecord {
            user_id,
            key: TotpKey::generate(),
            created_at: Timestamp::now(),
            enabled_at: None,
            last_step: None,
        };
        if !self.two_factor.begin_two_factor(&record).await? {
            return Err(ServiceError::TwoFactorEnabled);
        }
        let uri = record.key.otpauth_uri(ISSUER_NAME, user.email.as_str());
        tracing::info!(user = %user_id, "two-factor enrolment started");
        Ok(Enrolment {
            secret: record.key.base32(),
            qr_svg: two_factor::qr_svg(&uri),
            otpauth_uri: uri,
        })
    }

    /// Turns two-factor on with a code from the app just set up, and hands
    /// out the recovery codes. `TwoFactorNotPending` without an enrolment
    /// (or when it is on already); a wrong code is refused on `code`.
    pub async fn confirm_two_factor(&self, user_id: UserId, code: &str) -> Result<RecoveryCodes> {
        let user = self.account(user_id).await?;
        let record = self
            .two_factor
            .two_factor(user_id)
            .await?
            .filter(|r| r.enabled_at.is_none())
            .ok_or(ServiceError::TwoFactorNotPending)?;
        let step = record
            .key
            .accepts(code, (self.totp_clock)(), None)
            .ok_or(ServiceError::BadCode)?;
        let (codes, hashes) = two_factor::recovery_codes();
        let now = Timestamp::now();
        let mut change = AccountChange::at(now);
        change.enable_two_factor = Some(EnableTwoFactor {
            user_id,
            step,
            recovery_codes: &hashes,
        });
        change
            .events
            .push(notice(kinds::TWO_FACTOR_ENABLED, &user, now));
        self.commit(change).await.map_err(|e| match e {
            ServiceError::VersionConflict => ServiceError::TwoFactorNotPending,
            e => e,
        })?;
        tracing::info!(user = %user_id, "two-factor enabled");
        Ok(RecoveryCodes {
            recovery_codes: codes,
        })
    }

    /// Turns two-factor off: needs the password and a current code (or a
    /// recovery code). `TwoFactorNotPending` when it is off.
    pub async fn disable_two_factor(
        &self,
        user_id: UserId,
        password: SecretString,
        code: &str,
    ) -> Result<()> {
        let user = self.account(user_id).await?;
        let record = self
            .enabled(user_id)
            .await?
            .ok_or(ServiceError::TwoFactorNotPending)?;
        let stored = user.password_hash.clone();
        if !self
            .blocking(move |h| h.verify(&password, Some(&stored)))
            .await?
        {
            return Err(ServiceError::Validation(vec![FieldError::new(
                "password",
                "is not your current password",
            )]));
        }
        self.redeem_code(&record, code).await?;
        let now = Timestamp::now();
        let mut change = AccountChange::at(now);
        change.disable_two_factor = Some(user_id);
        change
            .events
            .push(notice(kinds::TWO_FACTOR_DISABLED, &user, now));
        self.commit(change).await?;
        tracing::info!(user = %user_id, "two-factor disabled");
        Ok(())
    }

    /// Uses `code` up: an app code of a step not used before, or one of the
    /// unused recovery codes. Refused on `code` otherwise.
    async fn redeem_code(&self, record: &TwoFactorRecord, code: &str) -> Result<()> {
        let used = if two_factor::is_recovery_code(code) {
            let used = self
                .two_factor
                .use_recovery_code(
                    record.user_id,
                    &two_factor::recovery_hash(code),
                    Timestamp::now(),
                )
                .await?;
            if used {
                tracing::info!(user = %record.user_id, "recovery code used");
            }
            used
        } else {
            match record
                .key
                .accepts(code, (self.totp_clock)(), record.last_step)
            {
                // The store checks the step again, atomically: two requests
                // with one code cannot both pass.
                Some(step) => self.two_factor.accept_step(record.user_id, step).await?,
                None => false,
            }
        };
        if used {
            Ok(())
        } else {
            Err(ServiceError::BadCode)
        }
    }

    /// The login's answer when two-factor is on: a challenge instead of
    /// tokens; `None` when it is off.
    pub(super) async fn challenge(&self, user: &User) -> Result<Option<TwoFactorChallenge>> {
        if self.enabled(user.id).await?.is_none() {
            return Ok(None);
        }
        let now = Timestamp::now();
        let lifetime = Purpose::SignIn.lifetime();
        let link = IssuedLink::new(Purpose::SignIn, user.id, user.email.as_str(), now, lifetime);
        let mut change = AccountChange::at(now);
        change.link = Some(&link.record);
        self.commit(change).await?;
        Ok(Some(TwoFactorChallenge {
            challenge: link.secret.expose_secret().to_owned(),
            expires_in: lifetime.as_secs(),
            methods: vec!["totp", "recovery_code"],
        }))
    }

    /// The account a login challenge belongs to, if it can still be
    /// answered (so code attempts can be limited per account).
    pub async fn challenged(&self, challenge: &str) -> Result<UserId> {
        Ok(self
            .open_challenge(challenge, Timestamp::now())
            .await?
            .user_id)
    }

    /// The stored challenge, if it can be answered at `now`.
    async fn open_challenge(&self, challenge: &str, now: Timestamp) -> Result<LinkRecord> {
        let record = self
            .links
            .link(&links::hash_of(challenge))
            .await?
            .ok_or(ServiceError::Challenge(LinkRefusal::Unknown))?;
        record
            .check(Purpose::SignIn, now)
            .map_err(ServiceError::Challenge)?;
        Ok(record)
    }

    /// Finishes a login with the challenge and a code: tokens, as a login
    /// without two-factor gives. The challenge works once.
    pub async fn finish_login(
        &self,
        challenge: &str,
        code: &str,
        device: &Device,
    ) -> Result<TokenPair> {
        let now = Timestamp::now();
        let record = self.open_challenge(challenge, now).await?;
        let user = self.account(record.user_id).await?;
        let Some(set_up) = self.enabled(user.id).await? else {
            // Turned off since the password step: the challenge is moot.
            return Err(ServiceError::Challenge(LinkRefusal::Unknown));
        };
        self.redeem_code(&set_up, code).await?;
        let mut change = AccountChange::at(now);
        change.redeem = Some(&record);
        self.commit(change).await.map_err(|e| match e {
            ServiceError::Link(r) => ServiceError::Challenge(r),
            e => e,
        })?;
        self.issue(&user, device).await
    }
}
