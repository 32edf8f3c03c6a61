//! `feira site deploy` against moto (S3 and CloudFront).

/// `feira site deploy` from the command line, against moto's S3: a dry run
/// plans and changes nothing, a deploy uploads, a second uploads nothing, and
/// a missing bucket is one clear line.
#[tokio::test]
#[ignore = "needs moto (FEIRA_TEST_MOTO_URL)"]
async fn site_deploy_from_the_command_line() {
    let moto = kit::testing::Backend::Moto.url();
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
