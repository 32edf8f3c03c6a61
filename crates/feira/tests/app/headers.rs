//! What `feira up` tells browsers and caches: who may keep a copy of an answer
//! (`Cache-Control`, `ETag`), and what a page may load and who may frame it
//! (`Content-Security-Policy` and the other security headers).

use crate::helpers::*;
use feira::app::{Application, Topology};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use std::path::PathBuf;

struct Embedded {
    base: String,
    dir: PathBuf,
}

impl Drop for Embedded {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `feira up` on a fresh data folder, serving `web` as the web app's build
/// when given.
async fn up(web: Option<&PathBuf>) -> Embedded {
    let dir = std::env::temp_dir().join(format!("feira-headers-{}", uuid::Uuid::now_v7()));
    let web_dir = web.map(|w| w.to_str().unwrap().to_owned());
    let mut vars = vec![("FEIRA_DATA_DIR", dir.to_str().unwrap())];
    if let Some(web_dir) = web_dir.as_deref() {
        vars.push(("FEIRA_WEB__DIR", web_dir));
    }
    let base = start(
        Application::start(&settings(&vars), Topology::Embedded)
            .await
            .unwrap(),
    )
    .await;
    Embedded { base, dir }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or_default()
}

async fn send(
    method: Method,
    url: String,
    token: Option<&str>,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = reqwest::Client::new().request(method, url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

/// The directives of a policy, by name.
fn directives(policy: &str) -> Vec<(String, Vec<String>)> {
    policy
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            let name = words.next()?.to_owned();
            Some((name, words.map(str::to_owned).collect()))
        })
        .collect()
}

fn directive(policy: &str, name: &str) -> Vec<String> {
    directives(policy)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, values)| values)
        .unwrap_or_else(|| panic!("no {name} in {policy:?}"))
}

/// The headers every page needs: a policy that forbids framing and any
/// script not from this origin, no MIME sniffing, no full referrer sent away.
fn assert_security_headers(headers: &HeaderMap, what: &str) {
    let policy = header(headers, "content-security-policy");
    assert!(!policy.is_empty(), "{what}: no Content-Security-Policy");
    assert_eq!(
        directive(policy, "frame-ancestors"),
        ["'none'"],
        "{what}: {policy}"
    );
    assert_eq!(directive(policy, "object-src"), ["'none'"], "{what}");
    let scripts = directives(policy)
        .into_iter()
        .find(|(n, _)| n == "script-src" || n == "default-src")
        .map(|(_, v)| v)
        .unwrap_or_default();
    assert!(
        !scripts.is_empty()
            && scripts
                .iter()
                .all(|s| s == "'self'" || s == "'none'" || s.starts_with("'sha256-")),
        "{what}: scripts from anywhere but this origin: {policy}"
    );
    assert_eq!(
        header(headers, "x-content-type-options"),
        "nosniff",
        "{what}"
    );
    assert_eq!(header(headers, "x-frame-options"), "DENY", "{what}");
    assert_eq!(
        header(headers, "referrer-policy"),
        "strict-origin-when-cross-origin",
        "{what}"
    );
}

#[tokio::test]
async fn authenticated_answers_are_private_and_never_stored() {
    let app = up(None).await;
    let base = &app.base;
    let (email, password) = identity::DEMO_CUSTOMER;
    let session = login(base, email, password).await;
    let token = session["access_token"].as_str().unwrap();
    let product = first_product(base).await["id"].as_str().unwrap().to_owned();

    let login = send(
        Method::POST,
        format!("{base}/api/identity/login"),
        None,
        &[("content-type", "application/json")],
    )
    .await;
    let mut answers = vec![("a login attempt".to_owned(), login)];
    for path in [
        "/api/identity/me",
        "/api/orders/cart",
        "/api/orders",
        "/api/tasks",
        "/api/tasks/tags",
        "/api/notifications/me",
        "/api/catalog/products",
        &format!("/api/catalog/products/{product}"),
        "/api/catalog/categories",
        "/api/identity/nothing-here",
    ] {
        let response = send(Method::GET, format!("{base}{path}"), Some(token), &[]).await;
        answers.push((path.to_owned(), response));
    }
    let anonymous = send(Method::GET, format!("{base}/api/orders/cart"), None, &[]).await;
    answers.push(("an anonymous cart".to_owned(), anonymous));

    for (what, response) in answers {
        let status = response.status();
        assert_eq!(
            header(response.headers(), "cache-control"),
            "private, no-store",
            "{what} answered {status}"
        );
        assert!(
            !response.headers().contains_key("etag"),
            "{what}: an ETag invites a cache to keep it"
        );
    }
}

