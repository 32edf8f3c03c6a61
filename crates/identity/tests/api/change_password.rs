//! Changing the password (ADR 0040): the current one first, the policy for
//! the new one, every session ended, a new one for the caller; guessing the
//! current password counts against the login limit.

use crate::helpers::{PASSWORD, TestApp, fields, per_email, problem, spawn_app, spawn_app_with};
use identity::service::TokenLifetimes;
use reqwest::{Method, Response};
use serde_json::{Value, json};

const NEW: &str = "another fine passphrase";

async fn change(app: &TestApp, tokens: &Value, current: &str, new: &str) -> Response {
    app.authed(Method::POST, "/me/password", tokens)
        .json(&json!({"current_password": current, "new_password": new}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_change_ends_every_session_and_starts_a_new_one() {
    let app = spawn_app().await;
    let here = app.signed_up("change@example.com").await;
    let elsewhere = app.login("change@example.com").await;

    let response = change(&app, &here, PASSWORD, NEW).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let fresh: Value = response.json().await.unwrap();
    assert_eq!(app.me(&fresh).await.status(), 200);
    let fresh_refresh = fresh["refresh_token"].as_str().unwrap();
    assert_eq!(app.refresh(fresh_refresh).await.status(), 200);

    // Both earlier logins are over, this device's old one too.
    for old in [&here, &elsewhere] {
        problem(
            app.refresh(old["refresh_token"].as_str().unwrap()).await,
            401,
            "refresh-token-revoked",
        )
        .await;
    }
    // The old password no longer logs in; the new one does.
    problem(
        app.login_response("change@example.com", PASSWORD).await,
        401,
        "invalid-credentials",
    )
    .await;
    assert_eq!(
        app.login_response("change@example.com", NEW).await.status(),
        200
    );
}

#[tokio::test]
async fn a_wrong_current_password_or_a_weak_new_one_changes_nothing() {
    let app = spawn_app().await;
    let tokens = app.signed_up("keep@example.com").await;

    let wrong = problem(
        change(&app, &tokens, "not my password", NEW).await,
        422,
        "validation",
    )
    .await;
    assert_eq!(fields(&wrong), ["current_password"]);
    // Both at once: every bad field is named.
    let both = problem(
        change(&app, &tokens, "not my password", "short").await,
        422,
        "validation",
    )
    .await;
    assert_eq!(fields(&both), ["current_password", "new_password"]);
    for weak in ["password123", "keep@example.com1", PASSWORD] {
        let body = problem(
            change(&app, &tokens, PASSWORD, weak).await,
            422,
            "validation",
        )
        .await;
        assert_eq!(fields(&body), ["new_password"], "{weak}: {body}");
    }
    // Nothing changed: the session lives, the old password still works.
    assert_eq!(
        app.refresh(tokens["refresh_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
    assert_eq!(
        app.login_response("keep@example.com", PASSWORD)
            .await
            .status(),
        200
    );

    // Without a token, or with fields that do not belong: refused.
    let anonymous = app
        .post(
            "/me/password",
            json!({"current_password": PASSWORD, "new_password": NEW}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let odd = app
        .authed(Method::POST, "/me/password", &tokens)
        .json(&json!({"current_password": PASSWORD, "new_password": NEW, "admin": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(odd.status(), 422);
}

#[tokio::test]
async fn guessing_the_current_password_hits_the_login_limit() {
    let app = spawn_app_with(per_email(2), TokenLifetimes::default()).await;
    // The login takes one of the account's two attempts, the wrong guess the other.
    let tokens = app.signed_up("guess@example.com").await;
    let first = change(&app, &tokens, "guess number one", NEW).await;
    assert_eq!(first.status(), 422);
    let limited = change(&app, &tokens, PASSWORD, NEW).await;
    assert!(limited.headers().contains_key("retry-after"));
    problem(limited, 429, "rate-limited").await;
    // The limited attempt changed nothing.
    assert_eq!(
        app.refresh(tokens["refresh_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
}
