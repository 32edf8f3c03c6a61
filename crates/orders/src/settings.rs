//! Orders' section of the settings (`orders:` in `config/base.yaml`).

use crate::Options;
use crate::domain::ShippingRule;
pub use kit::settings::PostgresSettings;
use serde::Deserialize;
use std::time::Duration;

pub use kit::settings::SqlStoreKind;

/// `orders` settings.
#[derive(Debug, Clone, Deserialize)]
pub struct OrdersSettings {
    /// Which database `feira serve orders` uses.
    pub store: SqlStoreKind,
    pub postgres: PostgresSettings,
    /// The catalog's base URL (distributed mode), for prices and reservations.
    pub catalog_url: String,
    /// Identity's base URL (distributed mode), for the customer's contact details.
    pub identity_url: String,
    /// Orders' own credential for the catalog's internal routes.
    pub service_auth: ServiceAuthSettings,
    /// Each call to another service gives up after this long (then retries if idempotent).
    pub call_timeout_ms: u64,
    pub shipping: ShippingSettings,
    /// Seconds a checkout holds its idempotency key before a retry may take over.
    pub key_lock_secs: u64,
    /// Milliseconds between outbox, stock-release and refund checks when
    /// nothing woke them.
    pub poll_ms: u64,
    /// Milliseconds a refund may take at the payment provider before the
    /// cancel answers 202 with the order `cancelling` (the refund sweeper
    /// retries). Default 5000.
    #[serde(default = "default_refund_timeout_ms")]
    pub refund_timeout_ms: u64,
}

fn default_refund_timeout_ms() -> u64 {
    5000
}

/// Shipping fee in minor units of the order's currency.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct ShippingSettings {
    pub flat_fee: i64,
    /// Orders whose subtotal reaches this ship free.
    pub free_from: i64,
}

impl OrdersSettings {
    /// The service's tunables.
    pub fn options(&self) -> Options {
        Options {
            shipping: ShippingRule {
                flat_fee: self.shipping.flat_fee,
                free_from: self.shipping.free_from,
            },
            key_lock: Duration::from_secs(self.key_lock_secs.max(1)),
            poll: Duration::from_millis(self.poll_ms.max(10)),
            refund_timeout: Duration::from_millis(self.refund_timeout_ms.max(1)),
        }
    }

    /// The timeout of one call to another service.
    pub fn call_timeout(&self) -> Duration {
        Duration::from_millis(self.call_timeout_ms.max(1))
    }
}

/// Orders' service credential (OAuth 2.0 client credentials at identity).
#[derive(Debug, Clone, Deserialize)]
pub struct ServiceAuthSettings {
    /// Identity's token endpoint (`http://identity:8080/oauth/token`); empty:
    /// calls carry no credential (the catalog's internal routes refuse them).
    pub token_url: String,
    /// Orders' client id in identity's registry.
    pub client_id: String,
    /// File holding the client secret; read at every token exchange, so a
    /// rotated secret is used without a restart.
    pub secret_file: std::path::PathBuf,
}
