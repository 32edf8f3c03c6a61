use crate::helpers::*;
use reqwest::Method;
use serde_json::{Value, json};

fn statuses(order: &Value) -> Vec<String> {
    order["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap().to_owned())
        .collect()
}

async fn post(app: &TestApp, user: &User, path: &str, body: Option<Value>) -> reqwest::Response {
    let mut request = app.request(Method::POST, path, user);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn the_customer_cancels_a_paid_order_and_gets_a_refund_and_the_stock_back() {
    let app = spawn_app().await;
    let user = app.customer();
    let (order, product) = app.paid_order(&user).await;
    assert_eq!(app.stock(&product).await, 4);
    let id = order["id"].as_str().unwrap();

    let cancelled = post(&app, &user, &format!("/{id}/cancel"), None).await;
    assert_eq!(cancelled.status(), 200);
    let cancelled: Value = cancelled.json().await.unwrap();
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(
        statuses(&cancelled),
        ["pending_payment", "paid", "cancelling", "cancelled"]
    );
    let refund = cancelled["payments"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(refund["kind"], "refunded");
    assert_eq!(refund["amount"], order["totals"]["total"]);
    app.stock_becomes(&product, 5).await;

    // A second cancel is refused and refunds nothing more.
    let again = post(&app, &user, &format!("/{id}/cancel"), None).await;
    let body = problem(again, 409, "invalid-transition").await;
    assert_eq!(body["order_status"], "cancelled");
    assert_eq!(
        app.order(&user, id).await["payments"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn an_admin_ships_and_delivers_and_every_other_move_is_409() {
    let app = spawn_app().await;
    let user = app.customer();
    let admin = app.admin();
    let (order, _) = app.paid_order(&user).await;
    let id = order["id"].as_str().unwrap();
    let shipment = json!({"carrier": "CTT", "tracking_number": "RR123456789PT"});

    let early = post(&app, &admin, &format!("/{id}/deliver"), None).await;
    problem(early, 409, "invalid-transition").await;
    let by_customer = post(&app, &user, &format!("/{id}/ship"), Some(shipment.clone())).await;
    problem(by_customer, 403, "forbidden").await;
    let bad = post(
        &app,
        &admin,
        &format!("/{id}/ship"),
        Some(json!({"carrier": " ", "tracking_number": "x"})),
    )
    .await;
    assert_eq!(fields(&problem(bad, 422, "validation").await), ["carrier"]);

    let shipped = send_json(
        app.request(Method::POST, &format!("/{id}/ship"), &admin)
            .json(&shipment),
    )
    .await;
    assert_eq!(shipped["status"], "shipped");
    assert_eq!(shipped["shipment"], shipment);
    let late_cancel = post(&app, &user, &format!("/{id}/cancel"), None).await;
    problem(late_cancel, 409, "invalid-transition").await;
    let reship = post(&app, &admin, &format!("/{id}/ship"), Some(shipment.clone())).await;
    problem(reship, 409, "invalid-transition").await;

    let delivered = send_json(app.request(Method::POST, &format!("/{id}/deliver"), &admin)).await;
    assert_eq!(delivered["status"], "delivered");
    assert_eq!(
        statuses(&delivered),
        ["pending_payment", "paid", "shipped", "delivered"]
    );
    for action in ["cancel", "deliver"] {
        let response = post(&app, &admin, &format!("/{id}/{action}"), None).await;
        problem(response, 409, "invalid-transition").await;
    }

    // An unpaid order (its card declined) cannot be shipped either.
    let product = app.product(5, 1000).await;
    let declined: Value = app
        .buy(&user, &product, 1, DECLINED_CARD)
        .await
        .json()
        .await
        .unwrap();
    let failed_id = declined["order_id"].as_str().unwrap();
    let response = post(&app, &admin, &format!("/{failed_id}/ship"), Some(shipment)).await;
    problem(response, 409, "invalid-transition").await;
}

#[tokio::test]
async fn users_see_only_their_own_orders_newest_first_and_paged() {
    let app = spawn_app().await;
    let ana = app.customer();
    let bo = app.customer();
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(
            app.paid_order(&ana).await.0["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let (bos, _) = app.paid_order(&bo).await;

    let page = send_json(
        app.request(Method::GET, "", &ana)
            .query(&[("per_page", "2")]),
    )
    .await;
    assert_eq!(page["total"], 3);
    let listed: Vec<_> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, [ids[2].clone(), ids[1].clone()]);
    let page2 = send_json(
        app.request(Method::GET, "", &ana)
            .query(&[("per_page", "2"), ("page", "2")]),
    )
    .await;
    assert_eq!(page2["items"][0]["id"], ids[0].as_str());

    let theirs = app
        .request(
            Method::GET,
            &format!("/{}", bos["id"].as_str().unwrap()),
            &ana,
        )
        .send()
        .await
        .unwrap();
    problem(theirs, 404, "not-found").await;
    let cancel_theirs = post(
        &app,
        &ana,
        &format!("/{}/cancel", bos["id"].as_str().unwrap()),
        None,
    )
    .await;
    problem(cancel_theirs, 404, "not-found").await;
    assert_eq!(
        app.order(&bo, bos["id"].as_str().unwrap()).await["status"],
        "paid"
    );

    let admin_only = app
        .request(Method::GET, "", &ana)
        .query(&[("customer", bo.id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        fields(&problem(admin_only, 400, "invalid-parameters").await),
        ["customer"]
    );
    let bad = app
        .request(Method::GET, "", &ana)
        .query(&[("status", "lost")])
        .send()
        .await
        .unwrap();
    problem(bad, 400, "invalid-parameters").await;
    let bad_id = app
        .request(Method::GET, "/nope", &ana)
        .send()
        .await
        .unwrap();
    assert_eq!(
        fields(&problem(bad_id, 400, "invalid-parameters").await),
        ["id"]
    );
}

#[tokio::test]
async fn admins_list_every_order_filtered_by_status_customer_and_dates() {
    let app = spawn_app().await;
    let ana = app.customer();
    let bo = app.customer();
    let admin = app.admin();
    let (first, _) = app.paid_order(&ana).await;
    app.paid_order(&bo).await;
    let product = app.product(5, 1000).await;
    app.buy(&bo, &product, 1, DECLINED_CARD).await;

    let list = |query: Vec<(&'static str, String)>| {
        let request = app
            .request(Method::GET, "/admin/orders", &admin)
            .query(&query);
        async move { send_json(request).await }
    };
    assert_eq!(list(vec![]).await["total"], 3);
    assert_eq!(list(vec![("status", "paid".into())]).await["total"], 2);
    assert_eq!(
        list(vec![("status", "pending_payment".into())]).await["total"],
        1
    );
    let anas = list(vec![("customer", ana.id.clone())]).await;
    assert_eq!(anas["total"], 1);
    assert_eq!(anas["items"][0]["id"], first["id"]);
    let today = first["created_at"].as_str().unwrap()[..10].to_owned();
    assert_eq!(
        list(vec![("from", today.clone()), ("to", today.clone())]).await["total"],
        3
    );
    assert_eq!(list(vec![("to", "2020-01-01".into())]).await["total"], 0);
    assert_eq!(
        list(vec![("from", "2999-01-01T00:00:00Z".into())]).await["total"],
        0
    );

    let bad = app
        .request(Method::GET, "/admin/orders", &admin)
        .query(&[("from", "yesterday")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        fields(&problem(bad, 400, "invalid-parameters").await),
        ["from"]
    );
    let customer = app
        .request(Method::GET, "/admin/orders", &ana)
        .send()
        .await
        .unwrap();
    problem(customer, 403, "forbidden").await;
}

#[tokio::test]
async fn malformed_ids_are_400_naming_the_parameter_and_its_rule() {
    let app = spawn_app().await;
    let user = app.customer();
    let admin = app.admin();
    let cases = [
        (Method::PUT, "/cart/items/nope", &user, "product_id"),
        (Method::DELETE, "/cart/items/nope", &user, "product_id"),
        (Method::POST, "/nope/cancel", &user, "id"),
        (Method::POST, "/nope/ship", &admin, "id"),
        (Method::POST, "/nope/deliver", &admin, "id"),
        (
            Method::GET,
            "/admin/outbox?order_id=nope",
            &admin,
            "order_id",
        ),
    ];
    for (method, path, who, field) in cases {
        let response = app.request(method, path, who).send().await.unwrap();
        let body = problem(response, 400, "invalid-parameters").await;
        assert_eq!(fields(&body), [field], "{path}");
        let rule = if field == "product_id" {
            "must be a product id (UUID)"
        } else {
            "must be an order id (UUID)"
        };
        assert_eq!(body["errors"][0]["message"], rule, "{path}");
    }
}
