//! Rate limits on login and registration.

use crate::helpers::{PASSWORD, generous, per_email, problem, spawn_app_with};
use identity::service::TokenLifetimes;
use identity::settings::RateLimitSettings;
use kit::ratelimit::{ClientIpSource, RatePolicy};
use serde_json::json;

#[tokio::test]
async fn login_is_limited_per_email_with_retry_after_and_ratelimit_headers() {
    let app = spawn_app_with(per_email(2), TokenLifetimes::default()).await;
    app.register("target@example.com", "Target").await;
    for _ in 0..2 {
        let r = app
            .login_response("target@example.com", "wrong password!")
            .await;
        assert_eq!(r.status(), 401);
    }
    let limited = app.login_response("TARGET@example.com", PASSWORD).await;
    let headers = limited.headers().clone();
    problem(limited, 429, "rate-limited").await;
    let retry: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=30).contains(&retry), "retry-after {retry}");
    assert_eq!(headers["ratelimit-limit"], "2");
    assert_eq!(headers["ratelimit-remaining"], "0");
    // Another address is not affected.
    app.register("bystander@example.com", "Bystander").await;
    app.login("bystander@example.com").await;
}

#[tokio::test]
async fn registration_is_limited_per_client_ip() {
    let limits = RateLimitSettings {
        per_ip: RatePolicy {
            requests: 3,
            per_secs: 3600,
        },
        ..generous()
    };
    let app = spawn_app_with(limits, TokenLifetimes::default()).await;
    for i in 0..3 {
        let r = app.register(&format!("u{i}@example.com"), "U").await;
        assert_eq!(r.status(), 202);
        assert!(r.headers().contains_key("ratelimit-remaining"));
    }
    let limited = app
        .post(
            "/register",
            json!({"email": "u9@example.com", "password": PASSWORD, "name": "U"}),
        )
        .send()
        .await
        .unwrap();
    assert!(limited.headers().contains_key("retry-after"));
    problem(limited, 429, "rate-limited").await;
    // Nothing was created by the refused request.
    let r = app.login_response("u9@example.com", PASSWORD).await;
    assert_eq!(r.status(), 401);
    // Login has its own per-IP budget.
    app.login("u0@example.com").await;
}

/// Behind CloudFront and a load balancer (ADR 33): every viewer's request
/// ends in the same edge address, yet each viewer has its own budget, and
/// what a viewer writes into the header itself does not buy another.
#[tokio::test]
async fn behind_two_proxies_each_viewer_has_its_own_login_budget() {
    let limits = RateLimitSettings {
        client_ip: ClientIpSource::XForwardedFor,
        trusted_proxy_hops: 2,
        per_ip: RatePolicy {
            requests: 2,
            per_secs: 3600,
        },
        ..generous()
    };
    let app = spawn_app_with(limits, TokenLifetimes::default()).await;
    let edge = "130.176.0.9";
    let login = |forwarded: String| {
        app.post(
            "/login",
            json!({"email": "nobody@example.com", "password": "wrong password!"}),
        )
        .header("x-forwarded-for", forwarded)
        .send()
    };
    for _ in 0..2 {
        let r = login(format!("203.0.113.1, {edge}")).await.unwrap();
        assert_eq!(r.status(), 401);
    }
    let limited = login(format!("203.0.113.1, {edge}")).await.unwrap();
    problem(limited, 429, "rate-limited").await;
    // An entry of the viewer's own to the left changes nothing.
    let forged = login(format!("198.51.100.50, 203.0.113.1, {edge}"))
        .await
        .unwrap();
    assert_eq!(forged.status(), 429);
    // Another viewer through the same edge is not affected.
    let other = login(format!("203.0.113.2, {edge}")).await.unwrap();
    assert_eq!(other.status(), 401);
}

mod redis {
    use super::*;
    use crate::helpers::spawn_replica;
    use identity::AbuseLimits;
    use kit::ratelimit::redis::RedisRates;

    /// Two replicas of identity on one store and one Redis: the per-email
    /// login limit holds in total, whichever replica each attempt reaches.
    #[tokio::test]
    #[ignore = "needs Redis (FEIRA_TEST_REDIS_URL)"]
    async fn the_per_email_login_limit_holds_across_two_replicas() {
        let rates = RedisRates::connect(
            &kit::testing::Backend::Redis.url(),
            &format!("feira-test-{}", uuid::Uuid::now_v7()),
        )
        .await
        .unwrap();
        let dir =
            std::env::temp_dir().join(format!("feira-identity-replicas-{}", uuid::Uuid::now_v7()));
        let limits = per_email(3);
        let replicas = [
            spawn_replica(
                &dir,
                AbuseLimits::shared(&limits, &rates),
                TokenLifetimes::default(),
            )
            .await,
            spawn_replica(
                &dir,
                AbuseLimits::shared(&limits, &rates),
                TokenLifetimes::default(),
            )
            .await,
        ];
        replicas[0].register("target@example.com", "Target").await;
        let mut statuses = Vec::new();
        for attempt in 0..6 {
            let answer = replicas[attempt % 2]
                .login_response("target@example.com", "wrong password!")
                .await;
            statuses.push(answer.status().as_u16());
        }
        assert_eq!(statuses, [401, 401, 401, 429, 429, 429]);
        // The limit is the email's, not the replicas': another address logs in.
        replicas[1]
            .register("bystander@example.com", "Bystander")
            .await;
        replicas[0].login("bystander@example.com").await;
    }
}
