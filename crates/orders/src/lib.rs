//! Orders: carts, checkout with idempotency keys, payments and their
//! transactions, the order lifecycle, and the outbox that announces every
//! change.
//!
//! [`router`] serves `/api/orders/...`; [`Workers`] are the background tasks
//! (outbox relay, stock releaser) a running service needs.

pub mod clients;
pub mod domain;
pub mod http;
pub mod payments;
pub mod service;
pub mod store;

use axum::extract::FromRef;
use bus::outbox::SqlOutbox;
use kit::auth::JwtVerifier;
use service::Orders;
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;

/// What the orders handlers share.
#[derive(Clone)]
pub struct OrdersState {
    pub orders: Arc<Orders>,
    /// The outbox, for the admin view.
    pub outbox: SqlOutbox,
    pub verifier: Arc<JwtVerifier>,
}

impl FromRef<OrdersState> for Arc<JwtVerifier> {
    fn from_ref(state: &OrdersState) -> Self {
        state.verifier.clone()
    }
}

/// The API, mounted at `/api/orders`, with its OpenAPI paths.
pub fn router(state: OrdersState) -> OpenApiRouter {
    OpenApiRouter::new().nest("/api/orders", http::routes(state))
}

/// Readiness check for the orders store.
pub struct StoreCheck(pub Arc<dyn store::OrderRepository>);

#[async_trait::async_trait]
impl kit::health::ReadinessCheck for StoreCheck {
    fn name(&self) -> &str {
        "orders store"
    }

    async fn check(&self) -> anyhow::Result<()> {
        self.0.ping().await.map_err(|e| anyhow::anyhow!("{e}"))
    }
}
