//! The checkout's guarantees under concurrent requests, on every backend.

use crate::helpers::*;
use reqwest::Method;

async fn fifty_checkouts_for_ten_units(store: Store) {
    let app = spawn_app_on(store).await;
    let product = app.product(10, 1000).await;
    let users: Vec<User> = (0..50).map(|_| app.customer()).collect();
    for user in &users {
        assert_eq!(app.add_to_cart(user, &product, 1).await.status(), 200);
    }
    let answers = futures::future::join_all(users.iter().map(|user| async {
        let key = uuid::Uuid::now_v7().to_string();
        app.checkout(user, &key, &checkout_body(SUCCESS_CARD))
            .await
            .status()
            .as_u16()
    }))
    .await;
    let paid = answers.iter().filter(|s| **s == 201).count();
    let refused = answers.iter().filter(|s| **s == 409).count();
    assert_eq!((paid, refused), (10, 40), "{answers:?}");
    assert_eq!(app.stock(&product).await, 0);
    let admin = app.admin();
    let list = send_json(
        app.request(Method::GET, "/admin/orders", &admin)
            .query(&[("status", "paid"), ("per_page", "100")]),
    )
    .await;
    assert_eq!(list["total"], 10);
    let all = send_json(app.request(Method::GET, "/admin/orders", &admin)).await;
    assert_eq!(all["total"], 10, "refused checkouts create no order");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_checkouts_for_ten_units_pay_exactly_ten_on_sqlite() {
    fifty_checkouts_for_ten_units(Store::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL (FEIRA_TEST_POSTGRES_URL)"]
async fn fifty_concurrent_checkouts_for_ten_units_pay_exactly_ten_on_postgres() {
    fifty_checkouts_for_ten_units(Store::Postgres).await;
}

async fn twenty_requests_with_one_key(store: Store) {
    let app = spawn_app_on(store).await;
    let product = app.product(10, 1000).await;
    let user = app.customer();
    app.add_to_cart(&user, &product, 2).await;
    let body = checkout_body(SUCCESS_CARD);
    let answers = futures::future::join_all((0..20).map(|_| async {
        let response = app.checkout(&user, "one-key", &body).await;
        let status = response.status().as_u16();
        let order: serde_json::Value = response.json().await.unwrap();
        (status, order["id"].as_str().unwrap_or_default().to_owned())
    }))
    .await;
    assert_eq!(
        answers.iter().filter(|(s, _)| *s == 201).count(),
        1,
        "{answers:?}"
    );
    assert!(
        answers.iter().all(|(s, _)| *s == 201 || *s == 200),
        "{answers:?}"
    );
    let id = &answers[0].1;
    assert!(answers.iter().all(|(_, o)| o == id), "{answers:?}");
    let order = app.order(&user, id).await;
    let captures = order["payments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "captured")
        .count();
    assert_eq!(captures, 1);
    assert_eq!(
        send_json(app.request(Method::GET, "", &user)).await["total"],
        1
    );
    assert_eq!(app.stock(&product).await, 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_requests_with_one_key_make_one_order_and_one_charge_on_sqlite() {
    twenty_requests_with_one_key(Store::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL (FEIRA_TEST_POSTGRES_URL)"]
async fn twenty_concurrent_requests_with_one_key_make_one_order_and_one_charge_on_postgres() {
    twenty_requests_with_one_key(Store::Postgres).await;
}
