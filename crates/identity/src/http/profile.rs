//! `/me`: the signed-in user's profile, addresses and notification preferences.

use super::error::Result;
use crate::IdentityState;
use crate::domain::{Address, AddressInput, Preferences, User};
use crate::service::MePatch;
use axum::extract::State;
use axum::http::StatusCode;
use kit::Timestamp;
use kit::auth::AuthUser;
use kit::extract::{Json, Path};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The profile as the user sees it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub id: Uuid,
    pub email: String,
    /// Whether `email` was proven by the link sent to it (ADR 0041).
    pub email_verified: bool,
    pub name: String,
    pub roles: Vec<String>,
    /// E.164.
    pub phone: Option<String>,
    pub addresses: Vec<Address>,
    pub preferences: Preferences,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<&User> for Me {
    fn from(u: &User) -> Self {
        Self {
            id: u.id.as_uuid(),
            email: u.email.to_string(),
            email_verified: u.email_verified_at.is_some(),
            name: u.name.clone(),
            roles: u.role_names(),
            phone: u.profile.phone.clone(),
            addresses: u.profile.addresses.clone(),
            preferences: u.profile.preferences,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

/// The caller's profile.
#[utoipa::path(get, path = "/me", tag = "profile", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = kit::Problem)))]
pub async fn get(State(state): State<IdentityState>, caller: AuthUser) -> Result<axum::Json<Me>> {
    Ok(axum::Json(Me::from(&state.local()?.me(&caller).await?)))
}

/// Change name, phone or notification preferences.
#[utoipa::path(patch, path = "/me", tag = "profile", security(("bearer" = [])),
    request_body = MePatch,
    responses((status = 200, body = Me), (status = 401, body = kit::Problem), (status = 422, body = kit::Problem)))]
#[tracing::instrument(skip_all)]
pub async fn update(
    State(state): State<IdentityState>,
    caller: AuthUser,
    Json(patch): Json<MePatch>,
) -> Result<axum::Json<Me>> {
    let user = state.local()?.update_me(&caller, patch).await?;
    Ok(axum::Json(Me::from(&user)))
}

/// Save a shipping address; the first one becomes the default.
#[utoipa::path(post, path = "/me/addresses", tag = "profile", security(("bearer" = [])),
    request_body = AddressInput,
    responses((status = 201, body = Address), (status = 422, body = kit::Problem)))]
#[tracing::instrument(skip_all)]
pub async fn add_address(
    State(state): State<IdentityState>,
    caller: AuthUser,
    Json(input): Json<AddressInput>,
) -> Result<(StatusCode, axum::Json<Address>)> {
    let address = state.local()?.add_address(&caller, input).await?;
    Ok((StatusCode::CREATED, axum::Json(address)))
}

/// Edit a saved address; `"is_default": true` makes it the default.
#[utoipa::path(patch, path = "/me/addresses/{id}", tag = "profile", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AddressInput,
    responses((status = 200, body = Address), (status = 404, body = kit::Problem), (status = 422, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn edit_address(
    State(state): State<IdentityState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
    Json(input): Json<AddressInput>,
) -> Result<axum::Json<Address>> {
    let address = state.local()?.edit_address(&caller, id, input).await?;
    Ok(axum::Json(address))
}

/// Remove a saved address; if it was the default, the next one takes over.
#[utoipa::path(delete, path = "/me/addresses/{id}", tag = "profile", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = kit::Problem)))]
#[tracing::instrument(skip_all, fields(%id))]
pub async fn remove_address(
    State(state): State<IdentityState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    state.local()?.remove_address(&caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
