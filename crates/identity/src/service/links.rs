//! The flows that prove an address by a link emailed to it (ADR 0041):
//! verifying the email after registering, resetting a forgotten password and
//! moving the account to a new email. Each writes the link's hash and the
//! event that asks notifications to send it in one transaction; following a
//! link marks it used in the same transaction as the change it makes.
//!
//! Nothing here tells a caller whether an email has an account: registering
//! a taken address emails its owner instead, and asking for a reset or a new
//! verification link answers the same whatever the address.

use super::{LocalAccounts, Result, ServiceError};
use crate::domain::links::{self, IssuedLink, LinkRecord, Purpose};
use crate::domain::{Email, User, UserId, password};
use crate::store::AccountChange;
use bus::Event;
use kit::{FieldError, Timestamp};
use secrecy::{ExposeSecret, SecretString};

/// `source` of identity's events.
pub const SOURCE: &str = "/feira/identity";

/// The event types identity emits; docs/events.md has their data.
pub mod kinds {
    /// A new account's address is to be verified: the link goes to it.
    pub const VERIFICATION_REQUESTED: &str = "identity.verification_requested";
    /// Someone registered an address that already has an account: its owner
    /// is told.
    pub const REGISTRATION_ATTEMPTED: &str = "identity.registration_attempted";
    /// "Forgot password": the reset link goes to the account's address.
    pub const PASSWORD_RESET_REQUESTED: &str = "identity.password_reset_requested";
    /// The password was changed or reset; every session ended.
    pub const PASSWORD_CHANGED: &str = "identity.password_changed";
    /// A move to a new address: the confirmation link goes to the new one.
    pub const EMAIL_CHANGE_REQUESTED: &str = "identity.email_change_requested";
    /// The account moved to a new address: the old one is told.
    pub const EMAIL_CHANGED: &str = "identity.email_changed";
    /// Two-factor sign-in was turned on; the owner is told.
    pub const TWO_FACTOR_ENABLED: &str = "identity.two_factor_enabled";
    /// Two-factor sign-in was turned off; the owner is told.
    pub const TWO_FACTOR_DISABLED: &str = "identity.two_factor_disabled";
}

/// An account event: who it is about, the address it goes to, and the
/// link's secret and expiry where it carries one.
pub(super) fn event(
    kind: &str,
    user: &User,
    to: &str,
    link: Option<&IssuedLink>,
    now: Timestamp,
) -> Event {
    let mut data = serde_json::json!({
        "user_id": user.id.to_string(),
        "email": to,
        "name": user.name,
    });
    if let Some(link) = link {
        data["token"] = link.secret.expose_secret().into();
        data["expires_at"] = link.record.expires_at.to_string().into();
    }
    Event::new(kind, SOURCE, &user.id.to_string(), data).at(now)
}

/// An event that tells the account's owner, at its address, of a change (no link).
pub(super) fn notice(kind: &str, user: &User, now: Timestamp) -> Event {
    event(kind, user, user.email.as_str(), None, now)
}

/// Bumps the version and the update time of a user about to be saved.
pub(super) fn touch(user: &mut User, now: Timestamp) {
    user.version += 1;
    user.updated_at = now;
}

impl LocalAccounts {
    /// Writes `change` and wakes the relay for its events.
    pub(super) async fn commit(&self, change: AccountChange<'_>) -> Result<()> {
        let announces = !change.events.is_empty();
        self.links.commit(change).await?;
        if announces {
            self.relay.notify_one();
        }
        Ok(())
    }

