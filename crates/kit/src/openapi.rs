//! OpenAPI 3.1 document and interactive docs that work offline.

use axum::Router;
use utoipa::openapi::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

/// Serves the document at `/openapi.json` and Swagger UI, bundled into the binary,
/// at `/docs`.
pub fn docs_router(api: OpenApi) -> Router {
    SwaggerUi::new("/docs").url("/openapi.json", api).into()
}
