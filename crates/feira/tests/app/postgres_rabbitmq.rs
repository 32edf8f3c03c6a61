//! Distributed mode on PostgreSQL and RabbitMQ: services as separate applications.

use crate::helpers::*;
use feira::app::{Application, ServiceName, Topology};
use serde_json::Value;

/// Distributed mode: orders on PostgreSQL talks to the catalog and identity over
/// HTTP and publishes to RabbitMQ, where notifications (PostgreSQL) picks the
/// order up and sends one email over SMTP and one in-app notification. With
/// the catalog unreachable, checkout is a clean 503 and writes nothing.
#[tokio::test]
#[ignore = "needs PostgreSQL and RabbitMQ (FEIRA_TEST_POSTGRES_URL, FEIRA_TEST_AMQP_URL)"]
async fn distributed_checkout_over_http_and_rabbitmq_sends_the_order_email() {
    use reqwest::Method;
    let server = kit::testing::Backend::Postgres.url();
    let amqp = kit::testing::Backend::Rabbitmq.url();
    let vhost = kit::testing::TestVhost::create(&amqp);
    let smtp = kit::testing::SmtpSink::start().await;
    let identity_db = kit::testing::TestDatabase::create(&server).await;
    let orders_db = kit::testing::TestDatabase::create(&server).await;
    let notifications_db = kit::testing::TestDatabase::create(&server).await;
    let dir = std::env::temp_dir().join(format!("feira-serve-orders-{}", uuid::Uuid::now_v7()));
    let keys = dir.join("keys");
    identity::domain::keys::rotate(&keys).unwrap();
    let data_dir = dir.to_str().unwrap();
    let credentials =
        crate::credentials::write(&dir.join("secrets"), "orders-secret", "probe-secret");
    let (identity_base, identity_internal) = start_both(
        Application::start(
            &settings(&[
                ("FEIRA_DATA_DIR", data_dir),
                ("FEIRA_IDENTITY__POSTGRES__URL", identity_db.url.as_str()),
                ("FEIRA_IDENTITY__KEYS__DIR", keys.to_str().unwrap()),
                ("FEIRA_BUS__AMQP_URL", vhost.url.as_str()),
                (
                    "FEIRA_IDENTITY__SERVICE_CLIENTS_FILE",
                    credentials.clients_file.to_str().unwrap(),
                ),
            ]),
            Topology::One(ServiceName::Identity),
        )
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
    let products = catalog::store::open(
        &catalog_settings.catalog,
        &feira::app::command_deps(&catalog_settings),
    )
    .await
    .unwrap();
    catalog::seed(products.as_ref()).await.unwrap();
    let (catalog_base, catalog_internal) = start_both(
        Application::start(&catalog_settings, Topology::One(ServiceName::Catalog))
            .await
            .unwrap(),
    )
    .await;
    let smtp_port = smtp.port.to_string();
    let notifications_base = start(
        Application::start(
            &settings(&[
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
            ]),
            Topology::One(ServiceName::Notifications),
        )
        .await
        .unwrap(),
    )
    .await;
    let token_url = format!("{identity_internal}/oauth/token");
    let orders_settings = |catalog: &str| {
        settings(&[
            ("FEIRA_ORDERS__SERVICE_AUTH__TOKEN_URL", token_url.as_str()),
            (
                "FEIRA_ORDERS__SERVICE_AUTH__SECRET_FILE",
                credentials.orders_secret_file.to_str().unwrap(),
            ),
            ("FEIRA_ORDERS__POSTGRES__URL", orders_db.url.as_str()),
            ("FEIRA_ORDERS__CATALOG_URL", catalog),
            ("FEIRA_ORDERS__IDENTITY_URL", identity_base.as_str()),
            ("FEIRA_BUS__AMQP_URL", vhost.url.as_str()),
            ("FEIRA_AUTH__JWKS_URL", jwks.as_str()),
        ])
    };
    let orders_base = start(
        Application::start(
            &orders_settings(&catalog_internal),
            Topology::One(ServiceName::Orders),
        )
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
    assert_eq!(registered.status(), 202);
    // Checkout needs a verified address: the link comes identity → outbox →
    // RabbitMQ → notifications → SMTP.
    let verification = kit::testing::eventually(
        "the verification email",
        std::time::Duration::from_secs(20),
        || async { smtp.messages().first().cloned() },
    )
    .await;
    let verified = client
        .post(format!("{identity_base}/api/identity/verify-email"))
        .json(&serde_json::json!({
            "token": kit::testing::link_token(&verification, "/verify-email#token=")
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(verified.status(), 204);
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
        || async { (smtp.messages().len() == 2).then_some(()) },
    )
    .await;
    let email = &smtp.messages()[1];
    assert!(email.contains(order["number"].as_str().unwrap()), "{email}");
    assert!(email.contains("To: Ana <ana@example.com>"), "{email}");

    // The same orders database behind an orders process whose catalog is down.
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let cut_off = start(
        Application::start(&orders_settings(&dead), Topology::One(ServiceName::Orders))
            .await
            .unwrap(),
    )
    .await;
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
#[ignore = "needs PostgreSQL and RabbitMQ (FEIRA_TEST_POSTGRES_URL, FEIRA_TEST_AMQP_URL)"]
async fn serve_notifications_waits_for_the_broker_and_reports_it_on_ready() {
    use bus::Publisher;
    let server = kit::testing::Backend::Postgres.url();
    let amqp = kit::testing::Backend::Rabbitmq.url();
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
        Application::start(
            &settings(&[
                ("FEIRA_DATA_DIR", dir.to_str().unwrap()),
                ("FEIRA_BUS__AMQP_URL", proxied.as_str()),
                ("FEIRA_NOTIFICATIONS__POSTGRES__URL", database.url.as_str()),
                ("FEIRA_AUTH__JWKS_URL", jwks.as_str()),
                ("FEIRA_AUTH__ISSUER", issuer.issuer()),
                ("FEIRA_AUTH__AUDIENCE", issuer.audience()),
            ]),
            Topology::One(ServiceName::Notifications),
        )
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
        include_str!("../../../../docs/events.md")
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
