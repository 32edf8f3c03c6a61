//! Load test for `make bench-notify`: publishes order confirmation events
//! (`order.paid`, the event that sends the order email) through RabbitMQ to a
//! running notifications service in this process, and measures each event's
//! time from publish to "email accepted" at a local SMTP sink.
//!
//! Needs RabbitMQ on this machine (a fresh vhost is made with `rabbitmqctl`)
//! and, with `--store postgres`, PostgreSQL.
//!
//! ```sh
//! cargo run --release -p notifications --example bench_notify -- --events 10000
//! ```

use bus::{ConsumerOptions, Event, EventBus, Publisher, RabbitBus};
use kit::testing::{SmtpSink, TempSqlite, TestDatabase, TestVhost};
use notifications::settings::{
    NotificationsSettings, PostgresSettings, SmsSettings, SmtpSecurity, SmtpSettings, SqlStoreKind,
};
use notifications::store::NotificationStore;
use notifications::store::sql::SqlNotificationStore;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn arg(name: &str, default: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_owned())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let events: usize = arg("--events", "10000").parse()?;
    // Offered load in events/s across all publishers; 0 publishes as fast as
    // confirms allow (then latency measures the backlog, not the pipeline).
    let rate: f64 = arg("--rate", "1000").parse()?;
    let amqp = arg("--amqp", "amqp://guest:guest@127.0.0.1:5672/%2f");
    let store_kind = arg("--store", "sqlite");
    let pg = arg("--postgres", "postgres://postgres@127.0.0.1:5432/postgres");

    let vhost = TestVhost::create(&amqp);
    let smtp = SmtpSink::start().await;
    let file = TempSqlite::new("feira-bench-notify");
    let _database;
    let store: Arc<dyn NotificationStore> = if store_kind == "postgres" {
        let database = TestDatabase::create(&pg).await;
        let store = SqlNotificationStore::connect_postgres(&database.url, 10).await?;
        _database = Some(database);
        Arc::new(store)
    } else {
        _database = None;
        Arc::new(SqlNotificationStore::open_sqlite(&file.path).await?)
    };
    let settings = NotificationsSettings {
        store: SqlStoreKind::Sqlite,
        postgres: PostgresSettings {
            url: String::new().into(),
            max_connections: 1,
        },
        web_url: "http://localhost:8080".into(),
        smtp: SmtpSettings {
            host: "127.0.0.1".into(),
            port: smtp.port,
            security: SmtpSecurity::None,
            username: String::new(),
            password: String::new().into(),
            from: "Feira <shop@example.com>".into(),
            timeout_secs: 10,
        },
        sms: SmsSettings {
            base_url: String::new(),
            account_sid: String::new(),
            auth_token: String::new().into(),
            from: String::new(),
            timeout_secs: 10,
        },
        max_attempts: 6,
        backoff_ms: 500,
        poll_ms: 200,
        max_streams_per_user: 5,
        stream_heartbeat_ms: 15_000,
    };
    let verifier = Arc::new(kit::testing::TestIssuer::new().verifier());
    let (state, _workers) = notifications::build(store, &settings, std::env::temp_dir(), verifier)?;
    let bus = Arc::new(RabbitBus::new(&vhost.url));
    let _subscription = bus
        .consume(
            ConsumerOptions::new(notifications::CONSUMER, &notifications::PATTERNS),
            state.service.clone(),
        )
        .await?;

    let template: Event = {
        let doc = include_str!("../../../docs/events.md");
        let section = doc
            .split("\n### order.paid\n")
            .nth(1)
            .expect("order.paid is documented");
        let json = section
            .split("```json\n")
            .nth(1)
            .and_then(|s| s.split("\n```").next())
            .expect("an example");
        serde_json::from_str(json)?
    };
    println!(
        "{events} order.paid events through RabbitMQ (store: {store_kind}), email to a local SMTP sink, {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    // Publishers as the outbox relays of a few order processes would run them.
    let publishers = 4;
    let mut sent_at: HashMap<String, Instant> = HashMap::with_capacity(events);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for p in 0..publishers {
        let bus = bus.clone();
        let template = template.clone();
        tasks.push(tokio::spawn(async move {
            let publisher = RabbitBus::new(&bus_url(&bus));
            let mut stamps = Vec::new();
            let mut tick = (rate > 0.0)
                .then(|| tokio::time::interval(Duration::from_secs_f64(publishers as f64 / rate)));
            for _ in (p..events).step_by(publishers) {
                if let Some(tick) = tick.as_mut() {
                    tick.tick().await;
                }
                let mut event = template.clone();
                event.id = uuid::Uuid::now_v7().to_string();
                let at = Instant::now();
                publisher
                    .publish(&event)
                    .await
                    .expect("a confirmed publish");
                stamps.push((event.id, at));
            }
            stamps
        }));
    }
    for task in tasks {
        sent_at.extend(task.await?);
    }
    let published = started.elapsed();
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut tick = tokio::time::interval(Duration::from_millis(50));
    while smtp.received().len() < events && Instant::now() < deadline {
        tick.tick().await;
    }
    let received = smtp.received();
    let mut latencies = Vec::with_capacity(received.len());
    let mut last = started;
    for (at, message) in &received {
        let id = message
            .lines()
            .find_map(|l| l.strip_prefix("Message-ID: <"))
            .and_then(|v| v.split(".email@").next())
            .unwrap_or_default();
        if let Some(sent) = sent_at.get(id) {
            latencies.push(at.duration_since(*sent));
            last = last.max(*at);
        }
    }
    latencies.sort();
    let total = last.duration_since(started).as_secs_f64();
    println!(
        "published {events} in {:.2} s ({:.0} events/s, confirmed)",
        published.as_secs_f64(),
        events as f64 / published.as_secs_f64()
    );
    println!(
        "emails accepted: {} of {events} in {total:.2} s: {:.0} events/s end to end   p50 {:.0} ms   p99 {:.0} ms   max {:.0} ms",
        latencies.len(),
        latencies.len() as f64 / total,
        percentile(&latencies, 50.0).as_secs_f64() * 1000.0,
        percentile(&latencies, 99.0).as_secs_f64() * 1000.0,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
    );
    Ok(())
}

fn bus_url(bus: &RabbitBus) -> String {
    bus.url().to_owned()
}
