//! The one SQL implementation of the identity repositories, on sqlx's `Any`
//! driver: the same statements run on PostgreSQL and SQLite. Columns use types
//! both share (TEXT, BIGINT); placeholders are `$n`, which both accept.

use super::{
    AccountChange, LinkRepository, RefreshTokenRepository, SessionRepository, StoreError,
    TwoFactorRepository, UserQuery, UserRepository,
};
use crate::domain::links::{LinkRecord, Purpose};
use crate::domain::sessions::{Device, SessionRecord};
use crate::domain::tokens::RefreshRecord;
use crate::domain::two_factor::{TotpKey, TwoFactorRecord};
use crate::domain::{Email, FamilyId, Profile, Role, TokenHash, User, UserId};

use kit::Timestamp;
use kit::pagination::PageRequest;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Executor, Row};
use std::path::Path;
use uuid::Uuid;

/// Accounts and refresh tokens in a SQL database.
#[derive(Debug, Clone)]
pub struct SqlIdentityStore {
    pool: AnyPool,
}

const USER_COLUMNS: &str = "id, email, name, password_hash, roles, profile, disabled_at, \
     email_verified_at, created_at, updated_at, version";
const LINK_COLUMNS: &str = "token_hash, purpose, user_id, email, created_at, expires_at, used_at";
const TOKEN_COLUMNS: &str =
    "token_hash, family_id, user_id, issued_at, expires_at, used_at, revoked_at";

impl SqlIdentityStore {
    /// Connects to PostgreSQL and applies `migrations/postgres`.
    pub async fn connect_postgres(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let migrations = sqlx::migrate!("migrations/postgres");
        let pool =
            kit::sql::connect_postgres(url, max_connections, &migrations, "identity").await?;
        Ok(Self { pool })
    }

    /// Opens (creating if needed) a SQLite file and applies `migrations/sqlite`.
    pub async fn open_sqlite(path: &Path) -> anyhow::Result<Self> {
        let migrations = sqlx::migrate!("migrations/sqlite");
        let pool = kit::sql::open_sqlite(path, &migrations, "identity").await?;
        Ok(Self { pool })
    }

    /// The user whose unique `column` (`id` or `email`) equals `value`.
    async fn user_where(&self, column: &str, value: String) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE {column} = $1");
        let row = sqlx::query(&sql)
            .bind(value)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// The outbox in the same database, for the relay.
    pub fn outbox(&self) -> bus::outbox::SqlOutbox {
        bus::outbox::SqlOutbox::new(self.pool.clone())
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(anyhow::Error::new(e))
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Backend(anyhow::anyhow!("stored {what} is not valid"))
}

fn timestamp(text: &str) -> Result<Timestamp, StoreError> {
    Timestamp::parse(text).map_err(|_| corrupt("timestamp"))
}

fn optional_timestamp(text: Option<String>) -> Result<Option<Timestamp>, StoreError> {
    text.as_deref().map(timestamp).transpose()
}

fn uuid(text: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text).map_err(|_| corrupt("id"))
}

fn user_from_row(row: &AnyRow) -> Result<User, StoreError> {
    let get = |name: &str| row.try_get::<String, _>(name).map_err(backend);
    let roles: Vec<Role> = serde_json::from_str(&get("roles")?).map_err(|_| corrupt("roles"))?;
    let profile: Profile =
        serde_json::from_str(&get("profile")?).map_err(|_| corrupt("profile"))?;
    Ok(User {
        id: UserId::from(uuid(&get("id")?)?),
        email: Email::from_stored(get("email")?),
        name: get("name")?,
        password_hash: get("password_hash")?,
        roles,
        profile,
        disabled_at: optional_timestamp(row.try_get("disabled_at").map_err(backend)?)?,
        email_verified_at: optional_timestamp(row.try_get("email_verified_at").map_err(backend)?)?,
        created_at: timestamp(&get("created_at")?)?,
        updated_at: timestamp(&get("updated_at")?)?,
        version: row.try_get("version").map_err(backend)?,
    })
}

