//! Rate limiting: GCRA (the generic cell rate algorithm, from `governor`) keyed by
//! any string (a client IP, an email, a user id), with the `429` answer and the
//! `Retry-After` / `RateLimit-*` headers every Feira service uses.
//!
//! Memory is bounded: a key's state is kept only while it differs from a fresh
//! key's (at most one period after its last request), expired keys are swept
//! once the map passes its capacity, and if it is still full every new key shares
//! one overflow bucket, so a flood of distinct keys slows itself down instead of
//! growing the map.
//!
//! [`Limiter`] is the one interface handlers use: [`RateLimiter`] counts in the
//! process (embedded mode, one replica), [`redis::RedisLimiter`] counts in Redis
//! so every replica of a service shares one count (ADR 44).

pub mod redis;

use crate::problem::Problem;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock, FakeRelativeClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter as Gcra};
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// How many requests a key may make: a burst of `requests`, refilled evenly over
/// `per_secs` seconds (10 per 60 s lets ten through at once, then one every six
/// seconds).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
pub struct RatePolicy {
    /// Burst size, and requests per window.
    pub requests: u32,
    /// Window length in seconds.
    pub per_secs: u64,
}

impl RatePolicy {
    fn quota(self) -> Quota {
        let burst = NonZeroU32::new(self.requests.max(1)).unwrap_or(NonZeroU32::MIN);
        let period = Duration::from_secs(self.per_secs.max(1)) / burst.get();
        Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_second(burst))
            .allow_burst(burst)
    }

    fn policy_header(self) -> String {
        format!("{};w={}", self.requests, self.per_secs)
    }
}

/// The limiter's verdict on one request, with the numbers for the headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The policy that decided.
    pub policy: RatePolicy,
    /// Requests left in the current burst.
    pub remaining: u32,
    /// Seconds until the burst is full again (allowed) or until the next request
    /// may pass (limited).
    pub reset_secs: u64,
    /// Whether the request may pass.
    pub allowed: bool,
}

impl Decision {
    /// Writes `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`,
    /// `RateLimit-Policy`, and `Retry-After` when limited.
    pub fn write_headers(&self, headers: &mut HeaderMap) {
        let mut put = |name: &'static str, value: String| {
            if let Ok(v) = HeaderValue::from_str(&value) {
                headers.insert(name, v);
            }
        };
        put("ratelimit-limit", self.policy.requests.to_string());
        put("ratelimit-remaining", self.remaining.to_string());
        put("ratelimit-reset", self.reset_secs.to_string());
        put("ratelimit-policy", self.policy.policy_header());
        if !self.allowed {
            put("retry-after", self.reset_secs.to_string());
        }
    }

    /// `Ok` when allowed; the `429` answer otherwise.
    pub fn into_result(self) -> Result<Self, TooManyRequests> {
        if self.allowed {
            Ok(self)
        } else {
            Err(TooManyRequests(self))
        }
    }
}

/// The `429 Too Many Requests` answer: problem+json with `Retry-After` and
/// `RateLimit-*` headers.
#[derive(Debug, Clone)]
pub struct TooManyRequests(pub Decision);

impl IntoResponse for TooManyRequests {
    fn into_response(self) -> Response {
        let problem = Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "Too many requests",
        )
        .with_detail(format!(
            "Too many attempts; try again in {} s.",
            self.0.reset_secs
        ));
        let mut response = problem.into_response();
        self.0.write_headers(response.headers_mut());
        response
    }
}

impl From<TooManyRequests> for Problem {
    /// For handlers whose error type is a `Problem`; the headers are lost, so
    /// prefer returning [`TooManyRequests`] itself.
    fn from(value: TooManyRequests) -> Self {
        Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "Too many requests",
        )
        .with_detail(format!("Try again in {} s.", value.0.reset_secs))
    }
}

/// Counts requests per key against one policy. Handlers hold an
/// `Arc<dyn Limiter>` and do not know whether the count is this process's
/// ([`RateLimiter`]) or shared by every replica ([`redis::RedisLimiter`]).
#[async_trait::async_trait]
pub trait Limiter: Send + Sync + std::fmt::Debug {
    /// The policy enforced.
    fn policy(&self) -> RatePolicy;
    /// Counts one request for `key` and says whether it may pass.
    async fn check(&self, key: &str) -> Decision;
}

