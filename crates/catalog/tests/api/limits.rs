//! Input sizes: every search and filter parameter has a documented maximum,
//! past which the answer is a 400 naming it, and no input of any size is a
//! 5xx.

use crate::helpers::{fields, problem, product_json, spawn_app, spawn_seeded_app};
use serde_json::{Value, json};

#[tokio::test]
async fn search_and_filters_past_their_limits_are_400s_naming_the_parameter() {
    let app = spawn_app().await;
    let long = |n: usize| "x".repeat(n);
    for (query, field) in [
        (format!("q={}", long(201)), "q"),
        (format!("q={}", ["w"; 11].join("+")), "q"),
        // MongoDB refuses a NUL in a pattern: a 500 there, so a 400 everywhere.
        ("q=wool%00".to_owned(), "q"),
        ("q=%1B".to_owned(), "q"),
        (format!("brand={}", long(101)), "brand"),
        (format!("category={}", long(61)), "category"),
        (format!("tag={}", long(41)), "tag"),
    ] {
        let response = app
            .get(&format!("/api/catalog/products?{query}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{field}");
        let body = problem(response, 400).await;
        assert_eq!(fields(&body), vec![field], "{field}");
    }
    // At the limits the search runs.
    for query in [
        format!("q={}", ["w"; 10].join("+")),
        format!("q={}", long(200)),
        format!("brand={}&category={}&tag={}", long(100), long(60), long(40)),
        "q=wool%09scarf".to_owned(),
    ] {
        let response = app
            .get(&format!("/api/catalog/products?{query}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{query}");
    }
}

#[tokio::test]
async fn list_parameters_of_any_size_answer_below_500() {
    let app = spawn_seeded_app().await;
    for n in [1, 10, 11, 100, 1000, 5000] {
        for query in [
            format!("q={}", vec!["ab"; n].join("+")),
            format!("q={}", vec!["%25_%5C"; n].join("")),
            format!("brand={}", "b".repeat(n)),
            format!("category={}", "c".repeat(n)),
            format!("tag={}", "t".repeat(n)),
            format!("min_price={}", "9".repeat(n)),
            format!("page={}", "9".repeat(n)),
        ] {
            let response = app
                .get(&format!("/api/catalog/products?{query}"))
                .send()
                .await
                .unwrap();
            let status = response.status();
            assert!(
                status.is_success() || status == 400,
                "{status} for {n}: {}",
                response.text().await.unwrap()
            );
        }
    }
    let response = app
        .get("/api/catalog/products?page=4294967295&per_page=100")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

/// `levels` objects nested inside one another, innermost holding `"x"`.
fn nested(levels: usize) -> Value {
    (0..levels).fold(json!("x"), |inner, _| json!({"k": inner}))
}

#[tokio::test]
async fn attributes_too_deep_or_with_keys_a_store_cannot_hold_are_422s() {
    let app = spawn_app().await;
    for (attributes, field) in [
        // MongoDB holds at most 100 levels; a product needs a handful.
        (json!({"spec": nested(120)}), "attributes.spec"),
        (json!({"spec": nested(6)}), "attributes.spec"),
        (json!({"spec": [[[[[["deep"]]]]]]}), "attributes.spec"),
        (json!({"spec": {"$where": 1}}), "attributes.spec"),
        (json!({"spec": {"a.b": 1}}), "attributes.spec"),
        (json!({"spec": {"a\u{0}b": 1}}), "attributes.spec"),
        (json!({"a\u{0}b": 1}), "attributes.a\u{0}b"),
    ] {
        let mut body = product_json("DEEP-1", 1);
        body["attributes"] = attributes;
        let problem = problem(app.create_product(body).await, 422).await;
        assert_eq!(fields(&problem), vec![field]);
    }
    let mut body = product_json("DEEP-2", 1);
    body["attributes"] = json!({"spec": nested(4), "sizes": ["S", "M"], "pages": 320});
    assert_eq!(app.create_product(body).await.status(), 201);
}

#[tokio::test]
async fn the_openapi_document_states_the_limits_of_the_list() {
    let app = spawn_app().await;
    let openapi: Value = app.get_json("/openapi.json").await;
    let parameters = openapi["paths"]["/api/catalog/products"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .clone();
    let max = |name: &str| {
        parameters
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["schema"]["maxLength"].clone())
            .unwrap_or_default()
    };
    assert_eq!(
        [max("q"), max("brand"), max("category"), max("tag")],
        [json!(200), json!(100), json!(60), json!(40)]
    );
}
