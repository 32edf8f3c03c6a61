//! The outbox and the events: every status change is written with the change,
//! published in order, and shaped as `docs/events.md` documents.

use crate::helpers::*;
use kit::testing::{documented_events, same_shape};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn every_status_change_is_in_the_outbox_marked_sent_and_published_in_order() {
    let app = spawn_app().await;
    let user = app.customer();
    let admin = app.admin();
    let (order, _) = app.paid_order(&user).await;
    let id = order["id"].as_str().unwrap();
    let shipment = json!({"carrier": "CTT", "tracking_number": "RR1"});
    app.request(Method::POST, &format!("/{id}/ship"), &admin)
        .json(&shipment)
        .send()
        .await
        .unwrap();
    app.request(Method::POST, &format!("/{id}/deliver"), &admin)
        .send()
        .await
        .unwrap();

    let types = app.all_sent(id, 4).await;
    assert_eq!(
        types,
        [
            "order.placed",
            "order.paid",
            "order.shipped",
            "order.delivered"
        ]
    );
    let outbox_ids: Vec<_> = app
        .outbox(id)
        .await
        .iter()
        .map(|e| e["event"]["id"].clone())
        .collect();
    let published: Vec<_> = app.published_for(id).iter().map(|e| json!(e.id)).collect();
    assert_eq!(
        published, outbox_ids,
        "published once each, in outbox order"
    );
}

#[tokio::test]
async fn emitted_events_match_the_documented_schemas() {
    // Unpaid orders are given up soon, so the declined one emits
    // `order.payment_failed`.
    let app = spawn_app_with_window(Store::Sqlite, std::time::Duration::from_secs(2)).await;
    let user = app.customer();
    let admin = app.admin();
    let (shipped, _) = app.paid_order(&user).await;
    let shipped = shipped["id"].as_str().unwrap().to_owned();
    let shipment = json!({"carrier": "CTT", "tracking_number": "RR1"});
    app.request(Method::POST, &format!("/{shipped}/ship"), &admin)
        .json(&shipment)
        .send()
        .await
        .unwrap();
    app.request(Method::POST, &format!("/{shipped}/deliver"), &admin)
        .send()
        .await
        .unwrap();
    let (cancelled, _) = app.paid_order(&user).await;
    let cancelled = cancelled["id"].as_str().unwrap().to_owned();
    app.request(Method::POST, &format!("/{cancelled}/cancel"), &user)
        .send()
        .await
        .unwrap();
    let product = app.product(5, 1000).await;
    let declined: Value = app
        .buy(&user, &product, 1, DECLINED_CARD)
        .await
        .json()
        .await
        .unwrap();
    let declined = declined["order_id"].as_str().unwrap().to_owned();
    app.all_sent(&shipped, 4).await;
    app.all_sent(&cancelled, 3).await;
    app.all_sent(&declined, 2).await;

    let examples = documented_events(include_str!("../../../../docs/events.md"));
    let mut seen = std::collections::BTreeSet::new();
    for id in [&shipped, &cancelled, &declined] {
        for event in app.published_for(id) {
            let example = examples
                .get(&event.kind)
                .unwrap_or_else(|| panic!("{} is not documented in docs/events.md", event.kind));
            same_shape(&event.kind, example, &serde_json::to_value(&event).unwrap());
            assert_eq!(event.data["status"], example["data"]["status"]);
            seen.insert(event.kind.clone());
        }
    }
    let documented: std::collections::BTreeSet<_> = examples
        .keys()
        .filter(|kind| kind.starts_with("order."))
        .cloned()
        .collect();
    assert_eq!(seen, documented, "every documented order event was emitted");
}
