//! The signed-in devices: `GET /me/sessions` and `DELETE /me/sessions/{id}`.

use crate::helpers::{PASSWORD, claims, problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

#[tokio::test]
async fn each_login_is_a_session_with_its_device_and_the_callers_is_marked() {
    let app = spawn_app().await;
    app.register("kim@example.com", "Kim").await;
    let login = |agent: &'static str| {
        app.post(
            "/login",
            json!({"email": "kim@example.com", "password": PASSWORD}),
        )
        .header("user-agent", agent)
        .send()
    };
    let laptop: Value = login(FIREFOX).await.unwrap().json().await.unwrap();
    let phone: Value = login(IPHONE).await.unwrap().json().await.unwrap();
    let sid = claims(laptop["access_token"].as_str().unwrap())["sid"].clone();

    let list = |tokens: &Value| {
        let request = app.authed(Method::GET, "/me/sessions", tokens);
        async move {
            request
                .send()
                .await
                .unwrap()
                .json::<Vec<Value>>()
                .await
                .unwrap()
        }
    };
    let seen = list(&laptop).await;
    assert_eq!(seen.len(), 2);
    assert_eq!(
        seen[0]["device"],
        json!({"browser": "Safari", "os": "iPhone", "kind": "smartphone"}),
        "newest first"
    );
    assert_eq!(
        seen[1]["device"],
        json!({"browser": "Firefox", "os": "Linux", "kind": "pc"})
    );
    assert_eq!(
        (seen[0]["current"].as_bool(), seen[1]["current"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(seen[1]["id"], sid);
    assert_eq!(seen[1]["ip"], "127.0.0.1");
    assert_eq!(seen[1]["user_agent"], FIREFOX);

    // A refresh is a use: the laptop moves to the top, with its new agent.
    let refreshed: Value = app
        .post(
            "/refresh",
            json!({"refresh_token": laptop["refresh_token"]}),
        )
        .header("user-agent", "curl/8.5.0")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        claims(refreshed["access_token"].as_str().unwrap())["sid"],
        sid,
        "the same login"
    );
    let seen = list(&refreshed).await;
    assert_eq!(
        (seen.len(), &seen[0]["id"], seen[0]["current"].as_bool()),
        (2, &sid, Some(true))
    );
    assert_eq!(seen[0]["user_agent"], "curl/8.5.0");
    assert!(
        seen[0]["last_used_at"].as_str() > seen[0]["created_at"].as_str()
            || seen[0]["last_used_at"] == seen[0]["created_at"]
    );

    // Logging out removes it from the list.
    app.post("/logout", json!({"refresh_token": phone["refresh_token"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(list(&refreshed).await.len(), 1);
}

#[tokio::test]
async fn ending_a_session_signs_that_device_out_and_only_the_owner_can() {
    let app = spawn_app().await;
    let mine = app.signed_up("lee@example.com").await;
    let other = app.login("lee@example.com").await;
    let stranger = app.signed_up("mo@example.com").await;
    let other_id = claims(other["access_token"].as_str().unwrap())["sid"]
        .as_str()
        .unwrap()
        .to_owned();

    let end = |tokens: &Value, id: &str| {
        app.authed(Method::DELETE, &format!("/me/sessions/{id}"), tokens)
            .send()
    };
    problem(end(&stranger, &other_id).await.unwrap(), 404, "not-found").await;
    problem(end(&mine, "not-a-session").await.unwrap(), 404, "not-found").await;
    assert_eq!(end(&mine, &other_id).await.unwrap().status(), 204);
    let refused = app.refresh(other["refresh_token"].as_str().unwrap()).await;
    problem(refused, 401, "refresh-token-revoked").await;
    problem(end(&mine, &other_id).await.unwrap(), 404, "not-found").await;
    let left: Vec<Value> = app
        .authed(Method::GET, "/me/sessions", &mine)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["current"], true);
    // My own session still refreshes.
    assert_eq!(
        app.refresh(mine["refresh_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
}
