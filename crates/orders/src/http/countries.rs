//! The countries an address may name, for the web app's picker.

use axum::response::Response;
use kit::address::Country;
use kit::headers::PublicRead;

/// Every ISO 3166-1 country, sorted by English name, with whether its
/// addresses need a postal code and, where the shop knows it, the
/// postal-code pattern and an example: what checkout and saved addresses
/// accept (`kit::address`, ADR 0038). Anonymous answers are public and carry
/// an `ETag`; `If-None-Match` with it answers 304.
#[utoipa::path(get, path = "/countries", tag = "orders", security((), ("bearer" = [])),
    responses(
        (status = 200, body = Vec<Country>, headers(
            ("ETag" = String, description = "Tag of this answer, for `If-None-Match`"),
            ("Cache-Control" = String, description = "Public without a token, `private, no-store` with one"))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is still current"),
    ))]
pub async fn list(cache: PublicRead) -> Response {
    cache.json(&kit::address::countries())
}
