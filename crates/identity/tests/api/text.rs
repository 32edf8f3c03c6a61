//! Free text (ADR 32): a NUL, another control character or a bidirectional
//! override in a name, an email or an address field is a 422 naming the
//! field and stores nothing; what is stored is in NFC.

use crate::helpers::{PASSWORD, fields, problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn a_control_or_an_override_at_registration_is_a_422_naming_the_field() {
    let app = spawn_app().await;
    for (email, name, field) in [
        ("nul@example.com", "Ana\u{0}", "name"),
        ("rlo@example.com", "Ana \u{202E}nimda", "name"),
        ("nel@example.com", "Ana\u{85}Silva", "name"),
        ("a\u{202E}moc.x@example.com", "Ana", "email"),
    ] {
        let body = problem(app.register(email, name).await, 422, "validation").await;
        assert_eq!(fields(&body), [field], "{name:?}: {body}");
        // Nothing was stored: there is no account to log in to (a 401, or
        // a 422 for the refused address itself).
        let login = app.login_response(email, PASSWORD).await;
        assert!(
            [401, 422].contains(&login.status().as_u16()),
            "{email:?}: {}",
            login.status()
        );
    }
}

#[tokio::test]
async fn names_and_addresses_refuse_controls_and_are_stored_in_nfc() {
    let app = spawn_app().await;
    let t = app.signed_up("text@example.com").await;

    let bad = app
        .authed(Method::PATCH, "/me", &t)
        .json(&json!({"name": "Ana\u{202E}"}))
        .send()
        .await
        .unwrap();
    assert_eq!(fields(&problem(bad, 422, "validation").await), ["name"]);
    let me: Value = app.me(&t).await.json().await.unwrap();
    assert_eq!(me["name"], "Test User");

    let home = json!({"recipient": "Ana", "line1": "Rua Augusta 1",
        "city": "Lisboa", "postal_code": "1100-048", "country": "pt"});
    for (field, value) in [
        ("recipient", "Ana\u{0}"),
        ("line1", "Rua \u{202E}1"),
        ("line2", "2\u{200F}"),
        ("label", "Home\nWork"),
        ("city", "Lisboa\u{1B}"),
    ] {
        let mut body = home.clone();
        body[field] = json!(value);
        let bad = app
            .authed(Method::POST, "/me/addresses", &t)
            .json(&body)
            .send()
            .await
            .unwrap();
        let problem = problem(bad, 422, "validation").await;
        assert_eq!(fields(&problem), [field], "{value:?}: {problem}");
    }
    let me: Value = app.me(&t).await.json().await.unwrap();
    assert_eq!(me["addresses"], json!([]));

    let mut body = home.clone();
    body["recipient"] = json!(" Jose\u{301} ");
    let added = app
        .authed(Method::POST, "/me/addresses", &t)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 201);
    let added: Value = added.json().await.unwrap();
    assert_eq!(added["recipient"], "Jos\u{e9}");
}
