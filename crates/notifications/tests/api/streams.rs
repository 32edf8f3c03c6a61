//! The live stream: what it carries, how many a user may hold, and how it
//! ends with its token.

use crate::helpers::*;
use reqwest::{Method, Response};
use serde_json::json;

/// What arrived on `response` until `done` says enough or the body ended;
/// `None` when neither happened within [`PATIENCE`].
async fn read_until(response: &mut Response, done: impl Fn(&str) -> bool) -> Option<String> {
    let mut text = String::new();
    tokio::time::timeout(PATIENCE, async {
        while let Some(chunk) = response.chunk().await.expect("read the stream") {
            text.push_str(&String::from_utf8_lossy(&chunk));
            if done(&text) {
                break;
            }
        }
    })
    .await
    .ok()
    .map(|()| text)
}

impl TestApp {
    async fn open_stream(&self, token: &str) -> Response {
        self.request(Method::GET, "/me/stream", token)
            .send()
            .await
            .unwrap()
    }

    /// A token for `user` that expires `secs` seconds from now.
    fn token_expiring_in(&self, user: &str, secs: i64) -> String {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        self.issuer
            .token_with(json!({"sub": user, "roles": ["customer"], "exp": now + secs}))
    }
}

#[tokio::test]
async fn new_notifications_arrive_live_on_the_stream() {
    let app = spawn_app().await;
    let ana = app.token("ana", &["customer"]);
    let mut response = app.open_stream(&ana).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    // Someone else's notification first: it must not show up on Ana's stream.
    app.publish(&order_event("order.paid", "bo")).await;
    app.publish(&order_event("order.shipped", "ana")).await;
    let text = read_until(&mut response, |text| {
        text.contains("event: notification") && text.ends_with("\n\n")
    })
    .await
    .expect("a live notification");
    assert!(text.contains("Your order is on its way"), "{text}");
    assert!(
        !text.contains("Your order is confirmed"),
        "bo's leaked: {text}"
    );
}

#[tokio::test]
async fn past_the_cap_a_stream_is_refused_until_one_of_the_users_streams_ends() {
    // A short heartbeat, so a stream whose client left is noticed quickly.
    let app = spawn_app_with(|s| {
        s.max_streams_per_user = 2;
        s.stream_heartbeat_ms = 50;
    })
    .await;
    let ana = app.token("ana", &["customer"]);
    let first = app.open_stream(&ana).await;
    let second = app.open_stream(&ana).await;
    assert_eq!([first.status(), second.status()], [200, 200]);

    let refused = app.open_stream(&ana).await;
    assert_eq!(refused.headers()["retry-after"], "1", "50 ms, rounded up");
    let body = problem(refused, 429, "too-many-streams").await;
    assert_eq!(body["max_streams"], 2);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("2 notification streams"),
        "{body}"
    );
    let bo = app.token("bo", &["customer"]);
    assert_eq!(
        app.open_stream(&bo).await.status(),
        200,
        "the cap is per user"
    );

    // The client leaves one stream: its slot comes back, and only one.
    drop(first);
    let third = eventually("a slot freed by the dropped stream", PATIENCE, || async {
        let response = app.open_stream(&ana).await;
        (response.status() == 200).then_some(response)
    })
    .await;
    problem(app.open_stream(&ana).await, 429, "too-many-streams").await;
    drop((second, third));
}

#[tokio::test]
async fn a_stream_says_expired_and_ends_when_its_token_expires() {
    let app = spawn_app_with(|s| s.max_streams_per_user = 1).await;
    let short = app.token_expiring_in("ana", 2);
    let mut response = app.open_stream(&short).await;
    assert_eq!(response.status(), 200);
    let text = read_until(&mut response, |_| false)
        .await
        .expect("the stream to end by itself");
    assert!(
        text.contains("event: expired\ndata: {\"expired_at\":"),
        "{text}"
    );

    // Still within the verifier's clock-skew allowance, but a stream on it
    // would end at once: 401, so the client refreshes instead of looping.
    let again = problem(app.open_stream(&short).await, 401, "unauthorized").await;
    assert!(
        again["detail"].as_str().unwrap().contains("expired"),
        "{again}"
    );
    // The ended stream gave its one slot back.
    let fresh = app.token("ana", &["customer"]);
    assert_eq!(app.open_stream(&fresh).await.status(), 200);
}

#[tokio::test]
async fn an_idle_stream_carries_heartbeats() {
    let app = spawn_app_with(|s| s.stream_heartbeat_ms = 50).await;
    let ana = app.token("ana", &["customer"]);
    let mut response = app.open_stream(&ana).await;
    assert_eq!(response.status(), 200);
    let text = read_until(&mut response, |text| {
        text.matches(": heartbeat\n\n").count() >= 3
    })
    .await;
    assert!(text.is_some(), "no heartbeats within {PATIENCE:?}");
}

#[tokio::test]
async fn the_stream_is_documented_with_its_refusals() {
    let app = spawn_app().await;
    let document: serde_json::Value = app
        .client
        .get(format!("{}/openapi.json", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let responses = &document["paths"]["/api/notifications/me/stream"]["get"]["responses"];
    assert!(
        responses["200"]["content"]["text/event-stream"].is_object(),
        "{responses}"
    );
    for status in ["401", "429"] {
        assert_eq!(
            responses[status]["content"]["application/problem+json"]["schema"]["$ref"],
            "#/components/schemas/Problem",
            "{status}: {responses}"
        );
    }
    assert!(
        responses["429"]["headers"]["Retry-After"].is_object(),
        "{responses}"
    );
}
