//! Local accounts: the service object behind every use case when accounts live
//! in Feira's own store. Construction, password hashing off the async threads,
//! and account creation shared by registration and bootstrap.

use super::sessions::{Registration, TokenLifetimes};
use super::two_factor::{TotpClock, system_clock};
use super::{Result, ServiceError};
use crate::domain::keys::KeyRing;
use crate::domain::password::PasswordHasherArgon2;
use crate::domain::{Email, Role, User};
use crate::store::{
    LinkRepository, RefreshTokenRepository, SessionRepository, TwoFactorRepository, UserRepository,
};
use jsonwebtoken::jwk::JwkSet;
use kit::Timestamp;
use secrecy::SecretString;
use std::sync::Arc;
use tokio::sync::{Notify, Semaphore};

/// Local accounts: Feira's own store, argon2id passwords, Ed25519-signed JWTs.
pub struct LocalAccounts {
    pub(super) users: Arc<dyn UserRepository>,
    pub(super) tokens: Arc<dyn RefreshTokenRepository>,
    /// Emailed links and the account changes written with their events.
    pub(super) links: Arc<dyn LinkRepository>,
    /// Signed-in devices.
    pub(super) sessions: Arc<dyn SessionRepository>,
    /// Two-factor set-ups and recovery codes.
    pub(super) two_factor: Arc<dyn TwoFactorRepository>,
    /// The time two-factor codes are checked against.
    pub(super) totp_clock: TotpClock,
    /// Wakes the outbox relay after a commit with events.
    pub(super) relay: Arc<Notify>,
    pub(super) keys: Arc<KeyRing>,
    hasher: PasswordHasherArgon2,
    /// Argon2 takes 19 MiB and tens of milliseconds per call; bound how many run
    /// at once so a login flood cannot exhaust memory.
    hashing: Arc<Semaphore>,
    pub(super) issuer: String,
    pub(super) audience: String,
    pub(super) lifetimes: TokenLifetimes,
}

impl LocalAccounts {
    /// Local sign-in on `store` issuing tokens for `issuer` and `audience`;
    /// `relay` is woken when account events are written.
    pub fn new<S>(
        store: Arc<S>,
        relay: Arc<Notify>,
        keys: Arc<KeyRing>,
        issuer: &str,
        audience: &str,
        lifetimes: TokenLifetimes,
    ) -> Self
    where
        S: UserRepository
            + RefreshTokenRepository
            + LinkRepository
            + SessionRepository
            + TwoFactorRepository
            + 'static,
    {
        let parallel = std::thread::available_parallelism().map_or(2, |n| n.get() * 2);
        Self {
            users: store.clone(),
            tokens: store.clone(),
            sessions: store.clone(),
            two_factor: store.clone(),
            totp_clock: system_clock(),
            links: store,
            relay,
            keys,
            hasher: PasswordHasherArgon2::new(),
            hashing: Arc::new(Semaphore::new(parallel)),
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            lifetimes,
        }
    }

    /// Runs `work` with the hasher on a blocking thread, at most `hashing` at once.
    pub(super) async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(PasswordHasherArgon2) -> T + Send + 'static,
    ) -> Result<T> {
        let _permit = self
            .hashing
            .acquire()
            .await
            .map_err(|e| ServiceError::Internal(e.into()))?;
        let hasher = self.hasher.clone();
        tokio::task::spawn_blocking(move || work(hasher))
            .await
            .map_err(|e| ServiceError::Internal(e.into()))
    }

    /// Hashes a password off the async threads.
    pub async fn hash_password(&self, password: SecretString) -> Result<String> {
        self.blocking(move |h| h.hash(&password))
            .await?
            .map_err(ServiceError::Internal)
    }

    /// Checks `input` by Feira's rules, hashes the password and stores a new
    /// customer account whose email counts as verified: for bootstrap and
    /// demo accounts, which an operator creates (registration sends a link).
    async fn create_verified(&self, input: Registration) -> Result<User> {
        let (email, name) = input.validate()?;
        let hash = self.hash_password(input.password).await?;
        let now = Timestamp::now();
        let mut user = User::new(email, name, hash, now);
        user.email_verified_at = Some(now);
        self.users.insert(&user).await?;
        tracing::info!(user = %user.id, "account created");
        Ok(user)
    }

    /// Creates an account, or returns the existing one with that email; with
    /// `admin`, makes sure it holds the admin role. Either way its email
    /// counts as verified. For bootstrap and demo data.
    pub async fn ensure_user(
        &self,
        email: &str,
        name: &str,
        password: SecretString,
        admin: bool,
    ) -> Result<(User, bool)> {
        let email = Email::parse(email, "email").map_err(|e| ServiceError::Validation(vec![e]))?;
        let (mut user, created) = match self.users.by_email(&email).await? {
            Some(user) => (user, false),
            None => {
                let user = self
                    .create_verified(Registration {
                        email: email.to_string(),
                        password,
                        name: name.to_owned(),
                    })
                    .await?;
                (user, true)
            }
        };
        let unverified = user.email_verified_at.is_none();
        if unverified {
            user.email_verified_at = Some(Timestamp::now());
        }
        if admin && !user.has_role(Role::Admin) {
            user.set_admin(true);
            self.save(&mut user).await?;
        } else if unverified {
            self.save(&mut user).await?;
        }
        Ok((user, created))
    }

    /// Stores a change to `user`, guarded by the version it was read at.
    pub(super) async fn save(&self, user: &mut User) -> Result<()> {
        super::links::touch(user, Timestamp::now());
        self.users.update(user).await?;
        Ok(())
    }

    /// The public keys that verify access tokens, as a JWK set.
    pub fn jwks(&self) -> JwkSet {
        self.keys.jwks()
    }
}
