//! Starting a service whose dependencies may not answer yet.
//!
//! In a distributed deployment nothing orders start-up: a service can come up
//! before its database or broker. It must neither crash-loop nor pretend to be
//! ready. [`Gate`] serves `/health` (alive) and a not-ready `/ready` naming what
//! the service waits for, while [`connect`] retries an unreachable dependency
//! with [`Backoff`]. A misconfiguration (a URL that does not parse, wrong
//! credentials, a database that does not exist) is not retried: the service
//! stops with the setting's name, because waiting cannot fix it.

use crate::problem::Problem;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tower::ServiceExt;

/// Exponential backoff with full jitter, from 200 ms up to a cap.
#[derive(Debug, Clone)]
pub struct Backoff {
    next: Duration,
    cap: Duration,
}

impl Backoff {
    /// Starts at 200 ms and doubles up to `cap`.
    pub fn new(cap: Duration) -> Self {
        Self {
            next: Duration::from_millis(200),
            cap,
        }
    }

    /// The delay before the next attempt; each call doubles the ceiling.
    /// Jitter keeps many restarting processes from retrying in step.
    pub fn next_delay(&mut self) -> Duration {
        let ceiling = self.next;
        self.next = (self.next * 2).min(self.cap);
        let half = ceiling / 2;
        half + half.mul_f64(rand::random::<f64>())
    }

    /// Back to the first, shortest delay (after a success).
    pub fn reset(&mut self) {
        self.next = Duration::from_millis(200);
    }
}

/// Marks an error as "the dependency did not answer", which is worth retrying,
/// as opposed to a misconfiguration. Stores whose driver errors the kit cannot
/// classify (MongoDB) wrap their connection failures in it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Unreachable(pub String);

/// Whether `error` means the dependency did not answer (connection refused or
/// reset, timed out, a name that does not resolve yet, a database still
/// starting), rather than a misconfiguration.
pub fn is_unreachable(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        if cause.is::<Unreachable>() {
            return true;
        }
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return io_unreachable(io);
        }
        #[cfg(feature = "sql")]
        if let Some(sql) = cause.downcast_ref::<sqlx::Error>() {
            return match sql {
                sqlx::Error::Io(io) => io_unreachable(io),
                sqlx::Error::PoolTimedOut => true,
                // 57P03: the server is starting up or shutting down.
                sqlx::Error::Database(db) => db.code().as_deref() == Some("57P03"),
                _ => false,
            };
        }
        false
    })
}

fn io_unreachable(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    // A host name that does not resolve yet (a container not started) shows
    // up as an uncategorised error mentioning the lookup.
    matches!(
        error.kind(),
        ConnectionRefused
            | ConnectionReset
            | ConnectionAborted
            | TimedOut
            | NotConnected
            | HostUnreachable
            | NetworkUnreachable
            | UnexpectedEof
    ) || error.to_string().contains("lookup")
}

/// Runs `open` until it succeeds, retrying with backoff (capped at 5 s) while
/// the dependency behind `setting` is unreachable and telling `gate` what the
/// service waits for. Any other error is returned at once with `setting` as
/// its context, so the message names what to fix.
pub async fn connect<T, F, Fut>(gate: &Gate, setting: &str, mut open: F) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    let mut backoff = Backoff::new(Duration::from_secs(5));
    gate.waiting_for(setting);
    loop {
        match open().await {
            Ok(value) => return Ok(value),
            Err(error) if is_unreachable(&error) => {
                let delay = backoff.next_delay();
                tracing::warn!(
                    setting,
                    error = %format!("{error:#}"),
                    retry_in_ms = delay.as_millis() as u64,
                    "dependency not reachable yet; /ready reports it"
                );
                tokio::time::sleep(delay).await;
            }
            Err(error) => return Err(error.context(setting.to_owned())),
        }
    }
}

/// How a service opens its stores at start-up.
#[derive(Clone)]
pub enum Startup {
    /// `feira serve`: wait with backoff while a store is unreachable, telling
    /// the gate (which serves `/ready`) what the service waits for.
    Wait(Gate),
    /// Commands, tests and embedded mode: an unreachable store is an error at
    /// once, since nothing would report the wait.
    FailFast,
}

/// Opens a store the way `startup` says: waiting through [`connect`], or
/// once. Either way a misconfiguration fails naming `setting`.
pub async fn open<T, F, Fut>(startup: &Startup, setting: &str, mut open: F) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    match startup {
        Startup::Wait(gate) => connect(gate, setting, open).await,
        Startup::FailFast => open().await.map_err(|e| e.context(setting.to_owned())),
    }
}

