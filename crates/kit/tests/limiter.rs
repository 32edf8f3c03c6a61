//! The rate limiter's contract: the same tests on the in-process limiter and on
//! the Redis one every replica shares; then what only the shared one promises
//! (two replicas, one count) and how it behaves when Redis stops answering.
#![cfg(feature = "testing")]

use kit::ratelimit::redis::RedisRates;
use kit::ratelimit::{Limiter, RateLimiter, RatePolicy};
use kit::testing::{Backend as TestBackend, ContractBackend, eventually};
use std::sync::Arc;
use std::time::Duration;

const FIVE_PER_MINUTE: RatePolicy = RatePolicy {
    requests: 5,
    per_secs: 60,
};

/// Makes fresh limiters on one backend.
struct Backend {
    redis: Option<RedisRates>,
}

impl ContractBackend for Backend {}

impl Backend {
    async fn in_process() -> Self {
        Self { redis: None }
    }

    async fn redis() -> Self {
        Self {
            redis: Some(rates(&TestBackend::Redis.url()).await),
        }
    }

    /// A limiter no other test shares.
    fn limiter(&self, policy: RatePolicy) -> Arc<dyn Limiter> {
        match &self.redis {
            Some(rates) => Arc::new(rates.limiter(&uuid::Uuid::now_v7().to_string(), policy)),
            None => Arc::new(RateLimiter::new(policy)),
        }
    }
}

/// A key prefix of its own per test, so tests never share a count.
async fn rates(url: &str) -> RedisRates {
    RedisRates::connect(url, &format!("feira-test-{}", uuid::Uuid::now_v7()))
        .await
        .expect("connect to the test Redis")
}

kit::contract_suite! {
    threads: 2,
    backends: {
        in_process => Backend::in_process(),
        #[ignore = "needs Redis (FEIRA_TEST_REDIS_URL)"]
        redis => Backend::redis(),
    },
    call: |backend| &backend,
    tests: [
        a_burst_passes_then_the_next_request_waits_one_period,
        keys_are_independent,
        reset_counts_the_time_until_the_burst_is_full,
        concurrent_checks_never_let_more_than_the_burst_through,
        the_burst_refills_as_time_passes,
    ],
}

async fn a_burst_passes_then_the_next_request_waits_one_period(backend: &Backend) {
    let limiter = backend.limiter(FIVE_PER_MINUTE);
    for left in (0..5).rev() {
        let decision = limiter.check("ana@example.com").await;
        assert!(decision.allowed);
        assert_eq!(decision.remaining, left);
    }
    let refused = limiter.check("ana@example.com").await;
    assert!(!refused.allowed);
    assert_eq!(refused.remaining, 0);
    // One request is refilled every 12 s.
    assert!(
        (11..=12).contains(&refused.reset_secs),
        "{}",
        refused.reset_secs
    );
}

async fn keys_are_independent(backend: &Backend) {
    let limiter = backend.limiter(RatePolicy {
        requests: 1,
        per_secs: 60,
    });
    assert!(limiter.check("a").await.allowed);
    assert!(!limiter.check("a").await.allowed);
    assert!(limiter.check("b").await.allowed);
    // Another limiter on the same backend counts apart.
    let other = backend.limiter(FIVE_PER_MINUTE);
    assert!(other.check("a").await.allowed);
}

async fn reset_counts_the_time_until_the_burst_is_full(backend: &Backend) {
    let limiter = backend.limiter(FIVE_PER_MINUTE);
    assert_eq!(limiter.check("k").await.reset_secs, 12);
    assert_eq!(limiter.check("k").await.reset_secs, 24);
}

async fn concurrent_checks_never_let_more_than_the_burst_through(backend: &Backend) {
    let limiter = backend.limiter(RatePolicy {
        requests: 10,
        per_secs: 3600,
    });
    let checks = (0..100).map(|_| {
        let limiter = limiter.clone();
        tokio::spawn(async move { limiter.check("flood").await.allowed })
    });
    let mut allowed = 0;
    for check in checks {
        allowed += usize::from(check.await.unwrap());
    }
    assert_eq!(allowed, 10);
}

async fn the_burst_refills_as_time_passes(backend: &Backend) {
    let limiter = backend.limiter(RatePolicy {
        requests: 2,
        per_secs: 1,
    });
    assert!(limiter.check("k").await.allowed);
    assert!(limiter.check("k").await.allowed);
    assert!(!limiter.check("k").await.allowed);
    eventually("a request refilled", Duration::from_secs(5), || {
        let limiter = limiter.clone();
        async move { limiter.check("k").await.allowed.then_some(()) }
    })
    .await;
}

mod redis_replicas {
    use super::*;
    use kit::testing::TcpProxy;

    /// Two replicas, each with its own connection: the burst is shared, so
    /// alternating between them lets five through in all, not ten.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "needs Redis (FEIRA_TEST_REDIS_URL)"]
    async fn replicas_share_one_count() {
        let url = TestBackend::Redis.url();
        let prefix = format!("feira-test-{}", uuid::Uuid::now_v7());
        let first = RedisRates::connect(&url, &prefix).await.unwrap();
        let second = RedisRates::connect(&url, &prefix).await.unwrap();
        let replicas = [
            first.limiter("login_email", FIVE_PER_MINUTE),
            second.limiter("login_email", FIVE_PER_MINUTE),
        ];
        let mut allowed = 0;
        for attempt in 0..10 {
            allowed += usize::from(replicas[attempt % 2].check("ana@example.com").await.allowed);
        }
        assert_eq!(allowed, 5);
    }

    /// Redis whose answers stop coming (a stalled network, a blocked
    /// server): checks fall back to the process's own count within the
    /// response timeout instead of failing or hanging, and go back to the
    /// shared count once the answers flow again.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "needs Redis (FEIRA_TEST_REDIS_URL)"]
    async fn a_stalled_redis_falls_back_to_counting_in_the_process() {
        let redis = TestBackend::Redis.url();
        let proxy = TcpProxy::start(
            0,
            redis.trim_start_matches("redis://").trim_end_matches('/'),
        )
        .await;
        let prefix = format!("feira-test-{}", uuid::Uuid::now_v7());
        let rates = RedisRates::connect(&format!("redis://127.0.0.1:{}", proxy.port), &prefix)
            .await
            .unwrap();
        let limiter = rates.limiter("login_email", FIVE_PER_MINUTE);
        for _ in 0..3 {
            assert!(limiter.check("ana@example.com").await.allowed);
        }
        proxy.stall(true);
        let started = std::time::Instant::now();
        let fallback = limiter.check("ana@example.com").await;
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        // The process's own count starts fresh: four of five left.
        assert!(fallback.allowed);
        assert_eq!(fallback.remaining, 4);
        proxy.stall(false);
        let mut probe = 0;
        eventually("Redis answering again", Duration::from_secs(10), || {
            probe += 1;
            let key = format!("probe-{probe}");
            let limiter = &limiter;
            async move { (limiter.check(&key).await.remaining == 4).then_some(()) }
        })
        .await;
        // Shared again: the three before, the one whose answer came too late
        // (Redis counted it), and this one.
        let shared = limiter.check("ana@example.com").await;
        assert!(shared.allowed);
        assert_eq!(shared.remaining, 0);
    }
}
