//! Signing in: register, confirm, log in, refresh, log out. One trait,
//! [`SignIn`], that every provider implements: [`LocalAccounts`] here (tokens
//! signed by Feira's own keys) and Cognito in `clients::cognito`.

use super::{LocalAccounts, Result, ServiceError};
use crate::domain::sessions::{Device, DeviceName, SessionRecord};
use crate::domain::tokens::{self, Refusal};
use crate::domain::{Email, FamilyId, RefreshToken, User, UserId, password, user};
use kit::Timestamp;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use std::time::Duration;
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
    pub fn validate(&self) -> Result<(Email, String)> {
        let mut errors = Vec::new();
        let email = Email::parse(&self.email, "email")
            .map_err(|e| errors.push(e))
            .ok();
        let name = user::check_name(&self.name, "name")
            .map_err(|e| errors.push(e))
            .ok();
        // The email and name as sent, so every problem is named at once even
        // when those fields are refused too.
        let account = password::Account {
            email: &self.email,
            name: &self.name,
        };
        if let Err(e) = password::check_policy(self.password.expose_secret(), "password", account) {
            errors.push(e);
        }
        match (email, name) {
            (Some(email), Some(name)) if errors.is_empty() => Ok((email, name)),
            _ => Err(ServiceError::Validation(errors)),
        }
    }
}

/// A registration accepted: the same answer whether the email was free or
/// had an account already (whose owner is emailed instead, ADR 0041).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Registered {
    /// The address, normalised, that the verification email goes to.
    pub email: String,
    /// Whether a code sent by email must be confirmed before login
    /// (Cognito). Local accounts may log in at once and verify later.
    pub confirmation_required: bool,
}

/// A signed-in device, as `GET /me/sessions` lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Session {
    /// The login's id (`sid` in its access tokens).
    pub id: String,
    /// The user agent in words.
    pub device: DeviceName,
    /// The `User-Agent` it last sent.
    pub user_agent: String,
    /// The client address it last came from.
    pub ip: Option<String>,
    /// When it signed in.
    pub created_at: Timestamp,
    /// When it last refreshed its tokens.
    pub last_used_at: Timestamp,
    /// Whether it is the caller's own session.
    pub current: bool,
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

/// What a login with the right password gets.
#[derive(Debug)]
pub enum LoginOutcome {
    /// Signed in.
    Tokens(TokenPair),
    /// Two-factor is on: a code is owed before any token (ADR 0042).
    TwoFactor(super::TwoFactorChallenge),
}

/// Register, confirm, log in, refresh, log out: what every provider does.
#[async_trait::async_trait]
pub trait SignIn: Send + Sync {
    /// Creates an account.
    async fn register(&self, input: Registration) -> Result<Registered>;
    /// Confirms an account with the code sent to its email (Cognito only).
    async fn confirm(&self, email: &str, code: &str) -> Result<()>;
    /// Exchanges credentials for tokens, or for a two-factor challenge;
    /// `device` is what the session list shows of it.
    async fn login(
        &self,
        email: &str,
        password: &SecretString,
        device: &Device,
    ) -> Result<LoginOutcome>;
    /// Exchanges a refresh token for a new pair, from `device`.
    async fn refresh(&self, refresh_token: &RefreshToken, device: &Device) -> Result<TokenPair>;
    /// Revokes the refresh token's family (its login). Unknown tokens are ignored.
    async fn logout(&self, refresh_token: &RefreshToken) -> Result<()>;
    /// Sends a new confirmation to `email` if it has an account not yet
    /// confirmed; otherwise does nothing, without saying so (ADR 0041).
    async fn resend_confirmation(&self, email: &str) -> Result<()>;
    /// Sends a password reset to `email` if it has an account; otherwise does
    /// nothing, without saying so.
    async fn forgot_password(&self, email: &str) -> Result<()>;
    /// Sets a new password with the code a reset sent (Cognito: the code is
    /// in the pool's email), then ends every session of the account. Local
    /// accounts reset with a link instead.
    async fn reset_with_code(
        &self,
        _email: &str,
        _code: &str,
        _new_password: &SecretString,
    ) -> Result<()> {
        Err(ServiceError::NotOffered)
    }
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
    /// OpenID Connect's session id: the login (refresh-token family), so the
    /// session list can mark the caller's own.
    sid: String,
    email: &'a str,
    /// OpenID Connect's claim: whether `email` was proven by a link sent to it.
    email_verified: bool,
    roles: Vec<String>,
    iss: &'a str,
    aud: &'a str,
    exp: i64,
    iat: i64,
    jti: String,
}

impl LocalAccounts {
    /// A new login for `user` from `device`: a refresh token in a new
    /// family, its session, and the access token.
    pub(super) async fn issue(&self, user: &User, device: &Device) -> Result<TokenPair> {
        let now = Timestamp::now();
        let family = FamilyId::generate();
        let refresh = tokens::issue_refresh(user.id, family, now, self.lifetimes.refresh);
        self.tokens.insert(&refresh.record).await?;
        self.touch(user.id, family, device, now).await?;
        self.access_pair(user, now, refresh)
    }

    /// Records that `family` was used from `device` at `now`.
    async fn touch(
        &self,
        user_id: UserId,
        family: FamilyId,
        device: &Device,
        now: Timestamp,
    ) -> Result<()> {
        self.sessions
            .touch_session(&SessionRecord {
                family_id: family,
                user_id,
                device: device.clone(),
                created_at: now,
                last_used_at: now,
            })
            .await?;
        Ok(())
    }

