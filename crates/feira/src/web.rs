//! The web app's production build, served by `feira up` the way nginx serves
//! it in distributed mode: files as they are, hashed assets cached for a year,
//! and `index.html` for every other path so the app's own router takes over.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::path::Path;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// Routes for the build in `dir`, or `None` when it holds no `index.html`.
/// The API's own routes win over these; unknown `/api/` paths stay 404
/// problems rather than the app's page.
pub fn router(dir: &Path) -> Option<Router> {
    let index = dir.join("index.html");
    if !index.is_file() {
        return None;
    }
    let files = ServeDir::new(dir).fallback(ServeFile::new(index));
    let service = tower::service_fn(move |req: Request| {
        let files = files.clone();
        async move { Ok::<_, std::convert::Infallible>(serve(files, req).await) }
    });
    Some(
        Router::new()
            .route_service("/", service.clone())
            .route_service("/{*path}", service),
    )
}

async fn serve(files: ServeDir<ServeFile>, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    if path.starts_with("/api/") || path.starts_with("/internal/") {
        return kit::Problem::not_found(format!("No route for {} {path}.", req.method()))
            .into_response();
    }
    let mut response = match files.oneshot(req).await {
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

    #[tokio::test]
    async fn serves_files_the_spa_fallback_and_problems_for_the_api() {
        let dir = std::env::temp_dir().join(format!("feira-web-{}", uuid::Uuid::now_v7()));
        assert!(router(&dir).is_none(), "no build, no routes");
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        std::fs::write(dir.join("index.html"), "<div id=root></div>").unwrap();
        std::fs::write(dir.join("assets/app-1a2b.js"), "console.log(1)").unwrap();
        let web = router(&dir).unwrap();

        let (status, cache, body) = get(&web, "/assets/app-1a2b.js").await;
        assert_eq!((status, body.as_str()), (200, "console.log(1)"));
        assert!(cache.contains("immutable"), "{cache}");
        for page in ["/", "/products/wool-socks", "/account/orders/42"] {
            let (status, cache, body) = get(&web, page).await;
            assert_eq!((status, cache.as_str()), (200, "no-cache"), "{page}");
            assert!(body.contains("root"), "{page}");
        }
        let (status, _, body) = get(&web, "/api/nothing/here").await;
        assert_eq!(status, 404);
        assert!(body.contains("not-found"), "{body}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
