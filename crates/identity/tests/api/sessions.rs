//! Refresh rotation, reuse detection, logout, and tokens that must be refused.

use crate::helpers::{generous, problem, spawn_app, spawn_app_with};
use identity::service::TokenLifetimes;
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_ends_the_whole_family() {
    let app = spawn_app().await;
    let first = app.signed_up("rot@example.com").await;
    let other_session = app.login("rot@example.com").await;
    let r1 = first["refresh_token"].as_str().unwrap();

    let response = app.refresh(r1).await;
    assert_eq!(response.status(), 200);
    let second: Value = response.json().await.unwrap();
    let r2 = second["refresh_token"].as_str().unwrap();
    assert_ne!(r1, r2);
    assert_eq!(app.me(&second).await.status(), 200);

    // r1 replayed (stolen?): refused, and r2 dies with it.
    problem(app.refresh(r1).await, 401, "refresh-token-reused").await;
    problem(app.refresh(r2).await, 401, "refresh-token-revoked").await;
    // Another login's session is a different family and lives on.
    let r_other = other_session["refresh_token"].as_str().unwrap();
    assert_eq!(app.refresh(r_other).await.status(), 200);
}

#[tokio::test]
async fn logout_ends_one_session_and_logout_all_ends_every_session() {
    let app = spawn_app().await;
    let a = app.signed_up("out@example.com").await;
    let b = app.login("out@example.com").await;
    let c = app.login("out@example.com").await;
    let logout = app
        .post("/logout", json!({"refresh_token": a["refresh_token"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 204);
    problem(
        app.refresh(a["refresh_token"].as_str().unwrap()).await,
        401,
        "refresh-token-revoked",
    )
    .await;
    let again = app
        .post("/logout", json!({"refresh_token": "feira_rt_unknown"}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 204, "idempotent, reveals nothing");

    let everywhere = app
        .authed(Method::POST, "/logout-all", &b)
        .send()
        .await
        .unwrap();
    assert_eq!(everywhere.status(), 204);
    for session in [&b, &c] {
        problem(
            app.refresh(session["refresh_token"].as_str().unwrap())
                .await,
            401,
            "refresh-token-revoked",
        )
        .await;
    }
}

#[tokio::test]
async fn garbage_and_expired_refresh_tokens_are_refused() {
    let app = spawn_app().await;
    problem(
        app.refresh("feira_rt_garbage").await,
        401,
        "refresh-token-invalid",
    )
    .await;
    let short = TokenLifetimes {
        access: Duration::from_secs(900),
        refresh: Duration::ZERO,
    };
    let app = spawn_app_with(generous(), short).await;
    let tokens = app.signed_up("brief@example.com").await;
    problem(
        app.refresh(tokens["refresh_token"].as_str().unwrap()).await,
        401,
        "refresh-token-expired",
    )
    .await;
}

#[tokio::test]
async fn bad_access_tokens_get_401_with_www_authenticate() {
    let app = spawn_app().await;
    let tokens = app.signed_up("tok@example.com").await;
    let sub = crate::helpers::claims(tokens["access_token"].as_str().unwrap())["sub"].clone();
    let now = kit::Timestamp::now().unix_seconds();
    let signed = |overrides: Value| {
        let mut c = json!({"sub": sub, "email": "tok@example.com", "roles": ["customer"],
            "iss": crate::helpers::ISSUER, "aud": crate::helpers::AUDIENCE,
            "iat": now, "exp": now + 600, "jti": "x"});
        for (k, v) in overrides.as_object().unwrap() {
            c[k] = v.clone();
        }
        app.keys.sign(&c).unwrap()
    };
    let foreign = kit::testing::TestIssuer::new();
    let cases = [
        ("garbage", "not.a.jwt".to_owned()),
        (
            "expired",
            signed(json!({"exp": now - 3600, "iat": now - 4500})),
        ),
        ("wrong audience", signed(json!({"aud": "someone-else"}))),
        (
            "wrong issuer",
            signed(json!({"iss": "https://evil.example"})),
        ),
        (
            "unknown key",
            foreign.token(sub.as_str().unwrap(), &["admin"]),
        ),
        ("tampered", {
            let good = tokens["access_token"].as_str().unwrap();
            let (rest, sig) = good.rsplit_once('.').unwrap();
            let flipped = if sig.starts_with('A') { "B" } else { "A" };
            format!("{rest}.{flipped}{}", &sig[1..])
        }),
    ];
    for (what, token) in cases {
        let response = app
            .client
            .get(app.url("/me"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401, "{what}");
        assert_eq!(
            response.headers()["www-authenticate"],
            "Bearer realm=\"feira\"",
            "{what}"
        );
    }
    let none = app.client.get(app.url("/me")).send().await.unwrap();
    problem(none, 401, "unauthorized").await;
}
