//! The signed-in devices of the caller: `GET /me/sessions` and
//! `DELETE /me/sessions/{id}`, and the [`Device`] every login and refresh
//! records.

use super::error::Result;
use crate::IdentityState;
use crate::domain::sessions::Device;
use crate::service::{self, Session};
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use kit::auth::AuthUser;

impl FromRequestParts<IdentityState> for Device {
    type Rejection = std::convert::Infallible;

    /// The `User-Agent` and the client address, found as the rate limits
    /// find it (behind the trusted proxies the settings name).
    async fn from_request_parts(
        parts: &mut Parts,
        state: &IdentityState,
    ) -> std::result::Result<Self, Self::Rejection> {
        let agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let ip = state
            .limits
            .login_ip
            .client_ip
            .of_parts(&parts.headers, &parts.extensions)
            .map(|ip| ip.to_string());
        Ok(Device::new(agent, ip))
    }
}

/// The caller's signed-in devices, most recently used first; `current`
/// marks the one this token belongs to.
#[utoipa::path(get, path = "/me/sessions", tag = "profile",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<Session>),
        (status = 401, description = "No valid bearer token", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<IdentityState>,
    user: AuthUser,
) -> Result<axum::Json<Vec<Session>>> {
    let sessions = state
        .local()?
        .sessions(service::caller_id(&user)?, user.session_id.as_deref())
        .await?;
    Ok(axum::Json(sessions))
}

/// Sign one of the caller's devices out: its refresh token stops working
/// (an access token it holds lasts until it expires, at most 15 minutes).
#[utoipa::path(delete, path = "/me/sessions/{id}", tag = "profile",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The session's id, from the list")),
    responses(
        (status = 204, description = "The session is ended"),
        (status = 401, description = "No valid bearer token", body = kit::Problem),
        (status = 404, description = "None of the caller's live sessions has that id", body = kit::Problem),
    ))]
#[tracing::instrument(skip_all)]
pub async fn end(
    State(state): State<IdentityState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    state
        .local()?
        .end_session(service::caller_id(&user)?, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