fn token_from_row(row: &AnyRow) -> Result<RefreshRecord, StoreError> {
    let get = |name: &str| row.try_get::<String, _>(name).map_err(backend);
    let optional = |name: &str| row.try_get::<Option<String>, _>(name).map_err(backend);
    Ok(RefreshRecord {
        token_hash: TokenHash::from_stored(get("token_hash")?),
        family_id: FamilyId::from(uuid(&get("family_id")?)?),
        user_id: UserId::from(uuid(&get("user_id")?)?),
        issued_at: timestamp(&get("issued_at")?)?,
        expires_at: timestamp(&get("expires_at")?)?,
        used_at: optional_timestamp(optional("used_at")?)?,
        revoked_at: optional_timestamp(optional("revoked_at")?)?,
    })
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds `$1..$8`, the columns insert and update share: id, email, name,
/// password hash, roles, profile, disabled_at, email_verified_at.
fn bind_user<'q>(query: AnyQuery<'q>, user: &User) -> AnyQuery<'q> {
    query
        .bind(user.id.to_string())
        .bind(user.email.as_str().to_owned())
        .bind(user.name.clone())
        .bind(user.password_hash.clone())
        .bind(json(&user.roles))
        .bind(json(&user.profile))
        .bind(user.disabled_at.map(|t| t.to_string()))
        .bind(user.email_verified_at.map(|t| t.to_string()))
}

/// A unique violation on `users` can only be the email.
fn email_taken(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Duplicate { field: "email" }
        }
        other => backend(other),
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("identity records serialise")
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_pattern(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 2);
    escaped.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped.push('%');
    escaped
}

#[async_trait::async_trait]
impl UserRepository for SqlIdentityStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn insert(&self, user: &User) -> Result<(), StoreError> {
        insert_user(&self.pool, user).await
    }

    async fn by_id(&self, id: UserId) -> Result<Option<User>, StoreError> {
        self.user_where("id", id.to_string()).await
    }

    async fn by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
        self.user_where("email", email.as_str().to_owned()).await
    }

    async fn update(&self, user: &User) -> Result<(), StoreError> {
        if update_user(&self.pool, user).await? {
            return Ok(());
        }
        match self.by_id(user.id).await? {
            Some(_) => Err(StoreError::VersionConflict),
            None => Err(StoreError::NotFound),
        }
    }

    async fn search(
        &self,
        query: &UserQuery,
        page: PageRequest,
    ) -> Result<(Vec<User>, u64), StoreError> {
        let mut conditions = Vec::new();
        let text = query
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        if text.is_some() {
            conditions.push(r"(email LIKE $1 ESCAPE '\' OR LOWER(name) LIKE $1 ESCAPE '\')");
        }
        if query.admins_only {
            conditions.push(r#"roles LIKE '%"admin"%'"#);
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let pattern = text.map(like_pattern);
        let count_sql = format!("SELECT COUNT(*) AS n FROM users {filter}");
        let mut count = sqlx::query(&count_sql);
        let (limit_at, offset_at) = if pattern.is_some() { (2, 3) } else { (1, 2) };
        let list_sql = format!(
            "SELECT {USER_COLUMNS} FROM users {filter} ORDER BY created_at DESC, id DESC \
             LIMIT ${limit_at} OFFSET ${offset_at}"
        );
        let mut list = sqlx::query(&list_sql);
        if let Some(p) = &pattern {
            count = count.bind(p.clone());
            list = list.bind(p.clone());
        }
        let total: i64 = count
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?
            .try_get("n")
            .map_err(backend)?;
        let rows = list
            .bind(i64::from(page.per_page))
            .bind(i64::try_from(page.offset()).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let users = rows.iter().map(user_from_row).collect::<Result<_, _>>()?;
        Ok((users, u64::try_from(total).unwrap_or_default()))
    }
}

#[async_trait::async_trait]
impl RefreshTokenRepository for SqlIdentityStore {
    async fn insert(&self, token: &RefreshRecord) -> Result<(), StoreError> {
        insert_token(&self.pool, token).await
    }

    async fn find(&self, token_hash: &TokenHash) -> Result<Option<RefreshRecord>, StoreError> {
        let sql = format!("SELECT {TOKEN_COLUMNS} FROM refresh_tokens WHERE token_hash = $1");
        let row = sqlx::query(&sql)
            .bind(token_hash.as_str().to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(token_from_row).transpose()
    }

    async fn rotate(
        &self,
        used_hash: &TokenHash,
        next: &RefreshRecord,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let marked = sqlx::query(
            "UPDATE refresh_tokens SET used_at = $2 \
             WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL",
        )
        .bind(used_hash.as_str().to_owned())
        .bind(now.to_string())
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if marked.rows_affected() != 1 {
            tx.rollback().await.map_err(backend)?;
            return Ok(false);
        }
        insert_token(&mut *tx, next).await?;
        tx.commit().await.map_err(backend)?;
        Ok(true)
    }

    async fn revoke_family(&self, family_id: FamilyId, now: Timestamp) -> Result<(), StoreError> {
        revoke_where(&self.pool, "family_id", family_id.to_string(), now).await?;
        Ok(())
    }

    async fn revoke_user(&self, user_id: UserId, now: Timestamp) -> Result<u64, StoreError> {
        revoke_where(&self.pool, "user_id", user_id.to_string(), now).await
    }
}

/// Revokes the not yet revoked tokens whose `column` (`family_id` or
/// `user_id`) is `id`; returns how many.
async fn revoke_where<'e, E>(
    executor: E,
    column: &str,
    id: String,
    now: Timestamp,
) -> Result<u64, StoreError>
where
    E: Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "UPDATE refresh_tokens SET revoked_at = $2 WHERE {column} = $1 AND revoked_at IS NULL"
    );
    let done = sqlx::query(&sql)
        .bind(id)
        .bind(now.to_string())
        .execute(executor)
        .await
        .map_err(backend)?;
    Ok(done.rows_affected())
}