    /// Registers a new account and sends the link that verifies its
    /// address; when the address has an account already, emails its owner
    /// instead. The caller cannot tell which happened: both hash the
    /// password and write one transaction.
    pub(super) async fn register_local(
        &self,
        email: Email,
        name: String,
        password: SecretString,
    ) -> Result<()> {
        let hash = self.hash_password(password).await?;
        let now = Timestamp::now();
        let user = User::new(email.clone(), name, hash, now);
        let link = IssuedLink::new(
            Purpose::VerifyEmail,
            user.id,
            email.as_str(),
            now,
            Purpose::VerifyEmail.lifetime(),
        );
        let mut change = AccountChange::at(now);
        change.insert = Some(&user);
        change.link = Some(&link.record);
        change.events.push(event(
            kinds::VERIFICATION_REQUESTED,
            &user,
            email.as_str(),
            Some(&link),
            now,
        ));
        match self.commit(change).await {
            Ok(()) => {
                tracing::info!(user = %user.id, "account registered");
                Ok(())
            }
            Err(ServiceError::EmailUnavailable) => {
                let Some(owner) = self.users.by_email(&email).await? else {
                    return Ok(());
                };
                let mut change = AccountChange::at(now);
                change.events.push(event(
                    kinds::REGISTRATION_ATTEMPTED,
                    &owner,
                    owner.email.as_str(),
                    None,
                    now,
                ));
                self.commit(change).await?;
                tracing::info!(user = %owner.id, "registration attempted with a taken email");
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Sends a new verification link when `email` has an account whose
    /// address is not verified yet; otherwise does nothing. Returns whether
    /// it sent one (for tests: callers answer the same either way).
    pub async fn resend_verification(&self, email: &str) -> Result<bool> {
        let email = parse_email(email, "email")?;
        let Some(user) = self.users.by_email(&email).await? else {
            return Ok(false);
        };
        if user.email_verified_at.is_some() || user.disabled_at.is_some() {
            return Ok(false);
        }
        self.send_link(
            &user,
            Purpose::VerifyEmail,
            kinds::VERIFICATION_REQUESTED,
            user.email.as_str(),
        )
        .await?;
        Ok(true)
    }

    /// Sends a password reset link when `email` has an enabled account;
    /// otherwise does nothing. Returns whether it sent one.
    pub async fn forgot_password(&self, email: &str) -> Result<bool> {
        let email = parse_email(email, "email")?;
        let Some(user) = self.users.by_email(&email).await? else {
            return Ok(false);
        };
        if user.disabled_at.is_some() {
            return Ok(false);
        }
        self.send_link(
            &user,
            Purpose::ResetPassword,
            kinds::PASSWORD_RESET_REQUESTED,
            user.email.as_str(),
        )
        .await?;
        Ok(true)
    }

    async fn send_link(&self, user: &User, purpose: Purpose, kind: &str, to: &str) -> Result<()> {
        let now = Timestamp::now();
        let link = IssuedLink::new(purpose, user.id, to, now, purpose.lifetime());
        let mut change = AccountChange::at(now);
        change.link = Some(&link.record);
        change.events.push(event(kind, user, to, Some(&link), now));
        self.commit(change).await?;
        tracing::info!(user = %user.id, purpose = purpose.as_str(), "link sent");
        Ok(())
    }

    /// The link behind `secret` if it may be followed now for `purpose`,
    /// with its account.
    async fn follow(
        &self,
        secret: &str,
        purpose: Purpose,
        now: Timestamp,
    ) -> Result<(LinkRecord, User)> {
        let record = self
            .links
            .link(&links::hash_of(secret))
            .await?
            .ok_or(ServiceError::Link(links::LinkRefusal::Unknown))?;
        record.check(purpose, now).map_err(ServiceError::Link)?;
        let user = self
            .users
            .by_id(record.user_id)
            .await?
            .ok_or(ServiceError::Link(links::LinkRefusal::Unknown))?;
        Ok((record, user))
    }

    /// Follows a verification link: the address it was sent to is verified,
    /// if it is still the account's.
    pub async fn verify_email(&self, secret: &str) -> Result<()> {
        let now = Timestamp::now();
        let (record, mut user) = self.follow(secret, Purpose::VerifyEmail, now).await?;
        if user.email.as_str() != record.email {
            // The account moved to another address since.
            return Err(ServiceError::Link(links::LinkRefusal::Unknown));
        }
        if user.email_verified_at.is_none() {
            user.email_verified_at = Some(now);
        }
        touch(&mut user, now);
        let mut change = AccountChange::at(now);
        change.redeem = Some(&record);
        change.update = Some(&user);
        self.commit(change).await?;
        tracing::info!(user = %user.id, "email verified");
        Ok(())
    }

    /// Follows a reset link: the new password (by the policy) replaces the
    /// old, every session ends, the owner is told, and the address counts
    /// as verified (the link reached it).
    pub async fn reset_password(&self, secret: &str, new_password: SecretString) -> Result<()> {
        let now = Timestamp::now();
        let (record, mut user) = self.follow(secret, Purpose::ResetPassword, now).await?;
        let account = password::Account {
            email: user.email.as_str(),
            name: &user.name,
        };
        password::check_policy(new_password.expose_secret(), "new_password", account)
            .map_err(|e| ServiceError::Validation(vec![e]))?;
        user.password_hash = self.hash_password(new_password).await?;
        if user.email.as_str() == record.email && user.email_verified_at.is_none() {
            user.email_verified_at = Some(now);
        }
        touch(&mut user, now);
        let mut change = AccountChange::at(now);
        change.redeem = Some(&record);
        change.update = Some(&user);
        change.revoke_sessions = Some(user.id);
        change.events.push(event(
            kinds::PASSWORD_CHANGED,
            &user,
            user.email.as_str(),
            None,
            now,
        ));
        self.commit(change).await?;
        tracing::info!(user = %user.id, "password reset; every session ended");
        Ok(())
    }

    /// Starts moving `user_id` to `new_email` once `password` matches: the
    /// confirmation link goes to the new address. An address that has an
    /// account already gets nothing, and the answer is the same.
    pub async fn change_email(
        &self,
        user_id: UserId,
        password: SecretString,
        new_email: &str,
    ) -> Result<()> {
        let user = self.account(user_id).await?;
        let mut errors = Vec::new();
        let stored = user.password_hash.clone();
        if !self
            .blocking(move |h| h.verify(&password, Some(&stored)))
            .await?
        {
            errors.push(FieldError::new("password", "is not your current password"));
        }
        let new = match Email::parse(new_email, "new_email") {
            Ok(email) if email == user.email => {
                errors.push(FieldError::new("new_email", "is already your email"));
                None
            }
            Ok(email) => Some(email),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let Some(new) = new.filter(|_| errors.is_empty()) else {
            return Err(ServiceError::Validation(errors));
        };
        if self.users.by_email(&new).await?.is_some() {
            tracing::info!(user = %user.id, "email change to a taken address: nothing sent");
            return Ok(());
        }
        self.send_link(
            &user,
            Purpose::ChangeEmail,
            kinds::EMAIL_CHANGE_REQUESTED,
            new.as_str(),
        )
        .await
    }

    /// Follows an email change link: the account moves to the address it was
    /// sent to (now verified), and the old address is told.
    pub async fn confirm_email_change(&self, secret: &str) -> Result<()> {
        let now = Timestamp::now();
        let (record, mut user) = self.follow(secret, Purpose::ChangeEmail, now).await?;
        let old = user.email.to_string();
        user.email = Email::parse(&record.email, "email").map_err(|e| {
            ServiceError::Internal(anyhow::anyhow!("stored link address: {}", e.message))
        })?;
        user.email_verified_at = Some(now);
        touch(&mut user, now);
        let mut notice = event(kinds::EMAIL_CHANGED, &user, &old, None, now);
        notice.data["new_email"] = record.email.clone().into();
        let mut change = AccountChange::at(now);
        change.redeem = Some(&record);
        change.update = Some(&user);
        change.events.push(notice);
        self.commit(change).await?;
        tracing::info!(user = %user.id, "email changed");
        Ok(())
    }
}

fn parse_email(email: &str, field: &str) -> Result<Email> {
    Email::parse(email, field).map_err(|e| ServiceError::Validation(vec![e]))
}
