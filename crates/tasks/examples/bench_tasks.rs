//! `make bench-tasks`: one user with 100,000 tasks among 1,000 users, in the
//! embedded store (SQLite) or MongoDB; then filtered and sorted list pages and
//! insights over HTTP, with latency percentiles per query.
//!
//! ```sh
//! cargo run --release -p tasks --example bench_tasks -- --store sqlite
//! cargo run --release -p tasks --example bench_tasks -- --store mongodb --mongodb-url mongodb://127.0.0.1:27017
//! ```

use kit::Timestamp;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tasks::domain::{Priority, Status, Tag, TagId, Task, TaskId};
use tasks::store::TaskStore;

const HEAVY: &str = "heavy-user";
/// Requests per query before timing starts.
const WARM_UP: usize = 10;

/// A small deterministic generator (no need for a crate to shuffle test data).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

const WORDS: [&str; 12] = [
    "report", "invoice", "call", "review", "plan", "fix", "email", "book", "order", "clean",
    "write", "meet",
];

fn task(owner: &str, n: u64, rng: &mut Lcg, tags: &[TagId], now: Timestamp) -> Task {
    let hours = rng.next(24 * 120) as i64 - 24 * 30;
    let deadline =
        (rng.next(4) != 0).then(|| Timestamp::from(now.as_offset() + time::Duration::hours(hours)));
    let completed = rng.next(3) == 0;
    let created =
        Timestamp::from(now.as_offset() - time::Duration::minutes(rng.next(60 * 24 * 90) as i64));
    let tag_count = if tags.is_empty() { 0 } else { rng.next(4) };
    let tag_ids = (0..tag_count)
        .map(|_| tags[rng.next(tags.len() as u64) as usize].clone())
        .collect::<std::collections::BTreeSet<_>>();
    Task {
        id: TaskId::generate(),
        owner: owner.to_owned(),
        title: format!(
            "{} {} #{n}",
            WORDS[rng.next(12) as usize],
            WORDS[rng.next(12) as usize]
        ),
        description: format!(
            "Task {n}: {} the {}.",
            WORDS[rng.next(12) as usize],
            WORDS[rng.next(12) as usize]
        ),
        priority: Priority::ALL[rng.next(4) as usize],
        deadline,
        tag_ids: tag_ids.into_iter().collect(),
        status: if completed {
            Status::Completed
        } else {
            Status::Pending
        },
        completed_at: completed.then(|| {
            Timestamp::from(now.as_offset() - time::Duration::hours(rng.next(24 * 40) as i64))
        }),
        created_at: created,
        updated_at: created,
    }
}

