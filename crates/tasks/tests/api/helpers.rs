//! The test app: the tasks router on a socket, a token issuer and a request
//! helper.

use kit::testing::TestIssuer;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tasks::service::DEFAULT_DELETED_RETENTION;
use tasks::store::TaskStore;
use tasks::store::mongo::MongoTaskStore;
use tasks::store::sql::SqlTaskStore;

/// The tasks service on a real socket, over a fresh SQLite file or MongoDB
/// database.
pub struct TestApp {
    base: String,
    issuer: TestIssuer,
    http: reqwest::Client,
    _file: Option<kit::testing::TempSqlite>,
    mongo: Option<MongoTaskStore>,
}

/// Which store a test app runs on.
#[derive(Debug, Clone, Copy)]
pub enum Store {
    Sqlite,
    /// Needs `FEIRA_TEST_MONGODB_URL`.
    Mongodb,
}

/// Starts the service on port 0 with its own SQLite store and token issuer.
pub async fn spawn_app() -> TestApp {
    spawn_app_on(Store::Sqlite, DEFAULT_DELETED_RETENTION).await
}

/// Starts the service on port 0 on `store`, fresh, keeping deleted tasks
/// restorable for `retention`.
pub async fn spawn_app_on(store: Store, retention: Duration) -> TestApp {
    let (tasks_store, file, mongo): (Arc<dyn TaskStore>, _, _) = match store {
        Store::Sqlite => {
            let file = kit::testing::TempSqlite::new("feira-tasks-api");
            let store = SqlTaskStore::open_sqlite(&file.path).await.unwrap();
            (Arc::new(store), Some(file), None)
        }
        Store::Mongodb => {
            let url = kit::testing::Backend::Mongodb.url();
            let db = format!("tasks_api_{}", uuid::Uuid::now_v7().simple());
            let store = MongoTaskStore::connect(&url, &db).await.unwrap();
            (Arc::new(store.clone()), None, Some(store))
        }
    };
    let issuer = TestIssuer::new();
    let mut state = tasks::TasksState::new(tasks_store, Arc::new(issuer.verifier()));
    state.service = state.service.with_deleted_retention(retention);
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
        mongo,
    }
}

impl TestApp {
    /// Drops the app's MongoDB database, if it has one.
    pub async fn cleanup(self) {
        if let Some(mongo) = &self.mongo {
            let _ = mongo.drop_database().await;
        }
    }

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
