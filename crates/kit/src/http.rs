//! The layers every service router gets, and the server loop.

use crate::problem::Problem;
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The request id header, accepted from the client or generated.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Limits applied to every request.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest request body, in bytes.
    pub body_bytes: usize,
    /// Longest time a request may run.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body_bytes: 64 * 1024,
            timeout: Duration::from_secs(30),
        }
    }
}

impl From<&crate::settings::HttpSettings> for Limits {
    fn from(s: &crate::settings::HttpSettings) -> Self {
        Self {
            body_bytes: s.body_limit_bytes,
            timeout: Duration::from_secs(s.request_timeout_secs),
        }
    }
}

#[derive(Clone, Copy, Default)]
struct MakeUuidV7;

impl MakeRequestId for MakeUuidV7 {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&uuid::Uuid::now_v7().to_string())
            .ok()
            .map(RequestId::new)
    }
}

/// Wraps a finished router with the common edges: request id (accepted or
/// generated, echoed), a tracing span per request carrying that id, metrics,
/// panics and bare errors turned into problem+json, a body limit, a timeout, a
/// problem+json 404 for unknown routes, and the security and caching headers of
/// [`crate::headers`] on every answer that does not set its own.
pub fn with_common_layers(router: Router, limits: Limits) -> Router {
    // Install the recorder before the first request is counted.
    let _ = crate::metrics::handle();
    router
        .fallback(not_found)
        .layer(middleware::from_fn(problem_for_bare_errors))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.timeout,
        ))
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        .layer(CatchPanicLayer::custom(|_| {
            Problem::internal(&"handler panicked").into_response()
        }))
        .layer(middleware::from_fn(crate::headers::defaults))
        .layer(crate::headers::security())
        .layer(middleware::from_fn(crate::metrics::track))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_request(())
                .on_response(record_response),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeUuidV7))
}

/// A whole service application for its public listener: its API (with
/// OpenAPI paths), `/health`, `/ready`, `/openapi.json`, `/docs`, under
/// [`with_common_layers`]. `extra` is merged before the layers (a landing
/// page, say). `/metrics` and service-to-service routes are on the internal
/// listener ([`internal_app`]).
pub fn service_app(
    api: utoipa_axum::router::OpenApiRouter,
    readiness: crate::health::Readiness,
    limits: Limits,
    extra: Router,
) -> Router {
    let (router, mut openapi) = api.split_for_parts();
    crate::openapi::describe(&mut openapi, "Feira API");
    let router = router
        .merge(extra)
        .merge(crate::health::router(readiness.clone()))
        .merge(crate::openapi::docs_router(openapi));
    with_common_layers(router, limits)
}

/// The application of a service's internal listener (`http.internal_port`):
/// its service-to-service routes, `/metrics`, `/health` and `/ready`, and the
/// internal routes' OpenAPI document at `/openapi.json`. The gateway never
/// routes here, so a network policy can let only the callers in.
pub fn internal_app(
    internal: utoipa_axum::router::OpenApiRouter,
    readiness: crate::health::Readiness,
    limits: Limits,
) -> Router {
    let (router, mut openapi) = internal.split_for_parts();
    crate::openapi::describe(&mut openapi, "Feira internal API");
    let document = crate::openapi::to_json(&openapi);
    let router = router
        .merge(crate::health::router(readiness))
        .route("/metrics", axum::routing::get(crate::metrics::render))
        .route(
            "/openapi.json",
            axum::routing::get(move || {
                let document = document.clone();
                async move { axum::Json(document) }
            }),
        );
    with_common_layers(router, limits)
}

/// The server span of one request: the request id and the semantic-convention
/// attributes (method, route, status, the user once authenticated), a child
/// of the caller's span when the request carries a `traceparent`.
fn request_span(req: &axum::http::Request<Body>) -> tracing::Span {
    let request_id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str);
    if !is_traced(req.uri().path()) {
        // Logged like any request, but never exported: probes, scrapes and the
        // web app's files would bury the traces an operator looks for.
        return tracing::info_span!(
            crate::telemetry::UNTRACED_SPAN,
            request_id = %request_id,
            method = %req.method(),
            path = %req.uri().path(),
        );
    }
    let span = tracing::info_span!(
        "request",
        otel.name = %format_args!("{} {}", req.method(), route.unwrap_or("unmatched")),
        otel.kind = "server",
        otel.status_code = tracing::field::Empty,
        request_id = %request_id,
        method = %req.method(),
        path = %req.uri().path(),
        http.request.method = %req.method(),
        http.route = route,
        url.path = %req.uri().path(),
        http.response.status_code = tracing::field::Empty,
        enduser.id = tracing::field::Empty,
    );
    crate::telemetry::set_parent_from_headers(&span, req.headers());
    span
}

/// Whether a request gets a trace: the API, the service-to-service routes and
/// the key set. Health probes, `/metrics`, the OpenAPI pages and the web app's
/// files do not.
fn is_traced(path: &str) -> bool {
    ["/api/", "/internal/", "/.well-known/"]
        .iter()
        .any(|prefix| path.starts_with(prefix))
}

/// Records the answer's status on the request span (a 5xx marks it an
/// error) and logs the line every request ends with.
fn record_response(response: &Response, latency: Duration, span: &tracing::Span) {
    let status = response.status();
    span.record("http.response.status_code", status.as_u16());
    if status.is_server_error() {
        span.record("otel.status_code", "ERROR");
    }
    tracing::info!(
        target: crate::telemetry::ACCESS_LOG,
        latency = %format_args!("{} ms", latency.as_millis()),
        status = status.as_u16(),
        "finished processing request"
    );
}

async fn not_found(req: Request) -> Problem {
    Problem::not_found(format!(
        "No route for {} {}.",
        req.method(),
        req.uri().path()
    ))
}

/// Errors produced by layers and by axum itself (405, 408, 413, …) come without a
/// body; give them a problem+json body like every other error.
async fn problem_for_bare_errors(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let status = response.status();
    if status.is_client_error() || status.is_server_error() {
        let bare = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_none_or(|v| v.as_bytes().starts_with(b"text/plain"));
        if bare {
            let (mut parts, _) = response.into_parts();
            let title = status.canonical_reason().unwrap_or("Error");
            let slug = title.to_ascii_lowercase().replace(' ', "-");
            let problem = Problem::new(status, &slug, title);
            let fresh = problem.into_response();
            parts.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(crate::problem::CONTENT_TYPE),
            );
            parts.headers.remove(header::CONTENT_LENGTH);
            return Response::from_parts(parts, fresh.into_body());
        }
    }
    response
}

/// Serves `router` on `listener` until SIGTERM or ctrl-c, then lets in-flight
/// requests finish.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(crate::shutdown::signal())
    .await
}