enum GateState {
    Waiting(String),
    Open(Router),
}

/// The router a service serves from the moment it binds its port: until
/// [`Gate::open`] it answers `/health` with 200, `/ready` with 503 naming the
/// setting it waits for, and everything else with a 503 problem; then it is the
/// service's own router.
#[derive(Clone)]
pub struct Gate {
    state: Arc<RwLock<GateState>>,
}

impl Default for Gate {
    fn default() -> Self {
        Self {
            state: Arc::new(RwLock::new(GateState::Waiting("start-up".to_owned()))),
        }
    }
}

impl Gate {
    /// A gate waiting for start-up to begin.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the setting whose dependency the service now waits for.
    pub fn waiting_for(&self, setting: &str) {
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        if let GateState::Waiting(current) = &mut *state {
            setting.clone_into(current);
        }
    }

    /// Hands traffic to the service's own router.
    pub fn open(&self, router: Router) {
        *self.state.write().unwrap_or_else(|e| e.into_inner()) = GateState::Open(router);
    }

    /// The router to serve: the gate's answers until it opens.
    pub fn router(&self) -> Router {
        let gate = self.clone();
        Router::new().fallback_service(tower::service_fn(move |req: Request| {
            let gate = gate.clone();
            async move { Ok::<_, std::convert::Infallible>(gate.answer(req).await) }
        }))
    }

    async fn answer(&self, req: Request) -> Response {
        let waiting = {
            let state = self.state.read().unwrap_or_else(|e| e.into_inner());
            match &*state {
                GateState::Open(router) => Err(router.clone()),
                GateState::Waiting(setting) => Ok(setting.clone()),
            }
        };
        let setting = match waiting {
            Err(router) => {
                return router
                    .oneshot(req)
                    .await
                    .unwrap_or_else(|never| match never {});
            }
            Ok(setting) => setting,
        };
        match req.uri().path() {
            "/health" => axum::Json(serde_json::json!({"status": "ok"})).into_response(),
            "/ready" => (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({
                    "status": "starting",
                    "checks": [{"name": setting, "ok": false, "error": "unreachable"}],
                })),
            )
                .into_response(),
            _ => {
                let mut response = Problem::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "starting",
                    "Service starting",
                )
                .with_detail(format!(
                    "The service is waiting for the dependency named by `{setting}`."
                ))
                .into_response();
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
                response
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_to_its_cap_with_jitter_below_the_ceiling() {
        let mut backoff = Backoff::new(Duration::from_secs(1));
        let delays: Vec<_> = (0..8).map(|_| backoff.next_delay()).collect();
        assert!(delays[0] >= Duration::from_millis(100) && delays[0] <= Duration::from_millis(200));
        assert!(delays.iter().all(|d| *d <= Duration::from_secs(1)));
        assert!(delays[7] >= Duration::from_millis(500), "{delays:?}");
        backoff.reset();
        assert!(backoff.next_delay() <= Duration::from_millis(200));
    }

    #[test]
    fn refused_connections_are_unreachable_and_bad_settings_are_not() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert!(is_unreachable(
            &anyhow::Error::new(refused).context("connect")
        ));
        assert!(is_unreachable(&anyhow::Error::new(Unreachable(
            "server selection timed out".into()
        ))));
        assert!(!is_unreachable(&anyhow::anyhow!(
            "relative URL without a base"
        )));
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(!is_unreachable(&anyhow::Error::new(denied)));
    }

    #[tokio::test]
    async fn the_gate_answers_health_and_ready_until_it_opens() {
        let gate = Gate::new();
        gate.waiting_for("orders.postgres.url");
        let call = |path: &'static str| {
            let router = gate.router();
            async move {
                let response = router
                    .oneshot(Request::get(path).body(axum::body::Body::empty()).unwrap())
                    .await
                    .unwrap();
                let status = response.status();
                let body = axum::body::to_bytes(response.into_body(), 1 << 16)
                    .await
                    .unwrap();
                (status, String::from_utf8(body.to_vec()).unwrap())
            }
        };
        assert_eq!(call("/health").await.0, StatusCode::OK);
        let (status, body) = call("/ready").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(body.contains("orders.postgres.url"), "{body}");
        let (status, body) = call("/api/orders/cart").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(body.contains("orders.postgres.url"), "{body}");

        gate.open(Router::new().route("/ready", axum::routing::get(|| async { "ready" })));
        assert_eq!(call("/ready").await, (StatusCode::OK, "ready".to_owned()));
    }
}
