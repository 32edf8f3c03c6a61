//! OpenAPI 3.1 document and interactive docs that work offline.

use axum::Router;
use utoipa::openapi::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

/// Serves the document at `/openapi.json` and Swagger UI, bundled into the binary,
/// at `/docs`.
pub fn docs_router(api: OpenApi) -> Router {
    SwaggerUi::new("/docs")
        .external_url_unchecked("/openapi.json", to_json(&api))
        .into()
}

/// The document as JSON, as served. utoipa 5 writes a link's members in
/// snake case (`operation_id`); OpenAPI spells them in camel case, and a
/// client ignores a link it cannot read.
pub fn to_json(api: &OpenApi) -> serde_json::Value {
    let mut document = serde_json::to_value(api).unwrap_or_default();
    if let Some(paths) = document.get_mut("paths").and_then(|p| p.as_object_mut()) {
        let links = paths
            .values_mut()
            .filter_map(|item| item.as_object_mut())
            .flat_map(|item| item.values_mut())
            .filter_map(|op| op.get_mut("responses")?.as_object_mut())
            .flat_map(|responses| responses.values_mut())
            .filter_map(|response| response.get_mut("links")?.as_object_mut())
            .flat_map(|links| links.values_mut())
            .filter_map(|link| link.as_object_mut());
        for link in links {
            for (snake, camel) in [
                ("operation_id", "operationId"),
                ("operation_ref", "operationRef"),
                ("request_body", "requestBody"),
            ] {
                if let Some(value) = link.remove(snake) {
                    link.insert(camel.to_owned(), value);
                }
            }
        }
    }
    document
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
    complete_responses(api);
    link_created_resources(api);
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

/// The answers every route can give whatever its handler says, added where
/// the handler's annotation does not list them, and every error's body as
/// `application/problem+json` with the [`Problem`](crate::problem::Problem)
/// schema (utoipa writes `application/json` for `body = Problem`). One place,
/// so the document cannot forget a status the kit's extractors and layers
/// answer:
/// - 400: a path or query parameter, or a JSON body, that does not parse;
/// - 401: no or a bad token, on a route with a `security` requirement;
/// - 403: a valid token without the role or scope the requirement lists;
/// - 404: a path id that names nothing;
/// - 413, 415, 422: a JSON body too large, not JSON, or invalid;
/// - 503: the service is starting, or a store it needs does not answer.
fn complete_responses(api: &mut OpenApi) {
    use utoipa::openapi::{RefOr, ResponseBuilder};
    for item in api.paths.paths.values_mut() {
        for operation in operations_mut(item) {
            let parameters = operation.parameters.as_deref().unwrap_or_default();
            let has_path_id = parameters
                .iter()
                .any(|p| matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Path));
            let has_body = operation.request_body.is_some();
            let requirements: Vec<serde_json::Value> = operation
                .security
                .iter()
                .flatten()
                .filter_map(|r| serde_json::to_value(r).ok())
                .filter(|r| r.as_object().is_some_and(|o| !o.is_empty()))
                .collect();
            let secured = !requirements.is_empty();
            let scoped = requirements.iter().any(|r| {
                r.as_object()
                    .into_iter()
                    .flat_map(|o| o.values())
                    .any(|scopes| scopes.as_array().is_some_and(|a| !a.is_empty()))
            });
            let mut wanted: Vec<(&str, &str)> = Vec::new();
            if !parameters.is_empty() || has_body {
                wanted.push(("400", "A parameter or the body does not parse."));
            }
            if secured {
                wanted.push(("401", "No bearer token, or one that is invalid or expired."));
            }
            if scoped {
                wanted.push((
                    "403",
                    "The token is valid but lacks the role or scope this route needs.",
                ));
            }
            if has_path_id {
                wanted.push(("404", "Nothing has this id."));
            }
            if has_body {
                wanted.push(("413", "The body is larger than the service accepts."));
                wanted.push(("415", "The body is not `application/json`."));
                wanted.push((
                    "422",
                    "The body is JSON but a field is invalid; `errors` names each.",
                ));
            }
            wanted.push((
                "503",
                "The service is starting, or a store it needs does not answer; retry later.",
            ));
            let responses = &mut operation.responses.responses;
            for (status, description) in wanted {
                responses.entry(status.to_owned()).or_insert_with(|| {
                    RefOr::T(ResponseBuilder::new().description(description).build())
                });
            }
            for (status, response) in responses.iter_mut() {
                let is_error =
                    status == "default" || status.starts_with('4') || status.starts_with('5');
                if let (true, RefOr::T(response)) = (is_error, response) {
                    as_problem(response);
                }
            }
        }
    }
    let components = api.components.get_or_insert_with(Default::default);
    let mut schemas = Vec::new();
    <crate::problem::Problem as utoipa::ToSchema>::schemas(&mut schemas);
    schemas.push((
        "Problem".to_owned(),
        <crate::problem::Problem as utoipa::PartialSchema>::schema(),
    ));
    for (name, schema) in schemas {
        components.schemas.entry(name).or_insert(schema);
    }
}

