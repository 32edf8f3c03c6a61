use crate::helpers::{BODY_LIMIT, fields, problem, product_json, spawn_app, spawn_seeded_app};
use serde_json::{Value, json};

#[tokio::test]
async fn list_returns_a_page_of_active_products_with_the_total() {
    let app = spawn_seeded_app().await;
    let page: Value = app.get_json("/api/catalog/products?per_page=20").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 20);
    assert_eq!(page["total"], 70);
    assert_eq!(page["page"], 1);
}

#[tokio::test]
async fn search_filters_and_sort_compose() {
    let app = spawn_seeded_app().await;
    let page: Value = app
        .get_json("/api/catalog/products?q=WOOL&category=fashion&sort=price&order=desc")
        .await;
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty());
    let prices: Vec<i64> = items
        .iter()
        .map(|p| p["price"]["amount"].as_i64().unwrap())
        .collect();
    assert!(prices.windows(2).all(|w| w[0] >= w[1]), "{prices:?}");
    assert!(items.iter().all(|p| p["category"] == "fashion"));
}

#[tokio::test]
async fn categories_list_every_demo_category_with_counts() {
    let app = spawn_seeded_app().await;
    let categories: Vec<Value> = app.get_json("/api/catalog/categories").await;
    assert!(categories.len() >= 6);
    // Every demo category has products; the test app's own has none yet.
    assert!(
        categories
            .iter()
            .filter(|c| c["slug"] != crate::helpers::TEST_CATEGORY)
            .all(|c| c["count"].as_u64().unwrap() > 0)
    );
}

#[tokio::test]
async fn seeding_twice_adds_nothing() {
    let app = spawn_seeded_app().await;
    assert_eq!(catalog::seed(app.products.as_ref()).await.unwrap(), 0);
    assert_eq!(app.total().await, 70);
}

#[tokio::test]
async fn unknown_query_parameter_is_a_400_naming_it() {
    let app = spawn_app().await;
    let body = problem(
        app.get("/api/catalog/products?colour=red")
            .send()
            .await
            .unwrap(),
        400,
    )
    .await;
    assert_eq!(fields(&body), vec!["colour"]);
}

#[tokio::test]
async fn unknown_sort_key_and_bad_values_are_400s_naming_the_parameter() {
    let app = spawn_app().await;
    for (query, field) in [
        ("sort=popularity", "sort"),
        ("order=sideways", "order"),
        ("per_page=1000", "per_page"),
        ("page=0", "page"),
        ("min_price=-5", "min_price"),
        ("min_price=ten", "min_price"),
        ("in_stock=maybe", "in_stock"),
    ] {
        let response = app
            .get(&format!("/api/catalog/products?{query}"))
            .send()
            .await
            .unwrap();
        let body = problem(response, 400).await;
        assert_eq!(fields(&body), vec![field], "{query}");
    }
}

#[tokio::test]
async fn product_by_id_and_by_slug() {
    let app = spawn_app().await;
    let created = app.product("SKU-1", 3).await;
    let id = created["id"].as_str().unwrap();
    let by_id: Value = app.get_json(&format!("/api/catalog/products/{id}")).await;
    assert_eq!(by_id, created);
    let by_slug: Value = app
        .get_json("/api/catalog/products/by-slug/product-sku-1")
        .await;
    assert_eq!(by_slug["id"], created["id"]);
}

#[tokio::test]
async fn a_malformed_id_is_a_400_and_an_unknown_one_a_404() {
    let app = spawn_app().await;
    let body = problem(
        app.get("/api/catalog/products/not-a-uuid")
            .send()
            .await
            .unwrap(),
        400,
    )
    .await;
    assert_eq!(fields(&body), vec!["id"]);
    problem(
        app.get("/api/catalog/products/01900000-0000-7000-8000-000000000000")
            .send()
            .await
            .unwrap(),
        404,
    )
    .await;
}

#[tokio::test]
async fn writes_need_an_admin_token() {
    let app = spawn_app().await;
    let url = app.url("/api/catalog/products");
    let anonymous = app
        .client
        .post(&url)
        .json(&product_json("A", 1))
        .send()
        .await
        .unwrap();
    assert_eq!(
        anonymous.headers()["www-authenticate"],
        "Bearer realm=\"feira\""
    );
    problem(anonymous, 401).await;
    let customer = app
        .client
        .post(&url)
        .bearer_auth(app.customer_token())
        .json(&product_json("A", 1))
        .send()
        .await
        .unwrap();
    problem(customer, 403).await;
    let forged = app
        .client
        .post(&url)
        .bearer_auth(
            app.issuer
                .token_with(json!({"roles": ["admin"], "iss": "https://elsewhere"})),
        )
        .json(&product_json("A", 1))
        .send()
        .await
        .unwrap();
    problem(forged, 401).await;
    assert_eq!(app.total().await, 0);
}

#[tokio::test]
async fn create_returns_201_with_location_and_defaults() {
    let app = spawn_app().await;
    let response = app.create_product(product_json("NEW-1", 4)).await;
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/catalog/products/{}", body["id"].as_str().unwrap())
    );
    assert_eq!(body["slug"], "product-new-1");
    assert_eq!(body["version"], 1);
    assert_eq!(body["active"], true);
    assert_eq!(body["attributes"]["colour"], "blue");
}

