//! The sign-in use cases: register, log in, refresh, log out. One trait,
//! [`SignIn`], with the local implementation here (accounts in Feira's own store,
//! tokens signed by its own keys) and a Cognito one in `cognito`.

use crate::domain::keys::KeyRing;
use crate::domain::password::{self, PasswordHasherArgon2};
use crate::domain::tokens::{self, Refusal};
use crate::domain::{Email, User, user};
use crate::store::{RefreshTokenRepository, StoreError, UserRepository};
use kit::{FieldError, Timestamp};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use utoipa::ToSchema;
use uuid::Uuid;

/// What registration needs.
pub struct Registration {
    pub email: String,
    pub password: SecretString,
    pub name: String,
}

impl Registration {
    /// Checks every field by Feira's rules (whatever the provider), naming each
    /// bad one; returns the normalised email and the trimmed name.
    pub fn validate(&self) -> Result<(Email, String), AccountError> {
        let mut errors = Vec::new();
        let email = Email::parse(&self.email, "email")
            .map_err(|e| errors.push(e))
            .ok();
        let name = user::check_name(&self.name, "name")
            .map_err(|e| errors.push(e))
            .ok();
        if let Err(e) = password::check_policy(self.password.expose_secret(), "password") {
            errors.push(e);
        }
        match (email, name) {
            (Some(email), Some(name)) if errors.is_empty() => Ok((email, name)),
            _ => Err(AccountError::Validation(errors)),
        }
    }
}

/// A created account.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Registered {
    pub id: String,
    pub email: String,
    pub name: String,
    /// Whether a code sent by email must be confirmed before login (Cognito).
    pub confirmation_required: bool,
}

/// Tokens handed out by login and refresh.
#[derive(Serialize, ToSchema)]
pub struct TokenPair {
    /// Short-lived JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Opaque, single use: exchange it at `/refresh` for a new pair.
    pub refresh_token: String,
    /// Cognito's ID token, when the provider is Cognito.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}

impl std::fmt::Debug for TokenPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenPair { .. }")
    }
}

/// Why a sign-in step failed.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// 422: fields break the rules.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// 409: the email cannot be registered (taken), said without more detail.
    #[error("email unavailable")]
    EmailUnavailable,
    /// 401: wrong email or password; the same answer for both.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// 401: the refresh token cannot be exchanged.
    #[error("refresh refused: {0:?}")]
    Refresh(Refusal),
    /// 403: the account is disabled.
    #[error("account disabled")]
    Disabled,
    /// 403: the account exists but its email is not confirmed (Cognito).
    #[error("account not confirmed")]
    NotConfirmed,
    /// 422: the confirmation code is wrong or expired (Cognito).
    #[error("wrong confirmation code")]
    BadCode,
    /// 503: the provider is unreachable.
    #[error("provider unavailable: {0}")]
    Unavailable(anyhow::Error),
    /// 500.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AccountError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Duplicate { .. } => AccountError::EmailUnavailable,
            other => AccountError::Internal(anyhow::Error::new(other)),
        }
    }
}

/// Register, confirm, log in, refresh, log out: what every provider does.
#[async_trait::async_trait]
pub trait SignIn: Send + Sync {
    /// Creates an account.
    async fn register(&self, input: Registration) -> Result<Registered, AccountError>;
    /// Confirms an account with the code sent to its email (Cognito only).
    async fn confirm(&self, email: &str, code: &str) -> Result<(), AccountError>;
    /// Exchanges credentials for tokens.
    async fn login(&self, email: &str, password: &SecretString) -> Result<TokenPair, AccountError>;
    /// Exchanges a refresh token for a new pair.
    async fn refresh(&self, refresh_token: &SecretString) -> Result<TokenPair, AccountError>;
    /// Revokes the refresh token's family (its login). Unknown tokens are ignored.
    async fn logout(&self, refresh_token: &SecretString) -> Result<(), AccountError>;
}

/// Lifetimes of the tokens local sign-in issues.
#[derive(Debug, Clone, Copy)]
pub struct TokenLifetimes {
    pub access: Duration,
    pub refresh: Duration,
}

