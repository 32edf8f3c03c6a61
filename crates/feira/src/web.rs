//! The web app's production build, served by `feira up` the way nginx serves
//! it in distributed mode: files as they are, hashed assets cached for a year,
//! and `index.html` for every other path so the app's own router takes over.
//!
//! The build writes `routes.json` next to `index.html`: the app's route
//! patterns (React Router's syntax), extracted from `web/src/app/routes.tsx`
//! by a Vite plugin (`web/scripts/routes-manifest.mjs`). A path none of them
//! matches still gets `index.html`, so the app draws its not-found page, but
//! with status 404, so crawlers, link checkers and monitors see the truth.
//! A build without the manifest answers 200 for every page path, as before.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_status::SetStatus;

/// The manifest's file name inside the build folder.
pub const ROUTES_MANIFEST: &str = "routes.json";

/// Routes for the build in `dir`, or `None` when it holds no `index.html`.
/// The API's own routes win over these; unknown `/api/` paths stay 404
/// problems rather than the app's page.
pub fn router(dir: &Path) -> Option<Router> {
    let index = dir.join("index.html");
    if !index.is_file() {
        return None;
    }
    let routes = Arc::new(AppRoutes::load(dir));
    let files = Files {
        known: ServeDir::new(dir).fallback(ServeFile::new(&index)),
        unknown: ServeDir::new(dir).not_found_service(ServeFile::new(&index)),
    };
    let service = tower::service_fn(move |req: Request| {
        let files = files.clone();
        let routes = routes.clone();
        async move { Ok::<_, std::convert::Infallible>(serve(files, &routes, req).await) }
    });
    Some(
        Router::new()
            .route_service("/", service.clone())
            .route_service("/{*path}", service),
    )
}

/// The build's files, with `index.html` for a missing file: with status 200
/// for one of the app's pages, 404 for any other path.
#[derive(Clone)]
struct Files {
    known: ServeDir<ServeFile>,
    unknown: ServeDir<SetStatus<ServeFile>>,
}

async fn serve(files: Files, routes: &AppRoutes, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    if path.starts_with("/api/") || path.starts_with("/internal/") {
        return kit::Problem::not_found(format!("No route for {} {path}.", req.method()))
            .into_response();
    }
    let answer = if routes.matches(&path) {
        files.known.oneshot(req).await
    } else {
        files.unknown.oneshot(req).await
    };
    let mut response = match answer {
        Ok(response) => response.map(axum::body::Body::new),
        Err(never) => match never {},
    };
    // Vite names assets by content hash, so they never change; the page that
    // names them must be revalidated every time.
    let cache = if path.starts_with("/assets/") && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// The app's page paths, as the build's manifest lists them.
#[derive(Debug)]
pub struct AppRoutes {
    /// `None`: no manifest, every path is taken for a page.
    patterns: Option<Vec<Pattern>>,
}

#[derive(serde::Deserialize)]
struct Manifest {
    routes: Vec<String>,
}

impl AppRoutes {
    /// Reads `routes.json` from the build folder `dir`. A missing or
    /// unreadable manifest is logged and makes every path a page.
    pub fn load(dir: &Path) -> Self {
        let file = dir.join(ROUTES_MANIFEST);
        let read = std::fs::read(&file)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                serde_json::from_slice::<Manifest>(&bytes).map_err(|e| e.to_string())
            });
        match read {
            Ok(manifest) => Self::new(manifest.routes.iter().map(String::as_str)),
            Err(error) => {
                tracing::warn!(file = %file.display(), %error, "no route manifest in the web build: every page path answers 200");
                Self { patterns: None }
            }
        }
    }

    /// The routes of these patterns, in React Router's syntax (`/products/:slug`,
    /// `/files/*`, `/:lang?/about`).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            patterns: Some(patterns.into_iter().map(Pattern::parse).collect()),
        }
    }

    /// Whether the app has a page at `path` (a request path, still
    /// percent-encoded; a trailing slash is ignored, as the app's router does).
    pub fn matches(&self, path: &str) -> bool {
        let Some(patterns) = &self.patterns else {
            return true;
        };
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        patterns.iter().any(|p| p.matches(&segments))
    }
}

#[derive(Debug)]
enum Segment {
    /// A literal segment, compared without regard to ASCII case (React
    /// Router's default).
    Static { text: String, optional: bool },
    /// `:name`: any one non-empty segment.
    Param { optional: bool },
    /// `*` at the end: the rest of the path, possibly nothing.
    Splat,
}

#[derive(Debug)]
struct Pattern(Vec<Segment>);

impl Pattern {
    fn parse(pattern: &str) -> Self {
        Self(
            pattern
                .split('/')
                .filter(|s| !s.is_empty())
                .map(|s| {
                    let (s, optional) = match s.strip_suffix('?') {
                        Some(rest) => (rest, true),
                        None => (s, false),
                    };
                    if s == "*" {
                        Segment::Splat
                    } else if s.starts_with(':') {
                        Segment::Param { optional }
                    } else {
                        Segment::Static {
                            text: s.to_owned(),
                            optional,
                        }
                    }
                })
                .collect(),
        )
    }

