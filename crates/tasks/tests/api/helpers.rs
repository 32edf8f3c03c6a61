//! The test app: the tasks router on a socket, a token issuer and a request
//! helper.

use kit::testing::TestIssuer;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::sync::Arc;
use tasks::store::sql::SqlTaskStore;

/// The tasks service on a real socket, over a fresh SQLite file.
pub struct TestApp {
    base: String,
    issuer: TestIssuer,
    http: reqwest::Client,
    _file: kit::testing::TempSqlite,
}

/// Starts the service on port 0 with its own store and token issuer.
pub async fn spawn_app() -> TestApp {
    let file = kit::testing::TempSqlite::new("feira-tasks-api");
    let store = Arc::new(SqlTaskStore::open_sqlite(&file.path).await.unwrap());
    let issuer = TestIssuer::new();
    let state = tasks::TasksState::new(store, Arc::new(issuer.verifier()));
    let router = kit::http::service_app(
        tasks::router(state),
        kit::health::Readiness::new(),
        kit::http::Limits::default(),
        axum::Router::new(),
    );
    let addr = kit::testing::spawn(router).await;
    TestApp {
        base: format!("http://{addr}"),
        issuer,
        http: reqwest::Client::new(),
        _file: file,
    }
}

impl TestApp {
    /// Sends a request as `user` (none: no token) and returns the status and
    /// the JSON body; every 4xx must be a problem.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        user: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(user) = user {
            request = request.bearer_auth(self.issuer.token(user, &["customer"]));
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let is_problem = response
            .headers()
            .get("content-type")
            .is_some_and(|v| v.as_bytes() == b"application/problem+json");
        let body: Value = response.json().await.unwrap_or(Value::Null);
        if status.is_client_error() {
            assert!(is_problem, "{status} {body}");
        }
        (status, body)
    }
}
