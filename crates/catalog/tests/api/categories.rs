//! Categories as a managed list: admins create, rename and delete them (not
//! while a product names one), everyone lists them with their counts, and a
//! product must name one that exists.

use crate::helpers::{
    Store, TEST_CATEGORY, fields, on_every_store, problem, product_json, spawn_app_on,
    spawn_seeded_app_on,
};
use reqwest::Method;
use serde_json::{Value, json};

on_every_store![
    admins_create_rename_and_delete_a_category,
    a_category_that_products_name_cannot_be_deleted,
    a_product_must_name_an_existing_category,
    the_demo_categories_have_names_pictures_and_counts,
    category_writes_need_an_admin_and_valid_fields,
    categories_products_name_without_a_record_are_derived_on_opening,
];

async fn categories(app: &crate::helpers::TestApp) -> Vec<Value> {
    app.get_json("/api/catalog/categories").await
}

async fn admins_create_rename_and_delete_a_category(store: Store) {
    let app = spawn_app_on(store).await;
    let created = app
        .admin_call(
            Method::POST,
            "/api/catalog/categories",
            Some(
                json!({"slug": "garden", "name": " Garden ", "description": "Plants and tools",
                "image": "https://cdn.example.com/garden.webp"}),
            ),
        )
        .await;
    assert_eq!(created.status(), 201);
    assert_eq!(
        created.headers()["location"],
        "/api/catalog/categories/garden"
    );
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["name"], "Garden");
    let again = app
        .admin_call(
            Method::POST,
            "/api/catalog/categories",
            Some(json!({"slug": "garden", "name": "Other"})),
        )
        .await;
    assert_eq!(fields(&problem(again, 409).await), ["slug"]);

    let renamed = app
        .admin_call(
            Method::PATCH,
            "/api/catalog/categories/garden",
            Some(json!({"name": "Garden & Patio", "image": null})),
        )
        .await;
    assert_eq!(renamed.status(), 200);
    let listed = categories(&app).await;
    let garden = listed.iter().find(|c| c["slug"] == "garden").unwrap();
    assert_eq!(garden["name"], "Garden & Patio");
    assert_eq!(garden["description"], "Plants and tools");
    assert_eq!(garden["image"], Value::Null);
    assert_eq!(garden["count"], 0);

    let deleted = app
        .admin_call(Method::DELETE, "/api/catalog/categories/garden", None)
        .await;
    assert_eq!(deleted.status(), 204);
    problem(
        app.get("/api/catalog/categories/garden")
            .send()
            .await
            .unwrap(),
        404,
    )
    .await;
    let gone = app
        .admin_call(Method::DELETE, "/api/catalog/categories/garden", None)
        .await;
    problem(gone, 404).await;
    app.cleanup().await;
}

async fn a_category_that_products_name_cannot_be_deleted(store: Store) {
    let app = spawn_app_on(store).await;
    let product = app.product("CAT-1", 1).await;
    // Deactivated products still name it.
    let id = product["id"].as_str().unwrap();
    let off = app
        .admin_call(Method::DELETE, &format!("/api/catalog/products/{id}"), None)
        .await;
    assert_eq!(off.status(), 204);
    let refused = app
        .admin_call(
            Method::DELETE,
            &format!("/api/catalog/categories/{TEST_CATEGORY}"),
            None,
        )
        .await;
    let body = problem(refused, 409).await;
    assert_eq!(body["products"], 1, "{body}");
    assert!(
        categories(&app)
            .await
            .iter()
            .any(|c| c["slug"] == TEST_CATEGORY)
    );
    app.cleanup().await;
}

async fn a_product_must_name_an_existing_category(store: Store) {
    let app = spawn_app_on(store).await;
    let mut body = product_json("CAT-2", 1);
    body["category"] = json!("testz");
    let refused = problem(app.create_product(body.clone()).await, 422).await;
    assert_eq!(fields(&refused), ["category"]);
    // With other bad fields, every one is named.
    body["stock"] = json!(-1);
    let refused = problem(app.create_product(body).await, 422).await;
    let mut named = fields(&refused);
    named.sort();
    assert_eq!(named, ["category", "stock"]);
    assert_eq!(app.total().await, 0);
    assert_eq!(categories(&app).await.len(), 1, "no category was made");

    // Any case names the category, as it is stored lower-case.
    let mut upper = product_json("CAT-3", 1);
    upper["category"] = json!("TESTS");
    assert_eq!(app.create_product(upper).await.status(), 201);

    let product = app.product("CAT-4", 1).await;
    let path = format!("/api/catalog/products/{}", product["id"].as_str().unwrap());
    let moved = app
        .admin_call(
            Method::PATCH,
            &path,
            Some(json!({"version": product["version"], "category": "nowhere"})),
        )
        .await;
    assert_eq!(fields(&problem(moved, 422).await), ["category"]);
    let stored: Value = app.get_json(&path).await;
    assert_eq!(stored["category"], TEST_CATEGORY);
    app.cleanup().await;
}

