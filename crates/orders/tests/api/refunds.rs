//! Cancelling records the intent before the refund (ADR 0031): a paid order
//! becomes `cancelling` in one transaction, so a ship is refused from then
//! on; the refund is asked for with the order's key and, when the provider
//! fails, hangs or the process dies, the refund sweeper finishes the cancel.
//! The provider refunds once however often it is asked. Every test runs on
//! SQLite and on PostgreSQL.

use crate::helpers::*;
use crate::payments::Refunds;
use reqwest::{Method, Response};
use serde_json::Value;
use std::time::{Duration, Instant};

/// How long a cancel may take to converge in the background: a few refund
/// attempts with backoff (1 s, 2 s, ...).
const CONVERGE: Duration = Duration::from_secs(30);

on_every_store!(
    a_failing_provider_leaves_the_order_cancelling_until_the_sweeper_refunds_it_once,
    a_hanging_provider_is_cut_off_at_the_timeout_and_the_order_converges_later,
    a_cancel_cut_short_by_a_crash_is_finished_by_the_next_process,
    a_retried_cancel_refunds_once,
    a_ship_racing_a_cancel_never_leaves_a_refunded_order_shipped,
);

async fn cancel(app: &TestApp, user: &User, id: &str) -> Response {
    app.request(Method::POST, &format!("/{id}/cancel"), user)
        .send()
        .await
        .unwrap()
}

async fn ship(app: &TestApp, admin: &User, id: &str) -> Response {
    app.request(Method::POST, &format!("/{id}/ship"), admin)
        .json(&serde_json::json!({"carrier": "CTT", "tracking_number": "RR123456785PT"}))
        .send()
        .await
        .unwrap()
}

