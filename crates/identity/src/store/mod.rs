//! Where accounts and refresh tokens live: the repository traits and their one
//! SQL implementation, which runs on PostgreSQL (distributed) and SQLite
//! (embedded).

pub mod sql;

use crate::domain::links::LinkRecord;
use crate::domain::sessions::SessionRecord;
use crate::domain::tokens::RefreshRecord;
use crate::domain::two_factor::TwoFactorRecord;
use crate::domain::{Email, FamilyId, TokenHash, User, UserId};
use kit::Timestamp;
use kit::pagination::PageRequest;

/// A store failure a caller can act on, or the backend's own.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique field (the email) is taken.
    #[error("{field} is already used")]
    Duplicate { field: &'static str },
    /// The record changed since it was read (optimistic version check).
    #[error("the record changed concurrently")]
    VersionConflict,
    /// The link was followed already (by a concurrent request).
    #[error("the link was used already")]
    LinkUsed,
    /// No such record.
    #[error("not found")]
    NotFound,
    /// The database failed.
    #[error(transparent)]
    Backend(#[from] anyhow::Error),
}

/// Filters for the admin's user list.
#[derive(Debug, Clone, Default)]
pub struct UserQuery {
    /// Case-insensitive substring of the email or the name.
    pub text: Option<String>,
    /// Only admins.
    pub admins_only: bool,
}

/// Accounts.
#[async_trait::async_trait]
pub trait UserRepository: Send + Sync {
    /// Whether the store answers.
    async fn ping(&self) -> Result<(), StoreError>;
    /// Adds an account; `Duplicate { field: "email" }` when the email is taken.
    async fn insert(&self, user: &User) -> Result<(), StoreError>;
    /// An account by id.
    async fn by_id(&self, id: UserId) -> Result<Option<User>, StoreError>;
    /// An account by normalised email.
    async fn by_email(&self, email: &Email) -> Result<Option<User>, StoreError>;
    /// Saves `user` if the stored version is `user.version - 1`;
    /// `VersionConflict` otherwise, `NotFound` if it is gone.
    async fn update(&self, user: &User) -> Result<(), StoreError>;
    /// A page of accounts, newest first, with the total that match.
    async fn search(
        &self,
        query: &UserQuery,
        page: PageRequest,
    ) -> Result<(Vec<User>, u64), StoreError>;
}

/// Refresh tokens, by hash.
#[async_trait::async_trait]
pub trait RefreshTokenRepository: Send + Sync {
    /// Stores a newly issued token.
    async fn insert(&self, token: &RefreshRecord) -> Result<(), StoreError>;
    /// The token with this hash.
    async fn find(&self, token_hash: &TokenHash) -> Result<Option<RefreshRecord>, StoreError>;
    /// Marks `used_hash` used and stores `next`, in one transaction, only if the
    /// used token was neither used nor revoked; `false` when it was (a concurrent
    /// exchange won), and then nothing is written.
    async fn rotate(
        &self,
        used_hash: &TokenHash,
        next: &RefreshRecord,
        now: Timestamp,
    ) -> Result<bool, StoreError>;
    /// Revokes every token of a family.
    async fn revoke_family(&self, family_id: FamilyId, now: Timestamp) -> Result<(), StoreError>;
    /// Revokes every token of a user; returns how many were not revoked yet.
    async fn revoke_user(&self, user_id: UserId, now: Timestamp) -> Result<u64, StoreError>;
}

/// One change to an account with what it announces, written in one
/// transaction: all of it happens, or none.
pub struct AccountChange<'a> {
    pub now: Timestamp,
    /// A new account (`Duplicate { field: "email" }` when the email is taken).
    pub insert: Option<&'a User>,
    /// An account to save, guarded by its version (`VersionConflict`).
    pub update: Option<&'a User>,
    /// A link being followed: marked used unless it already was
    /// (`LinkUsed`), with every other unused link of its user and purpose.
    pub redeem: Option<&'a LinkRecord>,
    /// A new link to keep.
    pub link: Option<&'a LinkRecord>,
    /// Revoke every refresh token of this account.
    pub revoke_sessions: Option<UserId>,
    /// Turn on the account's pending two-factor set-up (`VersionConflict`
    /// unless one is pending), replacing its recovery codes.
    pub enable_two_factor: Option<EnableTwoFactor<'a>>,
    /// Remove the account's two-factor set-up and recovery codes.
    pub disable_two_factor: Option<UserId>,
    /// Events for the outbox.
    pub events: Vec<bus::Event>,
}

