//! HTTP handlers and routes. Handlers read the request, call one use case in
//! `crate::service` and shape its answer; `error` decides the failures'.

pub mod accounts;
pub mod admin;
pub mod devices;
pub mod error;
pub mod links;
pub mod oauth;
pub mod profile;
pub mod two_factor;

use crate::IdentityState;
use axum::middleware::from_fn_with_state;
use kit::ratelimit::limit_by_ip;
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(OpenApi)]
#[openapi(
    info(title = "Feira identity", description = "Accounts, sessions, profiles and signing keys."),
    tags(
        (name = "identity", description = "Register, log in, refresh, log out"),
        (name = "profile", description = "The signed-in user's profile"),
        (name = "identity admin", description = "Managing users (admin role)"),
    ),
)]
struct ApiDoc;

/// Routes served under `/api/identity`. Profile and admin routes exist only with
/// local accounts; a Cognito user pool owns those itself.
pub fn api_routes(state: IdentityState) -> OpenApiRouter {
    let login = OpenApiRouter::new()
        .routes(routes!(accounts::login))
        .route_layer(from_fn_with_state(
            state.limits.login_ip.clone(),
            limit_by_ip,
        ));
    // Sending links or codes costs like registering: the same limit per client.
    let register = OpenApiRouter::new()
        .routes(routes!(accounts::register))
        .routes(routes!(links::resend_verification))
        .routes(routes!(links::forgot_password))
        .route_layer(from_fn_with_state(
            state.limits.register_ip.clone(),
            limit_by_ip,
        ));
    let mut router = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(login)
        .merge(register)
        .routes(routes!(accounts::refresh))
        .routes(routes!(accounts::logout));
    if state.local.is_some() {
        router = router
            .routes(routes!(accounts::logout_all))
            .routes(routes!(accounts::change_password))
            .routes(routes!(links::verify_email))
            .routes(routes!(links::reset_password))
            .routes(routes!(links::change_email))
            .routes(routes!(links::confirm_email_change))
            .routes(routes!(devices::list))
            .routes(routes!(devices::end))
            .routes(routes!(two_factor::status, two_factor::begin))
            .routes(routes!(two_factor::confirm))
            .routes(routes!(two_factor::disable))
            .routes(routes!(two_factor::finish_login))
            .routes(routes!(profile::get, profile::update))
            .routes(routes!(profile::add_address))
            .routes(routes!(profile::edit_address, profile::remove_address))
            .routes(routes!(admin::list))
            .routes(routes!(admin::get))
            .routes(routes!(admin::grant_admin, admin::revoke_admin))
            .routes(routes!(admin::disable))
            .routes(routes!(admin::enable))
            .routes(routes!(admin::verify_email));
    } else {
        router = router
            .routes(routes!(accounts::confirm))
            .routes(routes!(links::reset_with_code));
    }
    router.with_state(state)
}

/// `/.well-known/jwks.json`, served at the root (local accounts only).
pub fn well_known_routes(state: IdentityState) -> OpenApiRouter {
    OpenApiRouter::new()
        .routes(routes!(accounts::jwks))
        .with_state(state)
}