impl Default for TokenLifetimes {
    /// 15 minutes and 30 days.
    fn default() -> Self {
        Self {
            access: Duration::from_secs(15 * 60),
            refresh: Duration::from_secs(30 * 24 * 3600),
        }
    }
}

#[derive(Serialize)]
struct AccessClaims<'a> {
    sub: String,
    email: &'a str,
    roles: Vec<String>,
    iss: &'a str,
    aud: &'a str,
    exp: i64,
    iat: i64,
    jti: String,
}

/// Local accounts: Feira's own store, argon2id passwords, Ed25519-signed JWTs.
pub struct LocalAccounts {
    pub users: Arc<dyn UserRepository>,
    pub tokens: Arc<dyn RefreshTokenRepository>,
    pub keys: Arc<KeyRing>,
    hasher: PasswordHasherArgon2,
    /// Argon2 takes 19 MiB and tens of milliseconds per call; bound how many run
    /// at once so a login flood cannot exhaust memory.
    hashing: Arc<Semaphore>,
    issuer: String,
    audience: String,
    lifetimes: TokenLifetimes,
}

impl LocalAccounts {
    /// Local sign-in issuing tokens for `issuer` and `audience`.
    pub fn new(
        users: Arc<dyn UserRepository>,
        tokens: Arc<dyn RefreshTokenRepository>,
        keys: Arc<KeyRing>,
        issuer: &str,
        audience: &str,
        lifetimes: TokenLifetimes,
    ) -> Self {
        let parallel = std::thread::available_parallelism().map_or(2, |n| n.get() * 2);
        Self {
            users,
            tokens,
            keys,
            hasher: PasswordHasherArgon2::new(),
            hashing: Arc::new(Semaphore::new(parallel)),
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            lifetimes,
        }
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(PasswordHasherArgon2) -> T + Send + 'static,
    ) -> Result<T, AccountError> {
        let _permit = self
            .hashing
            .acquire()
            .await
            .map_err(|e| AccountError::Internal(e.into()))?;
        let hasher = self.hasher.clone();
        tokio::task::spawn_blocking(move || work(hasher))
            .await
            .map_err(|e| AccountError::Internal(e.into()))
    }

    /// Hashes a password off the async threads.
    pub async fn hash_password(&self, password: SecretString) -> Result<String, AccountError> {
        self.blocking(move |h| h.hash(&password))
            .await?
            .map_err(AccountError::Internal)
    }

    /// Creates an account, or returns the existing one with that email; with
    /// `admin`, makes sure it holds the admin role. For bootstrap and demo data.
    pub async fn ensure_user(
        &self,
        email: &str,
        name: &str,
        password: SecretString,
        admin: bool,
    ) -> Result<(User, bool), AccountError> {
        let email = Email::parse(email, "email").map_err(|e| AccountError::Validation(vec![e]))?;
        let (mut user, created) = match self.users.by_email(&email).await? {
            Some(user) => (user, false),
            None => {
                let registered = self
                    .register(Registration {
                        email: email.to_string(),
                        password,
                        name: name.to_owned(),
                    })
                    .await?;
                let id = Uuid::parse_str(&registered.id)
                    .map_err(|e| AccountError::Internal(e.into()))?;
                let user = self.users.by_id(id).await?.ok_or_else(|| {
                    AccountError::Internal(anyhow::anyhow!("created user vanished"))
                })?;
                (user, true)
            }
        };
        if admin && !user.has_role(crate::domain::Role::Admin) {
            user.set_admin(true);
            user.version += 1;
            user.updated_at = Timestamp::now();
            self.users.update(&user).await?;
        }
        Ok((user, created))
    }

    async fn issue(&self, user: &User, family: Uuid) -> Result<TokenPair, AccountError> {
        let now = Timestamp::now();
        let refresh = tokens::issue_refresh(user.id, family, now, self.lifetimes.refresh);
        self.tokens.insert(&refresh.record).await?;
        self.access_pair(user, now, refresh)
    }

