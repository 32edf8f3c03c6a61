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
    unique_operation_ids(api);
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

/// Services name operations after their handlers (`get`, `list`), which repeat
/// across services once their routers are merged; generated clients need them
/// unique. Each becomes `<service>_<tag>_<handler>`, the service being the
/// path's segment after `/api/` (identity for `/.well-known/`).
fn unique_operation_ids(api: &mut OpenApi) {
    for (path, item) in api.paths.paths.iter_mut() {
        let service = path
            .strip_prefix("/api/")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or("identity")
            .to_owned();
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            let Some(id) = operation.operation_id.as_deref() else {
                continue;
            };
            let tag = operation
                .tags
                .as_ref()
                .and_then(|tags| tags.first())
                .map(|t| format!("{t}_"))
                .unwrap_or_default();
            let unique = format!("{service}_{tag}{id}");
            if !id.starts_with(&format!("{service}_")) {
                operation.operation_id = Some(unique);
            }
        }
    }
}