#[tokio::test]
async fn invalid_products_are_422s_naming_each_field_and_create_nothing() {
    let app = spawn_app().await;
    let mut negative = product_json("BAD-1", 1);
    negative["price"]["amount"] = json!(-100);
    let body = problem(app.create_product(negative).await, 422).await;
    assert_eq!(fields(&body), vec!["price.amount"]);

    let mut fractional = product_json("BAD-2", 1);
    fractional["stock"] = json!(2.5);
    let body = problem(app.create_product(fractional).await, 422).await;
    assert_eq!(fields(&body), vec!["stock"]);

    let mut unknown = product_json("BAD-3", 1);
    unknown["colour"] = json!("red");
    let body = problem(app.create_product(unknown).await, 422).await;
    assert_eq!(fields(&body), vec!["colour"]);

    let mut missing = product_json("BAD-4", 1);
    missing.as_object_mut().unwrap().remove("price");
    let body = problem(app.create_product(missing).await, 422).await;
    assert_eq!(fields(&body), vec!["price"]);

    let mut many = product_json("", -1);
    many["price"]["currency"] = json!("euros");
    let body = problem(app.create_product(many).await, 422).await;
    let named = fields(&body);
    for field in ["sku", "price.currency", "stock"] {
        assert!(
            named.contains(&field.to_owned()),
            "{field} not in {named:?}"
        );
    }
    assert_eq!(app.total().await, 0);
}

#[tokio::test]
async fn malformed_json_wrong_type_and_oversized_bodies_are_refused() {
    let app = spawn_app().await;
    let url = app.url("/api/catalog/products");
    let malformed = app
        .as_admin(app.client.post(&url))
        .header("content-type", "application/json")
        .body("{\"sku\": ")
        .send()
        .await
        .unwrap();
    problem(malformed, 400).await;
    let not_json = app
        .as_admin(app.client.post(&url))
        .body("sku=1")
        .send()
        .await
        .unwrap();
    problem(not_json, 415).await;
    let mut huge = product_json("BIG-1", 1);
    huge["description"] = json!("x".repeat(BODY_LIMIT * 2));
    problem(app.create_product(huge).await, 413).await;
    assert_eq!(app.total().await, 0);
}

#[tokio::test]
async fn a_duplicate_sku_is_a_409_naming_it() {
    let app = spawn_app().await;
    app.product("DUP-1", 1).await;
    let mut again = product_json("DUP-1", 1);
    again["name"] = json!("Another name");
    let body = problem(app.create_product(again).await, 409).await;
    assert_eq!(fields(&body), vec!["sku"]);
    assert_eq!(app.total().await, 1);
}

#[tokio::test]
async fn a_stale_update_is_a_409_and_changes_nothing() {
    let app = spawn_app().await;
    let created = app.product("VER-1", 1).await;
    let url = app.url(&format!(
        "/api/catalog/products/{}",
        created["id"].as_str().unwrap()
    ));
    let first = app
        .as_admin(app.client.patch(&url))
        .json(&json!({"version": 1, "name": "First"}))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    let updated: Value = first.json().await.unwrap();
    assert_eq!(
        (updated["name"].as_str(), updated["version"].as_i64()),
        (Some("First"), Some(2))
    );

    let stale = app
        .as_admin(app.client.patch(&url))
        .json(&json!({"version": 1, "name": "Second"}))
        .send()
        .await
        .unwrap();
    problem(stale, 409).await;
    let now: Value = app
        .get(&format!(
            "/api/catalog/products/{}",
            created["id"].as_str().unwrap()
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(now["name"], "First");

    let invalid = app
        .as_admin(app.client.patch(&url))
        .json(&json!({"version": 2, "price": {"amount": -1, "currency": "EUR"}}))
        .send()
        .await
        .unwrap();
    let body = problem(invalid, 422).await;
    assert_eq!(fields(&body), vec!["price.amount"]);
}

#[tokio::test]
async fn set_stock_with_the_current_version() {
    let app = spawn_app().await;
    let created = app.product("STK-1", 1).await;
    let id = created["id"].as_str().unwrap();
    let url = app.url(&format!("/api/catalog/products/{id}/stock"));
    let ok = app
        .as_admin(app.client.put(&url))
        .json(&json!({"stock": 42, "version": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(app.stock(id).await, 42);
    let negative = app
        .as_admin(app.client.put(&url))
        .json(&json!({"stock": -1, "version": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(fields(&problem(negative, 422).await), vec!["stock"]);
    assert_eq!(app.stock(id).await, 42);
}

#[tokio::test]
async fn delete_deactivates_hiding_the_product_from_shoppers_only() {
    let app = spawn_app().await;
    let created = app.product("DEL-1", 1).await;
    let path = format!("/api/catalog/products/{}", created["id"].as_str().unwrap());
    for _ in 0..2 {
        let response = app
            .as_admin(app.client.delete(app.url(&path)))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204);
    }
    problem(app.get(&path).send().await.unwrap(), 404).await;
    let page: Value = app.get_json("/api/catalog/products").await;
    assert_eq!(page["total"], 0);
    let as_admin: Value = app
        .as_admin(app.get(&path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(as_admin["active"], false);
    problem(
        app.get("/api/catalog/products?include_inactive=true")
            .send()
            .await
            .unwrap(),
        403,
    )
    .await;
}

#[tokio::test]
async fn product_images_are_served_as_svg() {
    let app = spawn_app().await;
    let response = app
        .get("/api/catalog/images/wool-scarf.svg")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    assert!(response.text().await.unwrap().contains("Wool Scarf"));
    problem(
        app.get("/api/catalog/images/..%2Fetc.svg")
            .send()
            .await
            .unwrap(),
        404,
    )
    .await;
}
