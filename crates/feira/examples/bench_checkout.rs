//! Load generator for `make bench-checkout`: signed-in virtual users each loop
//! "add to cart, then check out" against a running Feira, and the run prints
//! checkouts per second and checkout latency percentiles.
//!
//! Setup (not timed): the demo admin creates one product with ample stock, and
//! each virtual user registers, is marked verified by the admin (checkout
//! needs a confirmed email) and logs in once.
//!
//! ```sh
//! cargo run --release -p feira --example bench_checkout -- \
//!     --base http://127.0.0.1:18092 --users 32 --seconds 10
//! ```
//! `--identity`, `--catalog` and `--orders` point at separate services
//! (distributed mode); each defaults to `--base`.

use serde_json::{Value, json};
use std::time::{Duration, Instant};

struct Args {
    identity: String,
    catalog: String,
    orders: String,
    users: usize,
    seconds: u64,
}

fn args() -> Args {
    let mut base = "http://127.0.0.1:8080".to_owned();
    let (mut identity, mut catalog, mut orders) = (None, None, None);
    let (mut users, mut seconds) = (32, 10);
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--base" => base = value,
            "--identity" => identity = Some(value),
            "--catalog" => catalog = Some(value),
            "--orders" => orders = Some(value),
            "--users" => users = value.parse().expect("--users takes a number"),
            "--seconds" => seconds = value.parse().expect("--seconds takes a number"),
            other => panic!("unknown flag {other}"),
        }
    }
    Args {
        identity: identity.unwrap_or_else(|| base.clone()),
        catalog: catalog.unwrap_or_else(|| base.clone()),
        orders: orders.unwrap_or(base),
        users,
        seconds,
    }
}

async fn post(
    client: &reqwest::Client,
    url: String,
    token: Option<&str>,
    body: Value,
) -> (u16, Value) {
    let mut request = client.post(url).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn login(client: &reqwest::Client, identity: &str, email: &str, password: &str) -> String {
    let (status, body) = post(
        client,
        format!("{identity}/api/identity/login"),
        None,
        json!({"email": email, "password": password}),
    )
    .await;
    assert_eq!(status, 200, "login as {email}: {body}");
    body["access_token"]
        .as_str()
        .expect("an access token")
        .to_owned()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() {
    let args = args();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.users)
        .build()
        .expect("an HTTP client");

    let admin = login(
        &client,
        &args.identity,
        "admin@example.com",
        "demo-admin-password",
    )
    .await;
    let run = uuid::Uuid::now_v7().simple().to_string();
    let sku = format!("BENCH-{}", &run[run.len() - 12..]);
    // A product needs an existing category: the demo catalog's first.
    let categories: Value = client
        .get(format!("{}/api/catalog/categories", args.catalog))
        .send()
        .await
        .expect("the server answers")
        .json()
        .await
        .expect("the categories");
    let category = categories[0]["slug"]
        .as_str()
        .expect("a category")
        .to_owned();
    let (status, product) = post(
        &client,
        format!("{}/api/catalog/products", args.catalog),
        Some(&admin),
        json!({"sku": sku, "name": format!("Bench item {sku}"), "category": category,
               "price": {"amount": 1999, "currency": "EUR"}, "stock": 1_000_000_000}),
    )
    .await;
    assert_eq!(status, 201, "create the bench product: {product}");
    let product = product["id"].as_str().expect("a product id").to_owned();

    let mut tokens = Vec::with_capacity(args.users);
    for i in 0..args.users {
        let email = format!("bench-{i}-{}@example.com", &run[run.len() - 12..]);
        let password = "bench passphrase, long enough";
        let (status, body) = post(
            &client,
            format!("{}/api/identity/register", args.identity),
            None,
            json!({"email": email, "password": password, "name": format!("Bench {i}")}),
        )
        .await;
        assert_eq!(status, 202, "register {email}: {body}");
        let unverified = login(&client, &args.identity, &email, password).await;
        let me: Value = client
            .get(format!("{}/api/identity/me", args.identity))
            .bearer_auth(&unverified)
            .send()
            .await
            .expect("the server answers")
            .json()
            .await
            .expect("a profile");
        let id = me["id"].as_str().expect("an account id");
        let (status, body) = post(
            &client,
            format!(
                "{}/api/identity/admin/users/{id}/verify-email",
                args.identity
            ),
            Some(&admin),
            json!({}),
        )
        .await;
        assert_eq!(status, 200, "verify {email}: {body}");
        // A new token: the first one was issued before the address counted.
        tokens.push(login(&client, &args.identity, &email, password).await);
    }
    println!(
        "{} virtual users, {} s, each looping: add to cart, check out (success card)",
        args.users, args.seconds
    );

    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let workers: Vec<_> = tokens.into_iter().map(|token| {
        let client = client.clone();
        let (orders, product) = (args.orders.clone(), product.clone());
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0u64;
            let mut first_failure = None;
            while Instant::now() < deadline {
                let item = json!({"product_id": product, "quantity": 1});
                let (status, body) = post(&client, format!("{orders}/api/orders/cart/items"), Some(&token), item).await;
                if status != 200 {
                    failures += 1;
                    first_failure.get_or_insert(format!("add to cart: {status} {body}"));
                    continue;
                }
                let body = json!({
                    "shipping_address": {"recipient": "Bench", "line1": "Rua 1", "city": "Lisboa",
                                         "postal_code": "1100-048", "country": "PT"},
                    "payment": {"card_number": "4242424242424242"},
                });
                let sent = Instant::now();
                let response = client
                    .post(format!("{orders}/api/orders"))
                    .bearer_auth(&token)
                    .header("Idempotency-Key", uuid::Uuid::now_v7().to_string())
                    .json(&body)
                    .send()
                    .await
                    .expect("the server answers");
                let status = response.status().as_u16();
                let answer = response.bytes().await.unwrap_or_default();
                if status == 201 {
                    latencies.push(sent.elapsed());
                } else {
                    failures += 1;
                    first_failure.get_or_insert_with(|| {
                        format!("checkout: {status} {}", String::from_utf8_lossy(&answer))
                    });
                }
            }
            (latencies, failures, first_failure)
        })
    }).collect();
    let mut latencies = Vec::new();
    let mut failures = 0;
    let mut first_failure = None;
    for worker in workers {
        let (l, f, first) = worker.await.expect("a virtual user finished");
        latencies.extend(l);
        failures += f;
        first_failure = first_failure.or(first);
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    println!(
        "checkouts: {} paid, {} failed, {:.1} checkouts/s   p50 {:.1} ms   p99 {:.1} ms   max {:.1} ms",
        latencies.len(),
        failures,
        latencies.len() as f64 / elapsed,
        percentile(&latencies, 50.0).as_secs_f64() * 1000.0,
        percentile(&latencies, 99.0).as_secs_f64() * 1000.0,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
    );
    if let Some(failure) = first_failure {
        println!("first failure: {failure}");
    }
    if latencies.is_empty() {
        eprintln!("no checkout succeeded");
        std::process::exit(1);
    }
}
