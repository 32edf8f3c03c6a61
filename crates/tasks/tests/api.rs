//! The HTTP API on SQLite: every route needs a token, no user reaches
//! another's tasks or tags, and bad input is a problem naming the field.

use kit::testing::TestIssuer;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::sync::Arc;
use tasks::store::sql::SqlTaskStore;

struct Api {
    base: String,
    issuer: TestIssuer,
    http: reqwest::Client,
    _file: kit::testing::TempSqlite,
}

impl Api {
    async fn start() -> Self {
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
        Self {
            base: format!("http://{addr}"),
            issuer,
            http: reqwest::Client::new(),
            _file: file,
        }
    }

    async fn call(
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

#[tokio::test]
async fn every_route_needs_a_token() {
    let api = Api::start().await;
    for (method, path) in [
        (Method::GET, "/api/tasks"),
        (Method::POST, "/api/tasks"),
        (Method::GET, "/api/tasks/insights"),
        (Method::GET, "/api/tasks/tags"),
        (Method::POST, "/api/tasks/bulk/delete"),
    ] {
        let (status, _) = api.call(method.clone(), path, None, Some(json!({}))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path}");
    }
}

#[tokio::test]
async fn no_request_reaches_another_users_tasks_or_tags() {
    let api = Api::start().await;
    let (status, task) = api
        .call(
            Method::POST,
            "/api/tasks",
            Some("ana"),
            Some(json!({"title": "secret", "tags": ["private"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = task["id"].as_str().unwrap();
    let (_, tags) = api
        .call(Method::GET, "/api/tasks/tags", Some("ana"), None)
        .await;
    let tag = tags[0]["id"].as_str().unwrap().to_owned();
    for (method, path, body) in [
        (Method::GET, format!("/api/tasks/{id}"), None),
        (
            Method::PATCH,
            format!("/api/tasks/{id}"),
            Some(json!({"title": "mine"})),
        ),
        (Method::DELETE, format!("/api/tasks/{id}"), None),
        (Method::POST, format!("/api/tasks/{id}/complete"), None),
        (Method::POST, format!("/api/tasks/{id}/reopen"), None),
        (
            Method::PATCH,
            format!("/api/tasks/tags/{tag}"),
            Some(json!({"name": "mine"})),
        ),
        (Method::DELETE, format!("/api/tasks/tags/{tag}"), None),
    ] {
        let (status, _) = api.call(method.clone(), &path, Some("ben"), body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}");
    }
    let (_, bulk) = api
        .call(
            Method::POST,
            "/api/tasks/bulk/delete",
            Some("ben"),
            Some(json!({"ids": [id]})),
        )
        .await;
    assert_eq!(bulk["changed"], 0);
    let (_, list) = api
        .call(Method::GET, "/api/tasks?q=secret", Some("ben"), None)
        .await;
    assert_eq!(list["total"], 0);
    let (_, insights) = api
        .call(Method::GET, "/api/tasks/insights", Some("ben"), None)
        .await;
    assert_eq!(insights["pending"], 0);
    let (_, mine) = api
        .call(Method::GET, &format!("/api/tasks/{id}"), Some("ana"), None)
        .await;
    assert_eq!(
        (mine["title"].as_str(), mine["status"].as_str()),
        (Some("secret"), Some("pending"))
    );
    assert_eq!(mine["tags"], json!(["private"]));
}

#[tokio::test]
async fn bad_input_names_the_field_and_changes_nothing() {
    let api = Api::start().await;
    let (status, problem) = api
        .call(
            Method::POST,
            "/api/tasks",
            Some("ana"),
            Some(json!({"title": "", "priority": "soon"})),
        )
        .await;
    assert!(
        status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::BAD_REQUEST,
        "{status}"
    );
    assert!(problem.to_string().contains("priority"), "{problem}");
    let (status, problem) = api
        .call(
            Method::POST,
            "/api/tasks",
            Some("ana"),
            Some(json!({"title": " ", "deadline": "friday"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].clone())
        .collect();
    assert_eq!(fields, [json!("title"), json!("deadline")]);
    let (status, problem) = api
        .call(Method::GET, "/api/tasks?colour=red", Some("ana"), None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(problem.to_string().contains("colour"), "{problem}");
    let (status, problem) = api
        .call(Method::GET, "/api/tasks?sort=-colour", Some("ana"), None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["errors"][0]["field"], "sort");
    let (status, _) = api
        .call(Method::GET, "/api/tasks/not-a-uuid", Some("ana"), None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, list) = api.call(Method::GET, "/api/tasks", Some("ana"), None).await;
    assert_eq!(list["total"], 0, "nothing was created");

    let (status, _) = api
        .call(
            Method::POST,
            "/api/tasks/tags",
            Some("ana"),
            Some(json!({"name": "Home"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, problem) = api
        .call(
            Method::POST,
            "/api/tasks/tags",
            Some("ana"),
            Some(json!({"name": "HOME"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    let (status, _) = api
        .call(
            Method::POST,
            "/api/tasks/tags",
            Some("ana"),
            Some(json!({"name": "x", "colour": "blue"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_malformed_task_id_is_a_400_naming_the_id_on_every_route() {
    let api = Api::start().await;
    for (method, path) in [
        (Method::GET, "/api/tasks/not-a-uuid"),
        (Method::PATCH, "/api/tasks/not-a-uuid"),
        (Method::DELETE, "/api/tasks/not-a-uuid"),
        (Method::POST, "/api/tasks/not-a-uuid/complete"),
        (Method::POST, "/api/tasks/not-a-uuid/reopen"),
    ] {
        let (status, problem) = api
            .call(
                method.clone(),
                path,
                Some("ana"),
                Some(json!({"title": "x"})),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{method} {path}");
        assert_eq!(
            problem["type"], "urn:feira:problem:invalid-parameters",
            "{method} {path}"
        );
        assert_eq!(
            problem["errors"],
            json!([{"field": "id", "message": "must be a task id (UUID)"}]),
            "{method} {path}"
        );
    }
    // A tag id that names none of the user's tags is not found, whatever it looks like.
    let (status, _) = api
        .call(
            Method::DELETE,
            "/api/tasks/tags/not-a-uuid",
            Some("ana"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
