//! The binary's modes, started the way `feira up` and `feira serve` start them.

use feira::app::Application;
use feira::settings::{DEFAULTS, Settings};
use serde_json::Value;

fn settings(extra: &[(&str, &str)]) -> Settings {
    let mut vars = vec![
        ("FEIRA_CONFIG_DIR".to_owned(), "/nonexistent".to_owned()),
        ("FEIRA_HTTP__PORT".to_owned(), "0".to_owned()),
    ];
    vars.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    kit::settings::load_from(DEFAULTS, vars).unwrap()
}

async fn start(app: Application) -> String {
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    base
}

async fn total(base: &str) -> u64 {
    get_json(format!("{base}/api/catalog/products")).await["total"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn embedded_mode_seeds_the_demo_catalog_once_and_serves_the_landing_page() {
    let dir = std::env::temp_dir().join(format!("feira-up-{}", uuid::Uuid::now_v7()));
    let s = settings(&[("FEIRA_DATA_DIR", dir.to_str().unwrap())]);

    let first = start(Application::embedded(&s).await.unwrap()).await;
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

    let second = start(Application::embedded(&s).await.unwrap()).await;
    assert_eq!(total(&second).await, 70, "a second start adds nothing");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn serve_catalog_runs_on_mongodb() {
    let Some(url) = kit::testing::backend_url("FEIRA_TEST_MONGODB_URL") else {
        return;
    };
    let db = format!("serve_{}", uuid::Uuid::now_v7().simple());
    let s = settings(&[
        ("FEIRA_CATALOG__MONGODB__URL", url.as_str()),
        ("FEIRA_CATALOG__MONGODB__DATABASE", db.as_str()),
    ]);
    let products = feira::app::catalog_store(&s).await.unwrap();
    assert_eq!(catalog::seed(products.as_ref()).await.unwrap(), 70);
    let base = start(Application::catalog(&s).await.unwrap()).await;
    assert_eq!(total(&base).await, 70);
    let ready: Value = reqwest::get(format!("{base}/ready"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["status"], "ready");
    let openapi: Value = reqwest::get(format!("{base}/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(openapi["paths"]["/internal/reservations"].is_object());
}

#[test]
fn help_describes_every_command() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_feira"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for command in ["up", "serve", "migrate", "seed", "admin", "keys", "site"] {
        assert!(help.contains(command), "{help}");
    }
}

#[test]
fn a_bad_setting_stops_start_up_naming_the_key() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_feira"))
        .args(["seed"])
        .env("FEIRA_HTTP__PORT", "not-a-port")
        .env("FEIRA_CONFIG_DIR", "/nonexistent")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("http.port"), "{stderr}");
}

#[tokio::test]
async fn feira_up_stops_cleanly_on_sigterm() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = std::env::temp_dir().join(format!("feira-sigterm-{}", uuid::Uuid::now_v7()));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_feira"))
        .args([
            "up",
            "--port",
            &port.to_string(),
            "--data-dir",
            dir.to_str().unwrap(),
        ])
        .env("FEIRA_CONFIG_DIR", "/nonexistent")
        .env("FEIRA_TELEMETRY__FILTER", "warn")
        .spawn()
        .unwrap();
    let health = format!("http://127.0.0.1:{port}/health");
    let mut poll = tokio::time::interval(std::time::Duration::from_millis(50));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        if reqwest::get(&health).await.is_ok_and(|r| r.status() == 200) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "feira up did not answer /health"
        );
        poll.tick().await;
    }
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "feira up ignored SIGTERM"
        );
        poll.tick().await;
    };
    assert!(status.success(), "exit status {status}");
    let _ = std::fs::remove_dir_all(dir);
}

async fn login(base: &str, email: &str, password: &str) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{base}/api/identity/login"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "login as {email}");
    response.json().await.unwrap()
}

