//! `feira site deploy` against moto's S3 (`FEIRA_TEST_MOTO_URL`): each test
//! makes its own bucket and folder.

use site::{Options, Summary, client_from, deploy};
use std::path::{Path, PathBuf};

struct Site {
    config: aws_config::SdkConfig,
    s3: aws_sdk_s3::Client,
    bucket: String,
    dir: PathBuf,
}

impl Site {
    async fn new() -> Self {
        let moto = kit::testing::Backend::Moto.url();
        // moto accepts any credentials.
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url(&moto)
            .credentials_provider(aws_sdk_s3::config::Credentials::new(
                "testing", "testing", None, None, "tests",
            ))
            .load()
            .await;
        let s3 = client_from(&config, true);
        let bucket = format!("site-{}", uuid::Uuid::now_v7().simple());
        s3.create_bucket()
            .bucket(&bucket)
            .send()
            .await
            .expect("create a bucket");
        let dir = std::env::temp_dir().join(&bucket);
        for (path, text) in [
            ("index.html", "<h1>Feira</h1>"),
            ("about/index.html", "<p>About</p>"),
            ("assets/app-3f9a1c2b.js", "console.log('v1')"),
            ("robots.txt", "User-agent: *"),
        ] {
            write(&dir, path, text);
        }
        Self {
            config,
            s3,
            bucket,
            dir,
        }
    }

    fn options(&self, delete: bool, dry_run: bool) -> Options {
        Options {
            bucket: self.bucket.clone(),
            prefix: "www".into(),
            delete,
            dry_run,
            concurrency: 4,
        }
    }

    async fn deploy(&self, delete: bool, dry_run: bool) -> Summary {
        deploy(&self.s3, &self.dir, &self.options(delete, dry_run), &|_| {})
            .await
            .expect("deploy")
            .1
    }

    async fn keys(&self) -> Vec<String> {
        site::remote_objects(&self.s3, &self.bucket, "")
            .await
            .unwrap()
            .into_keys()
            .collect()
    }
}

fn write(dir: &Path, path: &str, text: &str) {
    let file = dir.join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, text).unwrap();
}

#[tokio::test]
#[ignore = "needs moto (FEIRA_TEST_MOTO_URL)"]
async fn deploys_only_what_changed_and_deletes_only_when_asked() {
    let site = Site::new().await;
    let first = site.deploy(false, false).await;
    assert_eq!((first.uploaded, first.unchanged, first.deleted), (4, 0, 0));
    assert_eq!(
        site.keys().await,
        [
            "www/about/index.html",
            "www/assets/app-3f9a1c2b.js",
            "www/index.html",
            "www/robots.txt"
        ]
    );
    let head = site
        .s3
        .head_object()
        .bucket(&site.bucket)
        .key("www/index.html")
        .send()
        .await
        .unwrap();
    assert_eq!(head.content_type(), Some("text/html; charset=utf-8"));
    assert_eq!(head.cache_control(), Some("no-cache"));
    let asset = site
        .s3
        .head_object()
        .bucket(&site.bucket)
        .key("www/assets/app-3f9a1c2b.js")
        .send()
        .await
        .unwrap();
    assert_eq!(
        asset.cache_control(),
        Some("public, max-age=31536000, immutable")
    );

    let again = site.deploy(false, false).await;
    assert_eq!(
        (again.uploaded, again.unchanged),
        (0, 4),
        "the same folder uploads nothing"
    );

    write(&site.dir, "index.html", "<h1>Feira, new</h1>");
    let changed = site.deploy(false, false).await;
    assert_eq!(
        (changed.uploaded, changed.unchanged, changed.bytes),
        (1, 3, 19)
    );

    std::fs::remove_file(site.dir.join("robots.txt")).unwrap();
    let kept = site.deploy(false, false).await;
    assert_eq!(kept.deleted, 0, "without --delete nothing is removed");
    assert_eq!(site.keys().await.len(), 4);
    let pruned = site.deploy(true, false).await;
    assert_eq!(pruned.deleted, 1);
    assert_eq!(
        site.keys().await,
        [
            "www/about/index.html",
            "www/assets/app-3f9a1c2b.js",
            "www/index.html"
        ]
    );
}

