//! Shared steps of the binary's tests: settings, starting an application,
//! and the shop's API calls the stories repeat.

use feira::app::Application;
use feira::settings::{DEFAULTS, Settings};
use serde_json::Value;

pub fn settings(extra: &[(&str, &str)]) -> Settings {
    let mut vars = vec![
        ("FEIRA_CONFIG_DIR".to_owned(), "/nonexistent".to_owned()),
        ("FEIRA_HTTP__PORT".to_owned(), "0".to_owned()),
    ];
    vars.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    kit::settings::load_from(DEFAULTS, vars).unwrap()
}

pub async fn start(app: Application) -> String {
    start_both(app).await.0
}

/// Serves `app`; returns its public and internal base URLs.
pub async fn start_both(app: Application) -> (String, String) {
    let base = format!("http://127.0.0.1:{}", app.port());
    let internal = format!("http://127.0.0.1:{}", app.internal_port());
    tokio::spawn(app.run_until_stopped());
    (base, internal)
}

pub async fn total(base: &str) -> u64 {
    get_json(format!("{base}/api/catalog/products")).await["total"]
        .as_u64()
        .unwrap()
}

pub async fn login(base: &str, email: &str, password: &str) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{base}/api/identity/login"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "login as {email}");
    response.json().await.unwrap()
}

/// Creates a product in the category `misc`, which it first creates (a
/// product must name an existing category; a repeat answers 409, a token
/// without the admin role 403, and the product's own answer says the same).
pub async fn create_product(base: &str, token: Option<&str>, sku: &str) -> reqwest::Response {
    let mut category = reqwest::Client::new()
        .post(format!("{base}/api/catalog/categories"))
        .json(&serde_json::json!({"slug": "misc", "name": "Misc"}));
    if let Some(token) = token {
        category = category.bearer_auth(token);
    }
    category.send().await.unwrap();
    let mut request = reqwest::Client::new()
        .post(format!("{base}/api/catalog/products"))
        .json(&serde_json::json!({
            "sku": sku, "name": format!("Product {sku}"), "category": "misc",
            "price": {"amount": 1999, "currency": "EUR"}, "stock": 5,
        }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

/// An authenticated JSON request; returns the status and the body.
pub async fn call(
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .request(method, url)
        .bearer_auth(token)
        .header("Idempotency-Key", uuid::Uuid::now_v7().to_string());
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub fn checkout_body() -> Value {
    serde_json::json!({
        "shipping_address": {"recipient": "Demo Customer", "line1": "Rua Augusta 1",
            "city": "Lisboa", "postal_code": "1100-048", "country": "PT"},
        "payment": {"card_number": "4242 4242 4242 4242"},
    })
}

pub async fn get_json(url: String) -> Value {
    reqwest::get(url).await.unwrap().json().await.unwrap()
}

pub async fn stock(base: &str, product: &str) -> i64 {
    let p = get_json(format!("{base}/api/catalog/products/{product}")).await;
    p["stock"].as_i64().unwrap()
}

/// The first product the catalog lists.
pub async fn first_product(base: &str) -> Value {
    get_json(format!("{base}/api/catalog/products?per_page=1")).await["items"][0].clone()
}

/// Puts `quantity` of `product` in the cart and checks out with the success card.
pub async fn buy(orders: &str, token: &str, product: &str, quantity: i64) -> (u16, Value) {
    use reqwest::Method;
    let item = serde_json::json!({"product_id": product, "quantity": quantity});
    let (status, cart) = call(
        Method::POST,
        format!("{orders}/api/orders/cart/items"),
        token,
        Some(item),
    )
    .await;
    assert_eq!(status, 200, "{cart}");
    call(
        Method::POST,
        format!("{orders}/api/orders"),
        token,
        Some(checkout_body()),
    )
    .await
}

/// Every `$ref` of a JSON document, recursively.
pub fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(target)) => out.push(target.clone()),
                    _ => refs(inner, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}
