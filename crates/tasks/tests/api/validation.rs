//! Bad input: a problem naming the field or parameter, and nothing changed.

use crate::helpers::spawn_app;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn bad_input_names_the_field_and_changes_nothing() {
    let api = spawn_app().await;
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
    let api = spawn_app().await;
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
