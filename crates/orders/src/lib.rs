//! Orders: carts, checkout with idempotency keys, payments and their
//! transactions, the order lifecycle, and the outbox that announces every
//! change.
//!
//! [`start`] builds the service from its ports and spawns its workers (the
//! outbox relay, the stock releaser and the refund sweeper); [`router`]
//! serves `/api/orders/...`.

pub mod clients;
pub mod domain;
pub mod http;
pub mod service;
pub mod settings;
pub mod store;

use axum::extract::FromRef;
use bus::Publisher;
use bus::relay::Relay;
use clients::catalog::CatalogClient;
use clients::identity::ContactDirectory;
use clients::payments::PaymentProvider;
use domain::ShippingRule;
use kit::auth::JwtVerifier;
pub use kit::tasks::Workers;
use service::Orders;
use std::sync::Arc;
use std::time::Duration;
use store::sql::SqlOrderStore;
use tokio::sync::Notify;
use utoipa_axum::router::OpenApiRouter;

/// What the orders handlers share.
#[derive(Clone, FromRef)]
pub struct OrdersState {
    pub orders: Arc<Orders>,
    pub verifier: Arc<JwtVerifier>,
}

/// The API, mounted at `/api/orders`, with its OpenAPI paths.
pub fn router(state: OrdersState) -> OpenApiRouter {
    OpenApiRouter::new().nest("/api/orders", http::routes(state))
}

/// The other services orders talks to.
pub struct Dependencies {
    pub catalog: Arc<dyn CatalogClient>,
    pub contacts: Arc<dyn ContactDirectory>,
    pub payments: Arc<dyn PaymentProvider>,
    /// Where the outbox relay publishes; `None` runs no relay, and events wait
    /// in the outbox until a service with a publisher runs.
    pub publisher: Option<Arc<dyn Publisher>>,
}

/// Tunables of a running orders service.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub shipping: ShippingRule,
    /// How long a checkout holds its idempotency key before a retry may take
    /// it over (a holder that crashed leaves it locked this long).
    pub key_lock: Duration,
    /// The relay, the stock releaser and the refund sweeper look for work at
    /// least this often (the first two are woken at once after each commit in
    /// this process).
    pub poll: Duration,
    /// How long one refund may take at the payment provider; past it the
    /// cancel answers with the order still `cancelling` and the refund
    /// sweeper retries.
    pub refund_timeout: Duration,
    /// How long an unpaid order (its card declined) keeps its stock after
    /// its last attempt before it becomes `payment_failed` (ADR 0038).
    pub payment_window: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            shipping: ShippingRule {
                flat_fee: 499,
                free_from: 5000,
            },
            key_lock: Duration::from_secs(30),
            poll: Duration::from_secs(1),
            refund_timeout: Duration::from_secs(5),
            payment_window: Duration::from_secs(30 * 60),
        }
    }
}

/// The one entry point: opens the store (SQLite embedded, else what the
/// settings name), then [`build`]s the service on it with `deps`' clients.
pub async fn start(
    settings: &settings::OrdersSettings,
    kit_deps: &kit::Deps,
    deps: Dependencies,
) -> anyhow::Result<kit::Service> {
    let store = store::open(settings, kit_deps).await?;
    let catalog_check = deps.catalog.readiness();
    let (state, workers) = build(store, deps, kit_deps.verifier.clone(), settings.options());
    let orders = state.orders.orders.clone();
    let mut readiness = kit::health::Readiness::new().with(kit::health::check("orders store", {
        move || {
            let orders = orders.clone();
            async move { orders.ping().await.map_err(anyhow::Error::from) }
        }
    }));
    // Checkout needs the catalog: when it is another process, /ready says so.
    if let Some(check) = catalog_check {
        readiness = readiness.with(check);
    }
    Ok(kit::Service::new("orders", router(state), ())
        .with_readiness(readiness)
        .with_workers(workers))
}

impl Dependencies {
    /// Distributed mode's clients: the catalog and identity over HTTP at the
    /// URLs the settings name, the built-in test payment provider, and
    /// `publisher` for the outbox relay.
    pub fn http(
        settings: &settings::OrdersSettings,
        publisher: Option<Arc<dyn Publisher>>,
    ) -> Self {
        let mut catalog =
            clients::catalog::HttpCatalog::new(&settings.catalog_url, settings.call_timeout());
        let auth = &settings.service_auth;
        if !auth.token_url.is_empty() {
            catalog = catalog.with_credentials(Arc::new(
                kit::auth::ClientCredentials::new(
                    &auth.token_url,
                    &auth.client_id,
                    auth.client_secret(),
                    "catalog",
                    "catalog:reservations catalog:products",
                    settings.call_timeout(),
                )
                .with_provider(auth.provider),
            ));
        }
        Self {
            catalog: Arc::new(catalog),
            contacts: Arc::new(clients::identity::HttpIdentity::new(
                &settings.identity_url,
                settings.call_timeout(),
            )),
            payments: Arc::new(clients::payments::TestPaymentProvider),
            publisher,
        }
    }
}

/// Builds the orders service on `store` and spawns its workers: the outbox
/// relay (to `deps.publisher`), the stock releaser and the refund sweeper.
pub fn build(
    store: SqlOrderStore,
    deps: Dependencies,
    verifier: Arc<JwtVerifier>,
    options: Options,
) -> (OrdersState, Workers) {
    let store = Arc::new(store);
    let outbox = store.outbox();
    let relay = deps.publisher.map(|publisher| {
        Relay::new(Arc::new(outbox.clone()), publisher, options.poll).named("orders")
    });
    let orders = Arc::new(Orders {
        carts: store.clone(),
        orders: store.clone(),
        keys: store,
        outbox,
        catalog: deps.catalog,
        contacts: deps.contacts,
        payments: deps.payments,
        shipping: options.shipping,
        relay: relay
            .as_ref()
            .map_or_else(|| Arc::new(Notify::new()), Relay::waker),
        releases: Arc::new(Notify::new()),
        key_lock: options.key_lock,
        refund_timeout: options.refund_timeout,
        payment_window: options.payment_window,
    });
    let mut handles = vec![
        orders.spawn_stock_releaser(options.poll),
        orders.spawn_refund_sweeper(options.poll),
    ];
    match relay {
        Some(relay) => handles.push(relay.spawn()),
        None => tracing::warn!("no event publisher configured: order events wait in the outbox"),
    }
    let workers = Workers::new(handles);
    let state = OrdersState { orders, verifier };
    (state, workers)
}