    fn matches(&self, path: &[&str]) -> bool {
        fn go(pattern: &[Segment], path: &[&str]) -> bool {
            let Some((first, rest)) = pattern.split_first() else {
                return path.is_empty();
            };
            let optional = match first {
                Segment::Splat => return true,
                Segment::Static { optional, .. } | Segment::Param { optional } => *optional,
            };
            let here = match (first, path.first()) {
                (_, None) => false,
                (Segment::Static { text, .. }, Some(seg)) => text.eq_ignore_ascii_case(seg),
                (_, Some(_)) => true,
            };
            (here && go(rest, &path[1..])) || (optional && go(rest, path))
        }
        go(&self.0, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    async fn get(router: &Router, path: &str) -> (u16, String, String) {
        let response = router
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status().as_u16();
        let cache = response
            .headers()
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, cache, String::from_utf8_lossy(&body).into_owned())
    }

    fn build(manifest: Option<&str>) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("feira-web-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        std::fs::write(dir.join("index.html"), "<div id=root></div>").unwrap();
        std::fs::write(dir.join("assets/app-1a2b.js"), "console.log(1)").unwrap();
        if let Some(manifest) = manifest {
            std::fs::write(dir.join(ROUTES_MANIFEST), manifest).unwrap();
        }
        dir
    }

    #[tokio::test]
    async fn serves_files_the_app_shell_and_problems_for_the_api() {
        let empty = std::env::temp_dir().join(format!("feira-web-{}", uuid::Uuid::now_v7()));
        assert!(router(&empty).is_none(), "no build, no routes");
        let dir = build(Some(
            r#"{"routes": ["/", "/products/:slug", "/orders/:id", "/tasks/dashboard"]}"#,
        ));
        let web = router(&dir).unwrap();

        let (status, cache, body) = get(&web, "/assets/app-1a2b.js").await;
        assert_eq!((status, body.as_str()), (200, "console.log(1)"));
        assert!(cache.contains("immutable"), "{cache}");
        for page in [
            "/",
            "/products/wool-socks",
            "/orders/42",
            "/Tasks/Dashboard/",
        ] {
            let (status, cache, body) = get(&web, page).await;
            assert_eq!((status, cache.as_str()), (200, "no-cache"), "{page}");
            assert!(body.contains("root"), "{page}");
        }
        for page in [
            "/nothing",
            "/products",
            "/products/a/b",
            "/orders/42/x",
            "/assets/gone.js",
        ] {
            let (status, cache, body) = get(&web, page).await;
            assert_eq!((status, cache.as_str()), (404, "no-cache"), "{page}");
            assert!(
                body.contains("root"),
                "the app shell still draws the 404 page: {page}"
            );
        }
        for api in ["/api/nothing/here", "/internal/nothing"] {
            let (status, _, body) = get(&web, api).await;
            assert_eq!(status, 404);
            assert!(body.contains("not-found"), "{api}: {body}");
        }
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn without_a_manifest_every_page_path_is_the_app() {
        let dir = build(None);
        let web = router(&dir).unwrap();
        let (status, _, body) = get(&web, "/anything/at/all").await;
        assert_eq!(status, 200);
        assert!(body.contains("root"));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn patterns_follow_react_router() {
        let routes = AppRoutes::new(["/", "/files/*", "/:lang?/about", "/shop/sale?/items"]);
        for yes in [
            "/",
            "//",
            "/files",
            "/files/a/b.txt",
            "/about",
            "/pt/about",
            "/shop/items",
            "/shop/sale/items",
            "/SHOP/items/",
        ] {
            assert!(routes.matches(yes), "{yes}");
        }
        for no in [
            "/x",
            "/pt/en/about",
            "/shop/other/items",
            "/shop",
            "/filesx",
        ] {
            assert!(!routes.matches(no), "{no}");
        }
    }

    /// Every literal `path: "..."` of the app's `routes.tsx` (the shape the
    /// Vite plugin reads, which refuses any other) but the catch-all is a
    /// page; a made-up path is not.
    #[test]
    fn the_apps_own_routes_are_pages() {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/src/app/routes.tsx");
        let source = std::fs::read_to_string(file).unwrap();
        let paths: Vec<String> = source
            .split("path:")
            .skip(1)
            .filter_map(|rest| {
                let rest = rest.trim_start();
                let quote = rest
                    .chars()
                    .next()
                    .filter(|c| matches!(c, '"' | '\'' | '`'))?;
                let end = rest[1..].find(quote)?;
                Some(rest[1..=end].to_owned())
            })
            .filter(|p| p != "*" && p.starts_with('/'))
            .collect();
        assert!(paths.iter().any(|p| p == "/cart"), "{paths:?}");
        let routes = AppRoutes::new(paths.iter().map(String::as_str));
        for path in &paths {
            let concrete = path.replace(":slug", "wool-socks").replace(":id", "0190");
            assert!(routes.matches(&concrete), "{path} as {concrete}");
        }
        assert!(!routes.matches("/no-such-page-at-all"));
    }
}
