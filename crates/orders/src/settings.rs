//! Orders' section of the settings (`orders:` in `config/base.yaml`).

use crate::Options;
use crate::domain::ShippingRule;
pub use kit::settings::PostgresSettings;
use secrecy::SecretString;
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
    /// Seconds an unpaid order (its card declined) keeps its stock after its
    /// last payment attempt before it is given up as `payment_failed`.
    /// Default 1800.
    #[serde(default = "default_payment_window_secs")]
    pub payment_window_secs: u64,
}

fn default_refund_timeout_ms() -> u64 {
    5000
}

fn default_payment_window_secs() -> u64 {
    1800
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
            payment_window: Duration::from_secs(self.payment_window_secs.max(1)),
        }
    }

    /// The timeout of one call to another service.
    pub fn call_timeout(&self) -> Duration {
        Duration::from_millis(self.call_timeout_ms.max(1))
    }
}

/// Orders' service credential: OAuth 2.0 client credentials at identity's
/// `/oauth/token` or at a Cognito user pool's `/oauth2/token`.
#[derive(Debug, Clone, Deserialize)]
pub struct ServiceAuthSettings {
    /// The token endpoint: identity's (`http://identity:8081/oauth/token`) or
    /// a Cognito pool's (`https://<domain>.auth.<region>.amazoncognito.com/oauth2/token`);
    /// empty: calls carry no credential (the catalog's internal routes refuse them).
    pub token_url: String,
    /// Which kind of endpoint `token_url` is: `identity` (default) or `cognito`.
    #[serde(default)]
    pub provider: kit::auth::TokenProvider,
    /// Orders' client id: in identity's registry, or the Cognito app client's.
    pub client_id: String,
    /// File holding the client secret; read at every token exchange, so a
    /// rotated secret is used without a restart. Wins over `secret`.
    pub secret_file: std::path::PathBuf,
    /// The client secret itself, for when no file can be mounted (a
    /// container's environment from a secret store); used when `secret_file`
    /// is empty.
    #[serde(default = "no_secret")]
    pub secret: SecretString,
}

fn no_secret() -> SecretString {
    SecretString::from(String::new())
}

impl ServiceAuthSettings {
    /// Where the client secret comes from: the file when one is named, the
    /// `secret` setting otherwise.
    pub fn client_secret(&self) -> kit::auth::ClientSecret {
        if self.secret_file.as_os_str().is_empty() {
            kit::auth::ClientSecret::Value(self.secret.clone())
        } else {
            kit::auth::ClientSecret::File(self.secret_file.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::auth::ClientSecret;
    use secrecy::ExposeSecret;

    fn service_auth(yaml: &str) -> ServiceAuthSettings {
        kit::settings::load_from(
            yaml,
            [("FEIRA_CONFIG_DIR".to_owned(), "/nonexistent".to_owned())],
        )
        .unwrap()
    }

    #[test]
    fn the_secret_file_wins_over_the_secret() {
        let both = service_auth(
            "token_url: x\nclient_id: orders\nsecret_file: /run/secret\nsecret: inline\n",
        );
        assert!(
            matches!(both.client_secret(), ClientSecret::File(path) if path == std::path::Path::new("/run/secret"))
        );
        let inline =
            service_auth("token_url: x\nclient_id: orders\nsecret_file: \"\"\nsecret: inline\n");
        assert!(
            matches!(inline.client_secret(), ClientSecret::Value(secret) if secret.expose_secret() == "inline")
        );
        assert_eq!(inline.provider, kit::auth::TokenProvider::Identity);
        let cognito =
            service_auth("token_url: x\nclient_id: c\nsecret_file: \"\"\nprovider: cognito\n");
        assert_eq!(cognito.provider, kit::auth::TokenProvider::Cognito);
        assert!(
            matches!(cognito.client_secret(), ClientSecret::Value(secret) if secret.expose_secret().is_empty())
        );
    }
}