#[async_trait::async_trait]
impl<C> Limiter for RateLimiter<C>
where
    C: Clock + Clone + Send + Sync,
    C::Instant: Send + Sync,
    RateLimiter<C>: std::fmt::Debug,
{
    fn policy(&self) -> RatePolicy {
        self.policy
    }

    async fn check(&self, key: &str) -> Decision {
        RateLimiter::check(self, key)
    }
}

type Keyed<C> = Gcra<String, DefaultKeyedStateStore<String>, C, StateInformationMiddleware>;

/// The key every new key falls back to while the map is full.
const OVERFLOW_KEY: &str = "\u{0}overflow";

/// A thread-safe GCRA limiter keyed by strings, bounded to `max_keys` entries.
///
/// The clock is a type parameter so tests drive time by hand with
/// [`RateLimiter::manual`].
pub struct RateLimiter<C: Clock = DefaultClock> {
    policy: RatePolicy,
    inner: Keyed<C>,
    clock: C,
    max_keys: usize,
}

impl<C: Clock> std::fmt::Debug for RateLimiter<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter")
            .field("policy", &self.policy)
            .field("max_keys", &self.max_keys)
            .finish_non_exhaustive()
    }
}

/// Keys kept before expired ones are swept: about 100 bytes each.
pub const DEFAULT_MAX_KEYS: usize = 100_000;

impl RateLimiter {
    /// A limiter on the system's monotonic clock.
    pub fn new(policy: RatePolicy) -> Self {
        Self::with_clock(policy, DefaultClock::default(), DEFAULT_MAX_KEYS)
    }
}

impl RateLimiter<FakeRelativeClock> {
    /// A limiter whose clock only moves when the test calls
    /// [`FakeRelativeClock::advance`] on the returned clock.
    pub fn manual(policy: RatePolicy, max_keys: usize) -> (Self, FakeRelativeClock) {
        let clock = FakeRelativeClock::default();
        (Self::with_clock(policy, clock.clone(), max_keys), clock)
    }
}

impl<C: Clock + Clone> RateLimiter<C> {
    /// A limiter on `clock`, keeping at most about `max_keys` keys.
    pub fn with_clock(policy: RatePolicy, clock: C, max_keys: usize) -> Self {
        let inner = Gcra::dashmap_with_clock(policy.quota(), clock.clone())
            .with_middleware::<StateInformationMiddleware>();
        Self {
            policy,
            inner,
            clock,
            max_keys: max_keys.max(1),
        }
    }

    /// The policy this limiter enforces.
    pub fn policy(&self) -> RatePolicy {
        self.policy
    }

    /// Counts one request for `key` and says whether it may pass.
    pub fn check(&self, key: &str) -> Decision {
        let key = self.bounded_key(key);
        let period = self.policy.quota().replenish_interval();
        match self.inner.check_key(&key) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                let missing = self.policy.requests.saturating_sub(remaining);
                Decision {
                    policy: self.policy,
                    remaining,
                    reset_secs: ceil_secs(period * missing),
                    allowed: true,
                }
            }
            Err(not_until) => Decision {
                policy: self.policy,
                remaining: 0,
                reset_secs: ceil_secs(not_until.wait_time_from(self.clock.now())).max(1),
                allowed: false,
            },
        }
    }

    /// How many keys are held now.
    pub fn len(&self) -> usize {
        self.inner.len()
    }

    /// Whether no key is held.
    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    fn bounded_key(&self, key: &str) -> String {
        if self.inner.len() >= self.max_keys {
            self.inner.retain_recent();
            self.inner.shrink_to_fit();
            if self.inner.len() >= self.max_keys {
                return OVERFLOW_KEY.to_owned();
            }
        }
        key.to_owned()
    }
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// Where the client's address comes from.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ClientIpSource {
    /// The TCP peer: right when clients connect directly.
    #[default]
    Peer,
    /// `X-Forwarded-For`, as written by the trusted proxies in front (nginx,
    /// a load balancer, a CDN); how many there are is [`ClientIp::trusted_hops`].
    XForwardedFor,
}

