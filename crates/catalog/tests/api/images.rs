//! Image URLs a product may hold, and the catalog's own pictures: stored
//! SVG illustrations with their content type and caching.

use crate::helpers::{
    Store, fields, on_every_store, problem, product_json, spawn_app_on, spawn_seeded_app_on,
};
use reqwest::Method;
use serde_json::{Value, json};

on_every_store![
    only_https_and_catalog_image_urls_are_accepted,
    every_demo_product_has_stored_pictures_and_some_a_gallery,
];

async fn only_https_and_catalog_image_urls_are_accepted(store: Store) {
    let app = spawn_app_on(store).await;
    for (images, field) in [
        (json!(["http://cdn.example.com/a.png"]), "images[0]"),
        (
            json!(["https://cdn.example.com/a.png", "javascript:alert(1)"]),
            "images[1]",
        ),
        (
            json!(["/api/catalog/images/no-such-picture.svg"]),
            "images[0]",
        ),
        (json!(["https://cdn.example.com/a b.png"]), "images[0]"),
        (json!(["https://cdn.example.com/setup.exe"]), "images[0]"),
        (
            json!([format!("https://cdn.example.com/{}.png", "a".repeat(2048))]),
            "images[0]",
        ),
    ] {
        let mut body = product_json("IMG-1", 1);
        body["images"] = images.clone();
        let refused = problem(app.create_product(body).await, 422).await;
        assert_eq!(fields(&refused), [field], "{images}");
    }
    assert_eq!(app.total().await, 0);

    let mut body = product_json("IMG-2", 1);
    body["images"] = json!([
        "https://cdn.example.com/products/mug.webp?w=640",
        "/api/catalog/images/wool-scarf.svg"
    ]);
    let created = app.create_product(body).await;
    assert_eq!(created.status(), 201);
    let product: Value = created.json().await.unwrap();
    assert_eq!(
        product["thumbnail"],
        "https://cdn.example.com/products/mug.webp?w=640"
    );
    let path = format!("/api/catalog/products/{}", product["id"].as_str().unwrap());
    let refused = app
        .admin_call(
            Method::PATCH,
            &path,
            Some(json!({"version": product["version"], "images": ["ftp://x.example/a.png"]})),
        )
        .await;
    assert_eq!(fields(&problem(refused, 422).await), ["images[0]"]);
    let cleared = app
        .admin_call(
            Method::PATCH,
            &path,
            Some(json!({"version": product["version"], "images": []})),
        )
        .await;
    let cleared: Value = cleared.json().await.unwrap();
    assert_eq!(cleared["thumbnail"], Value::Null);
    app.cleanup().await;
}

async fn every_demo_product_has_stored_pictures_and_some_a_gallery(store: Store) {
    let app = spawn_seeded_app_on(store).await;
    let page: Value = app.get_json("/api/catalog/products?per_page=100").await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 70);
    let galleries = items
        .iter()
        .filter(|p| p["images"].as_array().unwrap().len() >= 2)
        .count();
    assert!(galleries >= 20, "{galleries} galleries");
    for product in items {
        let images = product["images"].as_array().unwrap();
        assert!(!images.is_empty(), "{}", product["slug"]);
        assert_eq!(product["thumbnail"], images[0]);
    }
    let first = items[0]["images"][0].as_str().unwrap();
    let response = app.get(first).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("public, max-age=86400")
    );
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    let etag = response.headers()["etag"].clone();
    let svg = response.text().await.unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("viewBox"), "{svg}");
    assert!(!svg.contains("<script"));
    let again = app
        .get(first)
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    app.cleanup().await;
}
