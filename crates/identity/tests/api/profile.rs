//! `/me`: profile, phone, preferences and addresses.

use crate::helpers::{fields, problem, send_json, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn the_profile_is_edited_field_by_field() {
    let app = spawn_app().await;
    let t = app.signed_up("me@example.com").await;
    let patch = |body: Value| app.authed(Method::PATCH, "/me", &t).json(&body).send();

    let response = patch(json!({"name": "New Name", "phone": "+351 912 345 678"}))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.unwrap();
    assert_eq!(
        (me["name"].as_str(), me["phone"].as_str()),
        (Some("New Name"), Some("+351912345678"))
    );
    assert_eq!(
        me["preferences"],
        json!({"email": true, "sms": false, "in_app": true})
    );

    let me: Value = patch(json!({"preferences": {"sms": true, "email": false}}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["preferences"],
        json!({"email": false, "sms": true, "in_app": true})
    );
    assert_eq!(me["name"], "New Name", "absent fields stay");

    // SMS needs a phone: clearing the phone while SMS is on is refused whole.
    let body = problem(
        patch(json!({"phone": null, "name": "Other"}))
            .await
            .unwrap(),
        422,
        "validation",
    )
    .await;
    assert_eq!(fields(&body), ["preferences.sms"]);
    let body = problem(
        patch(json!({"phone": "912345678", "name": ""}))
            .await
            .unwrap(),
        422,
        "validation",
    )
    .await;
    assert_eq!(fields(&body), ["name", "phone"]);
    let unchanged: Value = app.me(&t).await.json().await.unwrap();
    assert_eq!(
        (unchanged["name"].as_str(), unchanged["phone"].as_str()),
        (Some("New Name"), Some("+351912345678"))
    );

    let me: Value = patch(json!({"preferences": {"sms": false}, "phone": null}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(me["phone"].is_null());
    problem(
        patch(json!({"email": "x@example.com"})).await.unwrap(),
        422,
        "validation",
    )
    .await;
}

#[tokio::test]
async fn addresses_are_added_edited_defaulted_and_removed() {
    let app = spawn_app().await;
    let t = app.signed_up("addr@example.com").await;
    let home = json!({"label": "Home", "recipient": "Ana", "line1": "Rua Augusta 1",
        "city": "Lisboa", "postal_code": "1100-048", "country": "pt"});
    let add = |body: Value| {
        app.authed(Method::POST, "/me/addresses", &t)
            .json(&body)
            .send()
    };

    let first: Value = add(home.clone()).await.unwrap().json().await.unwrap();
    assert_eq!(
        (first["country"].as_str(), first["is_default"].as_bool()),
        (Some("PT"), Some(true))
    );
    let response = add(
        json!({"recipient": "Ana", "line1": "Av. da Boavista 100", "city": "Porto",
        "postal_code": "4100-112", "country": "PT", "is_default": true}),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 201);
    let second: Value = response.json().await.unwrap();
    let me: Value = app.me(&t).await.json().await.unwrap();
    let defaults: Vec<bool> = me["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["is_default"].as_bool().unwrap())
        .collect();
    assert_eq!(defaults, [false, true]);

    let path = format!("/me/addresses/{}", first["id"].as_str().unwrap());
    let edited: Value = send_json(
        app.authed(Method::PATCH, &path, &t)
            .json(&json!({"city": "Lisbon"})),
    )
    .await;
    assert_eq!(
        (edited["city"].as_str(), edited["line1"].as_str()),
        (Some("Lisbon"), Some("Rua Augusta 1"))
    );
    let bad = app
        .authed(Method::PATCH, &path, &t)
        .json(&json!({"country": "Portugal", "line1": ""}))
        .send()
        .await
        .unwrap();
    let body = problem(bad, 422, "validation").await;
    assert_eq!(fields(&body), ["line1", "country"]);

    let second_path = format!("/me/addresses/{}", second["id"].as_str().unwrap());
    let removed = app
        .authed(Method::DELETE, &second_path, &t)
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), 204);
    let me: Value = app.me(&t).await.json().await.unwrap();
    assert_eq!(me["addresses"].as_array().unwrap().len(), 1);
    assert_eq!(
        me["addresses"][0]["is_default"], true,
        "the default passes on"
    );
    assert_eq!(me["addresses"][0]["city"], "Lisbon");
    problem(
        app.authed(Method::DELETE, &second_path, &t)
            .send()
            .await
            .unwrap(),
        404,
        "not-found",
    )
    .await;
    problem(
        add(json!({"recipient": "X"})).await.unwrap(),
        422,
        "validation",
    )
    .await;
}