impl ClientIpSource {
    /// The client address of `request` behind one trusted proxy (the last
    /// `X-Forwarded-For` entry); see [`ClientIp::of`].
    pub fn client_ip(self, request: &Request) -> Option<IpAddr> {
        ClientIp {
            source: self,
            trusted_hops: 1,
        }
        .of(request)
    }
}

/// How a request's client address is found (ADR 33): the TCP peer, or the
/// address `trusted_hops` entries from the right of `X-Forwarded-For`.
///
/// Each proxy appends the address it was connected from, so behind N
/// proxies the Nth entry from the right was written by the outermost one
/// and is the client's; entries further left are whatever the client sent.
/// When the header has fewer than N entries, or that entry is not an
/// address, the request did not come through every proxy (or one is
/// misconfigured), and the peer is used: it is never the client's to
/// choose, so a client cannot pick its own rate-limit bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp {
    /// Where the address comes from.
    pub source: ClientIpSource,
    /// The proxies in front that append to `X-Forwarded-For`; 0 means none,
    /// which is the peer.
    pub trusted_hops: usize,
}

impl Default for ClientIp {
    /// The TCP peer.
    fn default() -> Self {
        Self {
            source: ClientIpSource::Peer,
            trusted_hops: 1,
        }
    }
}

impl ClientIp {
    /// The client address of `request` (`None` when the server was not
    /// started with connect info and no header applies).
    pub fn of(&self, request: &Request) -> Option<IpAddr> {
        self.of_parts(request.headers(), request.extensions())
    }

    /// [`Self::of`] from a request's headers and extensions (an extractor's
    /// `Parts`).
    pub fn of_parts(
        &self,
        headers: &axum::http::HeaderMap,
        extensions: &axum::http::Extensions,
    ) -> Option<IpAddr> {
        let peer = || {
            extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip())
        };
        if self.source == ClientIpSource::Peer || self.trusted_hops == 0 {
            return peer();
        }
        // Several header lines are one list, in order (RFC 9110, 5.3).
        let lines: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        forwarded_client(&lines.join(","), self.trusted_hops).or_else(peer)
    }
}

/// The entry `hops` from the right of an `X-Forwarded-For` value, if there
/// are that many and it is an address (`203.0.113.7`, `2001:db8::1`, or
/// either with a port, as some balancers write them).
pub fn forwarded_client(header: &str, hops: usize) -> Option<IpAddr> {
    let entry = header.rsplit(',').nth(hops.checked_sub(1)?)?.trim();
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|a| a.ip()))
        .ok()
}

/// A limiter applied per client IP as a middleware; see [`limit_by_ip`].
#[derive(Debug, Clone)]
pub struct IpLimit {
    /// The limiter, shared by every request the middleware sees.
    pub limiter: Arc<dyn Limiter>,
    /// How the client address is found.
    pub client_ip: ClientIp,
}

