//! What every answer tells browsers and caches: what a page may load and who
//! may frame it (`Content-Security-Policy` and its companions), and who may
//! keep a copy (`Cache-Control`, with an `ETag` for the public catalog reads).
//!
//! [`security`] and [`defaults`] are applied once, by
//! [`crate::http::with_common_layers`], to every answer of every service; a
//! handler that sets one of these headers itself keeps its own value. A
//! handler whose answer anyone may cache answers through [`PublicRead`].

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::convert::Infallible;
use tower::ServiceBuilder;
use tower::layer::util::{Identity, Stack};
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy of the web app and of every answer outside `/docs`: scripts,
/// styles, fonts and API calls from this origin only, no plugins, no
/// `<base>` or form posts elsewhere, and no framing by any site.
/// `deploy/nginx/` sends the same policy in front of the same app.
///
/// Two allowances, each for what the app does: inline styles, because its
/// toasts and dialogs (Sonner, Radix) insert `<style>` elements at run time
/// and the built-in landing page has one (a style cannot run code); and
/// images from any `https:` address, because a product's images are URLs an
/// admin enters, and `data:` images, because the two-factor QR code is an
/// SVG the API hands out (an image cannot run script).
pub const APP_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The policy of the interactive API docs (`/docs`, Swagger UI, served from
/// the binary): like the app's, with the inline styles and `data:` images
/// (its icons) Swagger UI draws with, and no images from elsewhere.
pub const DOCS_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// No guessing a content type other than the one sent: a JSON answer is never
/// run as a script or rendered as a page.
pub const NOSNIFF: HeaderValue = HeaderValue::from_static("nosniff");

/// The same as `frame-ancestors 'none'`, for browsers that predate it.
pub const FRAME_OPTIONS: HeaderValue = HeaderValue::from_static("DENY");

/// Other sites learn the origin a visitor came from, never the path (which
/// can hold an order id or a search).
pub const REFERRER_POLICY: HeaderValue =
    HeaderValue::from_static("strict-origin-when-cross-origin");

/// What an answer is when its handler says nothing: for one user only, and
/// kept by no cache, browser or proxy. Tokens, carts, orders, profiles and
/// tasks are all of this kind; a shareable answer says so itself.
pub const PRIVATE: HeaderValue = HeaderValue::from_static("private, no-store");

/// A public catalog read: any cache may keep it, for 30 seconds before asking
/// again (with its `ETag`). Short, so a price or stock change shows within
/// half a minute; long enough that a page's burst of requests and a shopper
/// going back and forth are answered from cache.
pub const PUBLIC: HeaderValue = HeaderValue::from_static("public, max-age=30");

/// One response header set unless the handler set it.
pub type IfNotPresent = SetResponseHeaderLayer<HeaderValue>;

/// The layers [`security`] returns.
pub type SecurityLayers =
    ServiceBuilder<Stack<IfNotPresent, Stack<IfNotPresent, Stack<IfNotPresent, Identity>>>>;

/// The security headers that are the same on every answer, as one layer:
/// [`NOSNIFF`], [`FRAME_OPTIONS`] and [`REFERRER_POLICY`], each unless the
/// handler set its own.
pub fn security() -> SecurityLayers {
    ServiceBuilder::new()
        .layer(IfNotPresent::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            NOSNIFF,
        ))
        .layer(IfNotPresent::if_not_present(
            header::X_FRAME_OPTIONS,
            FRAME_OPTIONS,
        ))
        .layer(IfNotPresent::if_not_present(
            header::REFERRER_POLICY,
            REFERRER_POLICY,
        ))
}

/// Sets the policy that fits the path (the docs' or the app's) and
/// [`PRIVATE`] as `Cache-Control`, each unless the handler set its own.
pub async fn defaults(req: Request, next: Next) -> Response {
    let docs = is_docs(req.uri().path());
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let policy = if docs { DOCS_POLICY } else { APP_POLICY };
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(policy),
        );
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, PRIVATE);
    }
    response
}

fn is_docs(path: &str) -> bool {
    path == "/docs" || path.starts_with("/docs/")
}

/// A read anyone may cache: extract it in a handler and answer with
/// [`PublicRead::json`]. Without an `Authorization` header the answer is
/// [`PUBLIC`] with a strong `ETag`, and a matching
/// `If-None-Match` gets `304 Not Modified`; with one (an admin also sees
/// deactivated products) it is [`PRIVATE`], like every authenticated answer.
#[derive(Debug, Clone)]
pub struct PublicRead {
    authorized: bool,
    if_none_match: Vec<HeaderValue>,
}

impl<S: Send + Sync> FromRequestParts<S> for PublicRead {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::from_headers(&parts.headers))
    }
}