async fn create_product(base: &str, token: Option<&str>, sku: &str) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(format!("{base}/api/catalog/products"))
        .json(&serde_json::json!({
            "sku": sku, "name": format!("Product {sku}"), "category": "misc",
            "price": {"amount": 1999, "currency": "EUR"}, "stock": 5,
        }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn embedded_admin_logs_in_through_the_api_and_creates_a_product() {
    let dir = std::env::temp_dir().join(format!("feira-e2e-{}", uuid::Uuid::now_v7()));
    let s = settings(&[("FEIRA_DATA_DIR", dir.to_str().unwrap())]);
    let base = start(Application::embedded(&s).await.unwrap()).await;

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

/// Distributed mode: identity on PostgreSQL with its keys in a folder; the
/// catalog, in its own server, verifies identity's tokens through the JWKS URL,
/// and keeps accepting them across a key rotation.
#[tokio::test]
async fn serve_identity_issues_tokens_the_catalog_verifies_across_a_key_rotation() {
    let Some(server) = kit::testing::backend_url("FEIRA_TEST_POSTGRES_URL") else {
        return;
    };
    let database = kit::testing::TestDatabase::create(&server).await;
    let dir = std::env::temp_dir().join(format!("feira-serve-id-{}", uuid::Uuid::now_v7()));
    let keys = dir.join("keys");
    identity::domain::keys::rotate(&keys).unwrap();
    let identity_settings = settings(&[
        ("FEIRA_DATA_DIR", dir.to_str().unwrap()),
        ("FEIRA_IDENTITY__POSTGRES__URL", database.url.as_str()),
        ("FEIRA_IDENTITY__KEYS__DIR", keys.to_str().unwrap()),
        ("FEIRA_IDENTITY__KEYS__GENERATE", "false"),
        ("FEIRA_IDENTITY__KEYS__RELOAD_SECS", "1"),
        ("FEIRA_IDENTITY__KEYS__ACTIVATION_SECS", "2"),
        ("FEIRA_IDENTITY__RATE_LIMITS__PER_EMAIL__REQUESTS", "1000"),
        ("FEIRA_IDENTITY__RATE_LIMITS__PER_IP__REQUESTS", "1000"),
    ]);
    let users = feira::app::identity_store(&identity_settings)
        .await
        .unwrap();
    let accounts = feira::app::local_accounts(&identity_settings, users)
        .await
        .unwrap();
    accounts
        .ensure_user(
            "boss@example.com",
            "Boss",
            secrecy::SecretString::from("a sturdy admin passphrase"),
            true,
        )
        .await
        .unwrap();
    let identity_base = start(Application::identity(&identity_settings).await.unwrap()).await;

    let catalog_settings = settings(&[
        ("FEIRA_DATA_DIR", dir.to_str().unwrap()),
        ("FEIRA_CATALOG__STORE", "sqlite"),
        (
            "FEIRA_AUTH__JWKS_URL",
            &format!("{identity_base}/.well-known/jwks.json"),
        ),
        ("FEIRA_AUTH__JWKS_MIN_REFETCH_SECS", "1"),
    ]);
    let catalog_base = start(Application::catalog(&catalog_settings).await.unwrap()).await;

    let before = login(
        &identity_base,
        "boss@example.com",
        "a sturdy admin passphrase",
    )
    .await;
    let old_token = before["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        create_product(&catalog_base, Some(&old_token), "D-1")
            .await
            .status(),
        201
    );

    let new_kid = identity::domain::keys::rotate(&keys).unwrap();
    let jwks_url = format!("{identity_base}/.well-known/jwks.json");
    let mut poll = tokio::time::interval(std::time::Duration::from_millis(100));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let jwks: Value = reqwest::get(&jwks_url).await.unwrap().json().await.unwrap();
        if jwks["keys"][0]["kid"] == new_kid.as_str() {
            assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the new key was never published"
        );
        poll.tick().await;
    }
    // Published first, signing once active (2 s here).
    let new_token = loop {
        let pair = login(
            &identity_base,
            "boss@example.com",
            "a sturdy admin passphrase",
        )
        .await;
        let token = pair["access_token"].as_str().unwrap().to_owned();
        let header = jsonwebtoken::decode_header(&token).unwrap();
        if header.kid.as_deref() == Some(new_kid.as_str()) {
            break token;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the new key never signed"
        );
        poll.tick().await;
    };
    let new_token = new_token.as_str();
    assert_eq!(
        create_product(&catalog_base, Some(new_token), "D-2")
            .await
            .status(),
        201
    );
    assert_eq!(
        create_product(&catalog_base, Some(&old_token), "D-3")
            .await
            .status(),
        201
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn admin_create_and_keys_rotate_work_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("feira-cli-{}", uuid::Uuid::now_v7()));
    let run = |args: &[&str], password: Option<&str>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_feira"));
        command
            .args(args)
            .args(["--data-dir", dir.to_str().unwrap()])
            .env("FEIRA_CONFIG_DIR", "/nonexistent")
            .env("FEIRA_TELEMETRY__FILTER", "warn")
            .env_remove("FEIRA_ADMIN_PASSWORD");
        if let Some(p) = password {
            command.env("FEIRA_ADMIN_PASSWORD", p);
        }
        command.output().unwrap()
    };
    let missing = run(&["admin", "create", "--email", "ops@example.com"], None);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("FEIRA_ADMIN_PASSWORD"));
    let weak = run(
        &["admin", "create", "--email", "ops@example.com"],
        Some("password123"),
    );
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password"));
    let ok = run(
        &["admin", "create", "--email", "ops@example.com"],
        Some("ops team passphrase"),
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("created: ops@example.com"));
    let rotated = run(&["keys", "rotate"], None);
    assert!(
        rotated.status.success(),
        "{}",
        String::from_utf8_lossy(&rotated.stderr)
    );
    let pems = std::fs::read_dir(dir.join("keys")).unwrap().count();
    assert_eq!(
        pems, 2,
        "the first key from admin create, and the rotated one"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// An authenticated JSON request; returns the status and the body.
async fn call(
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .request(method, url)
        .bearer_auth(token)
        .header("Idempotency-Key", uuid::Uuid::now_v7().to_string());
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn checkout_body() -> Value {
    serde_json::json!({
        "shipping_address": {"recipient": "Demo Customer", "line1": "Rua Augusta 1",
            "city": "Lisboa", "postal_code": "1100-048", "country": "PT"},
        "payment": {"card_number": "4242 4242 4242 4242"},
    })
}

async fn get_json(url: String) -> Value {
    reqwest::get(url).await.unwrap().json().await.unwrap()
}

async fn stock(base: &str, product: &str) -> i64 {
    let p = get_json(format!("{base}/api/catalog/products/{product}")).await;
    p["stock"].as_i64().unwrap()
}

/// The first product the catalog lists.
async fn first_product(base: &str) -> Value {
    get_json(format!("{base}/api/catalog/products?per_page=1")).await["items"][0].clone()
}

/// Puts `quantity` of `product` in the cart and checks out with the success card.
async fn buy(orders: &str, token: &str, product: &str, quantity: i64) -> (u16, Value) {
    use reqwest::Method;
    let item = serde_json::json!({"product_id": product, "quantity": quantity});
    let (status, cart) = call(
        Method::POST,
        format!("{orders}/api/orders/cart/items"),
        token,
        Some(item),
    )
    .await;
    assert_eq!(status, 200, "{cart}");
    call(
        Method::POST,
        format!("{orders}/api/orders"),
        token,
        Some(checkout_body()),
    )
    .await
}

/// The README's story in embedded mode: log in, fill a cart, pay, see the stock
/// drop, cancel, see the refund and the stock back, and every event sent.
#[tokio::test]
async fn embedded_mode_runs_the_whole_order_story() {
    use reqwest::Method;
    let dir = std::env::temp_dir().join(format!("feira-e2e-orders-{}", uuid::Uuid::now_v7()));
    let s = settings(&[("FEIRA_DATA_DIR", dir.to_str().unwrap())]);
    let app = Application::embedded(&s).await.unwrap();
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

/// Distributed mode: orders on PostgreSQL talks to the catalog and identity over
/// HTTP and publishes to RabbitMQ, where notifications (PostgreSQL) picks the
/// order up and sends one email over SMTP and one in-app notification. With
/// the catalog unreachable, checkout is a clean 503 and writes nothing.
#[tokio::test]
async fn distributed_checkout_over_http_and_rabbitmq_sends_the_order_email() {
    use reqwest::Method;
    let Some(server) = kit::testing::backend_url("FEIRA_TEST_POSTGRES_URL") else {
        return;
    };
    let Some(amqp) = kit::testing::backend_url("FEIRA_TEST_AMQP_URL") else {
        return;
    };
    let vhost = kit::testing::TestVhost::create(&amqp);
    let smtp = kit::testing::SmtpSink::start().await;
    let identity_db = kit::testing::TestDatabase::create(&server).await;
    let orders_db = kit::testing::TestDatabase::create(&server).await;
    let notifications_db = kit::testing::TestDatabase::create(&server).await;
    let dir = std::env::temp_dir().join(format!("feira-serve-orders-{}", uuid::Uuid::now_v7()));
    let keys = dir.join("keys");
    identity::domain::keys::rotate(&keys).unwrap();
    let data_dir = dir.to_str().unwrap();
    let identity_base = start(
        Application::identity(&settings(&[
            ("FEIRA_DATA_DIR", data_dir),
            ("FEIRA_IDENTITY__POSTGRES__URL", identity_db.url.as_str()),
            ("FEIRA_IDENTITY__KEYS__DIR", keys.to_str().unwrap()),
        ]))
        .await
        .unwrap(),
    )
    .await;
    let jwks = format!("{identity_base}/.well-known/jwks.json");
    let catalog_settings = settings(&[
        ("FEIRA_DATA_DIR", data_dir),
        ("FEIRA_CATALOG__STORE", "sqlite"),
        ("FEIRA_AUTH__JWKS_URL", jwks.as_str()),
    ]);
    let products = feira::app::catalog_store(&catalog_settings).await.unwrap();
    catalog::seed(products.as_ref()).await.unwrap();
    let catalog_base = start(Application::catalog(&catalog_settings).await.unwrap()).await;
    let smtp_port = smtp.port.to_string();
    let notifications_base = start(
        Application::notifications(&settings(&[
            ("FEIRA_DATA_DIR", data_dir),
            ("FEIRA_BUS__AMQP_URL", vhost.url.as_str()),
            (
                "FEIRA_NOTIFICATIONS__POSTGRES__URL",
                notifications_db.url.as_str(),
            ),
            ("FEIRA_NOTIFICATIONS__SMTP__HOST", "127.0.0.1"),
            ("FEIRA_NOTIFICATIONS__SMTP__PORT", smtp_port.as_str()),
            ("FEIRA_NOTIFICATIONS__SMTP__SECURITY", "none"),
            ("FEIRA_AUTH__JWKS_URL", jwks.as_str()),
        ]))
        .await
        .unwrap(),
    )
    .await;
    let orders_settings = |catalog: &str| {
        settings(&[
            ("FEIRA_ORDERS__POSTGRES__URL", orders_db.url.as_str()),
            ("FEIRA_ORDERS__CATALOG_URL", catalog),
            ("FEIRA_ORDERS__IDENTITY_URL", identity_base.as_str()),
            ("FEIRA_BUS__AMQP_URL", vhost.url.as_str()),
            ("FEIRA_AUTH__JWKS_URL", jwks.as_str()),
        ])
    };
    let orders_base = start(
        Application::orders(&orders_settings(&catalog_base))
            .await
            .unwrap(),
    )
    .await;

    let client = reqwest::Client::new();
    let register = serde_json::json!({"email": "ana@example.com", "password": "a perfectly fine passphrase", "name": "Ana"});
    let registered = client
        .post(format!("{identity_base}/api/identity/register"))
        .json(&register)
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), 201);
    let tokens = login(
        &identity_base,
        "ana@example.com",
        "a perfectly fine passphrase",
    )
    .await;
    let token = tokens["access_token"].as_str().unwrap();
    let listed = first_product(&catalog_base).await;
    let product = listed["id"].as_str().unwrap().to_owned();
    let before = stock(&catalog_base, &product).await;

    let (status, order) = buy(&orders_base, token, &product, 3).await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["status"], "paid");
    assert_eq!(order["items"][0]["unit_price"], listed["price"]["amount"]);
    assert_eq!(
        order["contact"]["name"], "Ana",
        "contact snapshot from identity's /me"
    );
    assert_eq!(stock(&catalog_base, &product).await, before - 3);

    // order.placed and order.paid went through RabbitMQ; the paid one is the
    // confirmation: one email at the SMTP server, one in-app notification.
    let inbox_url = format!("{notifications_base}/api/notifications/me");
    let inbox = kit::testing::eventually(
        "the in-app notification",
        std::time::Duration::from_secs(20),
        || async {
            let (_, inbox) = call(Method::GET, inbox_url.clone(), token, None).await;
            (inbox["total"] == 1).then_some(inbox)
        },
    )
    .await;
    assert_eq!(inbox["items"][0]["title"], "Your order is confirmed");
    kit::testing::eventually(
        "the order email",
        std::time::Duration::from_secs(20),
        || async { (smtp.messages().len() == 1).then_some(()) },
    )
    .await;
    let email = &smtp.messages()[0];
    assert!(email.contains(order["number"].as_str().unwrap()), "{email}");
    assert!(email.contains("To: Ana <ana@example.com>"), "{email}");

    // The same orders database behind an orders process whose catalog is down.
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let cut_off = start(Application::orders(&orders_settings(&dead)).await.unwrap()).await;
    let item = serde_json::json!({"product_id": product, "quantity": 1});
    let (status, problem) = call(
        Method::POST,
        format!("{cut_off}/api/orders/cart/items"),
        token,
        Some(item),
    )
    .await;
    assert_eq!(status, 503, "{problem}");
    assert!(
        problem["detail"].as_str().unwrap().contains("catalog"),
        "{problem}"
    );
    let (status, mine) = call(Method::GET, format!("{cut_off}/api/orders"), token, None).await;
    assert_eq!(
        (status, mine["total"].as_u64()),
        (200, Some(1)),
        "nothing half-written"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// Start-up order does not matter: notifications starts while RabbitMQ is
/// unreachable, says so on /ready, and consumes once the broker answers.
#[tokio::test]
async fn serve_notifications_waits_for_the_broker_and_reports_it_on_ready() {
    use bus::Publisher;
    let Some(server) = kit::testing::backend_url("FEIRA_TEST_POSTGRES_URL") else {
        return;
    };
    let Some(amqp) = kit::testing::backend_url("FEIRA_TEST_AMQP_URL") else {
        return;
    };
    let vhost = kit::testing::TestVhost::create(&amqp);
    let database = kit::testing::TestDatabase::create(&server).await;
    let dir = std::env::temp_dir().join(format!("feira-serve-notices-{}", uuid::Uuid::now_v7()));
    let port = kit::testing::closed_port();
    let mut proxied = reqwest::Url::parse(&vhost.url).unwrap();
    let broker = format!(
        "{}:{}",
        proxied.host_str().unwrap(),
        proxied.port().unwrap_or(5672)
    );
    proxied.set_port(Some(port)).unwrap();
    let issuer = kit::testing::TestIssuer::new();
    let (jwks, _) = issuer.serve_jwks().await;
    let base = start(
        Application::notifications(&settings(&[
            ("FEIRA_DATA_DIR", dir.to_str().unwrap()),
            ("FEIRA_BUS__AMQP_URL", proxied.as_str()),
            ("FEIRA_NOTIFICATIONS__POSTGRES__URL", database.url.as_str()),
            ("FEIRA_AUTH__JWKS_URL", jwks.as_str()),
            ("FEIRA_AUTH__ISSUER", issuer.issuer()),
            ("FEIRA_AUTH__AUDIENCE", issuer.audience()),
        ]))
        .await
        .expect("starts without the broker"),
    )
    .await;
    let ready = reqwest::get(format!("{base}/ready")).await.unwrap();
    assert_eq!(ready.status(), 503);
    let report: Value = ready.json().await.unwrap();
    let broker_check = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "rabbitmq")
        .unwrap()
        .clone();
    assert_eq!(broker_check["ok"], false, "{report}");

    let _proxy = kit::testing::TcpProxy::start(port, &broker).await;
    kit::testing::eventually(
        "/ready once the broker answers",
        std::time::Duration::from_secs(20),
        || async {
            (reqwest::get(format!("{base}/ready"))
                .await
                .unwrap()
                .status()
                == 200)
                .then_some(())
        },
    )
    .await;
    let mut event: bus::Event = serde_json::from_str(
        include_str!("../../../docs/events.md")
            .split("\n### order.paid\n")
            .nth(1)
            .and_then(|s| s.split("```json\n").nth(1))
            .and_then(|s| s.split("\n```").next())
            .unwrap(),
    )
    .unwrap();
    event.data["customer_id"] = Value::from("u-42");
    let publisher = bus::RabbitBus::new(&vhost.url);
    let token = issuer.token("u-42", &["customer"]);
    kit::testing::eventually(
        "the event to reach the inbox",
        std::time::Duration::from_secs(20),
        || async {
            // Until the consumer's queue is declared a publish is refused, as the
            // outbox relay would see it; it retries the same way.
            let _ = publisher.publish(&event).await;
            let (_, inbox) = call(
                reqwest::Method::GET,
                format!("{base}/api/notifications/me"),
                &token,
                None,
            )
            .await;
            (inbox["total"] == 1).then_some(())
        },
    )
    .await;
    let _ = std::fs::remove_dir_all(dir);
}

/// `feira migrate` applies a service's schema and exits; an unreachable
/// database stops it with a message naming the setting.
#[tokio::test]
async fn migrate_applies_the_schemas_and_names_a_bad_setting() {
    let Some(server) = kit::testing::backend_url("FEIRA_TEST_POSTGRES_URL") else {
        return;
    };
    // Database per service: each keeps its own migration history.
    let orders_db = kit::testing::TestDatabase::create(&server).await;
    let notifications_db = kit::testing::TestDatabase::create(&server).await;
    let run = |service: &str, url: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_feira"))
            .args(["migrate", "--service", service])
            .env("FEIRA_CONFIG_DIR", "/nonexistent")
            .env("FEIRA_TELEMETRY__FILTER", "warn")
            .env("FEIRA_ORDERS__POSTGRES__URL", url)
            .env("FEIRA_NOTIFICATIONS__POSTGRES__URL", url)
            .output()
            .unwrap()
    };
    use sqlx::Connection;
    for (service, db, tables) in [
        ("orders", &orders_db, ["orders", "outbox", "payments"]),
        (
            "notifications",
            &notifications_db,
            ["deliveries", "delivery_attempts", "inbox"],
        ),
    ] {
        let out = run(service, &db.url);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            format!("migrated {service}")
        );
        let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
        for table in tables {
            let found: Option<String> = sqlx::query_scalar("SELECT to_regclass($1)::text")
                .bind(table)
                .fetch_one(&mut conn)
                .await
                .unwrap();
            assert_eq!(found.as_deref(), Some(table));
        }
        conn.close().await.unwrap();
        assert!(
            run(service, &db.url).status.success(),
            "migrating twice is harmless"
        );
    }

    let closed = format!(
        "postgres://postgres@127.0.0.1:{}/nowhere",
        kit::testing::closed_port()
    );
    let out = run("notifications", &closed);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("notifications.postgres.url"), "{stderr}");
}

