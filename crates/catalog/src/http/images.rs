//! The catalog's own pictures: SVG illustrations stored in the repository
//! (`crates/catalog/images/`), compiled into the binary, served with a long
//! public cache lifetime and an `ETag`. SVG scales to every width, so one
//! file serves every `srcset` size (ADR 37).

use super::error::Result;
use crate::domain::image;
use crate::service::ServiceError;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kit::extract::Path;

/// Pictures change only with a release; a day fresh, a week served stale
/// while revalidated.
const CACHE: &str = "public, max-age=86400, stale-while-revalidate=604800";

/// An SVG is a document: it may run nothing and load nothing, even when
/// opened on its own.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/// A stored picture.
#[utoipa::path(get, path = "/images/{file}", tag = "catalog",
    params(("file" = String, Path, description = "A file name such as `wireless-headphones.svg`; products' and categories' `images` name them")),
    responses(
        (status = 200, description = "SVG image", content_type = "image/svg+xml",
            headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is still current"),
        (status = 404, body = kit::Problem)))]
pub async fn image(headers: HeaderMap, Path(file): Path<String>) -> Result<Response> {
    let svg = image::own_file(&file).ok_or(ServiceError::ImageNotFound)?;
    let etag = etag(svg);
    let cache = [
        (header::CACHE_CONTROL, HeaderValue::from_static(CACHE)),
        (header::ETAG, etag.clone()),
    ];
    let matches = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag);
    if matches {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    Ok((
        cache,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(POLICY),
            ),
        ],
        svg,
    )
        .into_response())
}

/// A strong validator: FNV-1a over the file, the same in every process.
fn etag(body: &str) -> HeaderValue {
    let hash = body.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    HeaderValue::from_str(&format!("\"{hash:016x}\"")).unwrap_or(HeaderValue::from_static("\"\""))
}
