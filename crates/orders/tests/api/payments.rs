//! A payment provider whose refunds the test controls: they work, fail,
//! refund and then never answer (hang), or die with the caller. Charges are
//! the test provider's. Like a real processor it refunds once per
//! idempotency key: a repeated key answers the first refund again, and the
//! count of refunds made shows whether a retry refunded twice.

use async_trait::async_trait;
use orders::clients::payments::{
    ChargeOutcome, ChargeRequest, PaymentError, PaymentProvider, TestPaymentProvider,
};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

/// What the next refund calls do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refunds {
    /// Refund (once per key) and answer.
    Work,
    /// Answer an error; nothing is refunded.
    Fail,
    /// Refund, then never answer: the refund happened and the answer is lost.
    LoseAnswer,
    /// The process dies during the call: the caller's task stops there (a
    /// panic ends it, with nothing after the call run). Only the next call;
    /// then `Work`.
    DieOnce,
}

/// The provider the orders API tests run with.
#[derive(Debug)]
pub struct ControlledPayments {
    mode: Mutex<Refunds>,
    /// How long each refund call takes before it does what the mode says.
    latency: Mutex<Duration>,
    /// Every refund call's idempotency key, in order.
    calls: Mutex<Vec<String>>,
    /// Refunds made: idempotency key → (charge reference, amount).
    made: Mutex<BTreeMap<String, (String, i64)>>,
}

impl Default for ControlledPayments {
    fn default() -> Self {
        Self {
            mode: Mutex::new(Refunds::Work),
            latency: Mutex::new(Duration::ZERO),
            calls: Mutex::default(),
            made: Mutex::default(),
        }
    }
}

impl ControlledPayments {
    /// From now on, refunds do what `mode` says.
    pub fn set(&self, mode: Refunds) {
        *self.mode.lock().unwrap() = mode;
    }

    /// Each refund call takes `latency` (a slow provider, so that requests
    /// overlap the call).
    pub fn set_latency(&self, latency: Duration) {
        *self.latency.lock().unwrap() = latency;
    }

    /// The idempotency keys of every refund call so far.
    pub fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }

    /// How many refunds the provider made for `key` (0 or 1: it refunds once
    /// per key, however often it is asked).
    pub fn refunds_for(&self, key: &str) -> usize {
        usize::from(self.made.lock().unwrap().contains_key(key))
    }

    /// Every refund made, whatever its key: (charge reference, amount).
    pub fn refunds(&self) -> Vec<(String, i64)> {
        self.made.lock().unwrap().values().cloned().collect()
    }

    fn refund_now(&self, reference: &str, amount: i64, key: &str) -> String {
        self.made
            .lock()
            .unwrap()
            .entry(key.to_owned())
            .or_insert_with(|| (reference.to_owned(), amount));
        format!("ctl_re_{key}")
    }
}

#[async_trait]
impl PaymentProvider for ControlledPayments {
    fn name(&self) -> &str {
        "test"
    }

    async fn charge(&self, request: &ChargeRequest<'_>) -> Result<ChargeOutcome, PaymentError> {
        TestPaymentProvider.charge(request).await
    }

    async fn refund(
        &self,
        reference: &str,
        amount: i64,
        idempotency_key: &str,
    ) -> Result<String, PaymentError> {
        self.calls.lock().unwrap().push(idempotency_key.to_owned());
        let latency = *self.latency.lock().unwrap();
        if !latency.is_zero() {
            // The provider's own latency, not a wait for the test's sake.
            tokio::time::sleep(latency).await;
        }
        let mode = {
            let mut mode = self.mode.lock().unwrap();
            let now = *mode;
            if now == Refunds::DieOnce {
                *mode = Refunds::Work;
            }
            now
        };
        match mode {
            Refunds::Work => Ok(self.refund_now(reference, amount, idempotency_key)),
            Refunds::Fail => Err(PaymentError("the provider answered 500".into())),
            Refunds::LoseAnswer => {
                self.refund_now(reference, amount, idempotency_key);
                std::future::pending().await
            }
            Refunds::DieOnce => panic!("the process died while the refund was asked for"),
        }
    }
}
