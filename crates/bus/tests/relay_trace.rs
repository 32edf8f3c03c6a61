//! The relay continues the trace of the request that wrote an outbox row,
//! from the traceparent stored in the row: a relay started after a restart,
//! with nothing in memory, publishes it as a child of that request, and the
//! consumer's span is a child of the publish. Spans go out over OTLP to a
//! test receiver, as a deployment's do; one test per binary, because it
//! installs the process's subscriber.

use bus::{ConsumerOptions, Event, EventBus, Handler, InProcessBus, relay::Relay};
use kit::testing::{OtlpReceiver, TempDir, eventually};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing::Instrument;

const TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const GATEWAY_SPAN: &str = "00f067aa0ba902b7";

#[derive(Default)]
struct Recorder(Mutex<Vec<Event>>);

#[async_trait::async_trait]
impl Handler for Recorder {
    async fn handle(&self, event: &Event) -> anyhow::Result<()> {
        self.0.lock().unwrap().push(event.clone());
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_started_after_a_restart_continues_the_stored_trace() {
    let otlp = OtlpReceiver::start().await;
    // New traces are not sampled: only the caller's decision counts.
    let telemetry = otlp.install("orders", 0.0);
    let dir = TempDir::new("feira-relay-trace");
    // The outbox table as a service's migrations create it.
    let migrations = sqlx::migrate::Migrator::new(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../identity/migrations/sqlite"
    )))
    .await
    .unwrap();
    let pool = kit::sql::open_sqlite(&dir.path.join("outbox.db"), &migrations, "test")
        .await
        .unwrap();

    // The request: a server span continuing the gateway's sampled traceparent
    // writes the event in the outbox, and no relay runs before the "restart".
    let request = tracing::info_span!(
        "request",
        otel.name = "POST /api/orders",
        otel.kind = "server"
    );
    kit::telemetry::set_parent_from_traceparent(
        &request,
        Some(&format!("00-{TRACE}-{GATEWAY_SPAN}-01")),
    );
    let event = async {
        let event = Event::new("order.paid", "/feira/orders", "o-1", serde_json::json!({}));
        let mut conn = pool.acquire().await.unwrap();
        bus::outbox::insert(&mut conn, &event).await.unwrap();
        event
    }
    .instrument(request)
    .await;
    assert!(event.traceparent.as_deref().unwrap().contains(TRACE));

    // A fresh relay and consumer over the same database.
    let bus = Arc::new(InProcessBus::default());
    let recorder = Arc::new(Recorder::default());
    let _subscription = bus
        .consume(
            ConsumerOptions::new("notifications", &["order.*"]),
            recorder.clone(),
        )
        .await
        .unwrap();
    let relay = Relay::new(
        Arc::new(bus::outbox::SqlOutbox::new(pool)),
        bus.clone(),
        Duration::from_secs(60),
    );
    assert_eq!(relay.run_once().await.unwrap(), 1);
    eventually(
        "the consumer handled it",
        Duration::from_secs(10),
        || async { (!recorder.0.lock().unwrap().is_empty()).then_some(()) },
    )
    .await;

    // Flushes the spans to the receiver.
    drop(telemetry);
    let spans = otlp.trace(TRACE);
    let find = |name: &str| {
        spans
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no {name} span in {spans:#?}"))
            .clone()
    };
    let request = find("POST /api/orders");
    let write = find("outbox write");
    let publish = find("publish order.paid");
    let consume = find("consume order.paid");
    assert_eq!(request.parent_span_id, GATEWAY_SPAN);
    assert_eq!(write.parent_span_id, request.span_id);
    assert_eq!(
        publish.parent_span_id, request.span_id,
        "the publish continues the request that wrote the row"
    );
    assert_eq!(consume.parent_span_id, publish.span_id);
    assert_eq!(consume.service, "orders");
}
