//! What every service serves besides its API.

use crate::helpers::{problem, spawn_app};
use serde_json::Value;

#[tokio::test]
async fn health_ready_metrics_and_docs() {
    let app = spawn_app().await;
    assert_eq!(app.get("/health").send().await.unwrap().status(), 200);
    let ready: Value = app.get_json("/ready").await;
    assert_eq!(ready["status"], "ready");

    app.get("/api/catalog/products").send().await.unwrap();
    let metrics = app
        .client
        .get(format!("{}/metrics", app.internal_base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("http_requests_total"), "{metrics}");
    assert!(metrics.contains("route=\"/api/catalog/products\""));
    assert!(metrics.contains("http_request_duration_seconds_bucket"));

    let openapi: Value = app.get_json("/openapi.json").await;
    assert!(openapi["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(openapi["paths"]["/api/catalog/products"].is_object());
    assert!(openapi["paths"]["/internal/reservations"].is_object());
    let docs = app.get("/docs/").send().await.unwrap();
    // `/metrics` is on the internal listener only.
    assert_eq!(app.get("/metrics").send().await.unwrap().status(), 404);
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.unwrap().contains("swagger"));
}

#[tokio::test]
async fn request_ids_are_echoed_or_generated() {
    let app = spawn_app().await;
    let echoed = app
        .get("/health")
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "abc-123");
    let generated = app.get("/health").send().await.unwrap();
    let id = generated.headers()["x-request-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok());
}

#[tokio::test]
async fn unknown_routes_and_methods_get_problem_json() {
    let app = spawn_app().await;
    problem(
        app.get("/api/catalog/nothing-here").send().await.unwrap(),
        404,
    )
    .await;
    let wrong_method = app
        .client
        .put(app.url("/api/catalog/categories"))
        .send()
        .await
        .unwrap();
    problem(wrong_method, 405).await;
}
