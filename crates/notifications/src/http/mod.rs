//! HTTP handlers and routes, served under `/api/notifications`.

pub mod admin;
pub mod error;
pub mod inbox;

use crate::NotificationsState;
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(OpenApi)]
#[openapi(
    info(title = "Feira notifications", description = "In-app inbox, delivery log and dead letters."),
    tags(
        (name = "notifications", description = "The signed-in user's in-app notifications"),
        (name = "notifications admin", description = "Deliveries, dead letters, emails (admin role)"),
    ),
)]
struct ApiDoc;

/// Routes to be served under `/api/notifications`.
pub fn routes(state: NotificationsState) -> OpenApiRouter {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(inbox::list))
        .routes(routes!(inbox::read))
        .routes(routes!(inbox::read_all))
        .routes(routes!(inbox::stream))
        .routes(routes!(admin::deliveries))
        .routes(routes!(admin::replay))
        .routes(routes!(admin::emails))
        .routes(routes!(admin::email))
        .with_state(state)
}
