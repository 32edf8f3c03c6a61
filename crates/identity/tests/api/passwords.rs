//! The password policy at registration (NIST SP 800-63B): a password of only
//! spaces, or one built from the account's email address or name, is refused
//! with the same 422 as a weak one, and no account is created.

use crate::helpers::*;
use serde_json::json;

/// Registers `email` and `name` with `password`; asserts the 422 names only
/// the password and that nobody can log in with it.
async fn refused(app: &TestApp, email: &str, name: &str, password: &str) -> String {
    let response = app
        .post(
            "/register",
            json!({"email": email, "password": password, "name": name}),
        )
        .send()
        .await
        .unwrap();
    let body = problem(response, 422, "validation").await;
    assert_eq!(fields(&body), ["password"], "{password:?}: {body}");
    problem(
        app.login_response(email, password).await,
        401,
        "invalid-credentials",
    )
    .await;
    body["errors"][0]["message"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_password_of_ten_spaces_is_a_422_naming_password() {
    let app = spawn_app().await;
    for blank in [" ".repeat(10), "\t".repeat(16), "\u{a0}".repeat(12)] {
        let message = refused(&app, "blank@example.com", "Blank", &blank).await;
        assert!(message.contains("spaces"), "{message}");
    }
}

#[tokio::test]
async fn a_password_built_from_the_email_or_name_is_a_422_naming_password() {
    let app = spawn_app().await;
    for password in [
        "ana.silva@example.com",
        "Ana.Silva@Example.com",
        "ana.silva@example.com!",
        "ana.silva-2026",
        "Ana Silva 2026",
        "anasilva12345",
    ] {
        let message = refused(&app, "Ana.Silva@example.com", "Ana Silva", password).await;
        assert!(message.contains("email address or name"), "{message}");
    }
    // A passphrase of the user's own that holds the name still registers.
    let response = app
        .post(
            "/register",
            json!({
                "email": "ana.silva@example.com",
                "password": "ana silva walks the long coastal road",
                "name": "Ana Silva",
            }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
}

#[tokio::test]
async fn every_bad_field_is_named_with_the_password_built_from_them() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/register",
            json!({"email": "not-an-email", "password": "not-an-email", "name": " "}),
        )
        .send()
        .await
        .unwrap();
    let body = problem(response, 422, "validation").await;
    assert_eq!(fields(&body), ["email", "name", "password"]);
}
