//! User administration (admin role): list and search, grant or revoke admin,
//! disable or enable an account.

use super::error::Result;
use crate::IdentityState;
use crate::domain::User;
use crate::service::UserListing;
use axum::extract::State;
use kit::Timestamp;
use kit::auth::RequireAdmin;
use kit::extract::{Path, Query};
use kit::pagination::Page;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A user as admins see them.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UserSummary {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub roles: Vec<String>,
    pub disabled: bool,
    /// Whether the account's email is confirmed (checkout needs it).
    pub email_verified: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<&User> for UserSummary {
    fn from(u: &User) -> Self {
        Self {
            id: u.id.as_uuid(),
            email: u.email.to_string(),
            name: u.name.clone(),
            roles: u.role_names(),
            disabled: u.disabled_at.is_some(),
            email_verified: u.email_verified_at.is_some(),
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

/// Query parameters of the user list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UserListParams {
    /// Case-insensitive text in the email or the name.
    pub q: Option<String>,
    /// `admin` lists admins only.
    pub role: Option<String>,
    /// Page number from 1.
    #[param(minimum = 1)]
    pub page: Option<u32>,
    /// 1 to 100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

/// List and search users, newest first.
#[utoipa::path(get, path = "/admin/users", tag = "identity admin", security(("bearer" = ["admin"])),
    params(UserListParams),
    responses((status = 200, body = Page<UserSummary>), (status = 400, body = kit::Problem), (status = 403, body = kit::Problem)))]
pub async fn list(
    State(state): State<IdentityState>,
    _admin: RequireAdmin,
    Query(params): Query<UserListParams>,
) -> Result<axum::Json<Page<UserSummary>>> {
    let listing = UserListing {
        text: params.q,
        role: params.role,
        page: params.page,
        per_page: params.per_page,
    };
    let page = state.local()?.list_users(listing).await?;
    Ok(axum::Json(Page {
        items: page.items.iter().map(UserSummary::from).collect(),
        page: page.page,
        per_page: page.per_page,
        total: page.total,
    }))
}

/// One user.
#[utoipa::path(get, path = "/admin/users/{id}", tag = "identity admin", security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = UserSummary), (status = 404, body = kit::Problem)))]
pub async fn get(
    State(state): State<IdentityState>,
    _admin: RequireAdmin,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<UserSummary>> {
    Ok(axum::Json(UserSummary::from(
        &state.local()?.user(id.into()).await?,
    )))
}

/// Grant the admin role.
#[utoipa::path(put, path = "/admin/users/{id}/roles/admin", tag = "identity admin", security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path)), responses((status = 200, body = UserSummary), (status = 404, body = kit::Problem), (status = 409, description = "An admin changing their own account, or a concurrent change", body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn grant_admin(
    State(state): State<IdentityState>,
    admin: RequireAdmin,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<UserSummary>> {
    let user = state.local()?.grant_admin(&admin.0, id.into()).await?;
    Ok(axum::Json(UserSummary::from(&user)))
}

/// Revoke the admin role. Takes effect on the user's next refresh.
#[utoipa::path(delete, path = "/admin/users/{id}/roles/admin", tag = "identity admin", security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path)), responses((status = 200, body = UserSummary), (status = 404, body = kit::Problem), (status = 409, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn revoke_admin(
    State(state): State<IdentityState>,
    admin: RequireAdmin,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<UserSummary>> {
    let user = state.local()?.revoke_admin(&admin.0, id.into()).await?;
    Ok(axum::Json(UserSummary::from(&user)))
}

/// Disable an account: login is refused, and every refresh token is revoked, so
/// the user's access ends when their current access token expires.
#[utoipa::path(post, path = "/admin/users/{id}/disable", tag = "identity admin", security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path)), responses((status = 200, body = UserSummary), (status = 404, body = kit::Problem), (status = 409, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn disable(
    State(state): State<IdentityState>,
    admin: RequireAdmin,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<UserSummary>> {
    let user = state.local()?.disable(&admin.0, id.into()).await?;
    Ok(axum::Json(UserSummary::from(&user)))
}

/// Enable a disabled account.
#[utoipa::path(post, path = "/admin/users/{id}/enable", tag = "identity admin", security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path)), responses((status = 200, body = UserSummary), (status = 404, body = kit::Problem), (status = 409, description = "An admin changing their own account, or a concurrent change", body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn enable(
    State(state): State<IdentityState>,
    admin: RequireAdmin,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<UserSummary>> {
    let user = state.local()?.enable(&admin.0, id.into()).await?;
    Ok(axum::Json(UserSummary::from(&user)))
}

/// Mark an account's email verified without the emailed link: for an operator
/// who confirmed the address another way. Idempotent; the account's next
/// token (login or refresh) carries `email_verified`.
#[utoipa::path(post, path = "/admin/users/{id}/verify-email", tag = "identity admin", security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path)), responses((status = 200, body = UserSummary), (status = 401, body = kit::Problem), (status = 403, body = kit::Problem), (status = 404, body = kit::Problem), (status = 409, description = "An admin changing their own account, or a concurrent change", body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn verify_email(
    State(state): State<IdentityState>,
    admin: RequireAdmin,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<UserSummary>> {
    let user = state.local()?.verify_email_for(&admin.0, id.into()).await?;
    Ok(axum::Json(UserSummary::from(&user)))
}
