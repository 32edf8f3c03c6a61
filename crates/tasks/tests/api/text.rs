//! Free text (ADR 32): a NUL, another control character or a bidirectional
//! override in a title, description or tag name is a 422 naming the field
//! and stores nothing; what is stored is in NFC.

use crate::helpers::{TestApp, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The fields a problem names.
fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn get(api: &TestApp, path: &str) -> Value {
    let (status, body) = api.call(Method::GET, path, Some("ana"), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

#[tokio::test]
async fn a_nul_or_an_override_in_a_task_is_a_422_naming_the_field_and_stores_nothing() {
    let api = spawn_app().await;
    for (body, field) in [
        (json!({"title": "pay\u{0} rent"}), "title"),
        (json!({"title": "invoice \u{202E}fdp.exe"}), "title"),
        (json!({"title": "two\nlines"}), "title"),
        (
            json!({"title": "t", "description": "a\u{202E}b"}),
            "description",
        ),
        (
            json!({"title": "t", "description": "bell\u{7}"}),
            "description",
        ),
        (json!({"title": "t", "tags": ["ok", "w\u{0}rk"]}), "tags[1]"),
        (json!({"title": "t", "tags": ["\u{2066}home"]}), "tags[0]"),
    ] {
        let (status, problem) = api
            .call(Method::POST, "/api/tasks", Some("ana"), Some(body.clone()))
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {problem}"
        );
        assert_eq!(fields(&problem), [field], "{body}: {problem}");
    }
    assert_eq!(get(&api, "/api/tasks").await["total"], 0);
    // The valid tag sent beside a refused one was not created either.
    assert_eq!(get(&api, "/api/tasks/tags").await, json!([]));

    // A change is refused the same way and leaves the task as it was.
    let (status, task) = api
        .call(
            Method::POST,
            "/api/tasks",
            Some("ana"),
            Some(json!({"title": "Pay rent", "description": "- [ ] transfer\n\t- [ ] receipt"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    assert_eq!(task["description"], "- [ ] transfer\n\t- [ ] receipt");
    let path = format!("/api/tasks/{}", task["id"].as_str().unwrap());
    let (status, problem) = api
        .call(
            Method::PATCH,
            &path,
            Some("ana"),
            Some(json!({"title": "Pay \u{202E}rent"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(fields(&problem), ["title"]);
    assert_eq!(get(&api, &path).await["title"], "Pay rent");
}

#[tokio::test]
async fn a_tag_named_or_renamed_with_a_control_is_a_422_naming_name() {
    let api = spawn_app().await;
    let (status, problem) = api
        .call(
            Method::POST,
            "/api/tasks/tags",
            Some("ana"),
            Some(json!({"name": "home\u{0}"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(fields(&problem), ["name"]);
    assert_eq!(get(&api, "/api/tasks/tags").await, json!([]));

    let (status, tag) = api
        .call(
            Method::POST,
            "/api/tasks/tags",
            Some("ana"),
            Some(json!({"name": "home"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{tag}");
    let path = format!("/api/tasks/tags/{}", tag["id"].as_str().unwrap());
    let (status, problem) = api
        .call(
            Method::PATCH,
            &path,
            Some("ana"),
            Some(json!({"name": "\u{202E}emoh"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(fields(&problem), ["name"]);
    assert_eq!(get(&api, "/api/tasks/tags").await[0]["name"], "home");
}

#[tokio::test]
async fn text_is_stored_in_nfc_and_found_however_it_was_composed() {
    let api = spawn_app().await;
    let (status, task) = api
        .call(
            Method::POST,
            "/api/tasks",
            Some("ana"),
            Some(json!({"title": "Cafe\u{301} order", "tags": ["re\u{301}sume\u{301}"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    assert_eq!(task["title"], "Caf\u{e9} order");
    assert_eq!(task["tags"], json!(["r\u{e9}sum\u{e9}"]));
    // A search or filter typed either way finds it.
    for query in ["q=caf%C3%A9", "q=cafe%CC%81", "tag=re%CC%81sume%CC%81"] {
        let page = get(&api, &format!("/api/tasks?{query}")).await;
        assert_eq!(page["total"], 1, "{query}: {page}");
    }
    // The same tag name composed differently is the same tag.
    let (status, _) = api
        .call(
            Method::POST,
            "/api/tasks/tags",
            Some("ana"),
            Some(json!({"name": "r\u{e9}sum\u{e9}"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}