/// An error response's body: problem+json, keeping a more specific schema
/// its handler documents (a problem with extension members, say).
fn as_problem(response: &mut utoipa::openapi::Response) {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr};
    let schema = response
        .content
        .values()
        .find_map(|c| c.schema.clone())
        .unwrap_or_else(|| RefOr::Ref(Ref::from_schema_name("Problem")));
    response.content.clear();
    response.content.insert(
        crate::problem::CONTENT_TYPE.to_owned(),
        ContentBuilder::new().schema(Some(schema)).build(),
    );
}

/// OpenAPI links from each operation that creates a resource (a `201` whose
/// body has an `id`) to the operations under `<its path>/{param}`, with the
/// parameter taken from the new resource's `id`, so clients and fuzzers can
/// follow a creation into its reads, updates and deletes.
fn link_created_resources(api: &mut OpenApi) {
    use utoipa::openapi::{RefOr, Schema};
    let has_id = |schema: &RefOr<Schema>| -> bool {
        let resolved = match schema {
            RefOr::Ref(r) => r
                .ref_location
                .strip_prefix("#/components/schemas/")
                .and_then(|name| api.components.as_ref()?.schemas.get(name)),
            RefOr::T(_) => Some(schema),
        };
        matches!(resolved, Some(RefOr::T(Schema::Object(o))) if o.properties.contains_key("id"))
    };
    let mut links = Vec::new();
    for (path, item) in &api.paths.paths {
        let Some(created) = item
            .post
            .as_ref()
            .and_then(|op| op.responses.responses.get("201"))
        else {
            continue;
        };
        let RefOr::T(created) = created else { continue };
        if !created
            .content
            .values()
            .filter_map(|c| c.schema.as_ref())
            .any(&has_id)
        {
            continue;
        }
        let prefix = format!("{path}/{{");
        for (target, target_item) in &api.paths.paths {
            let Some(rest) = target.strip_prefix(&prefix) else {
                continue;
            };
            let Some(param) = rest.split('}').next() else {
                continue;
            };
            let operations = [
                &target_item.get,
                &target_item.put,
                &target_item.post,
                &target_item.patch,
                &target_item.delete,
            ];
            for operation in operations {
                let Some(id) = operation.as_ref().and_then(|o| o.operation_id.clone()) else {
                    continue;
                };
                links.push((path.clone(), link_name(&id), id, param.to_owned()));
            }
        }
    }
    for (path, name, operation_id, param) in links {
        let Some(RefOr::T(created)) = api
            .paths
            .paths
            .get_mut(&path)
            .and_then(|item| item.post.as_mut())
            .and_then(|op| op.responses.responses.get_mut("201"))
        else {
            continue;
        };
        created.links.insert(
            name,
            RefOr::T(
                utoipa::openapi::link::LinkBuilder::new()
                    .operation_id(operation_id)
                    .parameter(param, "$response.body#/id")
                    .build(),
            ),
        );
    }
}

/// `catalog_products_get` → `CatalogProductsGet`: a link name (`^[a-zA-Z0-9.\-_]+$`).
fn link_name(operation_id: &str) -> String {
    operation_id
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
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
        for operation in operations_mut(item) {
            let Some(id) = operation.operation_id.as_deref() else {
                continue;
            };
            let tag = operation
                .tags
                .as_ref()
                .and_then(|tags| tags.first())
                .map(|t| format!("{}_", t.replace(|c: char| !c.is_ascii_alphanumeric(), "_")))
                .unwrap_or_default();
            let unique = format!("{service}_{tag}{id}");
            if !id.starts_with(&format!("{service}_")) {
                operation.operation_id = Some(unique);
            }
        }
    }
}

/// Every operation of a path item.
fn operations_mut(
    item: &mut utoipa::openapi::PathItem,
) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.patch,
        &mut item.head,
        &mut item.options,
        &mut item.trace,
    ]
    .into_iter()
    .flatten()
}