async fn seed(store: &dyn TaskStore, heavy: u64, users: u64) -> anyhow::Result<()> {
    let now = Timestamp::now();
    let mut rng = Lcg(42);
    let mut tag_ids = Vec::new();
    for name in [
        "work", "home", "family", "money", "health", "errands", "study", "garden", "car", "travel",
    ] {
        let tag = Tag {
            id: TagId::generate(),
            owner: HEAVY.into(),
            name: name.into(),
            colour: "#6366f1".into(),
            created_at: now,
        };
        store.insert_tag(&tag).await?;
        tag_ids.push(tag.id);
    }
    let mut batch = Vec::with_capacity(5_000);
    for n in 0..heavy {
        batch.push(task(HEAVY, n, &mut rng, &tag_ids, now));
        if batch.len() == 5_000 {
            store.insert_many(&batch).await?;
            batch.clear();
        }
    }
    for user in 0..users {
        for n in 0..10 {
            batch.push(task(&format!("user-{user}"), n, &mut rng, &[], now));
        }
        if batch.len() >= 5_000 {
            store.insert_many(&batch).await?;
            batch.clear();
        }
    }
    store.insert_many(&batch).await?;
    Ok(())
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    sorted[((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut store_kind = "sqlite".to_owned();
    let mut mongodb_url = "mongodb://127.0.0.1:27017".to_owned();
    let (mut heavy, mut users, mut requests) = (100_000u64, 1_000u64, 200usize);
    // Keeps the seeded SQLite file there, to look at query plans.
    let mut keep: Option<std::path::PathBuf> = None;
    let mut concurrency = 1usize;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        match flag.as_str() {
            "--store" => store_kind = value,
            "--mongodb-url" => mongodb_url = value,
            "--tasks" => heavy = value.parse()?,
            "--users" => users = value.parse()?,
            "--requests" => requests = value.parse()?,
            "--concurrency" => concurrency = value.parse()?,
            "--keep-sqlite" => keep = Some(std::path::PathBuf::from(value)),
            other => anyhow::bail!("unknown flag {other}"),
        }
    }
    let file = kit::testing::TempSqlite::new("feira-bench-tasks");
    let db_name = format!("bench_tasks_{}", uuid::Uuid::now_v7().simple());
    let mongo = if store_kind == "mongodb" {
        Some(tasks::store::mongo::MongoTaskStore::connect(&mongodb_url, &db_name).await?)
    } else {
        None
    };
    let store: Arc<dyn TaskStore> = match &mongo {
        Some(m) => Arc::new(m.clone()),
        None => Arc::new(
            tasks::store::sql::SqlTaskStore::open_sqlite(keep.as_deref().unwrap_or(&file.path))
                .await?,
        ),
    };
    let started = Instant::now();
    seed(store.as_ref(), heavy, users).await?;
    println!(
        "{store_kind}: seeded {heavy} tasks for one user and {} for {users} others in {:.1} s",
        users * 10,
        started.elapsed().as_secs_f64()
    );

    let issuer = kit::testing::TestIssuer::new();
    let state = tasks::TasksState::new(store, Arc::new(issuer.verifier()));
    let router = kit::http::service_app(
        tasks::router(state),
        kit::health::Readiness::new(),
        kit::http::Limits::default(),
        axum::Router::new(),
    );
    let addr = kit::testing::spawn(router).await;
    let http = reqwest::Client::new();
    let heavy_token = issuer.token(HEAVY, &["customer"]);
    let light_token = issuer.token("user-500", &["customer"]);
    let heavy_insights = format!("insights ({heavy} tasks)");
    let queries = [
        (
            "pending, by deadline then priority",
            "/api/tasks?status=pending&sort=deadline,-priority",
            &heavy_token,
        ),
        (
            "high+urgent tagged work, newest",
            "/api/tasks?priority=high,urgent&tag=work&sort=-created",
            &heavy_token,
        ),
        (
            "overdue, by deadline",
            "/api/tasks?overdue=true&sort=deadline",
            &heavy_token,
        ),
        (
            "text search, by title",
            "/api/tasks?q=invoice%20review&sort=title",
            &heavy_token,
        ),
        (
            "text search, one word in 30%, newest",
            "/api/tasks?q=invoice",
            &heavy_token,
        ),
        (
            "text search, one match, newest",
            "/api/tasks?q=%2312345%20",
            &heavy_token,
        ),
        (
            "tags all of work+home, by priority",
            "/api/tasks?tag=work,home&tag_match=all&sort=-priority,deadline",
            &heavy_token,
        ),
        (
            "page 200, recently updated",
            "/api/tasks?sort=-updated&page=200",
            &heavy_token,
        ),
        (&heavy_insights, "/api/tasks/insights", &heavy_token),
        (
            "a light user's list",
            "/api/tasks?sort=deadline",
            &light_token,
        ),
        ("insights (10 tasks)", "/api/tasks/insights", &light_token),
    ];
    println!(
        "{requests} requests per query after {WARM_UP} unmeasured, {concurrency} at a time, over HTTP on loopback:"
    );
    for (name, path, token) in queries {
        let url = format!("http://{addr}{path}");
        // Warm-up: enough requests for every pooled connection to have
        // prepared this query and mapped the pages it reads.
        for _ in 0..WARM_UP {
            http.get(&url)
                .bearer_auth(token)
                .send()
                .await?
                .error_for_status()?;
        }
        let mut times = Vec::with_capacity(requests);
        for _ in 0..requests / concurrency {
            let calls = (0..concurrency).map(|_| {
                let (http, url) = (http.clone(), url.clone());
                async move {
                    let begun = Instant::now();
                    let response = http
                        .get(&url)
                        .bearer_auth(token)
                        .send()
                        .await?
                        .error_for_status()?;
                    response.bytes().await?;
                    anyhow::Ok(begun.elapsed())
                }
            });
            for time in futures::future::join_all(calls).await {
                times.push(time?);
            }
        }
        times.sort();
        println!(
            "  {name:<38} p50 {:>6.1} ms   p99 {:>6.1} ms   max {:>6.1} ms",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3,
            percentile(&times, 1.0).as_secs_f64() * 1e3
        );
    }
    if let Some(m) = mongo {
        m.drop_database().await?;
    }
    Ok(())
}
