use crate::helpers::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn cart_shows_current_prices_availability_and_totals() {
    let app = spawn_app().await;
    let user = app.customer();
    let mug = app.product(5, 1200).await;
    let lamp = app.product(1, 3000).await;
    assert_eq!(app.add_to_cart(&user, &mug, 2).await.status(), 200);
    assert_eq!(app.add_to_cart(&user, &lamp, 3).await.status(), 200);

    let cart = app.cart(&user).await;
    assert_eq!(cart["items"][0]["product_id"], mug);
    assert_eq!(cart["items"][0]["availability"], "available");
    assert_eq!(cart["items"][0]["unit_price"], 1200);
    assert_eq!(cart["items"][0]["line_total"], 2400);
    assert_eq!(cart["items"][1]["availability"], "insufficient_stock");
    assert_eq!(cart["items"][1]["stock"], 1);
    // Totals count what can be bought now: 2 × 12.00 plus the 4.99 fee.
    assert_eq!(
        cart["totals"],
        json!({"currency": "EUR", "subtotal": 2400, "shipping": 499, "total": 2899})
    );
    assert_eq!(cart["checkout_ready"], false);

    let fixed = app
        .request(Method::PUT, &format!("/cart/items/{lamp}"), &user)
        .json(&json!({"quantity": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(fixed.status(), 200);
    let cart: serde_json::Value = fixed.json().await.unwrap();
    assert_eq!(cart["checkout_ready"], true);
    // 24.00 + 30.00 reaches the free-shipping threshold of 50.00.
    assert_eq!(cart["totals"]["shipping"], 0);
    assert_eq!(cart["totals"]["total"], 5400);

    // The rule the cart applied is public, for the shop to state it.
    let rule = app.client.get(app.url("/shipping")).send().await.unwrap();
    assert_eq!(rule.status(), 200);
    let rule: serde_json::Value = rule.json().await.unwrap();
    assert_eq!(rule, json!({"flat_fee": 499, "free_from": 5000}));
}

#[tokio::test]
async fn items_that_sold_out_or_disappeared_stay_in_the_cart_marked_as_such() {
    let app = spawn_app().await;
    let user = app.customer();
    let sold_out = app.product(2, 1000).await;
    let gone = app.product(2, 1000).await;
    app.add_to_cart(&user, &sold_out, 1).await;
    app.add_to_cart(&user, &gone, 1).await;

    app.catalog.update(&sold_out, |product| product.stock = 0);
    app.catalog.update(&gone, |product| product.active = false);

    let cart = app.cart(&user).await;
    let items = cart["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{cart}");
    assert_eq!(items[0]["availability"], "out_of_stock");
    assert_eq!(items[1]["availability"], "unavailable");
    assert!(items[1]["unit_price"].is_null());
    assert_eq!(cart["checkout_ready"], false);
    assert!(cart["totals"].is_null());
}

#[tokio::test]
async fn adding_again_adds_put_sets_delete_removes_and_clear_empties() {
    let app = spawn_app().await;
    let user = app.customer();
    let mug = app.product(50, 1200).await;
    let lamp = app.product(50, 3000).await;
    app.add_to_cart(&user, &mug, 2).await;
    let cart: serde_json::Value = app.add_to_cart(&user, &mug, 3).await.json().await.unwrap();
    assert_eq!(cart["items"][0]["quantity"], 5);
    app.add_to_cart(&user, &lamp, 1).await;

    let removed = app
        .request(Method::DELETE, &format!("/cart/items/{mug}"), &user)
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), 200);
    let cart = app.cart(&user).await;
    assert_eq!(cart["items"].as_array().unwrap().len(), 1);
    assert_eq!(cart["items"][0]["product_id"], lamp);

    let cleared = app
        .request(Method::DELETE, "/cart", &user)
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), 204);
    assert_eq!(app.cart(&user).await["items"], json!([]));
    // Each user has their own cart.
    app.add_to_cart(&user, &mug, 1).await;
    assert_eq!(app.cart(&app.customer()).await["items"], json!([]));
}

#[tokio::test]
async fn bad_cart_input_names_the_field_and_changes_nothing() {
    let app = spawn_app().await;
    let user = app.customer();
    let mug = app.product(5, 1200).await;
    app.add_to_cart(&user, &mug, 1).await;
    let before = app.cart(&user).await;

    let bad = app.add_to_cart(&user, "not-a-uuid", 0).await;
    let body = problem(bad, 422, "validation").await;
    assert_eq!(fields(&body), ["product_id", "quantity"]);

    let unknown = app
        .add_to_cart(&user, &uuid::Uuid::now_v7().to_string(), 1)
        .await;
    assert_eq!(
        fields(&problem(unknown, 422, "validation").await),
        ["product_id"]
    );

    let too_many = app
        .request(Method::PUT, &format!("/cart/items/{mug}"), &user)
        .json(&json!({"quantity": 1001}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        fields(&problem(too_many, 422, "validation").await),
        ["quantity"]
    );

    let absent = app
        .request(
            Method::PUT,
            &format!("/cart/items/{}", uuid::Uuid::now_v7()),
            &user,
        )
        .json(&json!({"quantity": 2}))
        .send()
        .await
        .unwrap();
    problem(absent, 404, "not-found").await;

    let unsigned = app.client.get(app.url("/cart")).send().await.unwrap();
    problem(unsigned, 401, "unauthorized").await;
    assert_eq!(app.cart(&user).await, before);
}

#[tokio::test]
async fn merging_a_guest_cart_keeps_the_larger_quantity_and_can_be_repeated() {
    let app = spawn_app().await;
    let user = app.customer();
    let mug = app.product(50, 1200).await;
    let lamp = app.product(50, 3000).await;
    app.add_to_cart(&user, &mug, 3).await;
    let guest = json!({"items": [
        {"product_id": mug, "quantity": 1},
        {"product_id": lamp, "quantity": 2},
    ]});
    for _ in 0..2 {
        let merged = send_json(app.request(Method::POST, "/cart/merge", &user).json(&guest)).await;
        let quantities: Vec<_> = merged["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["product_id"].as_str().unwrap().to_owned(),
                    i["quantity"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(quantities, [(mug.clone(), 3), (lamp.clone(), 2)]);
    }

    let unknown = json!({"items": [
        {"product_id": mug, "quantity": 1},
        {"product_id": uuid::Uuid::now_v7().to_string(), "quantity": 1},
        {"product_id": "x", "quantity": 1},
    ]});
    let refused = app
        .request(Method::POST, "/cart/merge", &user)
        .json(&unknown)
        .send()
        .await
        .unwrap();
    assert_eq!(
        fields(&problem(refused, 422, "validation").await),
        ["items[2].product_id"]
    );
    let unknown =
        json!({"items": [{"product_id": uuid::Uuid::now_v7().to_string(), "quantity": 1}]});
    let refused = app
        .request(Method::POST, "/cart/merge", &user)
        .json(&unknown)
        .send()
        .await
        .unwrap();
    assert_eq!(
        fields(&problem(refused, 422, "validation").await),
        ["items[0].product_id"]
    );
    assert_eq!(app.cart(&user).await["items"].as_array().unwrap().len(), 2);
}
