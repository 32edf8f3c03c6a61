use crate::helpers::*;
use reqwest::Method;
use serde_json::{Value, json};

async fn my_orders(app: &TestApp, user: &User) -> Value {
    send_json(app.request(Method::GET, "", user)).await
}

#[tokio::test]
async fn checkout_prices_from_the_catalog_reserves_stock_and_pays() {
    let app = spawn_app().await;
    let user = app.customer();
    let mug = app.product(10, 1250).await;
    let response = app.buy(&user, &mug, 3, SUCCESS_CARD).await;
    assert_eq!(response.status(), 201);
    let order: Value = response.json().await.unwrap();
    assert_eq!(order["status"], "paid");
    assert_eq!(order["items"][0]["unit_price"], 1250);
    assert_eq!(order["items"][0]["line_total"], 3750);
    assert_eq!(
        order["totals"],
        json!({"currency": "EUR", "subtotal": 3750, "shipping": 499, "total": 4249})
    );
    assert_eq!(order["shipping_address"]["country"], "PT");
    assert_eq!(order["contact"]["email"], user.email);
    let kinds: Vec<_> = order["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].clone())
        .collect();
    assert_eq!(kinds, ["authorized", "captured"]);
    assert!(
        order["payments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["amount"] == 4249 && p["card_last4"] == "4242")
    );
    let history: Vec<_> = order["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].clone())
        .collect();
    assert_eq!(history, ["pending_payment", "paid"]);
    assert_eq!(app.stock(&mug).await, 7);
    assert_eq!(
        app.cart(&user).await["items"],
        json!([]),
        "a paid cart is emptied"
    );
    assert_eq!(app.order(&user, order["id"].as_str().unwrap()).await, order);
}

#[tokio::test]
async fn an_unverified_email_cannot_check_out_and_the_same_key_works_once_verified() {
    let app = spawn_app().await;
    let user = app.verified(&app.customer(), false);
    let mug = app.product(10, 1250).await;
    app.add_to_cart(&user, &mug, 1).await;
    let refused = app
        .checkout(&user, "verify-first", &checkout_body(SUCCESS_CARD))
        .await;
    let body = problem(refused, 403, "email-not-verified").await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("Confirm your email")
    );
    assert_eq!(my_orders(&app, &user).await["total"], 0);
    assert_eq!(app.stock(&mug).await, 10, "nothing reserved");
    assert_eq!(app.cart(&user).await["items"].as_array().unwrap().len(), 1);

    let user = app.verified(&user, true);
    let placed = app
        .checkout(&user, "verify-first", &checkout_body(SUCCESS_CARD))
        .await;
    assert_eq!(placed.status(), 201, "the refused key was never claimed");
    assert_eq!(app.stock(&mug).await, 9);
}

#[tokio::test]
async fn checkout_without_an_idempotency_key_is_400_and_orders_nothing() {
    let app = spawn_app().await;
    let user = app.customer();
    let mug = app.product(10, 1250).await;
    app.add_to_cart(&user, &mug, 1).await;
    let response = app
        .request(Method::POST, "", &user)
        .json(&checkout_body(SUCCESS_CARD))
        .send()
        .await
        .unwrap();
    let body = problem(response, 400, "invalid-parameters").await;
    assert_eq!(fields(&body), ["Idempotency-Key"]);
    let too_long = app
        .checkout(&user, &"k".repeat(300), &checkout_body(SUCCESS_CARD))
        .await;
    assert_eq!(
        fields(&problem(too_long, 400, "invalid-parameters").await),
        ["Idempotency-Key"]
    );
    assert_eq!(my_orders(&app, &user).await["total"], 0);
    assert_eq!(app.stock(&mug).await, 10);
}

#[tokio::test]
async fn a_retry_with_the_same_key_and_body_returns_the_same_order_without_charging_again() {
    let app = spawn_app().await;
    let user = app.customer();
    let mug = app.product(10, 1250).await;
    app.add_to_cart(&user, &mug, 1).await;
    let first = app
        .checkout(&user, "key-1", &checkout_body(SUCCESS_CARD))
        .await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();

    let again = app
        .checkout(&user, "key-1", &checkout_body(SUCCESS_CARD))
        .await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(my_orders(&app, &user).await["total"], 1);
    let order = app.order(&user, first["id"].as_str().unwrap()).await;
    assert_eq!(
        order["payments"].as_array().unwrap().len(),
        2,
        "one authorization, one capture"
    );
    assert_eq!(app.stock(&mug).await, 9);

    // The same key is the user's own: another user's checkout with it is separate.
    let other = app.customer();
    app.add_to_cart(&other, &mug, 1).await;
    let theirs = app
        .checkout(&other, "key-1", &checkout_body(SUCCESS_CARD))
        .await;
    assert_eq!(theirs.status(), 201);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_422_and_changes_nothing() {
    let app = spawn_app().await;
    let user = app.customer();
    let mug = app.product(10, 1250).await;
    app.add_to_cart(&user, &mug, 1).await;
    assert_eq!(
        app.checkout(&user, "key-1", &checkout_body(SUCCESS_CARD))
            .await
            .status(),
        201
    );
    app.add_to_cart(&user, &mug, 1).await;
    let mut other = checkout_body(SUCCESS_CARD);
    other["shipping_address"]["city"] = json!("Porto");
    let response = app.checkout(&user, "key-1", &other).await;
    problem(response, 422, "idempotency-key-reused").await;
    assert_eq!(my_orders(&app, &user).await["total"], 1);
    assert_eq!(app.stock(&mug).await, 9);
}

#[tokio::test]
async fn a_declined_card_is_402_and_the_order_waits_with_its_stock_and_the_cart() {
    let app = spawn_app().await;
    for (card, code) in [
        (DECLINED_CARD, "card_declined"),
        (NO_FUNDS_CARD, "insufficient_funds"),
    ] {
        let user = app.customer();
        let mug = app.product(10, 1250).await;
        let response = app.buy(&user, &mug, 4, card).await;
        let body = problem(response, 402, "payment-declined").await;
        assert_eq!(body["code"], code);
        let order = app.order(&user, body["order_id"].as_str().unwrap()).await;
        assert_eq!(order["status"], "pending_payment");
        let kinds: Vec<_> = order["payments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["kind"].clone())
            .collect();
        assert_eq!(kinds, ["failed"]);
        assert_eq!(order["payments"][0]["failure_code"], code);
        assert_eq!(app.stock(&mug).await, 6, "the stock stays held");
        assert_eq!(
            app.cart(&user).await["items"][0]["quantity"],
            4,
            "the cart is kept for another try"
        );
    }
}

#[tokio::test]
async fn out_of_stock_is_409_naming_the_items_and_the_key_can_be_retried() {
    let app = spawn_app().await;
    let user = app.customer();
    let mug = app.product(2, 1250).await;
    let lamp = app.product(10, 3000).await;
    app.add_to_cart(&user, &mug, 3).await;
    app.add_to_cart(&user, &lamp, 1).await;
    let response = app
        .checkout(&user, "key-1", &checkout_body(SUCCESS_CARD))
        .await;
    let body = problem(response, 409, "out-of-stock").await;
    assert_eq!(
        body["items"],
        json!([{"product_id": mug, "requested": 3, "available": 2}])
    );
    assert_eq!(my_orders(&app, &user).await["total"], 0);
    assert_eq!((app.stock(&mug).await, app.stock(&lamp).await), (2, 10));

    // Nothing was created under the key, so the same key works once the cart is fixed.
    app.request(Method::PUT, &format!("/cart/items/{mug}"), &user)
        .json(&json!({"quantity": 2}))
        .send()
        .await
        .unwrap();
    let retried = app
        .checkout(&user, "key-1", &checkout_body(SUCCESS_CARD))
        .await;
    assert_eq!(retried.status(), 201);
    assert_eq!((app.stock(&mug).await, app.stock(&lamp).await), (0, 9));
}

#[tokio::test]
async fn bad_checkout_input_names_each_field_and_orders_nothing() {
    let app = spawn_app().await;
    let user = app.customer();
    let empty = app
        .checkout(&user, "key-0", &checkout_body(SUCCESS_CARD))
        .await;
    assert_eq!(fields(&problem(empty, 422, "validation").await), ["cart"]);

    let mug = app.product(10, 1250).await;
    app.add_to_cart(&user, &mug, 1).await;
    let mut bad = checkout_body("4242");
    bad["shipping_address"]["country"] = json!("Portugal");
    bad["shipping_address"]["city"] = json!("  ");
    let response = app.checkout(&user, "key-1", &bad).await;
    let body = problem(response, 422, "validation").await;
    assert_eq!(
        fields(&body),
        [
            "shipping_address.city",
            "shipping_address.country",
            "payment.card_number"
        ]
    );

    let mut priced = checkout_body(SUCCESS_CARD);
    priced["total"] = json!(1);
    let response = app.checkout(&user, "key-2", &priced).await;
    assert_eq!(
        fields(&problem(response, 422, "validation").await),
        ["total"]
    );
    let missing = app
        .checkout(
            &user,
            "key-3",
            &json!({"payment": {"card_number": SUCCESS_CARD}}),
        )
        .await;
    assert_eq!(
        fields(&problem(missing, 422, "validation").await),
        ["shipping_address"]
    );

    assert_eq!(my_orders(&app, &user).await["total"], 0);
    assert_eq!(app.stock(&mug).await, 10);
    // None of those keys was spent: a valid request may use one.
    assert_eq!(
        app.checkout(&user, "key-1", &checkout_body(SUCCESS_CARD))
            .await
            .status(),
        201
    );
}
