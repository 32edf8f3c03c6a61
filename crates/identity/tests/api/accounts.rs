//! Registration and login.

use crate::helpers::{AUDIENCE, ISSUER, PASSWORD, claims, fields, problem, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn register_then_login_yields_a_signed_access_token_with_every_claim() {
    let app = spawn_app().await;
    let response = app.register("  Ana.Silva@Example.COM ", "Ana Silva").await;
    assert_eq!(response.status(), 202);
    let created: Value = response.json().await.unwrap();
    assert_eq!(
        created,
        json!({"email": "ana.silva@example.com", "confirmation_required": false}),
        "nothing that differs from a taken address's answer"
    );

    let response = app.login_response("ANA.SILVA@example.com", PASSWORD).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let tokens: Value = response.json().await.unwrap();
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 900);
    assert!(
        tokens["refresh_token"]
            .as_str()
            .unwrap()
            .starts_with("feira_rt_")
    );

    let access = tokens["access_token"].as_str().unwrap();
    let header = jsonwebtoken::decode_header(access).unwrap();
    assert_eq!(header.alg, jsonwebtoken::Algorithm::EdDSA);
    assert_eq!(header.kid, Some(app.keys.current_kid()));
    let c = claims(access);
    let me: Value = app.me(&tokens).await.json().await.unwrap();
    assert_eq!(c["sub"], me["id"]);
    assert_eq!(c["email"], "ana.silva@example.com");
    assert_eq!(c["email_verified"], false, "not until the link is followed");
    assert_eq!(c["roles"], json!(["customer"]));
    assert_eq!(
        (c["iss"].as_str(), c["aud"].as_str()),
        (Some(ISSUER), Some(AUDIENCE))
    );
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 900);
    assert!(uuid::Uuid::parse_str(c["jti"].as_str().unwrap()).is_ok());

    assert_eq!(
        (me["name"].as_str(), me["email_verified"].as_bool()),
        (Some("Ana Silva"), Some(false))
    );
}

#[tokio::test]
async fn the_jwks_publishes_the_signing_key() {
    let app = spawn_app().await;
    let jwks: Value = reqwest::get(format!("{}/.well-known/jwks.json", app.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key = &jwks["keys"][0];
    assert_eq!(
        (key["kty"].as_str(), key["crv"].as_str()),
        (Some("OKP"), Some("Ed25519"))
    );
    assert_eq!(key["kid"], app.keys.current_kid());
    assert!(key.get("d").is_none(), "never the private part");
}

#[tokio::test]
async fn bad_registrations_name_every_field_and_create_nothing() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/register",
            json!({"email": "not-an-email", "password": "short", "name": "  "}),
        )
        .send()
        .await
        .unwrap();
    let body = problem(response, 422, "validation").await;
    assert_eq!(fields(&body), ["email", "name", "password"]);

    let common = app
        .post(
            "/register",
            json!({"email": "bo@example.com", "password": "Password123", "name": "Bo"}),
        )
        .send()
        .await
        .unwrap();
    let body = problem(common, 422, "validation").await;
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("common")
    );
    problem(
        app.login_response("bo@example.com", "Password123").await,
        401,
        "invalid-credentials",
    )
    .await;

    let unknown = app
        .post(
            "/register",
            json!({"email": "c@example.com", "password": PASSWORD, "name": "C", "admin": true}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 422, "unknown fields are refused");
}

#[tokio::test]
async fn registering_a_taken_email_answers_as_for_a_new_one_and_tells_its_owner() {
    let app = spawn_app().await;
    let first = app.register("dup@example.com", "First").await;
    assert_eq!(first.status(), 202);
    let first: Value = first.json().await.unwrap();
    let again = app.register("DUP@Example.com", "Second").await;
    assert_eq!(again.status(), 202);
    let again: Value = again.json().await.unwrap();
    assert_eq!(
        first, again,
        "the same answer: nothing says the email is taken"
    );

    let tokens = app.login("dup@example.com").await;
    let me: Value = app.me(&tokens).await.json().await.unwrap();
    assert_eq!(me["name"], "First", "the account is untouched");
    let verification = app.events("identity.verification_requested").await;
    assert_eq!(
        verification.len(),
        1,
        "one verification email, for the new account"
    );
    let attempts = app.events("identity.registration_attempted").await;
    assert_eq!(attempts.len(), 1, "the owner is told instead");
    assert_eq!(attempts[0].data["email"], "dup@example.com");
    assert_eq!(attempts[0].subject, me["id"].as_str().unwrap());
    assert!(
        attempts[0].data.get("token").is_none(),
        "no link in the notice"
    );
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    app.register("known@example.com", "Known").await;
    let wrong = app
        .login_response("known@example.com", "not the password")
        .await;
    assert!(wrong.headers().contains_key("www-authenticate"));
    let wrong = problem(wrong, 401, "invalid-credentials").await;
    let unknown = problem(
        app.login_response("nobody@example.com", "not the password")
            .await,
        401,
        "invalid-credentials",
    )
    .await;
    assert_eq!(wrong, unknown);
}
