//! `GET /health` (the process is alive) and `GET /ready` (its dependencies answer).

use async_trait::async_trait;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Json, Router, extract::State, routing::get};
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;

/// A dependency that must answer before the service takes traffic.
#[async_trait]
pub trait ReadinessCheck: Send + Sync {
    /// A short name shown in the readiness report, such as `mongodb`.
    fn name(&self) -> &str;
    /// Ok when the dependency answers.
    async fn check(&self) -> anyhow::Result<()>;
}

/// The checks one service or process runs.
#[derive(Clone, Default)]
pub struct Readiness {
    checks: Vec<Arc<dyn ReadinessCheck>>,
}

impl Readiness {
    /// No checks yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a check.
    pub fn with(mut self, check: Arc<dyn ReadinessCheck>) -> Self {
        self.checks.push(check);
        self
    }

    /// Adds every check of another set.
    pub fn merge(mut self, other: Readiness) -> Self {
        self.checks.extend(other.checks);
        self
    }
}

/// A readiness check from a name and a probe, such as a store's `ping`.
struct Probe<F> {
    name: String,
    probe: F,
}

#[async_trait]
impl<F, Fut> ReadinessCheck for Probe<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send,
{
    fn name(&self) -> &str {
        &self.name
    }

    async fn check(&self) -> anyhow::Result<()> {
        (self.probe)().await
    }
}

/// A check named `name` that runs `probe`: `check("orders store", move || {
/// let store = store.clone(); async move { store.ping().await } })`.
pub fn check<F, Fut>(name: impl Into<String>, probe: F) -> Arc<dyn ReadinessCheck>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send + 'static,
{
    Arc::new(Probe {
        name: name.into(),
        probe,
    })
}

#[derive(Serialize)]
struct Report {
    status: &'static str,
    checks: Vec<CheckReport>,
}

#[derive(Serialize)]
struct CheckReport {
    name: String,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Routes `/health` and `/ready`.
pub fn router(readiness: Readiness) -> Router {
    Router::new()
        .route(
            "/health",
            get(|| async { Json(serde_json::json!({"status": "ok"})) }),
        )
        .route("/ready", get(ready))
        .with_state(readiness)
}

async fn ready(State(readiness): State<Readiness>) -> impl IntoResponse {
    let results = futures::future::join_all(readiness.checks.iter().map(|check| async move {
        let outcome = tokio::time::timeout(Duration::from_secs(2), check.check()).await;
        let error = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e.to_string()),
            Err(_) => Some("timed out after 2s".to_owned()),
        };
        if let Some(error) = &error {
            tracing::warn!(check = check.name(), %error, "readiness check failed");
        }
        CheckReport {
            name: check.name().to_owned(),
            ok: error.is_none(),
            // The reason stays in the log: it can carry host names and credentials.
            error: error.map(|_| "unreachable".to_owned()),
        }
    }))
    .await;
    let all_ok = results.iter().all(|r| r.ok);
    let status = if all_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(Report {
            status: if all_ok { "ready" } else { "not ready" },
            checks: results,
        }),
    )
}
