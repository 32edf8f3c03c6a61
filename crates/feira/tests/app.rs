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
    let page: Value = reqwest::get(format!("{base}/api/catalog/products"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["total"].as_u64().unwrap()
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
    for command in ["up", "serve", "seed"] {
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
