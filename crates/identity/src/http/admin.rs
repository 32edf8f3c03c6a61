//! User administration (admin role): list and search, grant or revoke admin,
//! disable or enable an account.

use super::error::Result;
use crate::IdentityState;
use crate::domain::User;
use crate::store::UserQuery;
use axum::extract::State;
use kit::auth::RequireAdmin;
use kit::extract::{Path, Query};
use kit::pagination::{Page, PageRequest};
use kit::{FieldError, Problem, Timestamp};
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
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<&User> for UserSummary {
    fn from(u: &User) -> Self {
        Self {
            id: u.id,
            email: u.email.to_string(),
            name: u.name.clone(),
            roles: u.role_names(),
            disabled: u.disabled_at.is_some(),
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
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// List and search users, newest first.
#[utoipa::path(get, path = "/admin/users", tag = "identity admin", security(("bearer" = [])),
    params(UserListParams),
    responses((status = 200, body = Page<UserSummary>), (status = 400, body = kit::Problem), (status = 403, body = kit::Problem)))]
pub async fn list(
    State(state): State<IdentityState>,
    _admin: RequireAdmin,
    Query(params): Query<UserListParams>,
) -> Result<axum::Json<Page<UserSummary>>> {
    let mut errors = Vec::new();
    let page = PageRequest::parse(params.page, params.per_page)
        .map_err(|e| errors.push(e))
        .ok();
    let admins_only = match params.role.as_deref() {
        None | Some("customer") => false,
        Some("admin") => true,
        Some(_) => {
            errors.push(FieldError::new("role", "must be `admin` or `customer`"));
            false
        }
    };
    let Some(page) = page.filter(|_| errors.is_empty()) else {
        return Err(Problem::invalid_parameters(errors).into());
    };
    let query = UserQuery {
        text: params.q,
        admins_only,
    };
    let (users, total) = state.local()?.users.search(&query, page).await?;
    let items = users.iter().map(UserSummary::from).collect();
    Ok(axum::Json(Page::new(items, page, total)))
}

/// One user.
#[utoipa::path(get, path = "/admin/users/{id}", tag = "identity admin", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = UserSummary), (status = 404, body = kit::Problem)))]
pub async fn get(
    State(state): State<IdentityState>,
    _admin: RequireAdmin,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<UserSummary>> {
    Ok(axum::Json(UserSummary::from(&find(&state, id).await?)))
}

async fn find(state: &IdentityState, id: Uuid) -> Result<User> {
    state
        .local()?
        .users
        .by_id(id)
        .await?
        .ok_or_else(|| Problem::not_found("No user with that id.").into())
}

/// Applies `change` to user `id` and saves it; admins may not change themselves
/// this way, so the last admin cannot lock everyone out by mistake.
async fn change(
    state: &IdentityState,
    admin: &RequireAdmin,
    id: Uuid,
    change: impl FnOnce(&mut User),
) -> Result<User> {
    if admin.0.id == id.to_string() {
        return Err(Problem::conflict(
            "self-change",
            "Cannot change your own account",
            "Admins cannot revoke their own admin role or disable themselves; ask another admin.",
        )
        .into());
    }
    let mut user = find(state, id).await?;
    change(&mut user);
    user.version += 1;
    user.updated_at = Timestamp::now();
    state.local()?.users.update(&user).await?;
    Ok(user)
}

/// Grant the admin role.
#[utoipa::path(put, path = "/admin/users/{id}/roles/admin", tag = "identity admin", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = UserSummary), (status = 404, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn grant_admin(
    State(state): State<IdentityState>,
    admin: RequireAdmin,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<UserSummary>> {
    let user = change(&state, &admin, id, |u| u.set_admin(true)).await?;
    tracing::info!(by = %admin.0.id, "admin role granted");
    Ok(axum::Json(UserSummary::from(&user)))
}

/// Revoke the admin role. Takes effect on the user's next refresh.
#[utoipa::path(delete, path = "/admin/users/{id}/roles/admin", tag = "identity admin", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = UserSummary), (status = 404, body = kit::Problem), (status = 409, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn revoke_admin(
    State(state): State<IdentityState>,
    admin: RequireAdmin,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<UserSummary>> {
    let user = change(&state, &admin, id, |u| u.set_admin(false)).await?;
    tracing::info!(by = %admin.0.id, "admin role revoked");
    Ok(axum::Json(UserSummary::from(&user)))
}

/// Disable an account: login is refused, and every refresh token is revoked, so
/// the user's access ends when their current access token expires.
#[utoipa::path(post, path = "/admin/users/{id}/disable", tag = "identity admin", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = UserSummary), (status = 404, body = kit::Problem), (status = 409, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn disable(
    State(state): State<IdentityState>,
    admin: RequireAdmin,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<UserSummary>> {
    let now = Timestamp::now();
    let user = change(&state, &admin, id, |u| {
        u.disabled_at.get_or_insert(now);
    })
    .await?;
    state.local()?.logout_everywhere(id).await?;
    tracing::info!(by = %admin.0.id, "account disabled");
    Ok(axum::Json(UserSummary::from(&user)))
}

/// Enable a disabled account.
#[utoipa::path(post, path = "/admin/users/{id}/enable", tag = "identity admin", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = UserSummary), (status = 404, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn enable(
    State(state): State<IdentityState>,
    admin: RequireAdmin,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<UserSummary>> {
    let user = change(&state, &admin, id, |u| u.disabled_at = None).await?;
    tracing::info!(by = %admin.0.id, "account enabled");
    Ok(axum::Json(UserSummary::from(&user)))
}
