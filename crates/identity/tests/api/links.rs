//! The emailed links (ADR 0041): verifying an email, resetting a forgotten
//! password and changing the email. The links are read from the outbox, as
//! notifications would receive them.

use crate::helpers::{
    PASSWORD, TestApp, claims, fields, per_email, problem, spawn_app, spawn_app_with,
};
use identity::service::TokenLifetimes;
use reqwest::Method;
use serde_json::{Value, json};

const VERIFY: &str = "identity.verification_requested";
const RESET: &str = "identity.password_reset_requested";
const CHANGED: &str = "identity.password_changed";
const NEW_PASSWORD: &str = "a new and perfectly fine passphrase";

async fn post(app: &TestApp, path: &str, body: Value) -> reqwest::Response {
    app.post(path, body).send().await.unwrap()
}

/// Status, content type and body of an answer: what a caller can compare.
async fn seen(response: reqwest::Response) -> (u16, Option<String>, String) {
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, kind, response.text().await.unwrap())
}

/// Posts `path` for `known` and for an address without an account: the
/// same 202, content type and body.
async fn same_answer_for_any_address(app: &TestApp, path: &str, known: &str) {
    let known = seen(post(app, path, json!({"email": known})).await).await;
    let unknown = seen(post(app, path, json!({"email": "nobody@example.com"})).await).await;
    assert_eq!(
        known, unknown,
        "the same answer for an account and for none"
    );
    assert_eq!(known.0, 202);
}

#[tokio::test]
async fn the_verification_link_verifies_the_email_once() {
    let app = spawn_app().await;
    app.register("ana@example.com", "Ana").await;
    let token = app.link(VERIFY, "ana@example.com").await;
    let event = &app.events(VERIFY).await[0];
    assert_eq!(event.source, "/feira/identity");
    assert_eq!(event.data["name"], "Ana");
    assert!(event.data["expires_at"].is_string());
    assert!(token.starts_with("feira_lt_"));

    let response = post(&app, "/verify-email", json!({"token": token})).await;
    assert_eq!(response.status(), 204);
    let tokens = app.login("ana@example.com").await;
    let me: Value = app.me(&tokens).await.json().await.unwrap();
    assert_eq!(me["email_verified"], true);
    assert_eq!(
        claims(tokens["access_token"].as_str().unwrap())["email_verified"],
        true
    );

    let again = post(&app, "/verify-email", json!({"token": token})).await;
    let body = problem(again, 400, "link-used").await;
    assert_eq!(fields(&body), ["token"]);
}

#[tokio::test]
async fn an_unknown_or_expired_verification_link_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    app.register("bo@example.com", "Bo").await;
    let token = app.link(VERIFY, "bo@example.com").await;
    let unknown = post(&app, "/verify-email", json!({"token": "feira_lt_nothing"})).await;
    problem(unknown, 400, "link-invalid").await;
    app.sql("UPDATE account_tokens SET expires_at = '2000-01-01T00:00:00.000Z'")
        .await;
    let expired = post(&app, "/verify-email", json!({"token": token})).await;
    problem(expired, 400, "link-expired").await;
    let tokens = app.login("bo@example.com").await;
    let me: Value = app.me(&tokens).await.json().await.unwrap();
    assert_eq!(me["email_verified"], false);
    // A reset link is no verification link.
    post(&app, "/password/forgot", json!({"email": "bo@example.com"})).await;
    let reset = app.link(RESET, "bo@example.com").await;
    problem(
        post(&app, "/verify-email", json!({"token": reset})).await,
        400,
        "link-invalid",
    )
    .await;
}

#[tokio::test]
async fn resend_answers_the_same_for_every_address_and_the_newest_link_ends_the_older() {
    let app = spawn_app().await;
    app.register("cy@example.com", "Cy").await;
    let first = app.link(VERIFY, "cy@example.com").await;
    same_answer_for_any_address(&app, "/verify-email/resend", "cy@example.com").await;
    let second = app.link_after(VERIFY, "cy@example.com", 1).await;
    assert_ne!(first, second);
    // The same work: only an unverified account gets a link.
    assert!(
        !app.accounts
            .resend_verification("nobody@example.com")
            .await
            .unwrap()
    );

    assert_eq!(
        post(&app, "/verify-email", json!({"token": second}))
            .await
            .status(),
        204
    );
    problem(
        post(&app, "/verify-email", json!({"token": first})).await,
        400,
        "link-used",
    )
    .await;
    assert!(
        !app.accounts
            .resend_verification("cy@example.com")
            .await
            .unwrap(),
        "a verified address gets no more links"
    );
    let bad = post(
        &app,
        "/verify-email/resend",
        json!({"email": "not an email"}),
    )
    .await;
    assert_eq!(fields(&problem(bad, 422, "validation").await), ["email"]);
}

