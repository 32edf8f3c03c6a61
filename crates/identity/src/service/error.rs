//! What identity's use cases answer when they do not succeed: one enum for the
//! whole service. Store errors are translated here, so the HTTP layer sees only
//! [`ServiceError`]; `http/error.rs` decides each variant's answer.

use crate::domain::links::LinkRefusal;
use crate::domain::tokens::Refusal;
use crate::store::StoreError;
use kit::FieldError;

/// A use case's result.
pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// Why a use case failed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Fields of the request break the rules.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// Query parameters are not understood.
    #[error("invalid parameters")]
    InvalidParameters(Vec<FieldError>),
    /// The email cannot be registered (taken), said without more detail.
    #[error("email unavailable")]
    EmailUnavailable,
    /// Wrong email or password; the same answer for both.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The refresh token cannot be exchanged.
    #[error("refresh refused: {0:?}")]
    Refresh(Refusal),
    /// An emailed link cannot be followed: unknown, expired or used.
    #[error("link refused: {0:?}")]
    Link(LinkRefusal),
    /// A login's two-factor challenge cannot be answered: unknown, expired
    /// or used.
    #[error("challenge refused: {0:?}")]
    Challenge(LinkRefusal),
    /// Two-factor is on already (enrolling again needs turning it off first).
    #[error("two-factor is enabled")]
    TwoFactorEnabled,
    /// No two-factor set-up to confirm or turn off.
    #[error("two-factor is not set up")]
    TwoFactorNotPending,
    /// The account is disabled.
    #[error("account disabled")]
    Disabled,
    /// The account exists but its email is not confirmed (Cognito).
    #[error("account not confirmed")]
    NotConfirmed,
    /// The confirmation code is wrong or expired (Cognito).
    #[error("wrong confirmation code")]
    BadCode,
    /// The bearer token's subject is not an account id of this service.
    #[error("the token's subject is not a local account")]
    ForeignSubject,
    /// The bearer token names an account that no longer exists.
    #[error("the token's account no longer exists")]
    AccountGone,
    /// An admin asked for an account that does not exist.
    #[error("no such user")]
    NoSuchUser,
    /// The account went away while the request changed it.
    #[error("the account was removed meanwhile")]
    UserVanished,
    /// The caller has no live session with that id.
    #[error("no such session")]
    NoSuchSession,
    /// The caller has no saved address with that id.
    #[error("no such address")]
    NoSuchAddress,
    /// An admin tried to revoke their own admin role or disable themselves.
    #[error("admins cannot change their own account")]
    SelfChange,
    /// The account changed between read and write (optimistic version check).
    #[error("the account changed concurrently")]
    VersionConflict,
    /// 401: an unknown client id or a wrong client secret.
    #[error("invalid client")]
    InvalidClient,
    /// 400: an audience or scope the client may not ask for (or none).
    #[error("invalid scope")]
    InvalidScope,
    /// 400: a token request that is not `grant_type=client_credentials`.
    #[error("unsupported grant type")]
    UnsupportedGrant,
    /// The configured provider does not offer this (Cognito owns profiles and
    /// administration itself).
    #[error("not offered by this provider")]
    NotOffered,
    /// The provider is unreachable.
    #[error("provider unavailable: {0}")]
    Unavailable(anyhow::Error),
    /// Anything else: a store or runtime failure the caller cannot act on.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for ServiceError {
    fn from(err: StoreError) -> Self {
        match err {
            // The only unique field is the email.
            StoreError::Duplicate { .. } => ServiceError::EmailUnavailable,
            StoreError::VersionConflict => ServiceError::VersionConflict,
            StoreError::LinkUsed => ServiceError::Link(LinkRefusal::Used),
            StoreError::NotFound => ServiceError::UserVanished,
            StoreError::Backend(cause) => ServiceError::Internal(cause),
        }
    }
}
