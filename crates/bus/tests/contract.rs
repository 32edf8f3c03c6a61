//! The bus contract: one suite, run unchanged on the in-process bus (always)
//! and on RabbitMQ (ignored unless `make test` finds it), each RabbitMQ test in
//! its own vhost.

use bus::{ConsumerOptions, Event, EventBus, Handler};
use kit::testing::eventually;
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const PATIENCE: Duration = Duration::from_secs(20);

/// A bus for one test; a RabbitMQ one in a vhost of its own.
struct Backend {
    bus: Arc<dyn EventBus>,
    _vhost: Option<kit::testing::TestVhost>,
}

impl kit::testing::ContractBackend for Backend {}

impl Backend {
    async fn in_process() -> Self {
        Self {
            bus: Arc::new(bus::InProcessBus::default()),
            _vhost: None,
        }
    }

    async fn rabbitmq() -> Self {
        let vhost = kit::testing::TestVhost::create(&kit::testing::Backend::Rabbitmq.url());
        Self {
            bus: Arc::new(bus::RabbitBus::new(&vhost.url)),
            _vhost: Some(vhost),
        }
    }
}

kit::contract_suite! {
    threads: 2,
    backends: {
        in_process => Backend::in_process(),
        #[ignore = "needs RabbitMQ (FEIRA_TEST_AMQP_URL)"]
        rabbitmq => Backend::rabbitmq(),
    },
    call: |backend| backend.bus.clone(),
    tests: [
        every_matching_event_reaches_the_consumer_with_its_trace,
        a_failing_handler_is_retried_until_it_succeeds,
        a_poison_event_is_dead_lettered_after_n_attempts_and_replayed_once_fixed,
        each_consumer_gets_its_own_copy,
    ],
}

/// Records what it handled; fails events listed in `failing` (a count of
/// failures left, or forever with `u32::MAX`).
#[derive(Default)]
struct Recorder {
    handled: Mutex<Vec<Event>>,
    attempts: Mutex<HashMap<String, u32>>,
    failing: Mutex<HashMap<String, u32>>,
}

impl Recorder {
    fn fail(&self, id: &str, times: u32) {
        self.failing.lock().unwrap().insert(id.to_owned(), times);
    }

    fn handled_ids(&self) -> Vec<String> {
        self.handled
            .lock()
            .unwrap()
            .iter()
            .map(|e| e.id.clone())
            .collect()
    }

    fn attempts(&self, id: &str) -> u32 {
        self.attempts.lock().unwrap().get(id).copied().unwrap_or(0)
    }
}

#[async_trait::async_trait]
impl Handler for Recorder {
    async fn handle(&self, event: &Event) -> anyhow::Result<()> {
        *self
            .attempts
            .lock()
            .unwrap()
            .entry(event.id.clone())
            .or_default() += 1;
        {
            let mut failing = self.failing.lock().unwrap();
            if let Some(left) = failing.get_mut(&event.id).filter(|left| **left > 0) {
                *left = left.saturating_sub(u32::from(*left != u32::MAX));
                anyhow::bail!("the mail server said no");
            }
        }
        self.handled.lock().unwrap().push(event.clone());
        Ok(())
    }
}

fn options(name: &str) -> ConsumerOptions {
    ConsumerOptions {
        max_attempts: 3,
        retry_delays: vec![Duration::from_millis(50), Duration::from_millis(100)],
        ..ConsumerOptions::new(name, &["order.*"])
    }
}

fn event(kind: &str) -> Event {
    Event::new(kind, "/feira/test", "o-1", json!({"n": 1}))
}