async fn insert_user<'e, E>(executor: E, user: &User) -> Result<(), StoreError>
where
    E: Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "INSERT INTO users ({USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    );
    bind_user(sqlx::query(&sql), user)
        .bind(user.created_at.to_string())
        .bind(user.updated_at.to_string())
        .bind(user.version)
        .execute(executor)
        .await
        .map_err(email_taken)?;
    Ok(())
}

/// Saves `user` if the stored version is `user.version - 1`; whether it did.
async fn update_user<'e, E>(executor: E, user: &User) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = sqlx::Any>,
{
    let sql = "UPDATE users SET email = $2, name = $3, password_hash = $4, roles = $5, \
               profile = $6, disabled_at = $7, email_verified_at = $8, updated_at = $9, \
               version = $10 WHERE id = $1 AND version = $11";
    let done = bind_user(sqlx::query(sql), user)
        .bind(user.updated_at.to_string())
        .bind(user.version)
        .bind(user.version - 1)
        .execute(executor)
        .await
        .map_err(email_taken)?;
    Ok(done.rows_affected() == 1)
}

async fn insert_token<'e, E>(executor: E, token: &RefreshRecord) -> Result<(), StoreError>
where
    E: Executor<'e, Database = sqlx::Any>,
{
    let sql =
        format!("INSERT INTO refresh_tokens ({TOKEN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)");
    sqlx::query(&sql)
        .bind(token.token_hash.as_str().to_owned())
        .bind(token.family_id.to_string())
        .bind(token.user_id.to_string())
        .bind(token.issued_at.to_string())
        .bind(token.expires_at.to_string())
        .bind(token.used_at.map(|t| t.to_string()))
        .bind(token.revoked_at.map(|t| t.to_string()))
        .execute(executor)
        .await
        .map_err(backend)?;
    Ok(())
}

