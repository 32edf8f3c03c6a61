//! User administration (admin role): list and search, grant or revoke admin,
//! disable or enable an account.

use super::{LocalAccounts, Result, ServiceError};
use crate::domain::{User, UserId};
use crate::store::UserQuery;
use kit::auth::AuthUser;
use kit::pagination::{Page, PageRequest};
use kit::{FieldError, Timestamp};

/// What the admin's user list asks for, as sent; every bad parameter is named.
#[derive(Debug, Default)]
pub struct UserListing {
    /// Case-insensitive text in the email or the name.
    pub text: Option<String>,
    /// `admin` lists admins only; `customer` or none lists everyone.
    pub role: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl LocalAccounts {
    /// A page of accounts, newest first.
    pub async fn list_users(&self, listing: UserListing) -> Result<Page<User>> {
        let mut errors = Vec::new();
        let page = PageRequest::parse(listing.page, listing.per_page)
            .map_err(|e| errors.push(e))
            .ok();
        let admins_only = match listing.role.as_deref() {
            None | Some("customer") => false,
            Some("admin") => true,
            Some(_) => {
                errors.push(FieldError::new("role", "must be `admin` or `customer`"));
                false
            }
        };
        let Some(page) = page.filter(|_| errors.is_empty()) else {
            return Err(ServiceError::InvalidParameters(errors));
        };
        let query = UserQuery {
            text: listing.text,
            admins_only,
        };
        let (users, total) = self.users.search(&query, page).await?;
        Ok(Page::new(users, page, total))
    }

    /// One account.
    pub async fn user(&self, id: UserId) -> Result<User> {
        self.users.by_id(id).await?.ok_or(ServiceError::NoSuchUser)
    }

    /// Grants the admin role.
    pub async fn grant_admin(&self, by: &AuthUser, id: UserId) -> Result<User> {
        let user = self.change(by, id, |u| u.set_admin(true)).await?;
        tracing::info!(by = %by.id, "admin role granted");
        Ok(user)
    }

    /// Revokes the admin role; it takes effect on the user's next refresh.
    pub async fn revoke_admin(&self, by: &AuthUser, id: UserId) -> Result<User> {
        let user = self.change(by, id, |u| u.set_admin(false)).await?;
        tracing::info!(by = %by.id, "admin role revoked");
        Ok(user)
    }

    /// Disables an account: login is refused and every refresh token revoked.
    pub async fn disable(&self, by: &AuthUser, id: UserId) -> Result<User> {
        let now = Timestamp::now();
        let user = self
            .change(by, id, |u| {
                u.disabled_at.get_or_insert(now);
            })
            .await?;
        self.logout_everywhere(id).await?;
        tracing::info!(by = %by.id, "account disabled");
        Ok(user)
    }

    /// Enables a disabled account.
    pub async fn enable(&self, by: &AuthUser, id: UserId) -> Result<User> {
        let user = self.change(by, id, |u| u.disabled_at = None).await?;
        tracing::info!(by = %by.id, "account enabled");
        Ok(user)
    }

    /// Marks account `id`'s email verified, as an operator who confirmed it
    /// another way would (support, imports, load tests); its next token says so.
    pub async fn verify_email_for(&self, by: &AuthUser, id: UserId) -> Result<User> {
        let user = self
            .change(by, id, |u| {
                if u.email_verified_at.is_none() {
                    u.email_verified_at = Some(kit::Timestamp::now());
                }
            })
            .await?;
        tracing::info!(by = %by.id, "email marked verified");
        Ok(user)
    }

    /// Applies `change` to account `id` and saves it; admins may not change
    /// themselves this way, so the last admin cannot lock everyone out by mistake.
    async fn change(
        &self,
        by: &AuthUser,
        id: UserId,
        change: impl FnOnce(&mut User),
    ) -> Result<User> {
        if by.id.as_str() == id.to_string() {
            return Err(ServiceError::SelfChange);
        }
        let mut user = self.user(id).await?;
        change(&mut user);
        self.save(&mut user).await?;
        Ok(user)
    }
}
