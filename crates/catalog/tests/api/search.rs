//! Search that forgives: a misspelt word still finds the products, and the
//! answer says what it searched for instead.

use crate::helpers::{Store, on_every_store, spawn_seeded_app_on};
use serde_json::Value;

on_every_store![
    a_typo_finds_the_products_and_names_the_correction,
    an_exact_search_is_not_corrected,
    a_search_for_nothing_like_the_catalog_finds_nothing_and_suggests_nothing,
    corrections_respect_the_other_filters,
    a_new_product_is_corrected_to_at_once,
];

async fn a_typo_finds_the_products_and_names_the_correction(store: Store) {
    let app = spawn_seeded_app_on(store).await;
    for (typed, meant, name) in [
        ("keybord", "keyboard", "Mechanical Keyboard"),
        ("Haedphones", "headphones", "Wireless Headphones"),
        ("wool sweeter", "wool sweater", "Merino Wool Sweater"),
    ] {
        let page: Value = app
            .get_json(&format!("/api/catalog/products?q={typed}"))
            .await;
        assert_eq!(page["did_you_mean"], meant, "{typed}: {page}");
        assert_eq!(page["corrected"], true);
        let names: Vec<&str> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&name), "{typed}: {names:?}");
        assert_eq!(page["total"], names.len());
    }
    app.cleanup().await;
}

async fn an_exact_search_is_not_corrected(store: Store) {
    let app = spawn_seeded_app_on(store).await;
    let page: Value = app.get_json("/api/catalog/products?q=keyboard").await;
    assert_eq!(page["did_you_mean"], Value::Null);
    assert_eq!(page["corrected"], false);
    assert_eq!(page["total"], 1);
    app.cleanup().await;
}

async fn a_search_for_nothing_like_the_catalog_finds_nothing_and_suggests_nothing(store: Store) {
    let app = spawn_seeded_app_on(store).await;
    let page: Value = app.get_json("/api/catalog/products?q=xylophone").await;
    assert_eq!(page["total"], 0);
    assert_eq!(page["did_you_mean"], Value::Null);
    assert_eq!(page["corrected"], false);
    app.cleanup().await;
}

async fn corrections_respect_the_other_filters(store: Store) {
    let app = spawn_seeded_app_on(store).await;
    let page: Value = app
        .get_json("/api/catalog/products?q=keybord&category=books")
        .await;
    assert_eq!(page["total"], 0, "{page}");
    assert_eq!(page["did_you_mean"], Value::Null);
    app.cleanup().await;
}

async fn a_new_product_is_corrected_to_at_once(store: Store) {
    let app = spawn_seeded_app_on(store).await;
    let before: Value = app.get_json("/api/catalog/products?q=harmonica").await;
    assert_eq!(before["total"], 0);
    let mut body = crate::helpers::product_json("HARM-1", 3);
    body["name"] = "Blues Harmonica".into();
    assert_eq!(app.create_product(body).await.status(), 201);
    let page: Value = app.get_json("/api/catalog/products?q=harmonika").await;
    assert_eq!(page["did_you_mean"], "harmonica", "{page}");
    assert_eq!(page["total"], 1);
    app.cleanup().await;
}
