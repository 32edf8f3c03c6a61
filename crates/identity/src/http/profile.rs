//! `/me`: the signed-in user's profile, addresses and notification preferences.

use super::error::{Error, Result};
use crate::IdentityState;
use crate::domain::user::{check_name, check_phone};
use crate::domain::{Address, AddressInput, Preferences, User};
use axum::extract::State;
use axum::http::StatusCode;
use kit::auth::AuthUser;
use kit::extract::{Json, Path};
use kit::{FieldError, Problem, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The profile as the user sees it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub id: Uuid,
    pub email: String,
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
            id: u.id,
            email: u.email.to_string(),
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

/// Preference changes; absent channels stay as they are.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferencesPatch {
    pub email: Option<bool>,
    pub sms: Option<bool>,
    pub in_app: Option<bool>,
}

/// `PATCH /me`: absent fields stay; `"phone": null` removes the phone.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MePatch {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "kit::extract::nullable")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    pub preferences: Option<PreferencesPatch>,
}

async fn load(state: &IdentityState, caller: &AuthUser) -> Result<User> {
    let id = super::user_id(caller)?;
    let users = &state.local()?.users;
    users
        .by_id(id)
        .await?
        .ok_or_else(|| Problem::unauthorized("The account of this token no longer exists.").into())
}

async fn save(state: &IdentityState, mut user: User) -> Result<User> {
    user.version += 1;
    user.updated_at = Timestamp::now();
    state.local()?.users.update(&user).await?;
    Ok(user)
}

/// The caller's profile.
#[utoipa::path(get, path = "/me", tag = "profile", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = kit::Problem)))]
pub async fn get(State(state): State<IdentityState>, caller: AuthUser) -> Result<axum::Json<Me>> {
    Ok(axum::Json(Me::from(&load(&state, &caller).await?)))
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
    let mut user = load(&state, &caller).await?;
    let mut errors: Vec<FieldError> = Vec::new();
    if let Some(name) = &patch.name {
        match check_name(name, "name") {
            Ok(name) => user.name = name,
            Err(e) => errors.push(e),
        }
    }
    match patch.phone {
        Some(Some(phone)) => match check_phone(&phone, "phone") {
            Ok(phone) => user.profile.phone = Some(phone),
            Err(e) => errors.push(e),
        },
        Some(None) => user.profile.phone = None,
        None => {}
    }
    if let Some(p) = patch.preferences {
        let prefs = &mut user.profile.preferences;
        prefs.email = p.email.unwrap_or(prefs.email);
        prefs.sms = p.sms.unwrap_or(prefs.sms);
        prefs.in_app = p.in_app.unwrap_or(prefs.in_app);
    }
    if user.profile.preferences.sms && user.profile.phone.is_none() {
        errors.push(FieldError::new("preferences.sms", "needs a phone number"));
    }
    if !errors.is_empty() {
        return Err(Problem::validation(errors).into());
    }
    Ok(axum::Json(Me::from(&save(&state, user).await?)))
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
    let mut user = load(&state, &caller).await?;
    let id = user.add_address(input).map_err(Problem::validation)?;
    let user = save(&state, user).await?;
    Ok((StatusCode::CREATED, axum::Json(address(&user, id)?)))
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
    let mut user = load(&state, &caller).await?;
    user.edit_address(id, input)
        .ok_or_else(no_address)?
        .map_err(Problem::validation)?;
    let user = save(&state, user).await?;
    Ok(axum::Json(address(&user, id)?))
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
    let mut user = load(&state, &caller).await?;
    if !user.remove_address(id) {
        return Err(no_address().into());
    }
    save(&state, user).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn no_address() -> Problem {
    Problem::not_found("No saved address with that id.")
}

fn address(user: &User, id: Uuid) -> Result<Address, Error> {
    user.profile
        .addresses
        .iter()
        .find(|a| a.id == id)
        .cloned()
        .ok_or_else(|| no_address().into())
}