#[tokio::test]
#[ignore = "needs moto (FEIRA_TEST_MOTO_URL)"]
async fn a_dry_run_changes_nothing_and_deletes_stay_under_the_prefix() {
    let site = Site::new().await;
    site.s3
        .put_object()
        .bucket(&site.bucket)
        .key("other/keep.txt")
        .body(aws_sdk_s3::primitives::ByteStream::from_static(b"not ours"))
        .send()
        .await
        .unwrap();
    let (plan, summary) = deploy(&site.s3, &site.dir, &site.options(true, true), &|_| {})
        .await
        .unwrap();
    assert_eq!(plan.uploads.len(), 4);
    assert!(
        plan.deletes.is_empty(),
        "other/keep.txt is outside the prefix"
    );
    assert_eq!(summary.uploaded, 0);
    assert_eq!(
        site.keys().await,
        ["other/keep.txt"],
        "a dry run changes nothing"
    );
    site.deploy(true, false).await;
    assert!(site.keys().await.contains(&"other/keep.txt".to_owned()));
}

#[tokio::test]
#[ignore = "needs moto (FEIRA_TEST_MOTO_URL)"]
async fn a_missing_bucket_is_explained_in_one_line() {
    let site = Site::new().await;
    let mut options = site.options(false, false);
    options.bucket = "no-such-bucket-here".into();
    let error = deploy(&site.s3, &site.dir, &options, &|_| {})
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("does not exist"), "{error}");
    assert!(!error.contains('\n'), "{error}");
}

#[tokio::test]
#[ignore = "needs moto (FEIRA_TEST_MOTO_URL)"]
async fn changed_paths_are_invalidated_on_cloudfront() {
    use aws_sdk_cloudfront::types::{
        DefaultCacheBehavior, DistributionConfig, Origin, Origins, S3OriginConfig,
        ViewerProtocolPolicy,
    };
    let site = Site::new().await;
    let cloudfront = aws_sdk_cloudfront::Client::new(&site.config);
    let origin = Origin::builder()
        .id("site")
        .domain_name(format!("{}.s3.amazonaws.com", site.bucket))
        .origin_path("/www")
        .s3_origin_config(S3OriginConfig::builder().origin_access_identity("").build())
        .build()
        .unwrap();
    let config = DistributionConfig::builder()
        .caller_reference(site.bucket.clone())
        .comment("feira test")
        .enabled(true)
        .origins(
            Origins::builder()
                .quantity(1)
                .items(origin)
                .build()
                .unwrap(),
        )
        .default_cache_behavior(
            DefaultCacheBehavior::builder()
                .target_origin_id("site")
                .viewer_protocol_policy(ViewerProtocolPolicy::RedirectToHttps)
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let distribution = cloudfront
        .create_distribution()
        .distribution_config(config)
        .send()
        .await
        .expect("create a distribution")
        .distribution
        .unwrap()
        .id;
    let (plan, _) = deploy(&site.s3, &site.dir, &site.options(false, false), &|_| {})
        .await
        .unwrap();
    let keys: Vec<String> = plan.uploads.iter().map(|f| f.key.clone()).collect();
    let paths = site::invalidation_paths(&keys, "www");
    assert!(
        paths.contains(&"/index.html".to_owned()) && paths.contains(&"/".to_owned()),
        "{paths:?}"
    );
    let id = site::invalidate(&cloudfront, &distribution, &paths, true)
        .await
        .unwrap();
    let made = cloudfront
        .get_invalidation()
        .distribution_id(&distribution)
        .id(&id)
        .send()
        .await
        .unwrap()
        .invalidation
        .unwrap();
    let sent: Vec<String> = made
        .invalidation_batch()
        .unwrap()
        .paths()
        .unwrap()
        .items()
        .to_vec();
    assert_eq!(sent, paths);
    let error = site::invalidate(&cloudfront, "ENOSUCHDIST", &paths, false)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("ENOSUCHDIST"), "{error}");
}