/// Turning two-factor on: the step of the code that confirmed it (it cannot
/// be used again) and the hashes of the new recovery codes.
pub struct EnableTwoFactor<'a> {
    pub user_id: UserId,
    pub step: u64,
    pub recovery_codes: &'a [TokenHash],
}

impl AccountChange<'_> {
    /// A change at `now` that does nothing yet.
    pub fn at(now: Timestamp) -> Self {
        Self {
            now,
            insert: None,
            update: None,
            redeem: None,
            link: None,
            revoke_sessions: None,
            enable_two_factor: None,
            disable_two_factor: None,
            events: Vec::new(),
        }
    }
}

/// Emailed links and the account changes they and other flows make.
#[async_trait::async_trait]
pub trait LinkRepository: Send + Sync {
    /// The link with this hash.
    async fn link(&self, token_hash: &TokenHash) -> Result<Option<LinkRecord>, StoreError>;
    /// Writes `change` in one transaction.
    async fn commit(&self, change: AccountChange<'_>) -> Result<(), StoreError>;
}

/// Signed-in devices, one per login.
#[async_trait::async_trait]
pub trait SessionRepository: Send + Sync {
    /// Records that `session` signed in or refreshed now: a new row, or the
    /// device and last use of its family's row (its creation stays).
    async fn touch_session(&self, session: &SessionRecord) -> Result<(), StoreError>;
    /// The user's sessions with a refresh token still usable at `now`, most
    /// recently used first.
    async fn live_sessions(
        &self,
        user_id: UserId,
        now: Timestamp,
    ) -> Result<Vec<SessionRecord>, StoreError>;
}

/// Two-factor set-ups and recovery codes. Each write is one conditional
/// statement, so concurrent logins (on any replica) cannot use a code twice.
#[async_trait::async_trait]
pub trait TwoFactorRepository: Send + Sync {
    /// The account's set-up, pending or enabled.
    async fn two_factor(&self, user_id: UserId) -> Result<Option<TwoFactorRecord>, StoreError>;
    /// Starts (or restarts) enrolment with `record`'s key, unless two-factor
    /// is already on; `false` then, and nothing changes.
    async fn begin_two_factor(&self, record: &TwoFactorRecord) -> Result<bool, StoreError>;
    /// Records that the code of `step` was used, if no code of that step or
    /// a later one was; `false` otherwise.
    async fn accept_step(&self, user_id: UserId, step: u64) -> Result<bool, StoreError>;
    /// Marks the recovery code used if it is one of the account's unused
    /// ones; `false` otherwise.
    async fn use_recovery_code(
        &self,
        user_id: UserId,
        code: &TokenHash,
        now: Timestamp,
    ) -> Result<bool, StoreError>;
    /// How many of the account's recovery codes are unused.
    async fn recovery_codes_left(&self, user_id: UserId) -> Result<u64, StoreError>;
}

/// Opens the database `settings` name (`feira up` always uses SQLite under
/// `data_dir`); migrations run on open.
pub async fn open(
    settings: &crate::settings::IdentitySettings,
    deps: &kit::Deps,
) -> anyhow::Result<sql::SqlIdentityStore> {
    deps.open_sql(
        "identity",
        settings.store,
        &settings.postgres,
        |url, max| async move { sql::SqlIdentityStore::connect_postgres(&url, max).await },
        |path| async move { sql::SqlIdentityStore::open_sqlite(&path).await },
    )
    .await
}