#[tokio::test]
async fn anonymous_catalog_reads_are_cacheable_and_revalidated_by_etag() {
    let app = up(None).await;
    let base = &app.base;
    let product = first_product(base).await;
    let id = product["id"].as_str().unwrap();
    let slug = product["slug"].as_str().unwrap();

    for path in [
        "/api/catalog/products?per_page=5".to_owned(),
        format!("/api/catalog/products/{id}"),
        format!("/api/catalog/products/by-slug/{slug}"),
        "/api/catalog/categories".to_owned(),
    ] {
        let url = format!("{base}{path}");
        let first = send(Method::GET, url.clone(), None, &[]).await;
        assert_eq!(first.status(), 200, "{path}");
        let headers = first.headers().clone();
        assert_eq!(
            header(&headers, "cache-control"),
            "public, max-age=30",
            "{path}"
        );
        assert!(
            header(&headers, "vary")
                .to_ascii_lowercase()
                .contains("authorization"),
            "{path}: an admin's answer must not be served from the anonymous copy"
        );
        let etag = header(&headers, "etag").to_owned();
        assert!(
            etag.len() > 2 && etag.starts_with('"') && etag.ends_with('"'),
            "{path}: a strong ETag, not {etag:?}"
        );
        let body = first.bytes().await.unwrap();
        let again = send(Method::GET, url.clone(), None, &[]).await;
        assert_eq!(
            header(again.headers(), "etag"),
            etag,
            "{path}: same body, same tag"
        );
        assert_eq!(again.bytes().await.unwrap(), body);

        for matching in [
            etag.clone(),
            format!("W/{etag}"),
            format!("\"other\", {etag}"),
            "*".to_owned(),
        ] {
            let revalidated = send(
                Method::GET,
                url.clone(),
                None,
                &[("if-none-match", &matching)],
            )
            .await;
            assert_eq!(
                revalidated.status(),
                StatusCode::NOT_MODIFIED,
                "{path} with If-None-Match: {matching}"
            );
            let headers = revalidated.headers().clone();
            assert_eq!(header(&headers, "etag"), etag, "{path}");
            assert_eq!(header(&headers, "cache-control"), "public, max-age=30");
            assert!(revalidated.bytes().await.unwrap().is_empty(), "{path}");
        }
        let changed = send(
            Method::GET,
            url.clone(),
            None,
            &[("if-none-match", "\"not-this-one\"")],
        )
        .await;
        assert_eq!(changed.status(), 200, "{path}");
        assert_eq!(changed.bytes().await.unwrap(), body, "{path}");
    }

    // A change to the product is a new representation, so a new tag.
    let url = format!("{base}/api/catalog/products/{id}");
    let before = header(
        send(Method::GET, url.clone(), None, &[]).await.headers(),
        "etag",
    )
    .to_owned();
    let (email, password) = identity::DEMO_ADMIN;
    let admin = login(base, email, password).await;
    let admin = admin["access_token"].as_str().unwrap();
    let (status, updated) = call(
        Method::PATCH,
        url.clone(),
        admin,
        Some(serde_json::json!({"version": product["version"], "name": "Renamed for the tag"})),
    )
    .await;
    assert_eq!(status, 200, "{updated}");
    let after = send(
        Method::GET,
        url.clone(),
        None,
        &[("if-none-match", &before)],
    )
    .await;
    assert_eq!(after.status(), 200, "the old tag no longer matches");
    assert_ne!(header(after.headers(), "etag"), before);

    // With a token (an admin also sees deactivated products) nothing is shared.
    let private = send(Method::GET, url, Some(admin), &[("if-none-match", &before)]).await;
    assert_eq!(private.status(), 200);
    assert_eq!(
        header(private.headers(), "cache-control"),
        "private, no-store"
    );
}

#[tokio::test]
async fn the_web_app_and_the_docs_send_security_headers() {
    let web = std::env::temp_dir().join(format!("feira-headers-web-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(web.join("assets")).unwrap();
    std::fs::write(web.join("index.html"), "<div id=root></div>").unwrap();
    std::fs::write(web.join("assets/app-1a2b.js"), "console.log(1)").unwrap();
    let app = up(Some(&web)).await;
    let base = &app.base;

    for path in [
        "/",
        "/products/wool-socks",
        "/assets/app-1a2b.js",
        "/docs/",
        "/docs/swagger-ui.css",
        "/api/catalog/products",
        "/api/nothing/here",
    ] {
        let response = send(Method::GET, format!("{base}{path}"), None, &[]).await;
        assert!(
            response.status().is_success() || path.starts_with("/api/nothing"),
            "{path}: {}",
            response.status()
        );
        assert_security_headers(response.headers(), path);
    }
    let page = send(Method::GET, format!("{base}/"), None, &[]).await;
    let app_policy = header(page.headers(), "content-security-policy").to_owned();
    // The app talks to this origin only and runs no inline script.
    assert_eq!(directive(&app_policy, "connect-src"), ["'self'"]);
    assert_eq!(directive(&app_policy, "base-uri"), ["'self'"]);
    assert_eq!(directive(&app_policy, "form-action"), ["'self'"]);
    let _ = std::fs::remove_dir_all(web);
}

#[tokio::test]
async fn the_landing_page_sends_security_headers() {
    let app = up(None).await;
    let response = send(Method::GET, format!("{}/", app.base), None, &[]).await;
    assert_eq!(response.status(), 200);
    assert_security_headers(response.headers(), "the landing page");
}

/// nginx serves the web app in distributed mode: the same policy, or a page
/// that works under `feira up` could break behind the gateway.
#[test]
fn the_gateway_sends_the_policy_feira_up_sends() {
    let template = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../deploy/nginx/feira.conf.template"),
    )
    .unwrap();
    for (header, value) in [
        ("Content-Security-Policy", kit::headers::APP_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ] {
        assert!(
            template.contains(&format!("\"{value}\"")) || template.contains(&format!(" {value} ")),
            "deploy/nginx/feira.conf.template does not send {header}: {value}"
        );
    }
}
