//! OpenAPI 3.1 document and interactive docs that work offline.

use axum::Router;
use utoipa::openapi::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

/// Serves the document at `/openapi.json` and Swagger UI, bundled into the binary,
/// at `/docs`.
pub fn docs_router(api: OpenApi) -> Router {
    SwaggerUi::new("/docs").url("/openapi.json", api).into()
}

/// Sets the document's title and declares the bearer (JWT) security scheme the
/// admin endpoints name.
pub fn describe(api: &mut OpenApi, title: &str) {
    use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
    api.info = utoipa::openapi::InfoBuilder::new()
        .title(title)
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "Errors are RFC 9457 `application/problem+json`. Admin endpoints need a bearer JWT with the `admin` role.",
        ))
        .build();
    let components = api.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .build(),
        ),
    );
}
