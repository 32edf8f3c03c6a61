//! Passwords and tokens never reach the logs, even at TRACE level. A test binary
//! of its own, because it installs the global log subscriber.

#[path = "api/helpers.rs"]
#[allow(dead_code, unused_imports)]
mod helpers;

use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_never_appear_in_logs() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let app = helpers::spawn_app().await;
    let tokens = app.signed_up("secret@example.com").await;
    let refresh = tokens["refresh_token"].as_str().unwrap();
    let rotated: serde_json::Value = app.refresh(refresh).await.json().await.unwrap();
    app.login_response("secret@example.com", "wrong but secret too")
        .await;
    app.refresh(refresh).await; // reuse: logged as a warning

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("account registered"), "the capture works");
    assert!(logs.contains("refresh token reused"));
    for secret in [
        helpers::PASSWORD,
        "wrong but secret too",
        refresh,
        rotated["refresh_token"].as_str().unwrap(),
        tokens["access_token"].as_str().unwrap(),
    ] {
        assert!(!logs.contains(secret), "a secret leaked into the logs");
    }
}