impl PublicRead {
    /// The caching the request's headers ask for.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        Self {
            authorized: headers.contains_key(header::AUTHORIZATION),
            if_none_match: headers
                .get_all(header::IF_NONE_MATCH)
                .iter()
                .cloned()
                .collect(),
        }
    }

    /// `value` as JSON, cacheable as described on [`PublicRead`].
    pub fn json<T: Serialize>(self, value: &T) -> Response {
        let body = match serde_json::to_vec(value) {
            Ok(body) => body,
            Err(error) => return crate::Problem::internal(&error).into_response(),
        };
        let json = [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )];
        if self.authorized {
            return ([(header::CACHE_CONTROL, PRIVATE)], json, body).into_response();
        }
        let etag = etag(&body);
        let cache = [
            (header::CACHE_CONTROL, PUBLIC),
            (header::ETAG, etag.clone()),
            // A cache must not hand the anonymous copy to a request with a
            // token, whose answer can differ (and must not be kept).
            (header::VARY, HeaderValue::from_static("authorization")),
        ];
        if self.matches(&etag) {
            // RFC 9110 §15.4.5: the headers a 200 would carry, no body.
            return (StatusCode::NOT_MODIFIED, cache).into_response();
        }
        (cache, json, body).into_response()
    }

    /// RFC 9110 §13.1.2: `*` or any listed tag, compared weakly.
    fn matches(&self, etag: &HeaderValue) -> bool {
        let ours = etag.as_bytes();
        self.if_none_match
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag).as_bytes() == ours)
    }
}

/// A strong validator for `body`: a 128-bit FNV-1a hash of its bytes, the
/// same in every process and release, so replicas agree. It guards against
/// stale copies, not forgery; the bodies are the catalog's own.
fn etag(body: &[u8]) -> HeaderValue {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let hash = body
        .iter()
        .fold(OFFSET, |h, &b| (h ^ u128::from(b)).wrapping_mul(PRIME));
    // Hex digits and quotes are always a valid header value.
    HeaderValue::from_str(&format!("\"{hash:032x}\"")).unwrap_or(HeaderValue::from_static("\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderName;

    fn read(headers: &[(HeaderName, &str)]) -> PublicRead {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(name, HeaderValue::from_str(value).unwrap());
        }
        PublicRead::from_headers(&map)
    }

    #[test]
    fn the_tag_is_stable_and_follows_the_body() {
        assert_eq!(etag(b"[1,2]"), etag(b"[1,2]"));
        assert_ne!(etag(b"[1,2]"), etag(b"[1,3]"));
        assert_eq!(
            etag(b"").to_str().unwrap(),
            "\"6c62272e07bb014262b821756295c58d\"",
            "FNV-1a 128 of nothing is its offset basis"
        );
    }

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists_and_any() {
        let tag = etag(b"{}");
        let ours = tag.to_str().unwrap().to_owned();
        for header in [
            ours.clone(),
            format!("W/{ours}"),
            format!("\"a\", {ours}"),
            "*".to_owned(),
        ] {
            assert!(
                read(&[(header::IF_NONE_MATCH, &header)]).matches(&tag),
                "{header}"
            );
        }
        let split = read(&[
            (header::IF_NONE_MATCH, "\"a\""),
            (header::IF_NONE_MATCH, &ours),
        ]);
        assert!(split.matches(&tag), "a header repeated is one list");
        assert!(!read(&[(header::IF_NONE_MATCH, "\"a\", W/\"b\"")]).matches(&tag));
        assert!(!read(&[]).matches(&tag));
    }

    #[tokio::test]
    async fn a_token_makes_the_read_private_and_unconditional() {
        let tag = etag(b"{\"a\":1}");
        let response = read(&[
            (header::AUTHORIZATION, "Bearer x"),
            (header::IF_NONE_MATCH, tag.to_str().unwrap()),
        ])
        .json(&serde_json::json!({"a": 1}));
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "private, no-store"
        );
        assert!(!response.headers().contains_key(header::ETAG));
    }

    #[tokio::test]
    async fn a_matching_tag_gets_304_with_the_headers_and_no_body() {
        let fresh = read(&[]).json(&serde_json::json!({"a": 1}));
        assert_eq!(fresh.status(), StatusCode::OK);
        assert_eq!(fresh.headers()[header::CACHE_CONTROL], "public, max-age=30");
        assert_eq!(fresh.headers()[header::VARY], "authorization");
        let tag = fresh.headers()[header::ETAG].to_str().unwrap().to_owned();
        let body = axum::body::to_bytes(fresh.into_body(), 1024).await.unwrap();
        assert_eq!(etag(&body).to_str().unwrap(), tag);

        let again = read(&[(header::IF_NONE_MATCH, &tag)]).json(&serde_json::json!({"a": 1}));
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(again.headers()[header::ETAG], tag.as_str());
        assert_eq!(again.headers()[header::CACHE_CONTROL], "public, max-age=30");
        assert!(!again.headers().contains_key(header::CONTENT_TYPE));
        let body = axum::body::to_bytes(again.into_body(), 1024).await.unwrap();
        assert!(body.is_empty());
    }

    #[test]
    fn the_docs_get_their_own_policy() {
        assert!(is_docs("/docs"));
        assert!(is_docs("/docs/swagger-ui.css"));
        assert!(!is_docs("/docsearch"));
        assert!(!is_docs("/api/docs"));
        for policy in [APP_POLICY, DOCS_POLICY] {
            assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
            assert!(policy.contains("script-src 'self';"), "{policy}");
        }
    }
}
