//! Free text (ADR 32): a NUL, another control character or a bidirectional
//! override in any text field of a product, attribute keys and values
//! included, is a 422 naming the field and stores nothing; what is stored is
//! in NFC.

use crate::helpers::{fields, problem, product_json, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn a_control_or_an_override_in_a_product_is_a_422_naming_the_field() {
    let app = spawn_app().await;
    for (field, value, named) in [
        ("name", json!("Mug\u{0}"), "name"),
        ("name", json!("Mug \u{202E}gpj.exe"), "name"),
        ("name", json!("Mug\nLarge"), "name"),
        ("description", json!("Nice\u{202E}"), "description"),
        ("description", json!("bell\u{7}"), "description"),
        ("brand", json!("Acme\u{85}Co"), "brand"),
        ("category", json!("kitchen\u{0}"), "category"),
        ("sku", json!("MUG\u{200B}1"), "sku"),
        ("tags", json!(["ok", "t\u{0}g"]), "tags[1]"),
        ("images", json!(["/a.svg\u{0}"]), "images[0]"),
        (
            "attributes",
            json!({"col\u{0}our": "blue"}),
            "attributes.col\u{0}our",
        ),
        (
            "attributes",
            json!({"colour": "bl\u{202E}ue"}),
            "attributes.colour",
        ),
        (
            "attributes",
            json!({"size": {"cm": ["1\u{0}"]}}),
            "attributes.size",
        ),
    ] {
        let mut body = product_json("TXT-1", 3);
        body[field] = value.clone();
        let response = app.create_product(body).await;
        let problem = problem(response, 422).await;
        assert_eq!(fields(&problem), [named], "{field} {value}: {problem}");
    }
    assert_eq!(app.total().await, 0);

    // An update is refused the same way and leaves the product as it was.
    let product = app.product("TXT-2", 3).await;
    let path = format!("/api/catalog/products/{}", product["id"].as_str().unwrap());
    let response = app
        .as_admin(app.client.patch(app.url(&path)))
        .json(&json!({"version": product["version"], "brand": "\u{2067}Acme"}))
        .send()
        .await
        .unwrap();
    assert_eq!(fields(&problem(response, 422).await), ["brand"]);
    let stored: Value = app.get_json(&path).await;
    assert_eq!(stored["brand"], product["brand"]);
    assert_eq!(stored["version"], product["version"]);
}

#[tokio::test]
async fn product_text_is_stored_in_nfc_and_found_however_it_was_composed() {
    let app = spawn_app().await;
    let mut body = product_json("TXT-3", 3);
    body["name"] = json!("Cre\u{300}me bru\u{302}le\u{301}e");
    body["description"] = json!("Line one\r\n\tLine two");
    body["tags"] = json!(["Cafe\u{301}"]);
    body["attributes"] = json!({"flavour": "cafe\u{301}"});
    let response = app.create_product(body).await;
    assert_eq!(response.status(), 201);
    let product: Value = response.json().await.unwrap();
    assert_eq!(product["name"], "Cr\u{e8}me br\u{fb}l\u{e9}e");
    assert_eq!(product["description"], "Line one\n\tLine two");
    assert_eq!(product["tags"], json!(["caf\u{e9}"]));
    assert_eq!(product["attributes"]["flavour"], "caf\u{e9}");
    for query in ["q=cr%C3%A8me", "q=cre%CC%80me", "tag=cafe%CC%81"] {
        let page: Value = app
            .get_json(&format!("/api/catalog/products?{query}"))
            .await;
        assert_eq!(page["total"], 1, "{query}: {page}");
    }
}
