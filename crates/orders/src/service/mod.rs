//! The use cases, the only thing orders' handlers call: carts (`cart.rs`),
//! checkout (`checkout.rs`), the order lifecycle (`lifecycle.rs`), the stock
//! releaser (`releaser.rs`), the refund sweeper (`refunds.rs`) and the outbox
//! view (`outbox.rs`), over the ports (stores, catalog, contacts, payment
//! provider).

mod cart;
mod checkout;
mod error;
mod lifecycle;
mod outbox;
mod refunds;
mod releaser;

pub use cart::{CartView, CartViewItem};
pub use checkout::{CheckoutAnswer, CheckoutCommand, PayCommand};
pub use error::{Result, ServiceError};

use crate::clients::catalog::CatalogClient;
use crate::clients::identity::ContactDirectory;
use crate::clients::payments::PaymentProvider;
use crate::domain::ShippingRule;
use crate::store::{CartRepository, IdempotencyRepository, OrderRepository};
use bus::outbox::SqlOutbox;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// The ports and settings the use cases need.
pub struct Orders {
    pub carts: Arc<dyn CartRepository>,
    pub orders: Arc<dyn OrderRepository>,
    pub keys: Arc<dyn IdempotencyRepository>,
    /// The outbox in the orders database, for the admin view.
    pub outbox: SqlOutbox,
    pub catalog: Arc<dyn CatalogClient>,
    pub contacts: Arc<dyn ContactDirectory>,
    pub payments: Arc<dyn PaymentProvider>,
    pub shipping: ShippingRule,
    /// Woken after every commit that wrote an outbox row.
    pub relay: Arc<Notify>,
    /// Woken after every commit that queued a stock release.
    pub releases: Arc<Notify>,
    /// How long a checkout holds its key before a retry may take over.
    pub key_lock: Duration,
    /// How long a refund may take at the payment provider before the attempt
    /// counts as failed (the order stays `cancelling` and is retried).
    pub refund_timeout: Duration,
    /// How long an unpaid order waits for a card after its last attempt
    /// before it is given up (`payment_failed`, its stock released).
    pub payment_window: Duration,
}