#[tokio::test]
async fn asking_for_links_is_limited_per_email() {
    let app = spawn_app_with(per_email(2), TokenLifetimes::default()).await;
    for _ in 0..2 {
        let r = post(
            &app,
            "/password/forgot",
            json!({"email": "dee@example.com"}),
        )
        .await;
        assert_eq!(r.status(), 202);
    }
    let limited = post(
        &app,
        "/verify-email/resend",
        json!({"email": "DEE@example.com"}),
    )
    .await;
    assert!(limited.headers().contains_key("retry-after"));
    problem(limited, 429, "rate-limited").await;
    let other = post(
        &app,
        "/password/forgot",
        json!({"email": "eve@example.com"}),
    )
    .await;
    assert_eq!(other.status(), 202, "another address is not affected");
}

#[tokio::test]
async fn a_reset_sets_the_password_ends_every_session_and_tells_the_owner() {
    let app = spawn_app().await;
    let old = app.signed_up("fay@example.com").await;
    let other_device = app.login("fay@example.com").await;
    same_answer_for_any_address(&app, "/password/forgot", "fay@example.com").await;
    assert!(
        !app.accounts
            .forgot_password("nobody@example.com")
            .await
            .unwrap()
    );
    let token = app.link(RESET, "fay@example.com").await;

    // A weak password changes nothing, and the link still works.
    let weak = post(
        &app,
        "/password/reset",
        json!({"token": token, "new_password": "password1"}),
    )
    .await;
    assert_eq!(
        fields(&problem(weak, 422, "validation").await),
        ["new_password"]
    );
    let done = post(
        &app,
        "/password/reset",
        json!({"token": token, "new_password": NEW_PASSWORD}),
    )
    .await;
    assert_eq!(done.status(), 204);

    for tokens in [&old, &other_device] {
        let refused = app.refresh(tokens["refresh_token"].as_str().unwrap()).await;
        assert_eq!(refused.status(), 401, "every session ended");
    }
    problem(
        app.login_response("fay@example.com", PASSWORD).await,
        401,
        "invalid-credentials",
    )
    .await;
    let fresh = app.login_response("fay@example.com", NEW_PASSWORD).await;
    assert_eq!(fresh.status(), 200);
    let fresh: Value = fresh.json().await.unwrap();
    let me: Value = app.me(&fresh).await.json().await.unwrap();
    assert_eq!(me["email_verified"], true, "the link reached the address");
    let told = app.events(CHANGED).await;
    assert_eq!(
        (told.len(), told[0].data["email"].as_str()),
        (1, Some("fay@example.com"))
    );

    let again = post(
        &app,
        "/password/reset",
        json!({"token": token, "new_password": "yet another fine passphrase"}),
    )
    .await;
    problem(again, 400, "link-used").await;
}

#[tokio::test]
async fn an_expired_reset_link_is_refused() {
    let app = spawn_app().await;
    app.register("gus@example.com", "Gus").await;
    post(
        &app,
        "/password/forgot",
        json!({"email": "gus@example.com"}),
    )
    .await;
    let token = app.link(RESET, "gus@example.com").await;
    app.sql("UPDATE account_tokens SET expires_at = '2000-01-01T00:00:00.000Z' WHERE purpose = 'reset_password'")
        .await;
    let expired = post(
        &app,
        "/password/reset",
        json!({"token": token, "new_password": NEW_PASSWORD}),
    )
    .await;
    problem(expired, 400, "link-expired").await;
    app.login("gus@example.com").await;
}

