//! HTTP handlers and routes.

pub mod categories;
pub mod error;
pub mod images;
pub mod products;
pub mod reservations;

use crate::CatalogState;
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(OpenApi)]
#[openapi(
    info(title = "Feira catalog", description = "Products, categories, search and stock reservations."),
    tags(
        (name = "catalog", description = "Browsing the catalog"),
        (name = "catalog admin", description = "Managing products and categories (admin role)"),
        (name = "internal", description = "Service-to-service: stock reservations and product lookups"),
    ),
)]
struct ApiDoc;

/// Public and admin routes, to be served under `/api/catalog`.
pub fn public_routes(state: CatalogState) -> OpenApiRouter {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(products::list, products::create))
        .routes(routes!(
            products::get,
            products::update,
            products::deactivate
        ))
        .routes(routes!(products::get_by_slug))
        .routes(routes!(products::set_stock))
        .routes(routes!(products::related))
        .routes(routes!(categories::list, categories::create))
        .routes(routes!(
            categories::get,
            categories::update,
            categories::delete
        ))
        .routes(routes!(images::image))
        .with_state(state)
}

/// Service-to-service routes, to be served under `/internal`.
pub fn internal_routes(state: CatalogState) -> OpenApiRouter {
    OpenApiRouter::new()
        .routes(routes!(reservations::reserve))
        .routes(routes!(reservations::release))
        .routes(routes!(reservations::lookup))
        .with_state(state)
}
