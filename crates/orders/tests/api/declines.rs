//! Declined cards and addresses (ADR 0038): a decline keeps one order
//! `pending_payment` with its stock held and the cart kept, the shopper pays
//! the same order with another card, every attempt is in the payment log,
//! the customer hears nothing per attempt; an unpaid order is given up after
//! its payment window. Addresses follow their country. The admin detail and
//! search. Every test runs on SQLite and on PostgreSQL.

use crate::helpers::*;
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

on_every_store!(
    declined_then_accepted_is_one_paid_order_with_the_attempts_logged,
    an_unpaid_order_is_given_up_after_its_window_with_one_event,
    a_waiting_order_can_be_cancelled_and_its_stock_comes_back,
    addresses_follow_their_country_and_nothing_is_created_otherwise,
    admins_see_the_customer_payments_and_events_and_search_orders,
);

fn kinds(order: &Value) -> Vec<String> {
    order["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap().to_owned())
        .collect()
}

async fn my_total(app: &TestApp, user: &User) -> Value {
    send_json(app.request(Method::GET, "", user)).await["total"].clone()
}

async fn declined_then_accepted_is_one_paid_order_with_the_attempts_logged(store: Store) {
    let app = spawn_app_on(store).await;
    let user = app.customer();
    let mug = app.product(10, 1250).await;
    let body = problem(
        app.buy(&user, &mug, 2, DECLINED_CARD).await,
        402,
        "payment-declined",
    )
    .await;
    assert_eq!(body["code"], "card_declined");
    assert!(body["pay_by"].is_string(), "{body}");
    let id = body["order_id"].as_str().unwrap().to_owned();

    // One order, waiting, with its stock held and the cart kept.
    let order = app.order(&user, &id).await;
    assert_eq!(order["status"], "pending_payment");
    assert_eq!(kinds(&order), ["failed"]);
    assert_eq!(order["payments"][0]["failure_code"], "card_declined");
    assert_eq!(
        order["payment_method"],
        json!({"brand": "visa", "last4": "0002"})
    );
    assert_eq!(order["pay_by"], body["pay_by"]);
    assert_eq!(app.stock(&mug).await, 8);
    assert_eq!(app.cart(&user).await["items"][0]["quantity"], 2);
    assert_eq!(my_total(&app, &user).await, 1);

    // Another card, declined too: its own key, replayed as it was.
    let again = app.pay(&user, &id, "pay-1", NO_FUNDS_CARD).await;
    let first = problem(again, 402, "payment-declined").await;
    assert_eq!(first["code"], "insufficient_funds");
    let replay = app.pay(&user, &id, "pay-1", NO_FUNDS_CARD).await;
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(problem(replay, 402, "payment-declined").await, first);
    assert_eq!(kinds(&app.order(&user, &id).await), ["failed", "failed"]);

    // Someone else cannot pay (or see) it.
    let stranger = app.customer();
    let response = app.pay(&stranger, &id, "pay-x", SUCCESS_CARD).await;
    problem(response, 404, "not-found").await;

    // A card that works: the same order, paid, the cart cleared.
    let paid = app.pay(&user, &id, "pay-2", SUCCESS_CARD).await;
    assert_eq!(paid.status(), 200);
    let paid: Value = paid.json().await.unwrap();
    assert_eq!(
        (paid["id"].as_str(), paid["status"].as_str()),
        (Some(id.as_str()), Some("paid"))
    );
    assert_eq!(kinds(&paid), ["failed", "failed", "authorized", "captured"]);
    assert_eq!(
        paid["payment_method"],
        json!({"brand": "visa", "last4": "4242"})
    );
    assert!(paid.get("pay_by").is_none());
    let replay = app.pay(&user, &id, "pay-2", SUCCESS_CARD).await;
    assert_eq!(
        (
            replay.status().as_u16(),
            replay.headers()["idempotent-replayed"].to_str().unwrap()
        ),
        (200, "true")
    );
    assert_eq!(app.cart(&user).await["items"], json!([]));
    assert_eq!(my_total(&app, &user).await, 1);
    assert_eq!(app.stock(&mug).await, 8);

    // The shopper's detail explains the total.
    let order = app.order(&user, &id).await;
    assert_eq!(order["items"][0]["unit_price"], 1250);
    assert_eq!(order["items"][0]["line_total"], 2500);
    let totals = &order["totals"];
    assert_eq!(
        (totals["subtotal"].as_i64(), totals["shipping"].as_i64()),
        (Some(2500), Some(499))
    );
    assert_eq!(totals["total"], 2999);
    assert_eq!(order["shipping_address"]["postal_code"], "1100-048");
    let statuses: Vec<_> = order["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(statuses, ["pending_payment", "paid"]);

    // Declines wrote no event: the customer hears of the order once, paid.
    assert_eq!(app.all_sent(&id, 2).await, ["order.placed", "order.paid"]);

    // Paying a paid order again is refused.
    let response = app.pay(&user, &id, "pay-3", SUCCESS_CARD).await;
    let body = problem(response, 409, "invalid-transition").await;
    assert_eq!(body["order_status"], "paid");
}

async fn an_unpaid_order_is_given_up_after_its_window_with_one_event(store: Store) {
    let app = spawn_app_with_window(store, Duration::from_secs(2)).await;
    let user = app.customer();
    let mug = app.product(10, 1250).await;
    let body = problem(
        app.buy(&user, &mug, 3, DECLINED_CARD).await,
        402,
        "payment-declined",
    )
    .await;
    let id = body["order_id"].as_str().unwrap().to_owned();
    app.stock_becomes(&mug, 10).await;
    let order = app.order(&user, &id).await;
    assert_eq!(order["status"], "payment_failed");
    assert_eq!(kinds(&order), ["failed"]);
    assert_eq!(
        app.all_sent(&id, 2).await,
        ["order.placed", "order.payment_failed"]
    );
    let response = app.pay(&user, &id, "late", SUCCESS_CARD).await;
    let body = problem(response, 409, "invalid-transition").await;
    assert_eq!(body["order_status"], "payment_failed");
    assert_eq!(
        app.cart(&user).await["items"][0]["quantity"],
        3,
        "the cart stays"
    );
}

async fn a_waiting_order_can_be_cancelled_and_its_stock_comes_back(store: Store) {
    let app = spawn_app_on(store).await;
    let user = app.customer();
    let mug = app.product(10, 1250).await;
    let body = problem(
        app.buy(&user, &mug, 4, DECLINED_CARD).await,
        402,
        "payment-declined",
    )
    .await;
    let id = body["order_id"].as_str().unwrap().to_owned();
    assert_eq!(app.stock(&mug).await, 6);
    let response = app
        .request(Method::POST, &format!("/{id}/cancel"), &user)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cancelled: Value = response.json().await.unwrap();
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(kinds(&cancelled), ["failed"], "nothing to refund");
    app.stock_becomes(&mug, 10).await;
    let response = app.pay(&user, &id, "after-cancel", SUCCESS_CARD).await;
    problem(response, 409, "invalid-transition").await;
}

async fn addresses_follow_their_country_and_nothing_is_created_otherwise(store: Store) {
    let app = spawn_app_on(store).await;
    let user = app.customer();
    let mug = app.product(10, 1250).await;
    app.add_to_cart(&user, &mug, 1).await;
    for (field, value, named) in [
        ("postal_code", "!!", "shipping_address.postal_code"),
        ("postal_code", "1100", "shipping_address.postal_code"),
        ("postal_code", "", "shipping_address.postal_code"),
        ("country", "ZZ", "shipping_address.country"),
    ] {
        let mut body = checkout_body(SUCCESS_CARD);
        body["shipping_address"][field] = json!(value);
        let response = app
            .checkout(&user, &format!("bad-{field}-{value}"), &body)
            .await;
        let problem = problem(response, 422, "validation").await;
        assert_eq!(fields(&problem), [named], "{field} {value:?}");
    }
    assert_eq!(my_total(&app, &user).await, 0);
    assert_eq!(app.stock(&mug).await, 10);

    // Normalised as carriers print it; a country without postal codes needs none.
    let mut body = checkout_body(SUCCESS_CARD);
    body["shipping_address"]["country"] = json!("gb");
    body["shipping_address"]["postal_code"] = json!(" sw1a   1aa ");
    let order: Value = app.checkout(&user, "gb", &body).await.json().await.unwrap();
    assert_eq!(
        (
            &order["shipping_address"]["country"],
            &order["shipping_address"]["postal_code"]
        ),
        (&json!("GB"), &json!("SW1A 1AA"))
    );
    app.add_to_cart(&user, &mug, 1).await;
    let mut body = checkout_body(SUCCESS_CARD);
    body["shipping_address"]["country"] = json!("AE");
    body["shipping_address"]["postal_code"] = json!("");
    assert_eq!(app.checkout(&user, "ae", &body).await.status(), 201);

    // The picker's list: public, with each country's format.
    let response = app.client.get(app.url("/countries")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("public")
    );
    let countries: Vec<Value> = response.json().await.unwrap();
    let pt = countries.iter().find(|c| c["code"] == "PT").unwrap();
    assert_eq!(
        (
            &pt["name"],
            &pt["postal_code"]["example"],
            &pt["postal_code_required"]
        ),
        (&json!("Portugal"), &json!("2725-079"), &json!(true))
    );
    assert!(countries.iter().all(|c| c["code"] != "ZZ"));
    let ae = countries.iter().find(|c| c["code"] == "AE").unwrap();
    assert_eq!(ae["postal_code_required"], false);
}

async fn admins_see_the_customer_payments_and_events_and_search_orders(store: Store) {
    let app = spawn_app_on(store).await;
    let ana = app.customer();
    let bo = app.customer();
    let admin = app.admin();
    let mug = app.product(10, 1250).await;
    let body = problem(
        app.buy(&ana, &mug, 1, DECLINED_CARD).await,
        402,
        "payment-declined",
    )
    .await;
    let id = body["order_id"].as_str().unwrap().to_owned();
    assert_eq!(app.pay(&ana, &id, "ok", SUCCESS_CARD).await.status(), 200);
    let (other, _) = app.paid_order(&bo).await;
    app.all_sent(&id, 2).await;

    let detail = send_json(app.request(Method::GET, &format!("/admin/orders/{id}"), &admin)).await;
    assert_eq!(detail["id"], json!(id));
    assert_eq!(detail["customer"]["id"], json!(ana.id));
    assert_eq!(detail["customer"]["email"], json!(ana.email));
    assert_eq!(kinds(&detail), ["failed", "authorized", "captured"]);
    assert_eq!(detail["payments"][0]["failure_code"], "card_declined");
    assert_eq!(detail["payments"][0]["card_brand"], "visa");
    let events: Vec<_> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["type"].as_str().unwrap().to_owned(),
                e["published"].clone(),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            ("order.placed".to_owned(), json!(true)),
            ("order.paid".to_owned(), json!(true))
        ]
    );
    assert!(detail["shipping_address"]["line1"].is_string());

    // Not for customers; unknown orders are 404.
    let response = app
        .request(Method::GET, &format!("/admin/orders/{id}"), &ana)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let unknown = uuid::Uuid::now_v7();
    let response = app
        .request(Method::GET, &format!("/admin/orders/{unknown}"), &admin)
        .send()
        .await
        .unwrap();
    problem(response, 404, "not-found").await;

    let search = |q: String| {
        let request = app
            .request(Method::GET, "/admin/orders", &admin)
            .query(&[("q", q)]);
        async move {
            let page = send_json(request).await;
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        search(ana.email.to_uppercase()).await,
        std::slice::from_ref(&id)
    );
    assert_eq!(
        search(ana.email[..6].to_owned()).await,
        std::slice::from_ref(&id)
    );
    assert_eq!(search(id[..30].to_owned()).await, std::slice::from_ref(&id));
    let number = detail["number"].as_str().unwrap().to_lowercase();
    assert_eq!(
        search(number[..7].to_owned()).await,
        std::slice::from_ref(&id)
    );
    assert_eq!(
        search(bo.id.clone()).await,
        [other["id"].as_str().unwrap().to_owned()]
    );
    assert_eq!(search("%".into()).await, Vec::<String>::new());
    assert_eq!(search("  ".into()).await.len(), 2, "blank is no search");

    // The search is the admin's.
    let response = app
        .request(Method::GET, "", &ana)
        .query(&[("q", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        fields(&problem(response, 400, "invalid-parameters").await),
        ["q"]
    );
}
