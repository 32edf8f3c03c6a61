//! The command line: help, settings errors, signals, admin and keys.

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
