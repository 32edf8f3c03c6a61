//! `feira serve` on the MongoDB wire protocol.

use crate::helpers::*;
use feira::app::{Application, ServiceName, Topology};
use serde_json::Value;

#[tokio::test]
#[ignore = "needs the MongoDB protocol (FEIRA_TEST_MONGODB_URL)"]
async fn serve_catalog_runs_on_mongodb() {
    let url = kit::testing::Backend::Mongodb.url();
    let db = format!("serve_{}", uuid::Uuid::now_v7().simple());
    let s = settings(&[
        ("FEIRA_CATALOG__MONGODB__URL", url.as_str()),
        ("FEIRA_CATALOG__MONGODB__DATABASE", db.as_str()),
    ]);
    let products = catalog::store::open(&s.catalog, &feira::app::command_deps(&s))
        .await
        .unwrap();
    assert_eq!(catalog::seed(products.as_ref()).await.unwrap(), 70);
    let (base, internal) = start_both(
        Application::start(&s, Topology::One(ServiceName::Catalog))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(total(&base).await, 70);
    let ready: Value = reqwest::get(format!("{base}/ready"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["status"], "ready");
    // The internal routes are on the internal listener only, with their own
    // document; the public one does not list them, and the public port does
    // not route them.
    let document = |url: String| async move {
        reqwest::get(url)
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    let openapi = document(format!("{internal}/openapi.json")).await;
    assert!(openapi["paths"]["/internal/reservations"].is_object());
    let public = document(format!("{base}/openapi.json")).await;
    assert!(public["paths"]["/internal/reservations"].is_null());
    let routed = reqwest::Client::new()
        .post(format!("{base}/internal/reservations"))
        .send()
        .await
        .unwrap();
    assert_eq!(routed.status(), 404);
    let metrics = reqwest::get(format!("{internal}/metrics")).await.unwrap();
    assert_eq!(metrics.status(), 200);
    assert_eq!(
        reqwest::get(format!("{base}/metrics"))
            .await
            .unwrap()
            .status(),
        404
    );
}
