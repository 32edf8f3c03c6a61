//! Who reaches what: every route needs a token, and no user reaches
//! another's tasks or tags.

use crate::helpers::spawn_app;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn every_route_needs_a_token() {
    let api = spawn_app().await;
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
    let api = spawn_app().await;
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
