//! Deleting is soft: a deleted task leaves every read at once, and a restore
//! brings it back with the same id and state until its retention period has
//! passed. Each test runs on SQLite and on MongoDB.

use crate::helpers::{Store, TestApp, spawn_app_on};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;
use tasks::service::DEFAULT_DELETED_RETENTION;

const ANA: Option<&str> = Some("ana");
const BEN: Option<&str> = Some("ben");

macro_rules! on_every_store {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(super::Store::Sqlite).await;
                }
            )*
        }
        mod mongodb {
            $(
                #[tokio::test]
                #[ignore = "needs the MongoDB protocol (FEIRA_TEST_MONGODB_URL)"]
                async fn $name() {
                    super::$name(super::Store::Mongodb).await;
                }
            )*
        }
    };
}

on_every_store![
    a_deleted_completed_task_comes_back_with_the_same_id_and_state,
    bulk_delete_and_bulk_restore_count_what_they_changed,
    nobody_restores_another_users_task,
    a_task_deleted_longer_ago_than_the_retention_cannot_be_restored,
    a_tag_deleted_while_its_task_was_deleted_stays_off_it,
];

async fn create(api: &TestApp, user: Option<&str>, body: Value) -> String {
    let (status, task) = api.call(Method::POST, "/api/tasks", user, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    task["id"].as_str().unwrap().to_owned()
}

async fn list_ids(api: &TestApp, user: Option<&str>) -> Vec<String> {
    let (status, page) = api.call(Method::GET, "/api/tasks", user, None).await;
    assert_eq!(status, StatusCode::OK);
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_deleted_completed_task_comes_back_with_the_same_id_and_state(store: Store) {
    let api = spawn_app_on(store, DEFAULT_DELETED_RETENTION).await;
    let id = create(
        &api,
        ANA,
        json!({"title": "File taxes", "priority": "high", "deadline": "2026-12-24T17:00:00+01:00", "tags": ["home"]}),
    )
    .await;
    let other = create(&api, ANA, json!({"title": "Water plants"})).await;
    let (status, done) = api
        .call(
            Method::POST,
            &format!("/api/tasks/{id}/complete"),
            ANA,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let (status, _) = api
        .call(Method::DELETE, &format!("/api/tasks/{id}"), ANA, None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // Gone from every read and write.
    for (method, path) in [
        (Method::GET, format!("/api/tasks/{id}")),
        (Method::PATCH, format!("/api/tasks/{id}")),
        (Method::POST, format!("/api/tasks/{id}/reopen")),
        (Method::POST, format!("/api/tasks/{id}/complete")),
        (Method::DELETE, format!("/api/tasks/{id}")),
    ] {
        let body = (method == Method::PATCH).then(|| json!({"title": "x"}));
        let (status, _) = api.call(method.clone(), &path, ANA, body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}");
    }
    assert_eq!(list_ids(&api, ANA).await, vec![other.clone()]);
    let (_, insights) = api
        .call(Method::GET, "/api/tasks/insights", ANA, None)
        .await;
    assert_eq!(
        (&insights["completed"], &insights["pending"]),
        (&json!(0), &json!(1))
    );
    assert_eq!(insights["top_tags"], json!([]));
    let (_, tags) = api.call(Method::GET, "/api/tasks/tags", ANA, None).await;
    assert_eq!(tags[0]["name"], "home");
    assert_eq!(tags[0]["tasks"], 0, "a deleted task counts for no tag");

    let (status, restored) = api
        .call(Method::POST, &format!("/api/tasks/{id}/restore"), ANA, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{restored}");
    assert_eq!(
        restored, done,
        "same id, status, completion, tags, deadline"
    );
    let (status, read) = api
        .call(Method::GET, &format!("/api/tasks/{id}"), ANA, None)
        .await;
    assert_eq!(
        (status, &read),
        (StatusCode::OK, &done),
        "the old link works"
    );
    assert_eq!(list_ids(&api, ANA).await.len(), 2);
    let (_, insights) = api
        .call(Method::GET, "/api/tasks/insights", ANA, None)
        .await;
    assert_eq!(insights["completed"], 1);
    let (_, tags) = api.call(Method::GET, "/api/tasks/tags", ANA, None).await;
    assert_eq!(tags[0]["tasks"], 1);

    // A second restore finds nothing in the bin.
    let (status, _) = api
        .call(Method::POST, &format!("/api/tasks/{id}/restore"), ANA, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api
        .call(
            Method::POST,
            &format!("/api/tasks/{other}/restore"),
            ANA,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a live task is not restored");
    api.cleanup().await;
}

async fn bulk_delete_and_bulk_restore_count_what_they_changed(store: Store) {
    let api = spawn_app_on(store, DEFAULT_DELETED_RETENTION).await;
    let a = create(&api, ANA, json!({"title": "a"})).await;
    let b = create(&api, ANA, json!({"title": "b"})).await;
    let c = create(&api, ANA, json!({"title": "c"})).await;
    let (status, _) = api
        .call(Method::POST, &format!("/api/tasks/{b}/complete"), ANA, None)
        .await;
    assert_eq!(status, StatusCode::OK);

    let (status, changed) = api
        .call(
            Method::POST,
            "/api/tasks/bulk/delete",
            ANA,
            Some(json!({"ids": [a, b, "not-a-task"]})),
        )
        .await;
    assert_eq!((status, changed), (StatusCode::OK, json!({"changed": 2})));
    assert_eq!(list_ids(&api, ANA).await, vec![c.clone()]);

    let (status, changed) = api
        .call(
            Method::POST,
            "/api/tasks/bulk/restore",
            ANA,
            Some(json!({"ids": [a, b, c]})),
        )
        .await;
    assert_eq!(
        (status, changed),
        (StatusCode::OK, json!({"changed": 2})),
        "the live task is skipped"
    );
    let mut ids = list_ids(&api, ANA).await;
    ids.sort();
    let mut expected = vec![a, b.clone(), c];
    expected.sort();
    assert_eq!(ids, expected);
    let (_, restored) = api
        .call(Method::GET, &format!("/api/tasks/{b}"), ANA, None)
        .await;
    assert_eq!(restored["status"], "completed");

    let (status, problem) = api
        .call(
            Method::POST,
            "/api/tasks/bulk/restore",
            ANA,
            Some(json!({"ids": []})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem.to_string().contains("ids"), "{problem}");
    api.cleanup().await;
}

async fn nobody_restores_another_users_task(store: Store) {
    let api = spawn_app_on(store, DEFAULT_DELETED_RETENTION).await;
    let id = create(&api, ANA, json!({"title": "Ana's"})).await;
    let (status, _) = api
        .call(Method::DELETE, &format!("/api/tasks/{id}"), ANA, None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = api
        .call(Method::POST, &format!("/api/tasks/{id}/restore"), BEN, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, changed) = api
        .call(
            Method::POST,
            "/api/tasks/bulk/restore",
            BEN,
            Some(json!({"ids": [id]})),
        )
        .await;
    assert_eq!(changed, json!({"changed": 0}));
    assert!(list_ids(&api, BEN).await.is_empty());
    let (status, _) = api
        .call(
            Method::POST,
            &format!("/api/tasks/{id}/restore"),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = api
        .call(Method::POST, "/api/tasks/not-an-id/restore", ANA, None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Ana still can.
    let (status, _) = api
        .call(Method::POST, &format!("/api/tasks/{id}/restore"), ANA, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    api.cleanup().await;
}

async fn a_task_deleted_longer_ago_than_the_retention_cannot_be_restored(store: Store) {
    // A retention of nothing: every deletion is already past it, whether or
    // not a sweep has run.
    let api = spawn_app_on(store, Duration::ZERO).await;
    let id = create(&api, ANA, json!({"title": "Old"})).await;
    let (status, _) = api
        .call(Method::DELETE, &format!("/api/tasks/{id}"), ANA, None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // Timestamps count milliseconds: wait until the clock has moved past
    // the deletion, so it is strictly older than "now minus nothing".
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let deleted_at = kit::Timestamp::now();
    while kit::Timestamp::now() <= deleted_at {
        assert!(
            std::time::Instant::now() < deadline,
            "the clock stood still"
        );
        tokio::task::yield_now().await;
    }
    let (status, _) = api
        .call(Method::POST, &format!("/api/tasks/{id}/restore"), ANA, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api
        .call(Method::GET, &format!("/api/tasks/{id}"), ANA, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    api.cleanup().await;
}

async fn a_tag_deleted_while_its_task_was_deleted_stays_off_it(store: Store) {
    let api = spawn_app_on(store, DEFAULT_DELETED_RETENTION).await;
    let id = create(
        &api,
        ANA,
        json!({"title": "Tagged", "tags": ["gone", "kept"]}),
    )
    .await;
    let (_, tags) = api.call(Method::GET, "/api/tasks/tags", ANA, None).await;
    let gone = tags
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "gone")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = api
        .call(Method::DELETE, &format!("/api/tasks/{id}"), ANA, None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = api
        .call(
            Method::DELETE,
            &format!("/api/tasks/tags/{gone}"),
            ANA,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, restored) = api
        .call(Method::POST, &format!("/api/tasks/{id}/restore"), ANA, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(restored["tags"], json!(["kept"]));
    let (_, tags) = api.call(Method::GET, "/api/tasks/tags", ANA, None).await;
    assert_eq!(tags[0]["name"], "kept");
    assert_eq!(tags[0]["tasks"], 1);
    api.cleanup().await;
}