    fn access_pair(
        &self,
        user: &User,
        now: Timestamp,
        refresh: tokens::IssuedRefresh,
    ) -> Result<TokenPair, AccountError> {
        let claims = AccessClaims {
            sub: user.id.to_string(),
            email: user.email.as_str(),
            roles: user.role_names(),
            iss: &self.issuer,
            aud: &self.audience,
            exp: now.plus(self.lifetimes.access).unix_seconds(),
            iat: now.unix_seconds(),
            jti: Uuid::now_v7().to_string(),
        };
        Ok(TokenPair {
            access_token: self.keys.sign(&claims)?,
            token_type: "Bearer",
            expires_in: self.lifetimes.access.as_secs(),
            refresh_token: refresh.secret.expose_secret().to_owned(),
            id_token: None,
        })
    }

    /// Revokes every refresh token of a user ("log out everywhere").
    pub async fn logout_everywhere(&self, user_id: Uuid) -> Result<u64, AccountError> {
        Ok(self.tokens.revoke_user(user_id, Timestamp::now()).await?)
    }
}

#[async_trait::async_trait]
impl SignIn for LocalAccounts {
    async fn register(&self, input: Registration) -> Result<Registered, AccountError> {
        let (email, name) = input.validate()?;
        let hash = self.hash_password(input.password).await?;
        let user = User::new(email, name, hash, Timestamp::now());
        self.users.insert(&user).await?;
        tracing::info!(user = %user.id, "account registered");
        Ok(Registered {
            id: user.id.to_string(),
            email: user.email.to_string(),
            name: user.name,
            confirmation_required: false,
        })
    }

    async fn confirm(&self, _email: &str, _code: &str) -> Result<(), AccountError> {
        // Local accounts need no confirmation.
        Ok(())
    }

    async fn login(&self, email: &str, password: &SecretString) -> Result<TokenPair, AccountError> {
        let email = Email::parse(email, "email").map_err(|e| AccountError::Validation(vec![e]))?;
        let user = self.users.by_email(&email).await?;
        let stored = user.as_ref().map(|u| u.password_hash.clone());
        let password = password.clone();
        // Unknown emails are checked against a dummy hash: the same work, the same answer.
        let matches = self
            .blocking(move |h| h.verify(&password, stored.as_deref()))
            .await?;
        let Some(user) = user.filter(|_| matches) else {
            return Err(AccountError::InvalidCredentials);
        };
        if user.disabled_at.is_some() {
            return Err(AccountError::Disabled);
        }
        self.issue(&user, Uuid::now_v7()).await
    }

    async fn refresh(&self, refresh_token: &SecretString) -> Result<TokenPair, AccountError> {
        let now = Timestamp::now();
        let hash = tokens::hash_presented(refresh_token);
        let record = self
            .tokens
            .find(&hash)
            .await?
            .ok_or(AccountError::Refresh(Refusal::Unknown))?;
        if let Err(refusal) = record.check(now) {
            if refusal == Refusal::Reused {
                tracing::warn!(user = %record.user_id, family = %record.family_id,
                    "refresh token reused: revoking its family");
                self.tokens.revoke_family(record.family_id, now).await?;
            }
            return Err(AccountError::Refresh(refusal));
        }
        let user = self.users.by_id(record.user_id).await?;
        let Some(user) = user.filter(|u| u.disabled_at.is_none()) else {
            self.tokens.revoke_family(record.family_id, now).await?;
            return Err(AccountError::Disabled);
        };
        let next = tokens::issue_refresh(user.id, record.family_id, now, self.lifetimes.refresh);
        if !self.tokens.rotate(&hash, &next.record, now).await? {
            // Another request exchanged the same token a moment ago: a replay.
            self.tokens.revoke_family(record.family_id, now).await?;
            return Err(AccountError::Refresh(Refusal::Reused));
        }
        self.access_pair(&user, now, next)
    }

    async fn logout(&self, refresh_token: &SecretString) -> Result<(), AccountError> {
        let hash = tokens::hash_presented(refresh_token);
        if let Some(record) = self.tokens.find(&hash).await? {
            self.tokens
                .revoke_family(record.family_id, Timestamp::now())
                .await?;
        }
        Ok(())
    }
}
