//! Feira Site (System 2): deploys a folder to an S3 bucket like a careful
//! `aws s3 sync`. Only new or changed files are uploaded (compared by content
//! hash with the object's ETag), objects no longer present are deleted only
//! under the prefix and only when asked, `Content-Type` comes from the
//! extension and `Cache-Control` from a rule (hashed assets immutable for a
//! year, HTML revalidated), uploads run a bounded number at a time, and a dry
//! run prints the plan and changes nothing.

use anyhow::Context;
use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::primitives::ByteStream;
use futures::{StreamExt, TryStreamExt};
use md5::{Digest, Md5};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A file of the folder to deploy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalFile {
    /// The object key: prefix plus the path under the folder, with `/`.
    pub key: String,
    pub path: PathBuf,
    /// Hex MD5 of the content, what S3 reports as the ETag of a simple upload.
    pub md5: String,
    pub size: u64,
}

/// What a deploy does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub uploads: Vec<LocalFile>,
    pub unchanged: usize,
    pub deletes: Vec<String>,
}

/// What a deploy did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub uploaded: usize,
    pub unchanged: usize,
    pub deleted: usize,
    pub bytes: u64,
}

/// How to deploy.
#[derive(Debug, Clone)]
pub struct Options {
    pub bucket: String,
    /// Key prefix inside the bucket, without leading or trailing `/`.
    pub prefix: String,
    pub delete: bool,
    pub dry_run: bool,
    /// Uploads at once.
    pub concurrency: usize,
}

/// `Content-Type` from the file's extension.
pub fn content_type(key: &str) -> String {
    let guess = mime_guess::from_path(key).first_or_octet_stream();
    match guess.type_() {
        mime_guess::mime::TEXT => format!("{guess}; charset=utf-8"),
        _ if guess.subtype() == "javascript" || guess.subtype() == "json" => {
            format!("{guess}; charset=utf-8")
        }
        _ => guess.to_string(),
    }
}

/// `Cache-Control` by rule: names carrying a content hash (`app-3f9a1c2b.js`,
/// as bundlers emit) never change, HTML must be revalidated, the rest may be
/// cached for an hour.
pub fn cache_control(key: &str) -> &'static str {
    let name = key.rsplit('/').next().unwrap_or(key);
    if name.ends_with(".html") || name.ends_with(".htm") {
        return "no-cache";
    }
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let hashed = stem
        .rsplit(['-', '.', '_'])
        .next()
        .filter(|part| *part != stem)
        .is_some_and(|part| {
            part.len() >= 8 && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    }
}

/// The files under `dir`, keyed under `prefix`, sorted by key.
pub fn scan(dir: &Path, prefix: &str) -> anyhow::Result<Vec<LocalFile>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in
            std::fs::read_dir(&folder).with_context(|| format!("read {}", folder.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(dir)?
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let content =
                std::fs::read(&path).with_context(|| format!("read {}", path.display()))?;
            files.push(LocalFile {
                key: key_under(prefix, &relative),
                md5: hex(&Md5::digest(&content)),
                size: content.len() as u64,
                path,
            });
        }
    }
    files.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(files)
}