/// Start-up order does not matter for the databases either: `feira serve
/// orders` answers /health at once and /ready 503 naming `orders.postgres.url`
/// while PostgreSQL is unreachable, then takes traffic once it answers. A
/// misconfigured database (a role that does not exist) stops it naming the
/// setting instead of waiting forever.
#[tokio::test]
async fn serve_waits_for_its_database_and_refuses_a_misconfigured_one() {
    let Some(server) = kit::testing::backend_url("FEIRA_TEST_POSTGRES_URL") else {
        return;
    };
    let database = kit::testing::TestDatabase::create(&server).await;
    let mut proxied = reqwest::Url::parse(&database.url).unwrap();
    let postgres = format!(
        "{}:{}",
        proxied.host_str().unwrap(),
        proxied.port().unwrap_or(5432)
    );
    let db_port = kit::testing::closed_port();
    proxied.set_port(Some(db_port)).unwrap();
    let serve_orders = |url: &str| {
        let port = kit::testing::closed_port();
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_feira"));
        command
            .args(["serve", "orders", "--port", &port.to_string()])
            .env("FEIRA_CONFIG_DIR", "/nonexistent")
            .env("FEIRA_TELEMETRY__FILTER", "warn")
            .env("FEIRA_ORDERS__POSTGRES__URL", url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true);
        (format!("http://127.0.0.1:{port}"), command)
    };

    let (base, mut command) = serve_orders(proxied.as_str());
    let _waiting = command.stderr(std::process::Stdio::null()).spawn().unwrap();
    let deadline = std::time::Duration::from_secs(30);
    kit::testing::eventually("/health while the database is away", deadline, || async {
        reqwest::get(format!("{base}/health"))
            .await
            .is_ok_and(|r| r.status() == 200)
            .then_some(())
    })
    .await;
    let ready = reqwest::get(format!("{base}/ready")).await.unwrap();
    assert_eq!(ready.status(), 503);
    let report = ready.text().await.unwrap();
    assert!(report.contains("orders.postgres.url"), "{report}");
    let early = reqwest::get(format!("{base}/api/orders/cart"))
        .await
        .unwrap();
    assert_eq!(early.status(), 503);
    assert_eq!(early.headers()["content-type"], "application/problem+json");
    assert!(early.text().await.unwrap().contains("orders.postgres.url"));

    let _proxy = kit::testing::TcpProxy::start(db_port, &postgres).await;
    kit::testing::eventually(
        "orders to open once PostgreSQL answers",
        deadline,
        || async {
            let report: Value = reqwest::get(format!("{base}/ready"))
                .await
                .ok()?
                .json()
                .await
                .ok()?;
            let checks = report["checks"].as_array()?;
            checks
                .iter()
                .any(|c| c["name"] == "orders store" && c["ok"] == true)
                .then_some(())
        },
    )
    .await;
    let open = reqwest::get(format!("{base}/api/orders/cart"))
        .await
        .unwrap();
    assert_eq!(open.status(), 401, "the API answers: it wants a token");

    let mut wrong = reqwest::Url::parse(&database.url).unwrap();
    wrong.set_username("no_such_role").unwrap();
    let (_, mut command) = serve_orders(wrong.as_str());
    let out = tokio::time::timeout(deadline, command.output())
        .await
        .expect("a misconfigured database stops start-up")
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("orders.postgres.url"), "{stderr}");
}

