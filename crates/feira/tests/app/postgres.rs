//! `feira serve` and `feira migrate` on PostgreSQL.

use crate::helpers::*;
use feira::app::{Application, ServiceName, Topology};
use serde_json::Value;

/// Distributed mode: identity on PostgreSQL with its keys in a folder; the
/// catalog, in its own server, verifies identity's tokens through the JWKS URL,
/// and keeps accepting them across a key rotation.
#[tokio::test]
#[ignore = "needs PostgreSQL (FEIRA_TEST_POSTGRES_URL)"]
async fn serve_identity_issues_tokens_the_catalog_verifies_across_a_key_rotation() {
    let server = kit::testing::Backend::Postgres.url();
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
    let deps = feira::app::command_deps(&identity_settings);
    let users = identity::store::open(&identity_settings.identity, &deps)
        .await
        .unwrap();
    let local = identity::local(
        &identity_settings.identity,
        &identity_settings.auth,
        &deps,
        std::sync::Arc::new(users),
        None,
    )
    .unwrap();
    local
        .accounts
        .ensure_user(
            "boss@example.com",
            "Boss",
            secrecy::SecretString::from("a sturdy admin passphrase"),
            true,
        )
        .await
        .unwrap();
    let identity_base = start(
        Application::start(&identity_settings, Topology::One(ServiceName::Identity))
            .await
            .unwrap(),
    )
    .await;

    let catalog_settings = settings(&[
        ("FEIRA_DATA_DIR", dir.to_str().unwrap()),
        ("FEIRA_CATALOG__STORE", "sqlite"),
        (
            "FEIRA_AUTH__JWKS_URL",
            &format!("{identity_base}/.well-known/jwks.json"),
        ),
        ("FEIRA_AUTH__JWKS_MIN_REFETCH_SECS", "1"),
    ]);
    let catalog_base = start(
        Application::start(&catalog_settings, Topology::One(ServiceName::Catalog))
            .await
            .unwrap(),
    )
    .await;

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

/// `feira migrate` applies a service's schema and exits; an unreachable
/// database stops it with a message naming the setting.
#[tokio::test]
#[ignore = "needs PostgreSQL (FEIRA_TEST_POSTGRES_URL)"]
async fn migrate_applies_the_schemas_and_names_a_bad_setting() {
    let server = kit::testing::Backend::Postgres.url();
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
#[ignore = "needs PostgreSQL (FEIRA_TEST_POSTGRES_URL)"]
async fn serve_waits_for_its_database_and_refuses_a_misconfigured_one() {
    let server = kit::testing::Backend::Postgres.url();
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
