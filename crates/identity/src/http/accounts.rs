//! Sign-in endpoints: register, confirm, login, refresh, logout, logout-all, JWKS.

use super::error::Result;
use crate::IdentityState;
use crate::domain::RefreshToken;
use crate::domain::sessions::Device;
use crate::service::{self, LoginOutcome, Registered, Registration, TokenPair, TwoFactorChallenge};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kit::auth::AuthUser;
use kit::extract::Json;
use secrecy::SecretString;
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /register`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// An address with a dotted domain, at most 254 characters.
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    /// 10 to 128 characters, not a common password, and not built from the
    /// email or the name.
    #[schema(value_type = String, format = Password, min_length = 10, max_length = 128)]
    pub password: SecretString,
    /// Not blank, at most 100 characters; one line, trimmed and stored in
    /// Unicode NFC; control characters and bidirectional or invisible
    /// formatting characters (such as U+202E) are refused.
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub name: String,
}

/// `POST /login`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    #[schema(value_type = String, format = Password)]
    pub password: SecretString,
}

/// `POST /refresh` and `POST /logout`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[schema(value_type = String)]
    pub refresh_token: RefreshToken,
}

/// `POST /me/password`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    /// The password the account has now.
    #[schema(value_type = String, format = Password)]
    pub current_password: SecretString,
    /// The same policy as at registration, and not the current one.
    #[schema(value_type = String, format = Password, min_length = 10, max_length = 128)]
    pub new_password: SecretString,
}

/// `POST /confirm`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    pub email: String,
    pub code: String,
}

/// The per-email limiter's key: the address as typed, trimmed and lower-cased,
/// so `A@x.com` and `a@x.com ` share a bucket even before validation.
pub(super) fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Counts a signed-in caller's password guess against the login limit of
/// their email, as a login would.
pub(super) async fn password_attempt(state: &IdentityState, user: &AuthUser) -> Result<()> {
    let key = user
        .email
        .as_deref()
        .map_or_else(|| user.id.to_string(), email_key);
    state.limits.login_email.check(&key).await.into_result()?;
    Ok(())
}

/// A token-bearing answer, which no cache may keep.
pub(super) fn no_store(pair: impl serde::Serialize) -> Response {
    let mut response = axum::Json(pair).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Create an account. The answer is the same whether the email was free
/// (a verification link goes to it) or has an account already (its owner is
/// emailed instead): registering reveals nothing about who has an account.
#[utoipa::path(post, path = "/register", tag = "identity",
    request_body = RegisterRequest,
    responses(
        (status = 202, body = Registered),
        (status = 422, description = "Invalid email, name or weak password", body = kit::Problem),
        (status = 429, description = "Too many attempts", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn register(
    State(state): State<IdentityState>,
    Json(body): Json<RegisterRequest>,
) -> Result<(StatusCode, axum::Json<Registered>)> {
    state
        .limits
        .register_email
        .check(&email_key(&body.email))
        .await
        .into_result()?;
    let registered = state
        .sign_in
        .register(Registration {
            email: body.email,
            password: body.password,
            name: body.name,
        })
        .await?;
    Ok((StatusCode::ACCEPTED, axum::Json(registered)))
}

/// Confirm an account with the code sent by email (Cognito provider only).
#[utoipa::path(post, path = "/confirm", tag = "identity",
    request_body = ConfirmRequest,
    responses((status = 204), (status = 422, body = kit::Problem)))]
#[tracing::instrument(skip_all)]
pub async fn confirm(
    State(state): State<IdentityState>,
    Json(body): Json<ConfirmRequest>,
) -> Result<StatusCode> {
    state.sign_in.confirm(&body.email, &body.code).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Log in: an access token (15 minutes) and a single-use refresh token; or,
/// when two-factor is on, a challenge to answer with a code at
/// `/login/two-factor`.
#[utoipa::path(post, path = "/login", tag = "identity",
    request_body = LoginRequest,
    responses(
        (status = 200, body = TokenPair),
        (status = 202, description = "The password is right; two-factor is on, so a code is owed", body = TwoFactorChallenge),
        (status = 401, description = "Wrong email or password (the same answer for both)", body = kit::Problem),
        (status = 403, description = "Account disabled", body = kit::Problem),
        (status = 429, description = "Too many attempts", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn login(
    State(state): State<IdentityState>,
    device: Device,
    Json(body): Json<LoginRequest>,
) -> Result<Response> {
    if let Err(limited) = state
        .limits
        .login_email
        .check(&email_key(&body.email))
        .await
        .into_result()
    {
        count_login("limited");
        return Err(limited.into());
    }
    let outcome = state
        .sign_in
        .login(&body.email, &body.password, &device)
        .await;
    count_login(match &outcome {
        Ok(LoginOutcome::Tokens(_)) => "success",
        Ok(LoginOutcome::TwoFactor(_)) => "two_factor",
        Err(service::ServiceError::InvalidCredentials) => "bad_credentials",
        Err(service::ServiceError::Disabled) => "disabled",
        Err(_) => "error",
    });
    Ok(match outcome? {
        LoginOutcome::Tokens(pair) => no_store(pair),
        LoginOutcome::TwoFactor(challenge) => {
            let mut response = no_store(challenge);
            *response.status_mut() = StatusCode::ACCEPTED;
            response
        }
    })
}

/// Counts one login attempt by outcome (`feira_logins_total`): `success`,
/// `two_factor` (the password was right, a code is asked), `bad_credentials`,
/// `disabled`, `limited` or `error`.
fn count_login(outcome: &'static str) {
    metrics::counter!("feira_logins_total", "outcome" => outcome).increment(1);
}

/// Exchange a refresh token for a new pair. Each refresh token works once; using
/// one twice ends every session of that login.
#[utoipa::path(post, path = "/refresh", tag = "identity",
    request_body = RefreshRequest,
    responses(
        (status = 200, body = TokenPair),
        (status = 401, description = "Invalid, expired, revoked or reused refresh token", body = kit::Problem),
        (status = 403, description = "Account disabled", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn refresh(
    State(state): State<IdentityState>,
    device: Device,
    Json(body): Json<RefreshRequest>,
) -> Result<Response> {
    let pair = state.sign_in.refresh(&body.refresh_token, &device).await?;
    Ok(no_store(pair))
}

/// Log out: ends the session the refresh token belongs to. Idempotent.
#[utoipa::path(post, path = "/logout", tag = "identity",
    request_body = RefreshRequest,
    responses((status = 204)))]
#[tracing::instrument(skip_all)]
pub async fn logout(
    State(state): State<IdentityState>,
    Json(body): Json<RefreshRequest>,
) -> Result<StatusCode> {
    state.sign_in.logout(&body.refresh_token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Log out everywhere: ends every session of the caller. Access tokens already
/// issued stay valid until they expire (at most 15 minutes).
#[utoipa::path(post, path = "/logout-all", tag = "identity",
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = kit::Problem)))]
#[tracing::instrument(skip_all)]
pub async fn logout_all(State(state): State<IdentityState>, user: AuthUser) -> Result<StatusCode> {
    let accounts = state.local()?;
    accounts
        .logout_everywhere(service::caller_id(&user)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Change the password. Needs the current one; the attempts count against the
/// same per-account limit as logins. Every session of the account ends (each
/// refresh token is revoked) and the answer is a new pair for this one.
#[utoipa::path(post, path = "/me/password", tag = "profile",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "Changed: every other session ended; these tokens replace the caller's", body = TokenPair),
        (status = 401, description = "No valid access token, or the account is gone", body = kit::Problem),
        (status = 403, description = "Account disabled", body = kit::Problem),
        (status = 422, description = "`current_password` is wrong, or `new_password` breaks the policy or repeats the current one", body = kit::Problem),
        (status = 429, description = "Too many attempts", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn change_password(
    State(state): State<IdentityState>,
    user: AuthUser,
    device: Device,
    Json(body): Json<ChangePasswordRequest>,
) -> Result<Response> {
    let accounts = state.local()?;
    password_attempt(&state, &user).await?;
    let pair = accounts
        .change_password(
            service::caller_id(&user)?,
            body.current_password,
            body.new_password,
            &device,
        )
        .await?;
    Ok(no_store(pair))
}

/// The public keys that verify access tokens: the current and the previous one.
#[utoipa::path(get, path = "/.well-known/jwks.json", tag = "identity",
    responses((status = 200, description = "JWK set", body = Object)))]
pub async fn jwks(State(state): State<IdentityState>) -> Result<Response> {
    let mut response = axum::Json(state.local()?.jwks()).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(response)
}
