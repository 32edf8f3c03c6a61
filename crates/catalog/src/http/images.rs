//! Product pictures drawn on the fly as SVG, so the demo catalog has images with
//! nothing to download or store.

use super::error::Result;
use crate::service::ServiceError;
use axum::http::header;
use axum::response::IntoResponse;
use kit::extract::Path;

/// A picture for the product with this slug.
#[utoipa::path(get, path = "/images/{file}", tag = "catalog",
    params(("file" = String, Path, description = "`<slug>.svg`")),
    responses((status = 200, description = "SVG image", content_type = "image/svg+xml"), (status = 404, body = kit::Problem)))]
pub async fn image(Path(file): Path<String>) -> Result<impl IntoResponse> {
    let slug = file
        .strip_suffix(".svg")
        .ok_or(ServiceError::ProductNotFound)?;
    if slug.is_empty()
        || !slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(ServiceError::ProductNotFound.into());
    }
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        svg(slug),
    ))
}

fn svg(slug: &str) -> String {
    // FNV-1a: a stable colour per product.
    let hash = slug.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let hue = hash % 360;
    let title: String = slug
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let initials: String = title
        .split(' ')
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect();
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600" role="img" aria-label="{title}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl({hue},70%,62%)"/><stop offset="1" stop-color="hsl({hue2},70%,42%)"/></linearGradient></defs><rect width="600" height="600" fill="url(#g)"/><text x="300" y="320" font-family="sans-serif" font-size="180" font-weight="700" fill="#fff" text-anchor="middle" dominant-baseline="middle">{initials}</text><text x="300" y="520" font-family="sans-serif" font-size="34" fill="#fff" text-anchor="middle">{title}</text></svg>"##,
        hue2 = (hue + 40) % 360
    )
}