    fn access_pair(
        &self,
        user: &User,
        now: Timestamp,
        refresh: tokens::IssuedRefresh,
    ) -> Result<TokenPair> {
        let claims = AccessClaims {
            sub: user.id.to_string(),
            sid: refresh.record.family_id.to_string(),
            email: user.email.as_str(),
            email_verified: user.email_verified_at.is_some(),
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

    /// The user's signed-in devices, most recently used first; the one
    /// whose login is `current` (the caller's token's `sid`) is marked.
    pub async fn sessions(&self, user_id: UserId, current: Option<&str>) -> Result<Vec<Session>> {
        let live = self
            .sessions
            .live_sessions(user_id, Timestamp::now())
            .await?;
        Ok(live
            .into_iter()
            .map(|s| {
                let id = s.family_id.to_string();
                Session {
                    current: current == Some(id.as_str()),
                    device: DeviceName::of(&s.device.user_agent),
                    id,
                    user_agent: s.device.user_agent,
                    ip: s.device.ip,
                    created_at: s.created_at,
                    last_used_at: s.last_used_at,
                }
            })
            .collect())
    }

    /// Ends one of the user's sessions (its refresh tokens stop working;
    /// an access token already issued lasts until it expires).
    /// `NoSuchSession` unless it is one of theirs and still live.
    pub async fn end_session(&self, user_id: UserId, id: &str) -> Result<()> {
        let live = self
            .sessions
            .live_sessions(user_id, Timestamp::now())
            .await?;
        let Some(session) = live.into_iter().find(|s| s.family_id.to_string() == id) else {
            return Err(ServiceError::NoSuchSession);
        };
        self.tokens
            .revoke_family(session.family_id, Timestamp::now())
            .await?;
        tracing::info!(user = %user_id, session = %session.family_id, "session ended");
        Ok(())
    }

    /// Revokes every refresh token of a user ("log out everywhere").
    pub async fn logout_everywhere(&self, user_id: UserId) -> Result<u64> {
        Ok(self.tokens.revoke_user(user_id, Timestamp::now()).await?)
    }
}

#[async_trait::async_trait]
impl SignIn for LocalAccounts {
    async fn register(&self, input: Registration) -> Result<Registered> {
        let (email, name) = input.validate()?;
        self.register_local(email.clone(), name, input.password)
            .await?;
        Ok(Registered {
            email: email.to_string(),
            confirmation_required: false,
        })
    }

    async fn confirm(&self, _email: &str, _code: &str) -> Result<()> {
        // Local accounts need no confirmation.
        Ok(())
    }

    async fn login(
        &self,
        email: &str,
        password: &SecretString,
        device: &Device,
    ) -> Result<LoginOutcome> {
        let email = Email::parse(email, "email").map_err(|e| ServiceError::Validation(vec![e]))?;
        let user = self.users.by_email(&email).await?;
        let stored = user.as_ref().map(|u| u.password_hash.clone());
        let password = password.clone();
        // Unknown emails are checked against a dummy hash: the same work, the same answer.
        let matches = self
            .blocking(move |h| h.verify(&password, stored.as_deref()))
            .await?;
        let Some(user) = user.filter(|_| matches) else {
            return Err(ServiceError::InvalidCredentials);
        };
        if user.disabled_at.is_some() {
            return Err(ServiceError::Disabled);
        }
        if let Some(challenge) = self.challenge(&user).await? {
            return Ok(LoginOutcome::TwoFactor(challenge));
        }
        Ok(LoginOutcome::Tokens(self.issue(&user, device).await?))
    }

    async fn refresh(&self, refresh_token: &RefreshToken, device: &Device) -> Result<TokenPair> {
        let now = Timestamp::now();
        let hash = refresh_token.hash();
        let record = self
            .tokens
            .find(&hash)
            .await?
            .ok_or(ServiceError::Refresh(Refusal::Unknown))?;
        if let Err(refusal) = record.check(now) {
            if refusal == Refusal::Reused {
                tracing::warn!(user = %record.user_id, family = %record.family_id,
                    "refresh token reused: revoking its family");
                self.tokens.revoke_family(record.family_id, now).await?;
            }
            return Err(ServiceError::Refresh(refusal));
        }
        let user = self.users.by_id(record.user_id).await?;
        let Some(user) = user.filter(|u| u.disabled_at.is_none()) else {
            self.tokens.revoke_family(record.family_id, now).await?;
            return Err(ServiceError::Disabled);
        };
        let next = tokens::issue_refresh(user.id, record.family_id, now, self.lifetimes.refresh);
        if !self.tokens.rotate(&hash, &next.record, now).await? {
            // Another request exchanged the same token a moment ago: a replay.
            self.tokens.revoke_family(record.family_id, now).await?;
            return Err(ServiceError::Refresh(Refusal::Reused));
        }
        self.touch(user.id, record.family_id, device, now).await?;
        self.access_pair(&user, now, next)
    }

    async fn resend_confirmation(&self, email: &str) -> Result<()> {
        self.resend_verification(email).await.map(drop)
    }

    async fn forgot_password(&self, email: &str) -> Result<()> {
        LocalAccounts::forgot_password(self, email).await.map(drop)
    }

    async fn logout(&self, refresh_token: &RefreshToken) -> Result<()> {
        let hash = refresh_token.hash();
        if let Some(record) = self.tokens.find(&hash).await? {
            self.tokens
                .revoke_family(record.family_id, Timestamp::now())
                .await?;
        }
        Ok(())
    }
}