async fn the_demo_categories_have_names_pictures_and_counts(store: Store) {
    let app = spawn_seeded_app_on(store).await;
    let listed = categories(&app).await;
    let names: Vec<&str> = listed.iter().map(|c| c["name"].as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted, "listed by name");
    let home = listed.iter().find(|c| c["slug"] == "home-kitchen").unwrap();
    assert_eq!(home["name"], "Home & Kitchen");
    assert_eq!(home["count"], 10);
    assert_eq!(home["category"], "home-kitchen");
    let image = home["image"].as_str().unwrap();
    assert_eq!(app.get(image).send().await.unwrap().status(), 200);
    app.cleanup().await;
}

async fn category_writes_need_an_admin_and_valid_fields(store: Store) {
    let app = spawn_app_on(store).await;
    let url = app.url("/api/catalog/categories");
    let body = json!({"slug": "garden", "name": "Garden"});
    let anonymous = app.client.post(&url).json(&body).send().await.unwrap();
    problem(anonymous, 401).await;
    let customer = app
        .client
        .post(&url)
        .bearer_auth(app.customer_token())
        .json(&body)
        .send()
        .await
        .unwrap();
    problem(customer, 403).await;
    for (body, field) in [
        (json!({"slug": "Two Words", "name": "X"}), "slug"),
        (json!({"slug": "ok", "name": "  "}), "name"),
        (
            json!({"slug": "ok", "name": "X", "image": "http://a.example/x.png"}),
            "image",
        ),
        (json!({"slug": "ok", "name": "X\u{202E}"}), "name"),
    ] {
        let response = app
            .admin_call(Method::POST, "/api/catalog/categories", Some(body.clone()))
            .await;
        assert_eq!(fields(&problem(response, 422).await), [field], "{body}");
    }
    assert_eq!(categories(&app).await.len(), 1);
    app.cleanup().await;
}

async fn categories_products_name_without_a_record_are_derived_on_opening(store: Store) {
    use catalog::domain::ProductFactory;
    use catalog::store::mongo::MongoProductRepository;
    use catalog::store::sqlite::SqliteProductRepository;
    use catalog::store::{CategoryRepository, ProductRepository};
    // Products stored straight into the store, as before categories were
    // managed: no category records.
    let products = ["home-kitchen", "garden-tools"].map(|category| {
        let mut body = product_json(&format!("OLD-{category}"), 1);
        body["category"] = json!(category);
        ProductFactory::create(serde_json::from_value(body).unwrap(), kit::Timestamp::now())
            .unwrap()
    });
    let listed = match store {
        Store::Sqlite | Store::CachedSqlite => {
            let file = kit::testing::TempSqlite::new("feira-derive");
            let first = SqliteProductRepository::open(&file.path).await.unwrap();
            for p in &products {
                first.insert(p).await.unwrap();
            }
            drop(first);
            let again = SqliteProductRepository::open(&file.path).await.unwrap();
            again.list_categories().await.unwrap()
        }
        Store::Mongodb => {
            let url = kit::testing::Backend::Mongodb.url();
            let db = format!("catalog_derive_{}", uuid::Uuid::now_v7().simple());
            let first = MongoProductRepository::connect(&url, &db).await.unwrap();
            for p in &products {
                first.insert(p).await.unwrap();
            }
            let again = MongoProductRepository::connect(&url, &db).await.unwrap();
            let listed = again.list_categories().await.unwrap();
            let _ = again.drop_database().await;
            listed
        }
    };
    check_derived(listed);
}

fn check_derived(listed: Vec<(catalog::domain::Category, u64)>) {
    let mut named: Vec<(String, String, u64)> = listed
        .into_iter()
        .map(|(c, n)| (c.slug, c.name, n))
        .collect();
    named.sort();
    assert_eq!(
        named,
        vec![
            ("garden-tools".into(), "Garden Tools".into(), 1),
            ("home-kitchen".into(), "Home & Kitchen".into(), 1),
        ]
    );
}
