//! Rate limits every replica of a service shares: the same GCRA as
//! [`RateLimiter`], its state (one "theoretical arrival
//! time" per key) kept in Redis and updated by one Lua script, so a check is
//! one atomic round trip and N replicas let through what one would.
//!
//! The script reads Redis's own clock (`TIME`), so replicas whose clocks
//! disagree still agree on the count. A key expires once it is back to a fresh
//! key's state, so Redis holds only the keys seen within one period.
//!
//! When Redis does not answer in time the check falls back to this process's
//! own limiter and says so in a warning and in
//! `feira_rate_limit_fallbacks_total`: logins keep working, each replica
//! limiting alone, until Redis is back (ADR 44).

use super::{Decision, Limiter, RateLimiter, RatePolicy, ceil_secs};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use std::time::Duration;

/// GCRA in one step. KEYS[1]: the key. ARGV[1]: the emission interval (the
/// period over the burst) in microseconds; ARGV[2]: the burst. Answers
/// `{allowed, remaining, microseconds}`: until the burst is full again when
/// allowed, until the next request may pass when not.
const GCRA: &str = r"
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - interval * burst
if now < allow_at then
  return {0, 0, allow_at - now}
end
local ttl_ms = math.ceil((new_tat - now) / 1000)
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', string.format('%d', ttl_ms))
return {1, math.floor((now - allow_at) / interval), new_tat - now}
";

/// How long a check waits for Redis before counting locally instead.
const RESPONSE_TIMEOUT: Duration = Duration::from_millis(250);

/// A connection to the Redis that holds a service's rate limits, from which
/// each named [`RedisLimiter`] is made.
#[derive(Clone)]
pub struct RedisRates {
    connection: ConnectionManager,
    prefix: String,
}

impl std::fmt::Debug for RedisRates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisRates")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisRates {
    /// Connects to `url` (`redis://host:port/db`, `rediss://` for TLS); keys
    /// are named `<prefix>:<limiter>:<key>`. Fails when Redis does not answer,
    /// so a service configured for shared limits does not start without them.
    pub async fn connect(url: &str, prefix: &str) -> anyhow::Result<Self> {
        let client = redis::Client::open(url)
            .map_err(|e| anyhow::anyhow!("rate limits: the Redis URL is not valid: {e}"))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(5)))
            .set_response_timeout(Some(RESPONSE_TIMEOUT))
            .set_number_of_retries(1);
        let connection = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(|e| anyhow::anyhow!("rate limits: cannot reach Redis: {e}"))?;
        Ok(Self {
            connection,
            prefix: prefix.to_owned(),
        })
    }

    /// The limiter `name` (its keys are apart from every other limiter's).
    pub fn limiter(&self, name: &str, policy: RatePolicy) -> RedisLimiter {
        RedisLimiter {
            policy,
            keys: format!("{}:{name}:", self.prefix),
            connection: self.connection.clone(),
            script: redis::Script::new(GCRA),
            fallback: RateLimiter::new(policy),
        }
    }
}

/// One policy counted in Redis; see the [module](self).
pub struct RedisLimiter {
    policy: RatePolicy,
    keys: String,
    connection: ConnectionManager,
    script: redis::Script,
    fallback: RateLimiter,
}

impl std::fmt::Debug for RedisLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisLimiter")
            .field("policy", &self.policy)
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

impl RedisLimiter {
    async fn shared(&self, key: &str) -> redis::RedisResult<Decision> {
        let burst = self.policy.requests.max(1);
        let interval_us =
            (Duration::from_secs(self.policy.per_secs.max(1)) / burst).as_micros() as u64;
        let mut connection = self.connection.clone();
        let (allowed, remaining, wait_us): (i64, i64, i64) = self
            .script
            .key(format!("{}{key}", self.keys))
            .arg(interval_us.max(1))
            .arg(burst)
            .invoke_async(&mut connection)
            .await?;
        let wait = ceil_secs(Duration::from_micros(wait_us.max(0) as u64));
        Ok(Decision {
            policy: self.policy,
            remaining: u32::try_from(remaining.max(0)).unwrap_or(u32::MAX),
            reset_secs: if allowed == 1 { wait } else { wait.max(1) },
            allowed: allowed == 1,
        })
    }
}

#[async_trait::async_trait]
impl Limiter for RedisLimiter {
    fn policy(&self) -> RatePolicy {
        self.policy
    }

    async fn check(&self, key: &str) -> Decision {
        match self.shared(key).await {
            Ok(decision) => decision,
            Err(error) => {
                metrics::counter!("feira_rate_limit_fallbacks_total").increment(1);
                tracing::warn!(%error, limiter = %self.keys, "Redis did not answer; counting in this process");
                self.fallback.check(key)
            }
        }
    }
}