/// Middleware: counts the request against its client IP and answers `429` when
/// over the limit; allowed responses carry the `RateLimit-*` headers too. Use with
/// `axum::middleware::from_fn_with_state(IpLimit {..}, limit_by_ip)`.
pub async fn limit_by_ip(State(limit): State<IpLimit>, request: Request, next: Next) -> Response {
    let key = limit
        .client_ip
        .of(&request)
        .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
    let decision = limit.limiter.check(&key).await;
    if !decision.allowed {
        return TooManyRequests(decision).into_response();
    }
    let mut response = next.run(request).await;
    // A narrower limit inside (per email, say) that refused the request has
    // written its own headers; those are the ones the client must obey.
    if !response.headers().contains_key("ratelimit-limit") {
        decision.write_headers(response.headers_mut());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIVE_PER_MINUTE: RatePolicy = RatePolicy {
        requests: 5,
        per_secs: 60,
    };

    #[test]
    fn a_burst_passes_then_the_next_request_waits_one_period() {
        let (limiter, clock) = RateLimiter::manual(FIVE_PER_MINUTE, 100);
        for left in (0..5).rev() {
            let d = limiter.check("1.2.3.4");
            assert!(d.allowed);
            assert_eq!(d.remaining, left);
        }
        let limited = limiter.check("1.2.3.4");
        assert!(!limited.allowed);
        assert_eq!(limited.reset_secs, 12, "one request per 12 s refills");
        clock.advance(Duration::from_secs(11));
        assert!(!limiter.check("1.2.3.4").allowed);
        clock.advance(Duration::from_secs(1));
        let again = limiter.check("1.2.3.4");
        assert!(again.allowed);
        assert_eq!(again.remaining, 0);
    }

    #[test]
    fn keys_are_independent() {
        let (limiter, _clock) = RateLimiter::manual(
            RatePolicy {
                requests: 1,
                per_secs: 60,
            },
            100,
        );
        assert!(limiter.check("a@example.com").allowed);
        assert!(!limiter.check("a@example.com").allowed);
        assert!(limiter.check("b@example.com").allowed);
    }

    #[test]
    fn reset_counts_the_time_until_the_burst_is_full() {
        let (limiter, clock) = RateLimiter::manual(FIVE_PER_MINUTE, 100);
        limiter.check("k");
        let d = limiter.check("k");
        assert_eq!((d.remaining, d.reset_secs), (3, 24));
        clock.advance(Duration::from_secs(24));
        assert_eq!(limiter.check("k").remaining, 4);
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_keys() {
        let (limiter, clock) = RateLimiter::manual(FIVE_PER_MINUTE, 10);
        for i in 0..1_000 {
            limiter.check(&format!("10.0.{}.{}", i / 256, i % 256));
        }
        assert!(limiter.len() <= 11, "held {} keys", limiter.len());
        // The flood shares the overflow bucket, which is now exhausted.
        assert!(!limiter.check("10.9.9.9").allowed);
        // Once the old keys expire they are swept and new keys get their own bucket.
        clock.advance(Duration::from_secs(61));
        assert!(limiter.check("10.9.9.9").allowed);
        assert!(limiter.len() <= 2, "held {} keys", limiter.len());
    }

    #[test]
    fn concurrent_checks_never_let_more_than_the_burst_through() {
        let (limiter, _clock) = RateLimiter::manual(FIVE_PER_MINUTE, 100);
        let limiter = Arc::new(limiter);
        let passed: usize = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    let limiter = limiter.clone();
                    s.spawn(move || (0..10).filter(|_| limiter.check("k").allowed).count())
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        assert_eq!(passed, 5);
    }

    #[test]
    fn limited_answers_carry_retry_after_and_ratelimit_headers() {
        let (limiter, _clock) = RateLimiter::manual(
            RatePolicy {
                requests: 1,
                per_secs: 30,
            },
            100,
        );
        limiter.check("k");
        let response = TooManyRequests(limiter.check("k")).into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        let h = response.headers();
        assert_eq!(h["retry-after"], "30");
        assert_eq!(h["ratelimit-limit"], "1");
        assert_eq!(h["ratelimit-remaining"], "0");
        assert_eq!(h["ratelimit-policy"], "1;w=30");
        assert_eq!(h["content-type"], crate::problem::CONTENT_TYPE);
    }

    #[test]
    fn forwarded_for_is_read_only_when_trusted() {
        let request = Request::builder()
            .header("x-forwarded-for", "203.0.113.7, 10.0.0.2")
            .body(axum::body::Body::empty())
            .unwrap();
        assert_eq!(ClientIpSource::Peer.client_ip(&request), None);
        assert_eq!(
            ClientIpSource::XForwardedFor.client_ip(&request),
            Some("10.0.0.2".parse().unwrap())
        );
    }

    const PEER: &str = "10.0.9.9";

    /// A request from `PEER` with one `X-Forwarded-For` line per entry of
    /// `lines`.
    fn from_peer(lines: &[&str]) -> Request {
        let mut request = Request::builder();
        for line in lines {
            request = request.header("x-forwarded-for", *line);
        }
        let mut request = request.body(axum::body::Body::empty()).unwrap();
        let peer: SocketAddr = format!("{PEER}:40000").parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(peer));
        request
    }

    fn behind(hops: usize, lines: &[&str]) -> String {
        ClientIp {
            source: ClientIpSource::XForwardedFor,
            trusted_hops: hops,
        }
        .of(&from_peer(lines))
        .unwrap()
        .to_string()
    }

    #[test]
    fn one_trusted_hop_takes_the_last_entry() {
        // nginx alone: it appended the address the client connected from.
        assert_eq!(behind(1, &["198.51.100.1"]), "198.51.100.1");
        // Whatever the client sent itself stays to the left, ignored.
        assert_eq!(behind(1, &["1.1.1.1, 198.51.100.1"]), "198.51.100.1");
    }

    #[test]
    fn two_trusted_hops_skip_the_edge_the_balancer_appended() {
        // CloudFront appends the viewer, the load balancer the edge server.
        let chain = "203.0.113.7, 130.176.1.1";
        assert_eq!(behind(2, &[chain]), "203.0.113.7");
        assert_eq!(behind(1, &[chain]), "130.176.1.1");
        // A forged first entry does not move the client's.
        assert_eq!(
            behind(2, &["6.6.6.6, 203.0.113.7, 130.176.1.1"]),
            "203.0.113.7"
        );
        // Three: CloudFront, a load balancer and nginx.
        assert_eq!(
            behind(3, &["6.6.6.6, 203.0.113.7, 130.176.1.1, 10.0.1.5"]),
            "203.0.113.7"
        );
        // Several header lines are one list.
        assert_eq!(
            behind(2, &["6.6.6.6", "203.0.113.7, 130.176.1.1"]),
            "203.0.113.7"
        );
    }

    #[test]
    fn a_chain_shorter_than_the_trusted_hops_falls_back_to_the_peer() {
        assert_eq!(behind(2, &["203.0.113.7"]), PEER);
        assert_eq!(behind(3, &["6.6.6.6, 203.0.113.7"]), PEER);
        assert_eq!(behind(1, &[]), PEER);
        assert_eq!(behind(1, &[""]), PEER);
    }

    #[test]
    fn garbage_where_the_client_should_be_falls_back_to_the_peer() {
        for garbage in [
            "unknown",
            "not an ip",
            "999.1.1.1",
            "203.0.113.7 extra",
            "_hidden",
        ] {
            assert_eq!(behind(1, &[garbage]), PEER, "{garbage}");
            assert_eq!(
                behind(2, &[&format!("{garbage}, 130.176.1.1")]),
                PEER,
                "{garbage}"
            );
        }
        // Garbage further left than the trusted hops does not matter.
        assert_eq!(behind(2, &["x, , 203.0.113.7, 130.176.1.1"]), "203.0.113.7");
        // Not UTF-8 at all: the peer.
        let mut request = from_peer(&[]);
        request.headers_mut().insert(
            "x-forwarded-for",
            axum::http::HeaderValue::from_bytes(b"\xff\xfe").unwrap(),
        );
        let ip = ClientIp {
            source: ClientIpSource::XForwardedFor,
            trusted_hops: 1,
        };
        assert_eq!(ip.of(&request).unwrap().to_string(), PEER);
    }

    #[test]
    fn addresses_with_ports_and_ipv6_are_read() {
        assert_eq!(behind(1, &["203.0.113.7:51234"]), "203.0.113.7");
        assert_eq!(behind(1, &["2001:db8::7"]), "2001:db8::7");
        assert_eq!(behind(2, &["[2001:db8::7]:443, 10.0.0.2"]), "2001:db8::7");
    }

    #[test]
    fn the_peer_source_and_zero_hops_ignore_the_header() {
        let chain = ["203.0.113.7, 130.176.1.1"];
        assert_eq!(behind(0, &chain), PEER);
        let peer = ClientIp {
            source: ClientIpSource::Peer,
            trusted_hops: 2,
        };
        assert_eq!(peer.of(&from_peer(&chain)).unwrap().to_string(), PEER);
        assert_eq!(
            ClientIp::default()
                .of(&from_peer(&chain))
                .unwrap()
                .to_string(),
            PEER
        );
    }
}