/// Every `$ref` of a JSON document, recursively.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(target)) => out.push(target.clone()),
                    _ => refs(inner, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// The web app's typed client is generated from `web/openapi.json`; this keeps
/// that file equal to what the services really serve, and every reference in
/// it resolvable (a dangling one breaks the generator).
#[tokio::test]
async fn the_openapi_document_resolves_and_matches_the_web_client() {
    let dir = std::env::temp_dir().join(format!("feira-openapi-{}", uuid::Uuid::now_v7()));
    let s = settings(&[("FEIRA_DATA_DIR", dir.to_str().unwrap())]);
    let base = start(Application::embedded(&s).await.unwrap()).await;
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
    let committed: Value = serde_json::from_str(include_str!("../../../web/openapi.json")).unwrap();
    assert!(
        committed == served,
        "web/openapi.json is stale: run `make web-api` and commit the result"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// `feira site deploy` from the command line, against moto's S3: a dry run
/// plans and changes nothing, a deploy uploads, a second uploads nothing, and
/// a missing bucket is one clear line.
#[tokio::test]
async fn site_deploy_from_the_command_line() {
    let Some(moto) = kit::testing::backend_url("FEIRA_TEST_MOTO_URL") else {
        return;
    };
    let bucket = format!("cli-{}", uuid::Uuid::now_v7().simple());
    // moto makes a bucket on a plain PUT (it checks no signature).
    let created = reqwest::Client::new()
        .put(format!("{moto}/{bucket}"))
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success(), "{}", created.status());
    let dir = std::env::temp_dir().join(&bucket);
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("index.html"), "<h1>hi</h1>").unwrap();
    std::fs::write(dir.join("assets/app-1a2b3c4d.js"), "1").unwrap();
    let run = |bucket: &str, extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_feira"))
            .args(["site", "deploy", dir.to_str().unwrap(), "--bucket", bucket])
            .args(["--endpoint-url", &moto])
            .args(extra)
            .env("FEIRA_CONFIG_DIR", "/nonexistent")
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", "us-east-1")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, out, err) = run(&bucket, &["--dry-run"]);
    assert!(ok, "{err}");
    assert!(out.contains("would upload index.html"), "{out}");
    assert!(out.contains("dry run: uploaded 2, unchanged 0"), "{out}");
    let (ok, out, err) = run(&bucket, &[]);
    assert!(ok, "{err}");
    assert!(out.contains("uploaded 2, unchanged 0, deleted 0"), "{out}");
    let (_, out, _) = run(&bucket, &[]);
    assert!(out.contains("uploaded 0, unchanged 2"), "{out}");
    let (ok, _, err) = run("no-such-bucket-anywhere", &[]);
    assert!(!ok);
    assert!(err.contains("does not exist"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}