#[tokio::test]
async fn changing_the_email_needs_the_password_and_the_new_address_confirms_it() {
    let app = spawn_app().await;
    let tokens = app.signed_up("hal@example.com").await;
    app.register("taken@example.com", "Taken").await;
    let change = |body: Value| {
        app.authed(Method::POST, "/me/email", &tokens)
            .json(&body)
            .send()
    };
    let wrong = change(json!({"password": "not the password", "new_email": "x"}))
        .await
        .unwrap();
    assert_eq!(
        fields(&problem(wrong, 422, "validation").await),
        ["password", "new_email"]
    );
    let same = change(json!({"password": PASSWORD, "new_email": "HAL@example.com"}))
        .await
        .unwrap();
    assert_eq!(
        fields(&problem(same, 422, "validation").await),
        ["new_email"]
    );
    let taken = change(json!({"password": PASSWORD, "new_email": "taken@example.com"}))
        .await
        .unwrap();
    assert_eq!(taken.status(), 202, "the same answer for a taken address");
    assert!(
        app.events("identity.email_change_requested")
            .await
            .is_empty(),
        "and nothing sent"
    );

    let ok = change(json!({"password": PASSWORD, "new_email": "Hal.New@example.com"}))
        .await
        .unwrap();
    assert_eq!(ok.status(), 202);
    let token = app
        .link("identity.email_change_requested", "hal.new@example.com")
        .await;
    let me: Value = app.me(&tokens).await.json().await.unwrap();
    assert_eq!(
        me["email"], "hal@example.com",
        "nothing moves before the link"
    );

    let confirmed = post(&app, "/email/confirm", json!({"token": token})).await;
    assert_eq!(confirmed.status(), 204);
    let me: Value = app.me(&tokens).await.json().await.unwrap();
    assert_eq!(
        (me["email"].as_str(), me["email_verified"].as_bool()),
        (Some("hal.new@example.com"), Some(true))
    );
    let told = app.events("identity.email_changed").await;
    assert_eq!(
        told[0].data["email"], "hal@example.com",
        "the old address is told"
    );
    assert_eq!(told[0].data["new_email"], "hal.new@example.com");
    problem(
        app.login_response("hal@example.com", PASSWORD).await,
        401,
        "invalid-credentials",
    )
    .await;
    app.login("hal.new@example.com").await;
    problem(
        post(&app, "/email/confirm", json!({"token": token})).await,
        400,
        "link-used",
    )
    .await;
}

#[tokio::test]
async fn changing_the_password_tells_the_owner() {
    let app = spawn_app().await;
    let tokens = app.signed_up("ivy@example.com").await;
    let changed = app
        .authed(Method::POST, "/me/password", &tokens)
        .json(&json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    let told = app.events(CHANGED).await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].data["email"], "ivy@example.com");
}

#[tokio::test]
async fn every_account_event_has_the_documented_shape() {
    let app = spawn_app().await;
    app.signed_up("jo@example.com").await;
    app.register("jo@example.com", "Again").await;
    post(&app, "/password/forgot", json!({"email": "jo@example.com"})).await;
    let reset = app.link(RESET, "jo@example.com").await;
    let r = post(
        &app,
        "/password/reset",
        json!({"token": reset, "new_password": NEW_PASSWORD}),
    )
    .await;
    assert_eq!(r.status(), 204);
    let tokens = app
        .login_response("jo@example.com", NEW_PASSWORD)
        .await
        .json::<Value>()
        .await
        .unwrap();
    let moved = app
        .authed(Method::POST, "/me/email", &tokens)
        .json(&json!({"password": NEW_PASSWORD, "new_email": "jo.new@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), 202);
    let token = app
        .link("identity.email_change_requested", "jo.new@example.com")
        .await;
    post(&app, "/email/confirm", json!({"token": token})).await;

    let examples = kit::testing::documented_events(include_str!("../../../../docs/events.md"));
    let emitted = app.outbox.entries(None, 100).await.unwrap();
    let kinds: std::collections::BTreeSet<_> =
        emitted.iter().map(|e| e.event.kind.clone()).collect();
    assert_eq!(kinds.len(), 6, "every account event type: {kinds:?}");
    for entry in emitted {
        let event = entry.event;
        let example = examples
            .get(&event.kind)
            .unwrap_or_else(|| panic!("{} is not documented in docs/events.md", event.kind));
        kit::testing::same_shape(&event.kind, example, &serde_json::to_value(&event).unwrap());
    }
}
