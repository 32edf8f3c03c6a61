//! Changing the password of a signed-in user (ADR 0040): the current password
//! first, the policy for the new one, then every session ends, the owner is
//! emailed, and the caller gets a fresh session.

use super::sessions::TokenPair;
use super::{LocalAccounts, Result, ServiceError};
use crate::domain::sessions::Device;
use crate::domain::{UserId, password};
use crate::store::AccountChange;
use kit::{FieldError, Timestamp};
use secrecy::{ExposeSecret, SecretString};

impl LocalAccounts {
    /// Replaces `user_id`'s password once `current` matches the stored one.
    /// Every refresh token of the account is revoked (a thief holding one is
    /// shut out) and a new pair, a new login, is returned for the caller.
    /// Access tokens already issued last until they expire.
    pub async fn change_password(
        &self,
        user_id: UserId,
        current: SecretString,
        new: SecretString,
        device: &Device,
    ) -> Result<TokenPair> {
        let mut user = self.account(user_id).await?;
        let account = password::Account {
            email: user.email.as_str(),
            name: &user.name,
        };
        let mut errors = Vec::new();
        if let Err(e) = password::check_policy(new.expose_secret(), "new_password", account) {
            errors.push(e);
        } else if new.expose_secret() == current.expose_secret() {
            errors.push(FieldError::new(
                "new_password",
                "must differ from the current password",
            ));
        }
        let stored = user.password_hash.clone();
        let matches = self
            .blocking(move |h| h.verify(&current, Some(&stored)))
            .await?;
        if !matches {
            errors.insert(
                0,
                FieldError::new("current_password", "is not your current password"),
            );
        }
        if !errors.is_empty() {
            return Err(ServiceError::Validation(errors));
        }
        user.password_hash = self.hash_password(new).await?;
        let now = Timestamp::now();
        super::links::touch(&mut user, now);
        let mut change = AccountChange::at(now);
        change.update = Some(&user);
        change.revoke_sessions = Some(user.id);
        change.events.push(super::links::event(
            super::kinds::PASSWORD_CHANGED,
            &user,
            user.email.as_str(),
            None,
            now,
        ));
        self.commit(change).await?;
        tracing::info!(user = %user.id, "password changed; every session ended");
        self.issue(&user, device).await
    }
}
