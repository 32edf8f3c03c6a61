//! `feira up`'s admin traces: the spans this process keeps in memory
//! ([`kit::telemetry::recent()`]), listed by trace and shown one trace at a
//! time, so a checkout can be followed across the services, the bus and the
//! notifications without a collector. Distributed deployments export to
//! one instead (`telemetry.otlp.endpoint`) and do not serve these routes.

use axum::Json;
use kit::Problem;
use kit::auth::{JwtVerifier, RequireAdmin};
use kit::extract::{Path, Query};
use kit::problem::FieldError;
use kit::telemetry::recent::{SpanView, TraceSummary};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, OpenApi, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(OpenApi)]
#[openapi(tags((name = "traces", description = "Recent traces kept in memory by `feira up` (admin role)")))]
struct ApiDoc;

/// Routes under `/api/admin/traces`, for `feira up` only.
pub fn routes(verifier: Arc<JwtVerifier>) -> OpenApiRouter {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(list))
        .routes(routes!(show))
        .with_state(verifier)
}

/// `GET /api/admin/traces` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

/// The recent traces, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct TraceList {
    pub items: Vec<TraceSummary>,
    /// Spans held now, across all traces.
    pub spans_kept: usize,
    /// Whether this process keeps spans at all (`telemetry.recent_spans`).
    pub enabled: bool,
}

/// One trace: its spans, earliest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct Trace {
    pub trace_id: String,
    pub spans: Vec<SpanView>,
}

/// The recent traces, newest first.
#[utoipa::path(get, path = "/api/admin/traces", tag = "traces", security(("bearer" = ["admin"])),
    params(ListParams),
    responses((status = 200, body = TraceList), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    _admin: RequireAdmin,
    Query(params): Query<ListParams>,
) -> Result<Json<TraceList>, Problem> {
    let limit = params.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(Problem::invalid_parameters(vec![FieldError::new(
            "limit",
            "must be between 1 and 500",
        )]));
    }
    let store = kit::telemetry::recent();
    Ok(Json(TraceList {
        items: store.map(|s| s.traces(limit as usize)).unwrap_or_default(),
        spans_kept: store.map(|s| s.len()).unwrap_or(0),
        enabled: store.is_some(),
    }))
}

/// One trace's spans, earliest first, with their attributes.
#[utoipa::path(get, path = "/api/admin/traces/{trace_id}", tag = "traces", security(("bearer" = ["admin"])),
    params(("trace_id" = String, Path, description = "32 lower-case hex digits", pattern = "^[0-9a-f]{32}$")),
    responses((status = 200, body = Trace), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn show(
    _admin: RequireAdmin,
    Path(trace_id): Path<String>,
) -> Result<Json<Trace>, Problem> {
    let well_formed = trace_id.len() == 32
        && trace_id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !well_formed {
        return Err(Problem::invalid_parameters(vec![FieldError::new(
            "trace_id",
            "must be 32 lower-case hex digits",
        )]));
    }
    let spans = kit::telemetry::recent()
        .map(|s| s.trace(&trace_id))
        .unwrap_or_default();
    if spans.is_empty() {
        return Err(Problem::not_found(
            "No such trace is kept: it may be older than the spans this process keeps.",
        ));
    }
    Ok(Json(Trace { trace_id, spans }))
}
