//! One process's spans over OTLP, as a service behind the gateway makes them:
//! a request span continuing the gateway's traceparent (sampled flag unset),
//! an outgoing call through `kit::telemetry::send` that carries the trace to
//! the callee, and the spans after that call, all in one trace. One test per
//! binary: it installs the process's subscriber.
#![cfg(feature = "testing")]

use kit::testing::OtlpReceiver;
use tracing::Instrument;

const TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const GATEWAY_SPAN: &str = "00f067aa0ba902b7";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_its_outgoing_call_and_what_follows_are_one_trace() {
    let otlp = OtlpReceiver::start().await;
    let telemetry = otlp.install("orders", 1.0);
    // The callee: answers the traceparent it was sent.
    let callee = kit::testing::spawn(axum::Router::new().route(
        "/echo",
        axum::routing::get(|headers: axum::http::HeaderMap| async move {
            headers
                .get("traceparent")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        }),
    ))
    .await;

    let request = tracing::info_span!(
        "request",
        otel.name = "POST /api/orders",
        otel.kind = "server"
    );
    kit::telemetry::set_parent_from_traceparent(
        &request,
        Some(&format!("00-{TRACE}-{GATEWAY_SPAN}-00")),
    );
    let sent = async {
        let sent = async {
            let answer =
                kit::telemetry::send(reqwest::Client::new().get(format!("http://{callee}/echo")))
                    .await
                    .unwrap();
            answer.text().await.unwrap()
        }
        .instrument(tracing::info_span!("reserve"))
        .await;
        // What sqlx's query logger asks after every query: a `log` check
        // with metadata no callsite caches, here for targets the log filter
        // and the span filter refuse. It once left a stale "disabled" behind
        // (tokio-rs/tracing#2519), and the next span vanished from the export
        // and the logs.
        let _ = log::log_enabled!(target: "sqlx::query", log::Level::Info);
        let _ = log::log_enabled!(target: "lapin::channel", log::Level::Info);
        async { tokio::task::yield_now().await }
            .instrument(tracing::info_span!("payment"))
            .await;
        sent
    }
    .instrument(request)
    .await;
    assert!(sent.starts_with(&format!("00-{TRACE}-")), "{sent}");
    assert!(
        sent.ends_with("-01"),
        "the callee is told it is sampled: {sent}"
    );

    drop(telemetry);
    let spans = otlp.trace(TRACE);
    let names: Vec<&str> = spans.iter().map(|s| s.name.as_str()).collect();
    for name in ["POST /api/orders", "reserve", "GET /echo", "payment"] {
        assert!(names.contains(&name), "no {name} in {names:?}");
    }
    let client = spans.iter().find(|s| s.name == "GET /echo").unwrap();
    assert_eq!(
        &sent[36..52],
        client.span_id,
        "the callee's parent is the client span"
    );
}
