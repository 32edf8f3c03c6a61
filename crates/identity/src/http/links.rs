//! The emailed-link endpoints (ADR 0041): verify an email, ask for a new
//! verification link, forgot and reset password, change email and confirm
//! the new address. With the Cognito provider, the pool sends codes instead
//! of links: resend and forgot map to its calls, and the reset takes the code.

use super::accounts::{email_key, password_attempt};
use super::error::Result;
use crate::IdentityState;
use crate::domain::Email;
use crate::service::{self, ServiceError};
use axum::extract::State;
use axum::http::StatusCode;
use kit::auth::AuthUser;
use kit::extract::Json;
use secrecy::SecretString;
use serde::Deserialize;
use tracing::Instrument;
use utoipa::ToSchema;

/// `POST /verify-email`, `POST /email/confirm`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkRequest {
    /// The secret from the emailed link (after `#token=`).
    #[schema(value_type = String, format = Password)]
    pub token: SecretString,
}

/// `POST /verify-email/resend`, `POST /password/forgot`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailRequest {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
}

/// `POST /password/reset`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    /// The secret from the emailed link.
    #[schema(value_type = String, format = Password)]
    pub token: SecretString,
    /// The same policy as at registration.
    #[schema(value_type = String, format = Password, min_length = 10, max_length = 128)]
    pub new_password: SecretString,
}

/// `POST /password/reset` with the Cognito provider.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeResetRequest {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    /// The code from the user pool's email.
    #[schema(max_length = 64)]
    pub code: String,
    /// Checked against the same policy as at registration, then the pool's.
    #[schema(value_type = String, format = Password, min_length = 10, max_length = 128)]
    pub new_password: SecretString,
}

/// `POST /me/email`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeEmailRequest {
    /// The account's current password.
    #[schema(value_type = String, format = Password)]
    pub password: SecretString,
    /// Where the account should move; the link that confirms it goes there.
    #[schema(format = Email, max_length = 254)]
    pub new_email: String,
}

fn secret(token: &SecretString) -> &str {
    secrecy::ExposeSecret::expose_secret(token)
}

/// What an address-only request asks to send.
#[derive(Debug, Clone, Copy)]
enum Send {
    Verification,
    Reset,
}

/// Checks the address's form at once (a 422 names it) and the per-email
/// limit, then sends on its own task and answers 202: the answer, and how
/// long it takes, are the same whether the address has an account (OWASP's
/// advice for these flows).
async fn accept(state: &IdentityState, email: String, send: Send) -> Result<StatusCode> {
    let accounts = state.sign_in.clone();
    Email::parse(&email, "email").map_err(|e| ServiceError::Validation(vec![e]))?;
    state
        .limits
        .link_email
        .check(&email_key(&email))
        .await
        .into_result()?;
    tokio::spawn(
        async move {
            let sent = match send {
                Send::Verification => accounts.resend_confirmation(&email).await,
                Send::Reset => accounts.forgot_password(&email).await,
            };
            if let Err(error) = sent {
                tracing::error!(%error, ?send, "cannot send the link");
            }
        }
        .instrument(tracing::Span::current()),
    );
    Ok(StatusCode::ACCEPTED)
}

