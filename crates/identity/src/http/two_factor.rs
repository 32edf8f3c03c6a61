//! Two-factor sign-in (ADR 0042): the caller's set-up under `/me/two-factor`
//! and the code step of a login, `POST /login/two-factor`. Every request
//! that checks a code counts against the account's code limit.

use super::accounts::no_store;
use super::error::Result;
use crate::IdentityState;
use crate::domain::UserId;
use crate::domain::sessions::Device;
use crate::service::{self, Enrolment, RecoveryCodes, TokenPair, TwoFactorStatus};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kit::auth::AuthUser;
use kit::extract::Json;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /me/two-factor/confirm`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    /// The six digits the authenticator app shows now.
    #[schema(max_length = 64, example = "123456")]
    pub code: String,
}

/// `POST /me/two-factor/disable`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisableRequest {
    /// The account's current password.
    #[schema(value_type = String, format = Password)]
    pub password: SecretString,
    /// The app's current code, or one of the recovery codes.
    #[schema(max_length = 64)]
    pub code: String,
}

/// `POST /login/two-factor`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FinishLoginRequest {
    /// The `challenge` the login answered with.
    #[schema(value_type = String, format = Password)]
    pub challenge: SecretString,
    /// The app's current code, or one of the recovery codes (each works once).
    #[schema(max_length = 64)]
    pub code: String,
}

/// Counts a code attempt against the account's limit.
async fn code_attempt(state: &IdentityState, user_id: UserId) -> Result<()> {
    state
        .limits
        .two_factor
        .check(&user_id.to_string())
        .await
        .into_result()?;
    Ok(())
}

/// Whether two-factor sign-in is on for the caller.
#[utoipa::path(get, path = "/me/two-factor", tag = "profile",
    security(("bearer" = [])),
    responses(
        (status = 200, body = TwoFactorStatus),
        (status = 401, description = "No valid bearer token", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn status(
    State(state): State<IdentityState>,
    user: AuthUser,
) -> Result<axum::Json<TwoFactorStatus>> {
    let status = state
        .local()?
        .two_factor_status(service::caller_id(&user)?)
        .await?;
    Ok(axum::Json(status))
}

/// Start setting up an authenticator app: a new key, as a QR code and as
/// text. Nothing changes at login until a code confirms it. Asking again
/// before confirming replaces the key.
#[utoipa::path(post, path = "/me/two-factor", tag = "profile",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Enrolment),
        (status = 401, description = "No valid bearer token", body = kit::Problem),
        (status = 403, description = "Account disabled", body = kit::Problem),
        (status = 409, description = "Two-factor is on already", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn begin(State(state): State<IdentityState>, user: AuthUser) -> Result<Response> {
    let enrolment = state
        .local()?
        .begin_two_factor(service::caller_id(&user)?)
        .await?;
    let mut response = axum::Json(enrolment).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Turn two-factor on with the app's current code; answers the ten
/// recovery codes, shown only this once.
#[utoipa::path(post, path = "/me/two-factor/confirm", tag = "profile",
    security(("bearer" = [])),
    request_body = CodeRequest,
    responses(
        (status = 200, body = RecoveryCodes),
        (status = 401, description = "No valid bearer token", body = kit::Problem),
        (status = 403, description = "Account disabled", body = kit::Problem),
        (status = 409, description = "No set-up started, or two-factor is on already", body = kit::Problem),
        (status = 422, description = "The code is wrong, on `code`", body = kit::Problem),
        (status = 429, description = "Too many code attempts", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn confirm(
    State(state): State<IdentityState>,
    user: AuthUser,
    Json(body): Json<CodeRequest>,
) -> Result<Response> {
    let user_id = service::caller_id(&user)?;
    code_attempt(&state, user_id).await?;
    let codes = state
        .local()?
        .confirm_two_factor(user_id, &body.code)
        .await?;
    let mut response = axum::Json(codes).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Turn two-factor off, with the password and a current or recovery code.
#[utoipa::path(post, path = "/me/two-factor/disable", tag = "profile",
    security(("bearer" = [])),
    request_body = DisableRequest,
    responses(
        (status = 204, description = "Two-factor is off; the recovery codes are gone"),
        (status = 401, description = "No valid bearer token", body = kit::Problem),
        (status = 403, description = "Account disabled", body = kit::Problem),
        (status = 409, description = "Two-factor is off", body = kit::Problem),
        (status = 422, description = "Wrong password (on `password`) or code (on `code`)", body = kit::Problem),
        (status = 429, description = "Too many attempts", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn disable(
    State(state): State<IdentityState>,
    user: AuthUser,
    Json(body): Json<DisableRequest>,
) -> Result<StatusCode> {
    let user_id = service::caller_id(&user)?;
    super::accounts::password_attempt(&state, &user).await?;
    code_attempt(&state, user_id).await?;
    state
        .local()?
        .disable_two_factor(user_id, body.password, &body.code)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Finish a login that answered with a challenge: the challenge and a code
/// give the same tokens a login without two-factor does.
#[utoipa::path(post, path = "/login/two-factor", tag = "identity",
    request_body = FinishLoginRequest,
    responses(
        (status = 200, body = TokenPair),
        (status = 401, description = "The challenge is unknown, expired or used (on `challenge`): log in again", body = kit::Problem),
        (status = 403, description = "Account disabled", body = kit::Problem),
        (status = 422, description = "The code is wrong or was used, on `code`", body = kit::Problem),
        (status = 429, description = "Too many code attempts for this account", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn finish_login(
    State(state): State<IdentityState>,
    device: Device,
    Json(body): Json<FinishLoginRequest>,
) -> Result<Response> {
    let accounts = state.local()?;
    let challenge = body.challenge.expose_secret();
    let user_id = accounts.challenged(challenge).await?;
    code_attempt(&state, user_id).await?;
    let pair = accounts
        .finish_login(challenge, &body.code, &device)
        .await?;
    Ok(no_store(pair))
}