fn key_under(prefix: &str, relative: &str) -> String {
    let prefix = prefix.trim_matches('/');
    if prefix.is_empty() {
        relative.to_owned()
    } else {
        format!("{prefix}/{relative}")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares the folder with the bucket's objects under the prefix (key → ETag).
pub fn plan(local: &[LocalFile], remote: &BTreeMap<String, String>, delete: bool) -> Plan {
    let mut plan = Plan::default();
    for file in local {
        match remote.get(&file.key) {
            Some(etag) if etag.trim_matches('"') == file.md5 => plan.unchanged += 1,
            _ => plan.uploads.push(file.clone()),
        }
    }
    if delete {
        plan.deletes = remote
            .keys()
            .filter(|key| !local.iter().any(|f| &f.key == *key))
            .cloned()
            .collect();
    }
    plan
}

/// An S3 client from the standard AWS chain (credentials, region), pointed at
/// `endpoint_url` when given (S3-compatible stores, tests).
pub async fn client(endpoint_url: Option<&str>) -> aws_sdk_s3::Client {
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
    if let Some(url) = endpoint_url {
        loader = loader.endpoint_url(url);
    }
    client_from(&loader.load().await, endpoint_url.is_some())
}

/// An S3 client for an already loaded configuration; `path_style` for
/// S3-compatible stores that do not route bucket subdomains.
pub fn client_from(config: &aws_config::SdkConfig, path_style: bool) -> aws_sdk_s3::Client {
    let s3 = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(path_style)
        .build();
    aws_sdk_s3::Client::from_conf(s3)
}

/// One line explaining an S3 failure: no such bucket, access denied,
/// throttling, or the service's own message.
pub fn explain<E>(error: &aws_sdk_s3::error::SdkError<E>, bucket: &str) -> String
where
    E: ProvideErrorMetadata + std::error::Error + std::fmt::Debug + Send + Sync + 'static,
{
    let code = error.code().unwrap_or_default();
    match code {
        "NoSuchBucket" => format!("bucket {bucket:?} does not exist (or is in another account)"),
        "AccessDenied" | "AllAccessDisabled" => format!(
            "access denied to bucket {bucket:?}: check the credentials and the bucket policy"
        ),
        "SlowDown" | "Throttling" | "ThrottlingException" => {
            "S3 is throttling requests; retried as the SDK allows, then gave up".to_owned()
        }
        "" => format!("S3 did not answer: {error}"),
        other => format!(
            "S3 refused ({other}): {}",
            error.message().unwrap_or_default()
        ),
    }
}

/// The bucket's objects under the prefix, key → ETag.
pub async fn remote_objects(
    s3: &aws_sdk_s3::Client,
    bucket: &str,
    prefix: &str,
) -> anyhow::Result<BTreeMap<String, String>> {
    let prefix = prefix.trim_matches('/');
    let mut pages = s3
        .list_objects_v2()
        .bucket(bucket)
        .set_prefix((!prefix.is_empty()).then(|| format!("{prefix}/")))
        .into_paginator()
        .send();
    let mut objects = BTreeMap::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| anyhow::anyhow!(explain(&e, bucket)))?;
        for object in page.contents() {
            if let (Some(key), Some(etag)) = (object.key(), object.e_tag()) {
                objects.insert(key.to_owned(), etag.to_owned());
            }
        }
    }
    Ok(objects)
}

/// What [`deploy`] reports as it goes, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// The plan is made: this many uploads and deletes follow.
    Planned { uploads: usize, deletes: usize },
    /// One upload or delete is done.
    Done { key: &'a str, bytes: u64 },
}