/// Verify the account's email with the link sent to it.
#[utoipa::path(post, path = "/verify-email", tag = "identity",
    request_body = LinkRequest,
    responses(
        (status = 204, description = "The email is verified"),
        (status = 400, description = "The link is unknown (`link-invalid`), expired (`link-expired`) or used (`link-used`)", body = kit::Problem),
        (status = 422, description = "The body is not a token", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn verify_email(
    State(state): State<IdentityState>,
    Json(body): Json<LinkRequest>,
) -> Result<StatusCode> {
    state.local()?.verify_email(secret(&body.token)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Send a new verification link (with Cognito, the pool's confirmation
/// code). The answer is the same whether the email has an account, and
/// whether it is verified already.
#[utoipa::path(post, path = "/verify-email/resend", tag = "identity",
    request_body = EmailRequest,
    responses(
        (status = 202, description = "If the email has an unverified account, a new link (with Cognito, a new code) is on its way"),
        (status = 422, description = "Not an email address", body = kit::Problem),
        (status = 429, description = "Too many requests for this email or from this client", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn resend_verification(
    State(state): State<IdentityState>,
    Json(body): Json<EmailRequest>,
) -> Result<StatusCode> {
    accept(&state, body.email, Send::Verification).await
}

/// Forgot password: send a reset link, valid for 30 minutes (with Cognito,
/// the pool emails a code). The answer is the same whether the email has an
/// account.
#[utoipa::path(post, path = "/password/forgot", tag = "identity",
    request_body = EmailRequest,
    responses(
        (status = 202, description = "If the email has an account, a reset link (with Cognito, a code) is on its way"),
        (status = 422, description = "Not an email address", body = kit::Problem),
        (status = 429, description = "Too many requests for this email or from this client", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn forgot_password(
    State(state): State<IdentityState>,
    Json(body): Json<EmailRequest>,
) -> Result<StatusCode> {
    accept(&state, body.email, Send::Reset).await
}

/// Set a new password with a reset link: every session ends, and the owner
/// is emailed that the password changed.
#[utoipa::path(post, path = "/password/reset", tag = "identity",
    request_body = ResetPasswordRequest,
    responses(
        (status = 204, description = "The password is changed; log in with it"),
        (status = 400, description = "The link is unknown (`link-invalid`), expired (`link-expired`) or used (`link-used`)", body = kit::Problem),
        (status = 422, description = "The new password breaks the policy", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn reset_password(
    State(state): State<IdentityState>,
    Json(body): Json<ResetPasswordRequest>,
) -> Result<StatusCode> {
    state
        .local()?
        .reset_password(secret(&body.token), body.new_password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Set a new password with the code the user pool emailed (Cognito): every
/// session ends.
#[utoipa::path(post, path = "/password/reset", tag = "identity",
    request_body = CodeResetRequest,
    responses(
        (status = 204, description = "The password is changed and every session ended; log in with it"),
        (status = 422, description = "A wrong or expired code (`code`), a bad address (`email`) or a new password the policy refuses (`new_password`)", body = kit::Problem),
        (status = 503, description = "The user pool cannot be reached", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn reset_with_code(
    State(state): State<IdentityState>,
    Json(body): Json<CodeResetRequest>,
) -> Result<StatusCode> {
    state
        .sign_in
        .reset_with_code(&body.email, &body.code, &body.new_password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Move the account to a new email: with the current password, a link goes
/// to the new address, and the move happens when it is followed. An address
/// that has an account already gets nothing; the answer is the same.
#[utoipa::path(post, path = "/me/email", tag = "profile",
    request_body = ChangeEmailRequest,
    security(("bearer" = [])),
    responses(
        (status = 202, description = "A confirmation link is on its way to the new address"),
        (status = 401, description = "No valid bearer token", body = kit::Problem),
        (status = 403, description = "Account disabled", body = kit::Problem),
        (status = 422, description = "Wrong password (`password`) or a bad or unchanged address (`new_email`)", body = kit::Problem),
        (status = 429, description = "Too many attempts", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn change_email(
    State(state): State<IdentityState>,
    user: AuthUser,
    Json(body): Json<ChangeEmailRequest>,
) -> Result<StatusCode> {
    let accounts = state.local()?;
    password_attempt(&state, &user).await?;
    accounts
        .change_email(service::caller_id(&user)?, body.password, &body.new_email)
        .await?;
    Ok(StatusCode::ACCEPTED)
}

/// Confirm a new email with the link sent to it: the account moves there,
/// and the old address is told.
#[utoipa::path(post, path = "/email/confirm", tag = "identity",
    request_body = LinkRequest,
    responses(
        (status = 204, description = "The account's email is the new one, verified"),
        (status = 400, description = "The link is unknown (`link-invalid`), expired (`link-expired`) or used (`link-used`)", body = kit::Problem),
        (status = 409, description = "The address got an account meanwhile", body = kit::Problem),
        (status = 422, description = "The body is not a token", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn confirm_email_change(
    State(state): State<IdentityState>,
    Json(body): Json<LinkRequest>,
) -> Result<StatusCode> {
    state
        .local()?
        .confirm_email_change(secret(&body.token))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
