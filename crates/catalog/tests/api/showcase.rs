//! What the home page and a product page show: featured products, related
//! products, typed attributes, and the admin table's needs (pages, search,
//! thumbnails, stock set inline).

use crate::helpers::{Store, fields, on_every_store, problem, spawn_seeded_app_on};
use reqwest::Method;
use serde_json::{Value, json};

on_every_store![
    featured_products_are_listed_for_the_home_page,
    related_products_share_the_category_and_leave_the_product_out,
    attributes_carry_units_and_booleans,
    the_admin_table_pages_searches_and_sets_stock_inline,
];

async fn featured_products_are_listed_for_the_home_page(store: Store) {
    let app = spawn_seeded_app_on(store).await;
    let page: Value = app
        .get_json("/api/catalog/products?featured=true&per_page=100")
        .await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 14);
    assert!(items.iter().all(|p| p["featured"] == true));
    let others: Value = app.get_json("/api/catalog/products?featured=false").await;
    assert_eq!(others["total"], 56);
    app.cleanup().await;
}

async fn related_products_share_the_category_and_leave_the_product_out(store: Store) {
    let app = spawn_seeded_app_on(store).await;
    let product: Value = app
        .get_json("/api/catalog/products/by-slug/mechanical-keyboard")
        .await;
    let id = product["id"].as_str().unwrap();
    let related: Value = app
        .get_json(&format!("/api/catalog/products/{id}/related?limit=4"))
        .await;
    let items = related["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert!(items.iter().all(|p| p["category"] == "electronics"));
    assert!(items.iter().all(|p| p["id"] != product["id"]));
    // The keyboard is featured; the other featured one comes first.
    assert_eq!(items[0]["featured"], true);
    let all: Value = app
        .get_json(&format!("/api/catalog/products/{id}/related?limit=24"))
        .await;
    assert_eq!(all["items"].as_array().unwrap().len(), 9);
    let response = app
        .get(&format!("/api/catalog/products/{id}/related?limit=0"))
        .send()
        .await
        .unwrap();
    assert_eq!(fields(&problem(response, 400).await), ["limit"]);
    let unknown = app
        .get("/api/catalog/products/01900000-0000-7000-8000-000000000000/related")
        .send()
        .await
        .unwrap();
    problem(unknown, 404).await;
    app.cleanup().await;
}

async fn attributes_carry_units_and_booleans(store: Store) {
    let app = spawn_seeded_app_on(store).await;
    let cream: Value = app
        .get_json("/api/catalog/products/by-slug/hydrating-face-cream")
        .await;
    assert_eq!(
        cream["attributes"]["volume"],
        json!({"value": 50, "unit": "ml"})
    );
    assert_eq!(cream["attributes"]["vegan"], true);
    let mut body = crate::helpers::product_json("ATTR-1", 1);
    body["attributes"] = json!({"volume": {"value": "lots", "unit": "ml"}});
    let refused = app.create_product(body).await;
    assert_eq!(fields(&problem(refused, 422).await), ["attributes.volume"]);
    app.cleanup().await;
}

async fn the_admin_table_pages_searches_and_sets_stock_inline(store: Store) {
    let app = spawn_seeded_app_on(store).await;
    let page: Value = app
        .as_admin(
            app.get(
                "/api/catalog/products?include_inactive=true&q=wool&per_page=1&page=2&sort=name",
            ),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 2, "{page}");
    assert_eq!(page["page"], 2);
    let item = &page["items"][0];
    assert_eq!(item["name"], "Wool Scarf");
    assert!(
        item["thumbnail"]
            .as_str()
            .unwrap()
            .starts_with("/api/catalog/images/")
    );
    let path = format!(
        "/api/catalog/products/{}/stock",
        item["id"].as_str().unwrap()
    );
    let set = app
        .admin_call(
            Method::PUT,
            &path,
            Some(json!({"stock": 42, "version": item["version"]})),
        )
        .await;
    assert_eq!(set.status(), 200);
    let set: Value = set.json().await.unwrap();
    assert_eq!(set["stock"], 42);
    let stale = app
        .admin_call(
            Method::PUT,
            &path,
            Some(json!({"stock": 1, "version": item["version"]})),
        )
        .await;
    problem(stale, 409).await;
    app.cleanup().await;
}