/// Deploys `dir`: plans, then (unless a dry run) uploads and deletes.
/// `progress` is told the plan, then each key done.
pub async fn deploy(
    s3: &aws_sdk_s3::Client,
    dir: &Path,
    options: &Options,
    progress: &(dyn Fn(Step<'_>) + Sync),
) -> anyhow::Result<(Plan, Summary)> {
    let local = scan(dir, &options.prefix)?;
    let remote = remote_objects(s3, &options.bucket, &options.prefix).await?;
    let plan = plan(&local, &remote, options.delete);
    let mut summary = Summary {
        unchanged: plan.unchanged,
        ..Summary::default()
    };
    if options.dry_run {
        return Ok((plan, summary));
    }
    progress(Step::Planned {
        uploads: plan.uploads.len(),
        deletes: plan.deletes.len(),
    });
    let bucket = options.bucket.as_str();
    let uploaded: Vec<u64> = futures::stream::iter(plan.uploads.iter().map(|file| async move {
        let body = ByteStream::from_path(&file.path)
            .await
            .with_context(|| format!("read {}", file.path.display()))?;
        s3.put_object()
            .bucket(bucket)
            .key(&file.key)
            .body(body)
            .content_type(content_type(&file.key))
            .cache_control(cache_control(&file.key))
            .send()
            .await
            .map_err(|e| anyhow::anyhow!("upload {}: {}", file.key, explain(&e, bucket)))?;
        progress(Step::Done {
            key: &file.key,
            bytes: file.size,
        });
        anyhow::Ok(file.size)
    }))
    .buffer_unordered(options.concurrency.max(1))
    .try_collect()
    .await?;
    summary.uploaded = uploaded.len();
    summary.bytes = uploaded.iter().sum();
    for key in &plan.deletes {
        s3.delete_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| anyhow::anyhow!("delete {key}: {}", explain(&e, bucket)))?;
        progress(Step::Done { key, bytes: 0 });
        summary.deleted += 1;
    }
    Ok((plan, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_rules_and_content_types() {
        assert_eq!(cache_control("index.html"), "no-cache");
        assert_eq!(cache_control("docs/about.html"), "no-cache");
        assert_eq!(
            cache_control("assets/index-CmdHz6J7.js"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control("assets/app.3f9a1c2b.css"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("favicon.ico"), "public, max-age=3600");
        assert_eq!(cache_control("robots.txt"), "public, max-age=3600");
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("a/app.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("logo.png"), "image/png");
        assert_eq!(content_type("data.bin"), "application/octet-stream");
    }

    #[test]
    fn the_plan_uploads_new_and_changed_and_deletes_only_when_asked() {
        let file = |key: &str, md5: &str| LocalFile {
            key: key.into(),
            path: PathBuf::new(),
            md5: md5.into(),
            size: 1,
        };
        let local = vec![
            file("a.html", "aa"),
            file("b.js", "bb"),
            file("c.css", "cc"),
        ];
        let remote: BTreeMap<String, String> = [
            ("a.html", "\"aa\""),
            ("b.js", "\"old\""),
            ("gone.txt", "\"gg\""),
        ]
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
        let p = plan(&local, &remote, false);
        assert_eq!(
            p.uploads.iter().map(|f| f.key.as_str()).collect::<Vec<_>>(),
            ["b.js", "c.css"]
        );
        assert_eq!((p.unchanged, p.deletes.len()), (1, 0));
        assert_eq!(plan(&local, &remote, true).deletes, ["gone.txt"]);
    }
}

/// Past this many changed paths one `/*` invalidation is cheaper than a path
/// each (CloudFront bills invalidation paths beyond the first thousand a month).
pub const INVALIDATE_ALL_PAST: usize = 15;

/// The CloudFront paths to invalidate for uploaded and deleted keys: each
/// key's path (with the prefix the distribution serves from removed), plus the
/// folder path of an `index.html`; `/*` past [`INVALIDATE_ALL_PAST`].
pub fn invalidation_paths(keys: &[String], prefix: &str) -> Vec<String> {
    let prefix = prefix.trim_matches('/');
    let mut paths = Vec::new();
    for key in keys {
        let relative = key
            .strip_prefix(prefix)
            .map(|k| k.trim_start_matches('/'))
            .unwrap_or(key);
        paths.push(format!("/{relative}"));
        if let Some(folder) = relative.strip_suffix("index.html") {
            paths.push(format!("/{folder}"));
        }
    }
    paths.sort();
    paths.dedup();
    if paths.len() > INVALIDATE_ALL_PAST {
        vec!["/*".to_owned()]
    } else {
        paths
    }
}

/// Asks CloudFront to invalidate `paths` on `distribution`; with `wait`,
/// polls until the invalidation completes (up to 15 minutes). Returns its id.
pub async fn invalidate(
    cloudfront: &aws_sdk_cloudfront::Client,
    distribution: &str,
    paths: &[String],
    wait: bool,
) -> anyhow::Result<String> {
    use aws_sdk_cloudfront::types::{InvalidationBatch, Paths};
    let batch = InvalidationBatch::builder()
        .paths(
            Paths::builder()
                .quantity(paths.len() as i32)
                .set_items(Some(paths.to_vec()))
                .build()?,
        )
        .caller_reference(format!(
            "feira-{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)?
                .as_nanos()
        ))
        .build()?;
    let created = cloudfront
        .create_invalidation()
        .distribution_id(distribution)
        .invalidation_batch(batch)
        .send()
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "invalidate on CloudFront distribution {distribution}: {}",
                e.message().unwrap_or(&e.to_string())
            )
        })?;
    let id = created
        .invalidation()
        .map(|i| i.id().to_owned())
        .context("CloudFront returned no invalidation id")?;
    if wait {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(900);
        let mut poll = tokio::time::interval(std::time::Duration::from_secs(5));
        loop {
            poll.tick().await;
            let status = cloudfront
                .get_invalidation()
                .distribution_id(distribution)
                .id(&id)
                .send()
                .await
                .map_err(|e| {
                    anyhow::anyhow!(
                        "read invalidation {id}: {}",
                        e.message().unwrap_or(&e.to_string())
                    )
                })?;
            if status
                .invalidation()
                .is_some_and(|i| i.status().eq_ignore_ascii_case("completed"))
            {
                break;
            }
            anyhow::ensure!(
                std::time::Instant::now() < deadline,
                "invalidation {id} still in progress after 15 minutes"
            );
        }
    }
    Ok(id)
}

/// A CloudFront client from the standard AWS chain, at `endpoint_url` when given.
pub async fn cloudfront_client(endpoint_url: Option<&str>) -> aws_sdk_cloudfront::Client {
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
    if let Some(url) = endpoint_url {
        loader = loader.endpoint_url(url);
    }
    aws_sdk_cloudfront::Client::new(&loader.load().await)
}

#[cfg(test)]
mod invalidation_tests {
    use super::*;

    #[test]
    fn paths_drop_the_prefix_cover_folders_and_collapse_past_the_threshold() {
        let keys = vec![
            "www/index.html".to_owned(),
            "www/about/index.html".to_owned(),
            "www/a.js".to_owned(),
        ];
        assert_eq!(
            invalidation_paths(&keys, "www"),
            ["/", "/a.js", "/about/", "/about/index.html", "/index.html"]
        );
        let many: Vec<String> = (0..20).map(|i| format!("f{i}.css")).collect();
        assert_eq!(invalidation_paths(&many, ""), ["/*"]);
    }
}
