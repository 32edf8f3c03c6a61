//! User administration, and what disabling an account does.

use crate::helpers::{problem, send_json, spawn_app};
use reqwest::Method;
use serde_json::Value;

fn id_of(tokens: &Value) -> String {
    crate::helpers::claims(tokens["access_token"].as_str().unwrap())["sub"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn admins_list_search_and_change_roles_customers_cannot() {
    let app = spawn_app().await;
    let admin = app.admin("root@example.com").await;
    let customer = app.signed_up("shopper@example.com").await;
    app.signed_up("another@example.com").await;

    let page: Value =
        send_json(app.authed(Method::GET, "/admin/users?q=SHOP&per_page=10", &admin)).await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["email"], "shopper@example.com");
    let admins: Value = send_json(app.authed(Method::GET, "/admin/users?role=admin", &admin)).await;
    assert_eq!(admins["total"], 1);
    let bad = app
        .authed(Method::GET, "/admin/users?role=boss&page=0", &admin)
        .send()
        .await
        .unwrap();
    let body = problem(bad, 400, "invalid-parameters").await;
    assert_eq!(crate::helpers::fields(&body), ["page", "role"]);
    problem(
        app.authed(Method::GET, "/admin/users?sort=name", &admin)
            .send()
            .await
            .unwrap(),
        400,
        "invalid-parameters",
    )
    .await;

    problem(
        app.authed(Method::GET, "/admin/users", &customer)
            .send()
            .await
            .unwrap(),
        403,
        "forbidden",
    )
    .await;

    let shopper = id_of(&customer);
    let grant = app
        .authed(
            Method::PUT,
            &format!("/admin/users/{shopper}/roles/admin"),
            &admin,
        )
        .send()
        .await
        .unwrap();
    let granted: Value = grant.json().await.unwrap();
    assert_eq!(granted["roles"], serde_json::json!(["customer", "admin"]));
    // The new role shows in the next token.
    let promoted = app.login("shopper@example.com").await;
    let roles = crate::helpers::claims(promoted["access_token"].as_str().unwrap())["roles"].clone();
    assert_eq!(roles, serde_json::json!(["customer", "admin"]));
    let revoked: Value = send_json(app.authed(
        Method::DELETE,
        &format!("/admin/users/{shopper}/roles/admin"),
        &admin,
    ))
    .await;
    assert_eq!(revoked["roles"], serde_json::json!(["customer"]));

    let me = id_of(&admin);
    problem(
        app.authed(
            Method::DELETE,
            &format!("/admin/users/{me}/roles/admin"),
            &admin,
        )
        .send()
        .await
        .unwrap(),
        409,
        "self-change",
    )
    .await;
    let ghost = uuid::Uuid::now_v7();
    problem(
        app.authed(
            Method::PUT,
            &format!("/admin/users/{ghost}/roles/admin"),
            &admin,
        )
        .send()
        .await
        .unwrap(),
        404,
        "not-found",
    )
    .await;
}

#[tokio::test]
async fn a_disabled_account_cannot_log_in_or_refresh_until_enabled() {
    let app = spawn_app().await;
    let admin = app.admin("boss@example.com").await;
    let user = app.signed_up("gone@example.com").await;
    let id = id_of(&user);

    let disabled: Value =
        send_json(app.authed(Method::POST, &format!("/admin/users/{id}/disable"), &admin)).await;
    assert_eq!(disabled["disabled"], true);

    problem(
        app.refresh(user["refresh_token"].as_str().unwrap()).await,
        401,
        "refresh-token-revoked",
    )
    .await;
    problem(
        app.login_response("gone@example.com", crate::helpers::PASSWORD)
            .await,
        403,
        "account-disabled",
    )
    .await;
    // The access token in hand works until it expires (at most 15 minutes).
    assert_eq!(app.me(&user).await.status(), 200);

    let enabled: Value =
        send_json(app.authed(Method::POST, &format!("/admin/users/{id}/enable"), &admin)).await;
    assert_eq!(enabled["disabled"], false);
    app.login("gone@example.com").await;
}

#[tokio::test]
async fn refresh_is_refused_for_an_account_disabled_after_login() {
    let app = spawn_app().await;
    let user = app.signed_up("later@example.com").await;
    // Disabled directly in the store, without the token revocation the admin
    // endpoint does: refresh still checks the account.
    let mut stored = app
        .users
        .by_id(id_of(&user).parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    stored.disabled_at = Some(kit::Timestamp::now());
    stored.version += 1;
    app.users.update(&stored).await.unwrap();
    problem(
        app.refresh(user["refresh_token"].as_str().unwrap()).await,
        403,
        "account-disabled",
    )
    .await;
}

#[tokio::test]
async fn an_admin_can_mark_an_email_verified_and_the_next_token_says_so() {
    let app = spawn_app().await;
    let admin = app.admin("ops@example.com").await;
    let user = app.signed_up("phoned@example.com").await;
    let id = id_of(&user);
    let claims = |tokens: &Value| crate::helpers::claims(tokens["access_token"].as_str().unwrap());
    assert_eq!(claims(&user)["email_verified"], false);

    let customer = app.signed_up("nosy@example.com").await;
    problem(
        app.authed(
            Method::POST,
            &format!("/admin/users/{id}/verify-email"),
            &customer,
        )
        .send()
        .await
        .unwrap(),
        403,
        "forbidden",
    )
    .await;
    let listed: Value =
        send_json(app.authed(Method::GET, &format!("/admin/users/{id}"), &admin)).await;
    assert_eq!(listed["email_verified"], false);

    for _ in 0..2 {
        let verified: Value = send_json(app.authed(
            Method::POST,
            &format!("/admin/users/{id}/verify-email"),
            &admin,
        ))
        .await;
        assert_eq!(verified["email_verified"], true, "and again: idempotent");
    }
    let unknown = uuid::Uuid::now_v7();
    problem(
        app.authed(
            Method::POST,
            &format!("/admin/users/{unknown}/verify-email"),
            &admin,
        )
        .send()
        .await
        .unwrap(),
        404,
        "not-found",
    )
    .await;
    let refreshed: Value = send_json(app.post(
        "/refresh",
        serde_json::json!({"refresh_token": user["refresh_token"]}),
    ))
    .await;
    assert_eq!(claims(&refreshed)["email_verified"], true);
}
