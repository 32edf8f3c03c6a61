//! RabbitMQ faults: an unroutable publish, a connection cut while events flow,
//! a consumer killed mid-handling. Each test has its own vhost and reaches the
//! broker through its own TCP proxy, so cutting it disturbs no other test.

use bus::{ConsumerOptions, Event, EventBus, Handler, Publisher, RabbitBus};
use kit::testing::{TcpProxy, TestVhost, eventually};
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

const PATIENCE: Duration = Duration::from_secs(30);

/// The test's vhost and a proxy in front of the broker: (vhost, proxied URL).
async fn setup() -> (TestVhost, TcpProxy, String) {
    let server = kit::testing::Backend::Rabbitmq.url();
    let vhost = TestVhost::create(&server);
    let mut url = reqwest::Url::parse(&vhost.url).unwrap();
    let target = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5672));
    let proxy = TcpProxy::start(0, &target).await;
    url.set_port(Some(proxy.port)).unwrap();
    (vhost, proxy, url.to_string())
}

fn event(kind: &str, n: usize) -> Event {
    Event::new(kind, "/feira/test", &format!("o-{n}"), json!({"n": n}))
}

/// Counts handlings per event id; optionally blocks the first handling until
/// released.
#[derive(Default)]
struct Counter {
    seen: Mutex<HashMap<String, u32>>,
    block_first: Mutex<Option<Arc<Notify>>>,
    started: Notify,
}

#[async_trait::async_trait]
impl Handler for Counter {
    async fn handle(&self, event: &Event) -> anyhow::Result<()> {
        let gate = self.block_first.lock().unwrap().take();
        if let Some(gate) = gate {
            self.started.notify_one();
            gate.notified().await;
        }
        *self
            .seen
            .lock()
            .unwrap()
            .entry(event.id.clone())
            .or_default() += 1;
        Ok(())
    }
}

impl Counter {
    fn distinct(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

fn options() -> ConsumerOptions {
    ConsumerOptions {
        retry_delays: vec![Duration::from_millis(50)],
        ..ConsumerOptions::new("notifications", &["order.*"])
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs RabbitMQ (FEIRA_TEST_AMQP_URL)"]
async fn a_publish_no_queue_would_receive_fails_so_the_outbox_keeps_it() {
    let (vhost, _proxy, _) = setup().await;
    let bus = RabbitBus::new(&vhost.url);
    let early = event("order.placed", 1);
    let error = bus.publish(&early).await.unwrap_err();
    assert!(
        format!("{error:#}").contains("no queue is bound"),
        "{error:#}"
    );
    let counter = Arc::new(Counter::default());
    let _sub = bus.consume(options(), counter.clone()).await.unwrap();
    bus.publish(&early).await.unwrap();
    eventually("the retried publish to arrive", PATIENCE, || async {
        (counter.distinct() == 1).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs RabbitMQ (FEIRA_TEST_AMQP_URL)"]
async fn every_event_arrives_after_the_connection_is_cut_while_events_flow() {
    let (_vhost, proxy, url) = setup().await;
    let bus = Arc::new(RabbitBus::new(&url));
    let counter = Arc::new(Counter::default());
    let _sub = bus.consume(options(), counter.clone()).await.unwrap();
    let events: Vec<Event> = (0..200).map(|n| event("order.paid", n)).collect();
    for (n, e) in events.iter().enumerate() {
        if n == 100 {
            proxy.cut();
        }
        // As the outbox relay does: a failed publish is retried until confirmed.
        eventually("a confirmed publish", PATIENCE, || async {
            bus.publish(e).await.ok()
        })
        .await;
    }
    eventually("all 200 events to be handled", PATIENCE, || async {
        (counter.distinct() == events.len()).then_some(())
    })
    .await;
    // At least once: only what was in flight at the cut can come twice.
    let twice = counter
        .seen
        .lock()
        .unwrap()
        .values()
        .filter(|n| **n > 1)
        .count();
    assert!(
        twice <= usize::from(options().prefetch),
        "{twice} handled twice"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs RabbitMQ (FEIRA_TEST_AMQP_URL)"]
async fn an_event_being_handled_when_the_consumer_dies_is_redelivered() {
    let (vhost, _proxy, _) = setup().await;
    let bus = RabbitBus::new(&vhost.url);
    let dying = Arc::new(Counter::default());
    let gate = Arc::new(Notify::new());
    *dying.block_first.lock().unwrap() = Some(gate.clone());
    let subscription = bus.consume(options(), dying.clone()).await.unwrap();
    let e = event("order.placed", 1);
    bus.publish(&e).await.unwrap();
    tokio::time::timeout(PATIENCE, dying.started.notified())
        .await
        .unwrap();
    drop(subscription); // killed mid-handling, before the ack
    // The dropped task's connection is dropped with it.
    let survivor = Arc::new(Counter::default());
    let _sub = bus.consume(options(), survivor.clone()).await.unwrap();
    eventually("the event to be redelivered", PATIENCE, || async {
        (survivor.distinct() == 1).then_some(())
    })
    .await;
    assert_eq!(dying.distinct(), 0, "the killed consumer never finished it");
    assert_eq!(
        survivor.seen.lock().unwrap().get(&e.id),
        Some(&1),
        "handled once"
    );
}
