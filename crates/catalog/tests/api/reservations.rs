use crate::helpers::{fields, problem, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn fifty_concurrent_reservations_against_stock_ten_hold_exactly_ten() {
    let app = spawn_app().await;
    let product = app.product("HOT-1", 10).await;
    let id = product["id"].as_str().unwrap().to_owned();
    let requests = (0..50).map(|i| {
        let items = json!([{"product_id": id, "quantity": 1}]);
        let app = &app;
        async move { app.reserve(&format!("order-{i}"), items).await }
    });
    let responses = futures::future::join_all(requests).await;
    let mut held = 0;
    for response in responses {
        match response.status().as_u16() {
            200 => held += 1,
            409 => {
                let body = problem(response, 409).await;
                assert_eq!(body["type"], "urn:feira:problem:out-of-stock");
                assert_eq!(body["items"][0]["requested"], 1);
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(held, 10);
    assert_eq!(app.stock(&id).await, 0);
}

#[tokio::test]
async fn out_of_stock_names_each_short_item_and_holds_nothing() {
    let app = spawn_app().await;
    let a = app.product("A-1", 5).await;
    let b = app.product("B-1", 1).await;
    let c = app.product("C-1", 0).await;
    let items = json!([
        {"product_id": a["id"], "quantity": 2},
        {"product_id": b["id"], "quantity": 3},
        {"product_id": c["id"], "quantity": 1},
    ]);
    let body = problem(app.reserve("order-1", items).await, 409).await;
    let short: Vec<(String, i64, i64)> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["product_id"].as_str().unwrap().to_owned(),
                s["requested"].as_i64().unwrap(),
                s["available"].as_i64().unwrap(),
            )
        })
        .collect();
    let mut expected = vec![
        (b["id"].as_str().unwrap().to_owned(), 3, 1),
        (c["id"].as_str().unwrap().to_owned(), 1, 0),
    ];
    expected.sort();
    assert_eq!(short, expected);
    assert_eq!(app.stock(a["id"].as_str().unwrap()).await, 5);
}

#[tokio::test]
async fn a_retried_reservation_returns_the_first_answer() {
    let app = spawn_app().await;
    let a = app.product("A-1", 5).await;
    let items = json!([{"product_id": a["id"], "quantity": 2}]);
    let first = app.reserve("order-1", items.clone()).await;
    assert_eq!(first.status(), 200);
    let first: Value = first.json().await.unwrap();
    let second = app.reserve("order-1", items).await;
    assert_eq!(second.status(), 200);
    assert_eq!(second.json::<Value>().await.unwrap(), first);
    assert_eq!(app.stock(a["id"].as_str().unwrap()).await, 3);
    let reused = app
        .reserve("order-1", json!([{"product_id": a["id"], "quantity": 1}]))
        .await;
    assert_eq!(
        problem(reused, 409).await["type"],
        "urn:feira:problem:reservation-mismatch"
    );
}

#[tokio::test]
async fn release_is_idempotent_and_final() {
    let app = spawn_app().await;
    let a = app.product("A-1", 5).await;
    let id = a["id"].as_str().unwrap();
    let items = json!([{"product_id": id, "quantity": 4}]);
    assert_eq!(app.reserve("order-1", items.clone()).await.status(), 200);
    for _ in 0..2 {
        let response = app
            .as_orders(app.client.delete(app.url("/internal/reservations/order-1")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204);
    }
    assert_eq!(app.stock(id).await, 5);
    let late = app.reserve("order-1", items).await;
    assert_eq!(
        problem(late, 409).await["type"],
        "urn:feira:problem:reservation-released"
    );
}

#[tokio::test]
async fn bad_reservation_requests_are_422s_naming_the_field() {
    let app = spawn_app().await;
    let body = problem(
        app.reserve("order-1", json!([{"product_id": "nope", "quantity": 0}]))
            .await,
        422,
    )
    .await;
    assert_eq!(
        fields(&body),
        vec!["items[0].product_id", "items[0].quantity"]
    );
    let body = problem(
        app.reserve("order-1", json!([{"product_id": "x", "quantity": 1.5}]))
            .await,
        422,
    )
    .await;
    assert_eq!(fields(&body), vec!["items[0].quantity"]);
    let body = problem(app.reserve("bad id!", json!([])).await, 422).await;
    assert_eq!(fields(&body), vec!["reservation_id", "items"]);
}

#[tokio::test]
async fn internal_lookup_gives_current_facts_in_the_order_asked_and_skips_unknown_ids() {
    let app = spawn_app().await;
    let a = app.product("LOOK-A", 5).await;
    let b = app.product("LOOK-B", 0).await;
    let unknown = uuid::Uuid::now_v7().to_string();
    let ids = format!(
        "{},{unknown},{}",
        b["id"].as_str().unwrap(),
        a["id"].as_str().unwrap()
    );
    let found: Value = app.get_json(&format!("/internal/products?ids={ids}")).await;
    let listed: Vec<_> = found["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["sku"].clone(), p["stock"].clone()))
        .collect();
    assert_eq!(
        listed,
        [(json!("LOOK-B"), json!(0)), (json!("LOOK-A"), json!(5))]
    );

    for bad in ["not-a-uuid", &vec![unknown.as_str(); 101].join(",")] {
        let response = app
            .get(&format!("/internal/products?ids={bad}"))
            .send()
            .await
            .unwrap();
        assert_eq!(fields(&problem(response, 400).await), ["ids"]);
    }
}

/// The internal routes take only a service token for the catalog with the
/// route's scope: nothing → 401, a user's token (even an admin's) → 403,
/// another audience or scope → 403, orders' token → works.
#[tokio::test]
async fn internal_routes_need_a_service_token_for_the_catalog_with_their_scope() {
    let app = spawn_app().await;
    let product = app.product("TRUST-1", 5).await;
    let id = product["id"].as_str().unwrap().to_owned();
    let body = json!({"reservation_id": "order-t", "items": [{"product_id": id, "quantity": 1}]});
    let post = |token: Option<String>| {
        let mut request = app
            .client
            .post(app.url("/internal/reservations"))
            .json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    assert_eq!(problem(post(None).await.unwrap(), 401).await["status"], 401);
    problem(post(Some(app.admin_token())).await.unwrap(), 403).await;
    problem(post(Some(app.customer_token())).await.unwrap(), 403).await;
    let elsewhere = app
        .issuer
        .service_token("orders", "identity", "catalog:reservations");
    problem(post(Some(elsewhere)).await.unwrap(), 403).await;
    let lookup_only = app
        .issuer
        .service_token("orders", "catalog", "catalog:products");
    problem(post(Some(lookup_only)).await.unwrap(), 403).await;
    let foreign = kit::testing::TestIssuer::rs256().service_token(
        "orders",
        "catalog",
        "catalog:reservations",
    );
    problem(post(Some(foreign)).await.unwrap(), 401).await;
    assert_eq!(post(Some(app.service_token())).await.unwrap().status(), 200);
    assert_eq!(app.stock(&id).await, 4);
}
