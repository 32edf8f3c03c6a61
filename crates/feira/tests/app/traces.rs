//! Traces in embedded mode: one checkout is one trace across the services,
//! the bus and the notifications, kept in memory for the admin traces page
//! and exported over OTLP. Each test binary process installs the telemetry
//! once; nextest runs every test in its own process.

use crate::helpers::*;
use feira::app::{Application, Topology};
use serde_json::Value;
use std::collections::BTreeSet;
use std::time::Duration;

const TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const GATEWAY_SPAN: &str = "00f067aa0ba902b7";

async fn admin_get(base: &str, token: &str, path: &str) -> (u16, Value) {
    call(reqwest::Method::GET, format!("{base}{path}"), token, None).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checkout_is_one_trace_from_the_request_to_the_email_in_memory_and_over_otlp() {
    let otlp = kit::testing::OtlpReceiver::start().await;
    let dir = std::env::temp_dir().join(format!("feira-traces-{}", uuid::Uuid::now_v7()));
    let s = settings(&[
        ("FEIRA_DATA_DIR", dir.to_str().unwrap()),
        ("FEIRA_TELEMETRY__OTLP__ENDPOINT", otlp.url.as_str()),
        ("FEIRA_TELEMETRY__RECENT_SPANS", "4000"),
    ]);
    let _telemetry = kit::telemetry::init(&s.telemetry, "feira", true);
    let base = start(Application::start(&s, Topology::Embedded).await.unwrap()).await;
    let (email, password) = identity::DEMO_CUSTOMER;
    let customer = login(&base, email, password).await;
    let customer = customer["access_token"].as_str().unwrap().to_owned();
    let (email, password) = identity::DEMO_ADMIN;
    let admin = login(&base, email, password).await;
    let admin = admin["access_token"].as_str().unwrap().to_owned();

    // Probes and the web app's pages are logged, not traced.
    for path in ["/health", "/ready", "/", "/favicon.svg", "/account"] {
        reqwest::get(format!("{base}{path}")).await.unwrap();
    }

    let product = first_product(&base).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = call(
        reqwest::Method::POST,
        format!("{base}/api/orders/cart/items"),
        &customer,
        Some(serde_json::json!({"product_id": product, "quantity": 1})),
    )
    .await;
    assert_eq!(status, 200);
    // The checkout arrives as the gateway forwards it: with a traceparent.
    let placed = reqwest::Client::new()
        .post(format!("{base}/api/orders"))
        .bearer_auth(&customer)
        .header("Idempotency-Key", uuid::Uuid::now_v7().to_string())
        .header("traceparent", format!("00-{TRACE}-{GATEWAY_SPAN}-01"))
        .json(&checkout_body())
        .send()
        .await
        .unwrap();
    assert_eq!(placed.status(), 201);

    // The trace grows as the relay publishes and notifications sends: wait
    // for the email's send span.
    let path = format!("/api/admin/traces/{TRACE}");
    let trace = kit::testing::eventually(
        "the email's send span in the trace",
        Duration::from_secs(20),
        || async {
            let (status, trace) = admin_get(&base, &admin, &path).await;
            let sent = trace["spans"]
                .as_array()
                .is_some_and(|spans| spans.iter().any(|s| s["name"] == "send email"));
            (status == 200 && sent).then_some(trace)
        },
    )
    .await;
    let spans = trace["spans"].as_array().unwrap();
    let names: BTreeSet<&str> = spans.iter().map(|s| s["name"].as_str().unwrap()).collect();
    for expected in [
        "POST /api/orders",
        "checkout",
        "contact",
        "reserve stock",
        "reserve",
        "payment",
        "outbox write",
        "publish order.paid",
        "consume order.paid",
        "send email",
    ] {
        assert!(names.contains(expected), "no {expected:?} in {names:?}");
    }
    // One tree: the request's span is the child of the gateway's, every
    // other span's parent is in the trace.
    let ids: BTreeSet<&str> = spans
        .iter()
        .map(|s| s["span_id"].as_str().unwrap())
        .collect();
    for span in spans {
        let parent = span["parent_span_id"].as_str().unwrap_or_default();
        if span["name"] == "POST /api/orders" {
            assert_eq!(parent, GATEWAY_SPAN);
            assert_eq!(span["kind"], "server");
            assert_eq!(span["attributes"]["http.route"], "/api/orders");
            assert_eq!(span["attributes"]["http.response.status_code"], "201");
            assert!(
                span["attributes"]["enduser.id"]
                    .as_str()
                    .is_some_and(|id| !id.is_empty())
            );
        } else {
            assert!(
                ids.contains(parent),
                "{} has parent {parent:?} outside the trace",
                span["name"]
            );
        }
    }
    let consume = spans
        .iter()
        .find(|s| s["name"] == "consume order.paid")
        .unwrap();
    let publish = spans
        .iter()
        .find(|s| s["name"] == "publish order.paid")
        .unwrap();
    assert_eq!(
        consume["parent_span_id"], publish["span_id"],
        "the consumer is the publish's child"
    );
    assert_eq!(consume["kind"], "consumer");
    assert_eq!(publish["kind"], "producer");

    // The list names it with the components it crossed.
    let (status, list) = admin_get(&base, &admin, "/api/admin/traces?limit=500").await;
    assert_eq!(status, 200);
    assert_eq!(list["enabled"], true);
    let listed = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["trace_id"] == TRACE)
        .expect("the checkout's trace in the list");
    assert_eq!(listed["name"], "POST /api/orders");
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for untraced in ["/health", "/ready", "/{*path}", "unmatched"] {
        assert!(
            !names.iter().any(|name| name.ends_with(untraced)),
            "{untraced} traced: {names:?}"
        );
    }
    // Startup's seeding is one trace each, not a trace per insert.
    assert!(
        !names.contains(&"insert"),
        "a trace per seeded product: {names:?}"
    );
    let components: BTreeSet<&str> = listed["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for component in ["orders", "catalog", "identity", "bus", "notifications"] {
        assert!(
            components.contains(component),
            "no {component} in {components:?}"
        );
    }

    // Admins only, and the id is checked.
    let (status, _) = admin_get(&base, &customer, "/api/admin/traces").await;
    assert_eq!(status, 403);
    let (status, problem) = admin_get(&base, &admin, "/api/admin/traces/NOT-HEX").await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "trace_id");
    let (status, _) = admin_get(
        &base,
        &admin,
        &format!("/api/admin/traces/{}", "0".repeat(32)),
    )
    .await;
    assert_eq!(status, 404);

    // The same trace reached the collector, from the process named `feira`.
    let exported =
        kit::testing::eventually("the trace over OTLP", Duration::from_secs(20), || async {
            let spans = otlp.trace(TRACE);
            spans
                .iter()
                .any(|s| s.name == "send email")
                .then_some(spans)
        })
        .await;
    assert!(exported.iter().all(|s| s.service == "feira"));
    let root = exported
        .iter()
        .find(|s| s.name == "POST /api/orders")
        .unwrap();
    assert_eq!(root.parent_span_id, GATEWAY_SPAN);
    let _ = std::fs::remove_dir_all(dir);
}

/// The in-memory store never holds more than `telemetry.recent_spans`.
#[tokio::test]
async fn the_kept_spans_stay_within_their_bound_under_load() {
    let dir = std::env::temp_dir().join(format!("feira-traces-{}", uuid::Uuid::now_v7()));
    let s = settings(&[
        ("FEIRA_DATA_DIR", dir.to_str().unwrap()),
        ("FEIRA_TELEMETRY__RECENT_SPANS", "100"),
    ]);
    let _telemetry = kit::telemetry::init(&s.telemetry, "feira", true);
    let base = start(Application::start(&s, Topology::Embedded).await.unwrap()).await;
    let http = reqwest::Client::new();
    for _ in 0..300 {
        let answer = http
            .get(format!("{base}/api/catalog/products?per_page=5"))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
    }
    let (email, password) = identity::DEMO_ADMIN;
    let admin = login(&base, email, password).await;
    let (status, list) = admin_get(
        &base,
        admin["access_token"].as_str().unwrap(),
        "/api/admin/traces",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(list["spans_kept"], 100, "{list}");
    let _ = std::fs::remove_dir_all(dir);
}