fn link_from_row(row: &AnyRow) -> Result<LinkRecord, StoreError> {
    let get = |name: &str| row.try_get::<String, _>(name).map_err(backend);
    Ok(LinkRecord {
        token_hash: TokenHash::from_stored(get("token_hash")?),
        purpose: Purpose::parse(&get("purpose")?).ok_or_else(|| corrupt("link purpose"))?,
        user_id: UserId::from(uuid(&get("user_id")?)?),
        email: get("email")?,
        created_at: timestamp(&get("created_at")?)?,
        expires_at: timestamp(&get("expires_at")?)?,
        used_at: optional_timestamp(row.try_get("used_at").map_err(backend)?)?,
    })
}

#[async_trait::async_trait]
impl LinkRepository for SqlIdentityStore {
    async fn link(&self, token_hash: &TokenHash) -> Result<Option<LinkRecord>, StoreError> {
        let sql = format!("SELECT {LINK_COLUMNS} FROM account_tokens WHERE token_hash = $1");
        let row = sqlx::query(&sql)
            .bind(token_hash.as_str().to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(link_from_row).transpose()
    }

    async fn commit(&self, change: AccountChange<'_>) -> Result<(), StoreError> {
        let now = change.now.to_string();
        let mut tx = self.pool.begin().await.map_err(backend)?;
        if let Some(link) = change.redeem {
            let marked = sqlx::query(
                "UPDATE account_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL",
            )
            .bind(link.token_hash.as_str().to_owned())
            .bind(now.clone())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
            if marked.rows_affected() != 1 {
                tx.rollback().await.map_err(backend)?;
                return Err(StoreError::LinkUsed);
            }
            // Older links for the same thing stop working with it.
            sqlx::query(
                "UPDATE account_tokens SET used_at = $3 \
                 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
            )
            .bind(link.user_id.to_string())
            .bind(link.purpose.as_str())
            .bind(now.clone())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        if let Some(user) = change.insert {
            insert_user(&mut *tx, user).await?;
        }
        if let Some(user) = change.update
            && !update_user(&mut *tx, user).await?
        {
            tx.rollback().await.map_err(backend)?;
            return Err(StoreError::VersionConflict);
        }
        if let Some(link) = change.link {
            let sql = format!(
                "INSERT INTO account_tokens ({LINK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"
            );
            sqlx::query(&sql)
                .bind(link.token_hash.as_str().to_owned())
                .bind(link.purpose.as_str())
                .bind(link.user_id.to_string())
                .bind(link.email.clone())
                .bind(link.created_at.to_string())
                .bind(link.expires_at.to_string())
                .bind(link.used_at.map(|t| t.to_string()))
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        if let Some(user_id) = change.revoke_sessions {
            revoke_where(&mut *tx, "user_id", user_id.to_string(), change.now).await?;
        }
        if let Some(enable) = &change.enable_two_factor {
            let user_id = enable.user_id.to_string();
            let enabled = sqlx::query(
                "UPDATE two_factor SET enabled_at = $2, last_step = $3 \
                 WHERE user_id = $1 AND enabled_at IS NULL",
            )
            .bind(user_id.clone())
            .bind(now.clone())
            .bind(step_value(enable.step)?)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
            if enabled.rows_affected() != 1 {
                tx.rollback().await.map_err(backend)?;
                return Err(StoreError::VersionConflict);
            }
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
                .bind(user_id.clone())
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            for code in enable.recovery_codes {
                sqlx::query("INSERT INTO recovery_codes (code_hash, user_id) VALUES ($1, $2)")
                    .bind(code.as_str().to_owned())
                    .bind(user_id.clone())
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
            }
        }
        if let Some(user_id) = change.disable_two_factor {
            for table in ["recovery_codes", "two_factor"] {
                sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
                    .bind(user_id.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
            }
        }
        for event in &change.events {
            bus::outbox::insert(&mut tx, event).await.map_err(backend)?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl SessionRepository for SqlIdentityStore {
    async fn touch_session(&self, session: &SessionRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (family_id, user_id, user_agent, ip, created_at, last_used_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (family_id) DO UPDATE SET user_agent = $3, ip = $4, last_used_at = $6",
        )
        .bind(session.family_id.to_string())
        .bind(session.user_id.to_string())
        .bind(session.device.user_agent.clone())
        .bind(session.device.ip.clone())
        .bind(session.created_at.to_string())
        .bind(session.last_used_at.to_string())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn live_sessions(
        &self,
        user_id: UserId,
        now: Timestamp,
    ) -> Result<Vec<SessionRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT family_id, user_id, user_agent, ip, created_at, last_used_at FROM sessions s \
             WHERE user_id = $1 AND EXISTS (SELECT 1 FROM refresh_tokens t \
               WHERE t.family_id = s.family_id AND t.used_at IS NULL \
               AND t.revoked_at IS NULL AND t.expires_at > $2) \
             ORDER BY last_used_at DESC, family_id DESC",
        )
        .bind(user_id.to_string())
        .bind(now.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let get = |name: &str| row.try_get::<String, _>(name).map_err(backend);
                Ok(SessionRecord {
                    family_id: FamilyId::from(uuid(&get("family_id")?)?),
                    user_id: UserId::from(uuid(&get("user_id")?)?),
                    device: Device {
                        user_agent: get("user_agent")?,
                        ip: row.try_get("ip").map_err(backend)?,
                    },
                    created_at: timestamp(&get("created_at")?)?,
                    last_used_at: timestamp(&get("last_used_at")?)?,
                })
            })
            .collect()
    }
}

/// A time step as a BIGINT (steps since 1970 fit many times over).
fn step_value(step: u64) -> Result<i64, StoreError> {
    i64::try_from(step).map_err(|_| corrupt("step"))
}

#[async_trait::async_trait]
impl TwoFactorRepository for SqlIdentityStore {
    async fn two_factor(&self, user_id: UserId) -> Result<Option<TwoFactorRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT user_id, totp_key, created_at, enabled_at, last_step \
             FROM two_factor WHERE user_id = $1",
        )
        .bind(user_id.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        let get = |name: &str| row.try_get::<String, _>(name).map_err(backend);
        let enabled_at: Option<String> = row.try_get("enabled_at").map_err(backend)?;
        let last_step: Option<i64> = row.try_get("last_step").map_err(backend)?;
        Ok(Some(TwoFactorRecord {
            user_id: UserId::from(uuid(&get("user_id")?)?),
            key: TotpKey::from_base32(&get("totp_key")?).ok_or_else(|| corrupt("totp_key"))?,
            created_at: timestamp(&get("created_at")?)?,
            enabled_at: enabled_at.as_deref().map(timestamp).transpose()?,
            last_step: last_step
                .map(|s| u64::try_from(s).map_err(|_| corrupt("last_step")))
                .transpose()?,
        }))
    }

    async fn begin_two_factor(&self, record: &TwoFactorRecord) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO two_factor (user_id, totp_key, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET totp_key = $2, created_at = $3, last_step = NULL \
             WHERE two_factor.enabled_at IS NULL",
        )
        .bind(record.user_id.to_string())
        .bind(record.key.base32())
        .bind(record.created_at.to_string())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(done.rows_affected() == 1)
    }

    async fn accept_step(&self, user_id: UserId, step: u64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE two_factor SET last_step = $2 WHERE user_id = $1 \
             AND enabled_at IS NOT NULL AND (last_step IS NULL OR last_step < $2)",
        )
        .bind(user_id.to_string())
        .bind(step_value(step)?)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(done.rows_affected() == 1)
    }

    async fn use_recovery_code(
        &self,
        user_id: UserId,
        code: &TokenHash,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE recovery_codes SET used_at = $3 \
             WHERE code_hash = $2 AND user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id.to_string())
        .bind(code.as_str().to_owned())
        .bind(now.to_string())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(done.rows_affected() == 1)
    }

    async fn recovery_codes_left(&self, user_id: UserId) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id.to_string())
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}