async fn every_matching_event_reaches_the_consumer_with_its_trace(bus: Arc<dyn EventBus>) {
    let recorder = Arc::new(Recorder::default());
    let _sub = bus
        .consume(options("notifications"), recorder.clone())
        .await
        .unwrap();
    let traced = event("order.placed").with_traceparent(Some(
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".into(),
    ));
    let events = [traced, event("order.paid"), event("order.shipped")];
    for e in &events {
        bus.publish(e).await.unwrap();
    }
    // Not matching `order.*`: a consumer-less type may be refused by a broker
    // (nothing would receive it), but it never reaches this consumer.
    let _ = bus.publish(&event("task.created")).await;
    let want: Vec<String> = events.iter().map(|e| e.id.clone()).collect();
    eventually("the three order events", PATIENCE, || async {
        let mut got = recorder.handled_ids();
        got.sort();
        got.dedup();
        let mut sorted = want.clone();
        sorted.sort();
        (got == sorted).then_some(())
    })
    .await;
    let handled = recorder.handled.lock().unwrap().clone();
    let first = handled.iter().find(|e| e.id == events[0].id).unwrap();
    assert_eq!(
        first, &events[0],
        "the whole envelope, traceparent included"
    );
}

async fn a_failing_handler_is_retried_until_it_succeeds(bus: Arc<dyn EventBus>) {
    let recorder = Arc::new(Recorder::default());
    let _sub = bus
        .consume(options("notifications"), recorder.clone())
        .await
        .unwrap();
    let flaky = event("order.paid");
    recorder.fail(&flaky.id, 2);
    bus.publish(&flaky).await.unwrap();
    eventually("the third attempt to succeed", PATIENCE, || async {
        recorder.handled_ids().contains(&flaky.id).then_some(())
    })
    .await;
    assert_eq!(recorder.attempts(&flaky.id), 3);
    assert!(bus.dead_letters("notifications").await.unwrap().is_empty());
}

async fn a_poison_event_is_dead_lettered_after_n_attempts_and_replayed_once_fixed(
    bus: Arc<dyn EventBus>,
) {
    let recorder = Arc::new(Recorder::default());
    let _sub = bus
        .consume(options("notifications"), recorder.clone())
        .await
        .unwrap();
    let poison = event("order.paid");
    let fine = event("order.placed");
    recorder.fail(&poison.id, u32::MAX);
    bus.publish(&poison).await.unwrap();
    bus.publish(&fine).await.unwrap();
    let dead = eventually("the poison event in the dead letters", PATIENCE, || async {
        let dead = bus.dead_letters("notifications").await.unwrap();
        (!dead.is_empty()).then_some(dead)
    })
    .await;
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].event, poison);
    assert_eq!(dead[0].attempts, 3);
    assert!(
        dead[0].reason.contains("the mail server said no"),
        "{}",
        dead[0].reason
    );
    assert_eq!(
        recorder.attempts(&poison.id),
        3,
        "no attempt after the last"
    );
    assert!(
        recorder.handled_ids().contains(&fine.id),
        "others are not held up"
    );
    // Listing leaves them in place.
    assert_eq!(bus.dead_letters("notifications").await.unwrap().len(), 1);

    recorder.fail(&poison.id, 0);
    assert!(!bus.replay("notifications", "no-such-event").await.unwrap());
    assert!(bus.replay("notifications", &poison.id).await.unwrap());
    eventually("the replayed event to be handled", PATIENCE, || async {
        recorder.handled_ids().contains(&poison.id).then_some(())
    })
    .await;
    assert!(bus.dead_letters("notifications").await.unwrap().is_empty());
    assert!(
        !bus.replay("notifications", &poison.id).await.unwrap(),
        "replayed once"
    );
}

async fn each_consumer_gets_its_own_copy(bus: Arc<dyn EventBus>) {
    let first = Arc::new(Recorder::default());
    let second = Arc::new(Recorder::default());
    let _a = bus
        .consume(options("notifications"), first.clone())
        .await
        .unwrap();
    let _b = bus
        .consume(options("analytics"), second.clone())
        .await
        .unwrap();
    let e = event("order.delivered");
    bus.publish(&e).await.unwrap();
    for recorder in [&first, &second] {
        eventually("both consumers to handle it", PATIENCE, || async {
            recorder.handled_ids().contains(&e.id).then_some(())
        })
        .await;
    }
}