fn statuses(order: &Value) -> Vec<String> {
    order["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap().to_owned())
        .collect()
}

/// The order's `refunded` payment rows.
/// The provider's reference of the order's one captured charge.
fn charge_reference(order: &Value) -> String {
    let charges: Vec<&Value> = order["payments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "captured")
        .collect();
    assert_eq!(charges.len(), 1, "{order}");
    charges[0]["reference"].as_str().unwrap().to_owned()
}

fn refund_rows(order: &Value) -> Vec<Value> {
    order["payments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "refunded")
        .cloned()
        .collect()
}

/// Waits until the order is `status`; returns it.
async fn becomes(app: &TestApp, user: &User, id: &str, status: &str) -> Value {
    eventually(&format!("order {id} to be {status}"), CONVERGE, || async {
        let order = app.order(user, id).await;
        (order["status"] == status).then_some(order)
    })
    .await
}

/// Waits until the provider has been asked for refunds `n` times.
async fn asked(app: &TestApp, n: usize) {
    eventually(&format!("{n} refund calls"), CONVERGE, || async {
        (app.payments.calls().len() >= n).then_some(())
    })
    .await
}

/// What a finished cancel leaves: `cancelled` after `cancelling`, one
/// `refunded` row with the provider's refund, one refund at the provider,
/// every call with the order's key, the stock back, and `order.cancelled`
/// (from `paid`, as consumers know it) after `placed` and `paid`.
async fn assert_cancelled_once(app: &TestApp, order: &Value, product: &str, done: &Value) {
    let id = order["id"].as_str().unwrap();
    let key = format!("refund-{id}");
    assert_eq!(
        statuses(done),
        ["pending_payment", "paid", "cancelling", "cancelled"]
    );
    let rows = refund_rows(done);
    assert_eq!(rows.len(), 1, "{done}");
    assert_eq!(rows[0]["reference"], format!("ctl_re_{key}"));
    assert_eq!(rows[0]["amount"], order["totals"]["total"]);
    assert_eq!(app.payments.refunds_for(&key), 1);
    assert_eq!(
        app.payments.refunds(),
        [(
            charge_reference(done),
            order["totals"]["total"].as_i64().unwrap()
        )]
    );
    let calls = app.payments.calls();
    assert!(calls.iter().all(|k| *k == key), "{calls:?}");
    app.stock_becomes(product, 5).await;
    assert_eq!(
        app.all_sent(id, 3).await,
        ["order.placed", "order.paid", "order.cancelled"]
    );
    let cancelled = app.published_for(id).pop().unwrap();
    assert_eq!(cancelled.data["previous_status"], "paid");
    assert_eq!(cancelled.data["reason"], "cancelled by the customer");
}

async fn a_failing_provider_leaves_the_order_cancelling_until_the_sweeper_refunds_it_once(
    store: Store,
) {
    let app = spawn_app_on(store).await;
    let user = app.customer();
    let admin = app.admin();
    let (order, product) = app.paid_order(&user).await;
    let id = order["id"].as_str().unwrap();
    app.payments.set(Refunds::Fail);

    let answer = cancel(&app, &user, id).await;
    assert_eq!(answer.status(), 202);
    let pending: Value = answer.json().await.unwrap();
    assert_eq!(pending["status"], "cancelling");
    assert_eq!(
        statuses(&pending),
        ["pending_payment", "paid", "cancelling"]
    );
    assert!(refund_rows(&pending).is_empty());

    // Recorded before the refund: from now on the order cannot ship.
    let body = problem(ship(&app, &admin, id).await, 409, "invalid-transition").await;
    assert_eq!(body["order_status"], "cancelling");

    // The sweeper asks again while the provider fails; so does a retried
    // request, which answers 202 again. Nothing is refunded or released yet,
    // and nothing is announced.
    asked(&app, 2).await;
    assert_eq!(cancel(&app, &user, id).await.status(), 202);
    assert_eq!(app.order(&user, id).await["status"], "cancelling");
    assert_eq!(app.stock(&product).await, 4);
    assert!(app.payments.refunds().is_empty());
    assert_eq!(app.all_sent(id, 2).await, ["order.placed", "order.paid"]);

    app.payments.set(Refunds::Work);
    let done = becomes(&app, &user, id, "cancelled").await;
    assert_cancelled_once(&app, &order, &product, &done).await;

    // Finished: a cancel or a ship is refused and refunds nothing more.
    let body = problem(cancel(&app, &user, id).await, 409, "invalid-transition").await;
    assert_eq!(body["order_status"], "cancelled");
    problem(ship(&app, &admin, id).await, 409, "invalid-transition").await;
    assert_eq!(app.payments.refunds().len(), 1);
}

async fn a_hanging_provider_is_cut_off_at_the_timeout_and_the_order_converges_later(store: Store) {
    let timeout = Duration::from_millis(500);
    let app = spawn_app_with(store, timeout).await;
    let user = app.customer();
    let admin = app.admin();
    let (order, product) = app.paid_order(&user).await;
    let id = order["id"].as_str().unwrap();
    // The worst case: the provider refunds, and its answer never comes.
    app.payments.set(Refunds::LoseAnswer);

    let started = Instant::now();
    let answer = tokio::time::timeout(CONVERGE, cancel(&app, &user, id))
        .await
        .expect("the cancel answers although the provider does not");
    let took = started.elapsed();
    assert_eq!(answer.status(), 202);
    assert!(
        took >= timeout && took < timeout + Duration::from_secs(3),
        "answered after {took:?}, the refund timeout being {timeout:?}"
    );
    let pending: Value = answer.json().await.unwrap();
    assert_eq!(pending["status"], "cancelling");
    problem(ship(&app, &admin, id).await, 409, "invalid-transition").await;

    // The sweeper's attempts hang and are cut off too; the key keeps the
    // provider from refunding again.
    asked(&app, 2).await;
    assert_eq!(app.order(&user, id).await["status"], "cancelling");
    assert_eq!(app.payments.refunds().len(), 1);

    app.payments.set(Refunds::Work);
    let done = becomes(&app, &user, id, "cancelled").await;
    assert!(app.payments.calls().len() >= 3);
    assert_cancelled_once(&app, &order, &product, &done).await;
}

async fn a_cancel_cut_short_by_a_crash_is_finished_by_the_next_process(store: Store) {
    let mut app = spawn_app_with(store, Duration::from_millis(500)).await;
    let user = app.customer();
    let (order, product) = app.paid_order(&user).await;
    let id = order["id"].as_str().unwrap();
    // The request dies while it asks for the refund: after `cancelling` was
    // committed, before anything about the refund was.
    app.payments.set(Refunds::DieOnce);
    let _ = cancel(&app, &user, id).await;
    assert_eq!(app.payments.calls().len(), 1);
    assert_eq!(app.order(&user, id).await["status"], "cancelling");

    // The next process knows of the cancel only from the database.
    app.restart().await;
    let done = becomes(&app, &user, id, "cancelled").await;
    assert_cancelled_once(&app, &order, &product, &done).await;
}

async fn a_retried_cancel_refunds_once(store: Store) {
    let app = spawn_app_on(store).await;
    let user = app.customer();
    let (order, product) = app.paid_order(&user).await;
    let id = order["id"].as_str().unwrap();
    // A slow provider, so that the retries arrive while it is being asked.
    app.payments.set_latency(Duration::from_millis(200));

    let answers = futures::future::join_all((0..5).map(|_| async {
        let answer = cancel(&app, &user, id).await;
        let status = answer.status().as_u16();
        (status, answer.json::<Value>().await.unwrap())
    }))
    .await;
    assert!(
        answers.iter().any(|(status, _)| *status == 200),
        "{answers:?}"
    );
    for (status, body) in &answers {
        match status {
            200 => assert_eq!(body["status"], "cancelled"),
            409 => assert_eq!(body["order_status"], "cancelled"),
            _ => panic!("a retried cancel answered {status} {body}"),
        }
    }
    let body = problem(cancel(&app, &user, id).await, 409, "invalid-transition").await;
    assert_eq!(body["order_status"], "cancelled");
    let done = app.order(&user, id).await;
    assert_cancelled_once(&app, &order, &product, &done).await;
}

async fn a_ship_racing_a_cancel_never_leaves_a_refunded_order_shipped(store: Store) {
    let app = spawn_app_on(store).await;
    let user = app.customer();
    let admin = app.admin();
    // A provider with some latency: the old order of things (refund, then
    // record) let a ship land in between.
    app.payments.set_latency(Duration::from_millis(30));
    let mut ids = Vec::new();
    for _ in 0..8 {
        ids.push(
            app.paid_order(&user).await.0["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let outcomes = futures::future::join_all(ids.iter().map(|id| {
        let (app, user, admin) = (&app, &user, &admin);
        async move {
            let (cancelled, shipped) = tokio::join!(cancel(app, user, id), ship(app, admin, id));
            (cancelled.status().as_u16(), shipped.status().as_u16())
        }
    }))
    .await;
    for (id, (cancelled, shipped)) in ids.iter().zip(outcomes) {
        let key = format!("refund-{id}");
        let order = eventually(&format!("order {id} to settle"), CONVERGE, || async {
            let order = app.order(&user, id).await;
            (order["status"] == "shipped" || order["status"] == "cancelled").then_some(order)
        })
        .await;
        if order["status"] == "shipped" {
            assert_eq!((cancelled, shipped), (409, 200), "{id}");
            assert!(refund_rows(&order).is_empty(), "{order}");
            assert_eq!(
                app.payments.refunds_for(&key),
                0,
                "{id} shipped and refunded"
            );
        } else {
            assert!(
                cancelled == 200 || cancelled == 202,
                "{id}: cancel {cancelled}"
            );
            assert_eq!(shipped, 409, "{id}");
            assert_eq!(refund_rows(&order).len(), 1, "{order}");
            assert_eq!(app.payments.refunds_for(&key), 1);
        }
    }
}
