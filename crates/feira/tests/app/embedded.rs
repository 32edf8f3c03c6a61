//! `feira up`: every service in one process on SQLite.

use crate::helpers::*;
use feira::app::{Application, Topology};
use serde_json::Value;

#[tokio::test]
async fn embedded_mode_seeds_the_demo_catalog_once_and_serves_the_landing_page() {
    let dir = std::env::temp_dir().join(format!("feira-up-{}", uuid::Uuid::now_v7()));
    let s = settings(&[("FEIRA_DATA_DIR", dir.to_str().unwrap())]);

    let first = start(Application::start(&s, Topology::Embedded).await.unwrap()).await;
    assert_eq!(total(&first).await, 70);
    let landing = reqwest::get(format!("{first}/"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(landing.contains("/docs"));
    let docs = reqwest::get(format!("{first}/docs/")).await.unwrap();
    assert_eq!(docs.status(), 200);
    // Embedded mode keeps service-to-service routes in process.
    let internal = reqwest::Client::new()
        .post(format!("{first}/internal/reservations"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(internal.status(), 404);

    let second = start(Application::start(&s, Topology::Embedded).await.unwrap()).await;
    assert_eq!(total(&second).await, 70, "a second start adds nothing");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn embedded_admin_logs_in_through_the_api_and_creates_a_product() {
    let dir = std::env::temp_dir().join(format!("feira-e2e-{}", uuid::Uuid::now_v7()));
    let s = settings(&[("FEIRA_DATA_DIR", dir.to_str().unwrap())]);
    let base = start(Application::start(&s, Topology::Embedded).await.unwrap()).await;

    let (admin_email, admin_password) = identity::DEMO_ADMIN;
    let admin = login(&base, admin_email, admin_password).await;
    let created = create_product(&base, admin["access_token"].as_str(), "E2E-1").await;
    assert_eq!(created.status(), 201);

    let (customer_email, customer_password) = identity::DEMO_CUSTOMER;
    let customer = login(&base, customer_email, customer_password).await;
    let refused = create_product(&base, customer["access_token"].as_str(), "E2E-2").await;
    assert_eq!(refused.status(), 403);
    let anonymous = create_product(&base, None, "E2E-3").await;
    assert_eq!(anonymous.status(), 401);
    assert!(anonymous.headers().contains_key("www-authenticate"));
    assert_eq!(total(&base).await, 71);
    let _ = std::fs::remove_dir_all(dir);
}

/// The README's story in embedded mode: log in, fill a cart, pay, see the stock
/// drop, cancel, see the refund and the stock back, and every event sent.
#[tokio::test]
async fn embedded_mode_runs_the_whole_order_story() {
    use reqwest::Method;
    let dir = std::env::temp_dir().join(format!("feira-e2e-orders-{}", uuid::Uuid::now_v7()));
    let s = settings(&[("FEIRA_DATA_DIR", dir.to_str().unwrap())]);
    let app = Application::start(&s, Topology::Embedded).await.unwrap();
    let mut events = app.bus().unwrap().subscribe();
    let base = start(app).await;
    let (email, password) = identity::DEMO_CUSTOMER;
    let customer = login(&base, email, password).await;
    let token = customer["access_token"].as_str().unwrap();
    let product = first_product(&base).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = stock(&base, &product).await;

    let (status, order) = buy(&base, token, &product, 2).await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["status"], "paid");
    assert_eq!(
        order["contact"]["email"], email,
        "contact snapshot from the profile"
    );
    assert_eq!(stock(&base, &product).await, before - 2);

    let id = order["id"].as_str().unwrap();
    let (status, cancelled) = call(
        Method::POST,
        format!("{base}/api/orders/{id}/cancel"),
        token,
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(cancelled["payments"][2]["kind"], "refunded");
    kit::testing::eventually(
        "the stock to come back",
        std::time::Duration::from_secs(10),
        || async { (stock(&base, &product).await == before).then_some(()) },
    )
    .await;

    let (admin_email, admin_password) = identity::DEMO_ADMIN;
    let admin = login(&base, admin_email, admin_password).await;
    let admin = admin["access_token"].as_str().unwrap();
    let outbox_url = format!("{base}/api/orders/admin/outbox?order_id={id}");
    let types = kit::testing::eventually(
        "every event sent",
        std::time::Duration::from_secs(10),
        || async {
            let (_, entries) = call(Method::GET, outbox_url.clone(), admin, None).await;
            let entries = entries.as_array().cloned().unwrap_or_default();
            entries.iter().all(|e| !e["sent_at"].is_null()).then(|| {
                entries
                    .iter()
                    .map(|e| e["event"]["type"].as_str().unwrap().to_owned())
                    .collect::<Vec<_>>()
            })
        },
    )
    .await;
    assert_eq!(types, ["order.placed", "order.paid", "order.cancelled"]);

    // Notifications heard it in process: the confirmation and the cancellation,
    // each as an email file (no SMTP configured) and an in-app notification.
    let emails_url = format!("{base}/api/notifications/admin/emails");
    let emails = kit::testing::eventually(
        "two order emails",
        std::time::Duration::from_secs(10),
        || async {
            let (_, files) = call(Method::GET, emails_url.clone(), admin, None).await;
            (files.as_array().map(Vec::len) == Some(2)).then_some(files)
        },
    )
    .await;
    let name = emails[1]["name"].as_str().unwrap();
    let eml = reqwest::Client::new()
        .get(format!("{emails_url}/{name}"))
        .bearer_auth(admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        eml.contains(&format!(
            "Subject: Your order is confirmed ({})",
            order["number"].as_str().unwrap()
        )),
        "{eml}"
    );
    let (_, inbox) = call(
        Method::GET,
        format!("{base}/api/notifications/me"),
        token,
        None,
    )
    .await;
    assert_eq!(
        (inbox["total"].as_u64(), inbox["unread"].as_u64()),
        (Some(2), Some(2)),
        "{inbox}"
    );
    for expected in &types {
        let event = tokio::time::timeout(std::time::Duration::from_secs(10), events.recv())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (&event.kind, event.subject.as_str()),
            (expected, id),
            "the in-process bus got it"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// The web app's typed client is generated from `web/openapi.json`; this keeps
/// that file equal to what the services really serve, and every reference in
/// it resolvable (a dangling one breaks the generator).
#[tokio::test]
async fn the_openapi_document_resolves_and_matches_the_web_client() {
    let dir = std::env::temp_dir().join(format!("feira-openapi-{}", uuid::Uuid::now_v7()));
    let s = settings(&[("FEIRA_DATA_DIR", dir.to_str().unwrap())]);
    let base = start(Application::start(&s, Topology::Embedded).await.unwrap()).await;
    let served = get_json(format!("{base}/openapi.json")).await;
    let mut ids = std::collections::BTreeSet::new();
    for (path, item) in served["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap().to_owned();
            assert!(
                ids.insert(id.clone()),
                "{method} {path}: operationId {id} repeats"
            );
        }
    }
    let mut targets = Vec::new();
    refs(&served, &mut targets);
    assert!(targets.len() > 50);
    for target in targets {
        let pointer = target.trim_start_matches('#');
        assert!(served.pointer(pointer).is_some(), "dangling $ref {target}");
    }
    let committed: Value =
        serde_json::from_str(include_str!("../../../../web/openapi.json")).unwrap();
    assert!(
        committed == served,
        "web/openapi.json is stale: run `make web-api` and commit the result"
    );
    let _ = std::fs::remove_dir_all(dir);
}
