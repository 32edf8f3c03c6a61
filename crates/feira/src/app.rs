//! Building a runnable application from settings: which stores, which routers.

use crate::adapters::catalog::InProcessCatalog;
use crate::settings::{Settings, StoreKind};
use anyhow::Context;
use axum::Router;
use axum::response::Html;
use bus::{ConsumerOptions, EventBus, InProcessBus, RabbitBus};
use catalog::CatalogState;
use catalog::store::ProductRepository;
use catalog::store::cached::CachedProductRepository;
use catalog::store::mongo::MongoProductRepository;
use catalog::store::sqlite::SqliteProductRepository;
use identity::domain::keys::KeyRing;
use identity::service::{LocalAccounts, TokenLifetimes};
use identity::settings::{IdentityStoreKind, Provider};
use identity::store::sql::SqlIdentityStore;
use identity::{AbuseLimits, IdentityState};
use kit::auth::{AuthUser, JwtVerifier};
use kit::health::Readiness;
use kit::http::Limits;
use kit::startup::Gate;
use notifications::settings::NotificationsStoreKind;
use notifications::store::NotificationStore;
use notifications::store::sql::SqlNotificationStore;
use orders::clients::ClientError;
use orders::clients::catalog::HttpCatalog;
use orders::clients::identity::{ContactDirectory, HttpIdentity, TokenContacts};
use orders::domain::{Contact, ContactPreferences};
use orders::payments::TestPaymentProvider;
use orders::settings::OrdersStoreKind;
use orders::store::sql::SqlOrderStore;
use secrecy::ExposeSecret;
use std::sync::Arc;
use std::time::Duration;
use tasks::store::mongo::MongoTaskStore;
use tasks::store::sql::SqlTaskStore;
use tokio::net::TcpListener;

/// A service's router and the background work that must live as long as it.
struct Parts {
    router: Router,
    /// Background tasks and subscriptions; they stop when dropped.
    keep: Vec<Box<dyn std::any::Any + Send>>,
}

/// One service of distributed mode, as `feira serve` and `feira migrate` name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ServiceName {
    /// Products, categories, search and stock reservations.
    Catalog,
    /// Accounts, sessions, profiles and signing keys.
    Identity,
    /// Carts, checkout, payments and the order lifecycle.
    Orders,
    /// Order emails, SMS and the in-app inbox, fed by RabbitMQ.
    Notifications,
    /// Feira Tasks: tasks, tags and insights.
    Tasks,
}

impl ServiceName {
    /// The name on the command line and in settings.
    pub fn name(self) -> &'static str {
        match self {
            Self::Catalog => "catalog",
            Self::Identity => "identity",
            Self::Orders => "orders",
            Self::Notifications => "notifications",
            Self::Tasks => "tasks",
        }
    }
}

/// A bound listener and the router it will serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    /// Background tasks and subscriptions; they stop when the application is dropped.
    keep: Vec<Box<dyn std::any::Any + Send>>,
    /// The in-process event bus of embedded mode.
    bus: Option<InProcessBus>,
}

impl Application {
    /// Embedded mode: every service in this process, SQLite under `data_dir`,
    /// demo data loaded on first start. Identity signs with keys kept under
    /// `data_dir/keys` and every service trusts them directly.
    pub async fn embedded(settings: &Settings) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&settings.data_dir).with_context(|| {
            format!("create the data directory {}", settings.data_dir.display())
        })?;
        let sqlite = SqliteProductRepository::open(&settings.data_dir.join("catalog.db")).await?;
        // This process is the database's only writer, so caching reads is safe.
        let products: Arc<dyn ProductRepository> =
            Arc::new(CachedProductRepository::new(Arc::new(sqlite)));
        if products.count().await? == 0 {
            let added = catalog::seed(products.as_ref()).await?;
            tracing::info!(added, "loaded the demo catalog");
        }
        let users = SqlIdentityStore::open_sqlite(&settings.data_dir.join("identity.db")).await?;
        let identity = LocalIdentity::start(settings, users, true).await?;
        if settings.identity.demo_users {
            let created = identity::seed_demo_users(&identity.accounts).await?;
            if created > 0 {
                tracing::info!(created, "created the demo admin and customer");
            }
        }
        let state = CatalogState::new(products.clone(), identity.verifier.clone());
        let orders_store = SqlOrderStore::open_sqlite(&settings.data_dir.join("orders.db")).await?;
        let bus = InProcessBus::default();
        let (orders, workers) = orders::start(
            orders_store,
            orders::Dependencies {
                catalog: Arc::new(InProcessCatalog::new(products.clone())),
                contacts: Arc::new(EmbeddedContacts(identity.users.clone())),
                payments: Arc::new(TestPaymentProvider),
                publisher: Some(Arc::new(bus.clone())),
            },
            identity.verifier.clone(),
            settings.orders.options(),
        );
        let notices: Arc<dyn NotificationStore> = Arc::new(
            SqlNotificationStore::open_sqlite(&settings.data_dir.join("notifications.db")).await?,
        );
        let (notices_state, notices_workers) = notifications::start(
            notices.clone(),
            &settings.notifications,
            settings.data_dir.join("emails"),
            identity.verifier.clone(),
        )?;
        let subscription = bus
            .consume(
                ConsumerOptions::new(notifications::CONSUMER, &notifications::PATTERNS),
                notices_state.service.clone(),
            )
            .await?;
        let task_store: Arc<dyn tasks::store::TaskStore> =
            Arc::new(SqlTaskStore::open_sqlite(&settings.data_dir.join("tasks.db")).await?);
        let tasks_state = tasks::TasksState::new(task_store.clone(), identity.verifier.clone());
        let readiness = Readiness::new()
            .with(Arc::new(tasks::StoreCheck(task_store)))
            .with(Arc::new(catalog::StoreCheck(products)))
            .with(Arc::new(identity::StoreCheck(identity.users.clone())))
            .with(Arc::new(orders::StoreCheck(orders.orders.orders.clone())))
            .with(Arc::new(notifications::StoreCheck(notices)));
        let api = catalog::public_router(state)
            .merge(identity::router(identity.state(settings)))
            .merge(orders::router(orders))
            .merge(notifications::router(notices_state))
            .merge(tasks::router(tasks_state));
        let front = crate::web::router(&settings.web.dir).unwrap_or_else(|| {
            tracing::info!(dir = %settings.web.dir.display(), "no web build there (make web); serving the landing page");
            Router::new().route("/", axum::routing::get(landing))
        });
        let router = kit::http::service_app(api, readiness, Limits::from(&settings.http), front);
        let mut app = Self::bind(settings, router).await?;
        app.keep.push(Box::new(workers));
        app.keep.push(Box::new(notices_workers));
        app.keep.push(Box::new(subscription));
        app.bus = Some(bus);
        Ok(app)
    }

    /// Orders alone, on the store its settings name (PostgreSQL by default),
    /// calling the catalog and identity over HTTP and publishing its outbox to
    /// RabbitMQ (`bus.amqp_url`; without one, events wait in the outbox).
    pub async fn orders(settings: &Settings) -> anyhow::Result<Self> {
        Self::assemble(settings, Self::orders_parts(settings, &Gate::new()).await?).await
    }

    async fn orders_parts(settings: &Settings, gate: &Gate) -> anyhow::Result<Parts> {
        let store = orders_store_waiting(settings, Some(gate)).await?;
        let broker = broker(settings);
        let catalog_client = Arc::new(HttpCatalog::new(
            &settings.orders.catalog_url,
            settings.orders.call_timeout(),
        ));
        let config = &settings.orders;
        let (state, workers) = orders::start(
            store,
            orders::Dependencies {
                catalog: catalog_client.clone(),
                contacts: Arc::new(HttpIdentity::new(
                    &config.identity_url,
                    config.call_timeout(),
                )),
                payments: Arc::new(TestPaymentProvider),
                publisher: broker.clone().map(|b| b as Arc<dyn bus::Publisher>),
            },
            Arc::new(JwtVerifier::from_settings(&settings.auth)),
            config.options(),
        );
        let mut readiness = Readiness::new()
            .with(Arc::new(orders::StoreCheck(state.orders.orders.clone())))
            .with(Arc::new(orders::clients::catalog::CatalogCheck(
                catalog_client,
            )));
        if let Some(broker) = broker {
            readiness = readiness.with(Arc::new(bus::rabbit::BrokerCheck(broker)));
        }
        let api = orders::router(state);
        let router =
            kit::http::service_app(api, readiness, Limits::from(&settings.http), Router::new());
        Ok(Parts {
            router,
            keep: vec![Box::new(workers)],
        })
    }

    /// Notifications alone, on the store its settings name (PostgreSQL by
    /// default), consuming order events from RabbitMQ (`bus.amqp_url`).
    pub async fn notifications(settings: &Settings) -> anyhow::Result<Self> {
        Self::assemble(
            settings,
            Self::notifications_parts(settings, &Gate::new()).await?,
        )
        .await
    }

    async fn notifications_parts(settings: &Settings, gate: &Gate) -> anyhow::Result<Parts> {
        let broker = broker(settings).ok_or_else(|| {
            anyhow::anyhow!("bus.amqp_url is empty: notifications consumes events from RabbitMQ; set FEIRA_BUS__AMQP_URL")
        })?;
        let config = &settings.notifications;
        let store: Arc<dyn NotificationStore> = Arc::new(match config.store {
            NotificationsStoreKind::Postgres => {
                let pg = &config.postgres;
                kit::startup::connect(gate, "notifications.postgres.url", || {
                    SqlNotificationStore::connect_postgres(
                        pg.url.expose_secret(),
                        pg.max_connections,
                    )
                })
                .await?
            }
            NotificationsStoreKind::Sqlite => {
                std::fs::create_dir_all(&settings.data_dir)?;
                SqlNotificationStore::open_sqlite(&settings.data_dir.join("notifications.db"))
                    .await?
            }
        });
        let (state, workers) = notifications::start(
            store.clone(),
            config,
            settings.data_dir.join("emails"),
            Arc::new(JwtVerifier::from_settings(&settings.auth)),
        )?;
        // The broker may come up after this service: consume once it answers;
        // until then /ready says which dependency is missing.
        let consumer = bus::rabbit::consume_when_ready(
            broker.clone(),
            ConsumerOptions::new(notifications::CONSUMER, &notifications::PATTERNS),
            state.service.clone(),
        );
        let readiness = Readiness::new()
            .with(Arc::new(notifications::StoreCheck(store)))
            .with(Arc::new(bus::rabbit::BrokerCheck(broker)));
        let api = notifications::router(state);
        let router =
            kit::http::service_app(api, readiness, Limits::from(&settings.http), Router::new());
        Ok(Parts {
            router,
            keep: vec![
                Box::new(workers),
                Box::new(kit::tasks::Workers::new(vec![consumer])),
            ],
        })
    }

    /// Identity alone: local accounts on the store its settings name (PostgreSQL
    /// by default) with keys from `identity.keys.dir`, or a Cognito user pool.
    pub async fn identity(settings: &Settings) -> anyhow::Result<Self> {
        Self::assemble(
            settings,
            Self::identity_parts(settings, &Gate::new()).await?,
        )
        .await
    }

    async fn identity_parts(settings: &Settings, gate: &Gate) -> anyhow::Result<Parts> {
        let (state, readiness) = match settings.identity.provider {
            Provider::Local => {
                let users = identity_store_waiting(settings, Some(gate)).await?;
                let identity = LocalIdentity::start(settings, users, false).await?;
                let readiness =
                    Readiness::new().with(Arc::new(identity::StoreCheck(identity.users.clone())));
                (identity.state(settings), readiness)
            }
            Provider::Cognito => (cognito_state(settings).await?, Readiness::new()),
        };
        let api = identity::router(state);
        let router =
            kit::http::service_app(api, readiness, Limits::from(&settings.http), Router::new());
        Ok(Parts {
            router,
            keep: Vec::new(),
        })
    }

    /// The catalog alone, on the store its settings name (MongoDB by default),
    /// with its internal routes.
    pub async fn catalog(settings: &Settings) -> anyhow::Result<Self> {
        Self::assemble(settings, Self::catalog_parts(settings, &Gate::new()).await?).await
    }

    async fn catalog_parts(settings: &Settings, gate: &Gate) -> anyhow::Result<Parts> {
        let products = catalog_store_waiting(settings, Some(gate)).await?;
        let state = CatalogState::new(
            products.clone(),
            Arc::new(JwtVerifier::from_settings(&settings.auth)),
        );
        let readiness = Readiness::new().with(Arc::new(catalog::StoreCheck(products)));
        let api = catalog::public_router(state.clone()).merge(catalog::internal_router(state));
        let router =
            kit::http::service_app(api, readiness, Limits::from(&settings.http), Router::new());
        Ok(Parts {
            router,
            keep: Vec::new(),
        })
    }

    /// Tasks alone, on the store its settings name (MongoDB by default),
    /// trusting tokens from `auth.jwks_url` (identity or a Cognito pool).
    pub async fn tasks(settings: &Settings) -> anyhow::Result<Self> {
        Self::assemble(settings, Self::tasks_parts(settings, &Gate::new()).await?).await
    }

    async fn tasks_parts(settings: &Settings, gate: &Gate) -> anyhow::Result<Parts> {
        let store = tasks_store_waiting(settings, Some(gate)).await?;
        let state = tasks::TasksState::new(
            store.clone(),
            Arc::new(JwtVerifier::from_settings(&settings.auth)),
        );
        let readiness = Readiness::new().with(Arc::new(tasks::StoreCheck(store)));
        let router = kit::http::service_app(
            tasks::router(state),
            readiness,
            Limits::from(&settings.http),
            Router::new(),
        );
        Ok(Parts {
            router,
            keep: Vec::new(),
        })
    }

    /// `feira serve <service>`: binds the port at once and answers `/health`,
    /// while `/ready` stays 503 naming the dependency the service still waits
    /// for (retried with backoff), then serves the service until SIGTERM. A
    /// misconfiguration stops it with the setting's name instead.
    pub async fn serve(settings: &Settings, service: ServiceName) -> anyhow::Result<()> {
        let gate = Gate::new();
        let app = Self::bind(settings, gate.router()).await?;
        tracing::info!(service = ?service, port = app.port(), "serving; /ready reports start-up");
        let server = tokio::spawn(kit::http::serve(app.listener, app.router));
        let parts = match service {
            ServiceName::Catalog => Self::catalog_parts(settings, &gate).await,
            ServiceName::Identity => Self::identity_parts(settings, &gate).await,
            ServiceName::Orders => Self::orders_parts(settings, &gate).await,
            ServiceName::Notifications => Self::notifications_parts(settings, &gate).await,
            ServiceName::Tasks => Self::tasks_parts(settings, &gate).await,
        };
        let parts = match parts {
            Ok(parts) => parts,
            Err(error) => {
                server.abort();
                return Err(error);
            }
        };
        gate.open(parts.router);
        tracing::info!(service = ?service, "dependencies answered; taking traffic");
        let _keep = parts.keep;
        server.await??;
        Ok(())
    }

    async fn assemble(settings: &Settings, parts: Parts) -> anyhow::Result<Self> {
        let mut app = Self::bind(settings, parts.router).await?;
        app.keep = parts.keep;
        Ok(app)
    }

    async fn bind(settings: &Settings, router: Router) -> anyhow::Result<Self> {
        let address = (settings.http.host, settings.http.port);
        let listener = TcpListener::bind(address)
            .await
            .with_context(|| format!("listen on {}:{}", address.0, address.1))?;
        Ok(Self {
            listener,
            router,
            keep: Vec::new(),
            bus: None,
        })
    }

    /// Embedded mode's event bus, to watch the events the services emit.
    pub fn bus(&self) -> Option<&InProcessBus> {
        self.bus.as_ref()
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    /// Serves until SIGTERM or ctrl-c, then drains in-flight requests.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let _keep = self.keep;
        kit::http::serve(self.listener, self.router).await
    }
}

/// Opens a production store: with a `gate`, waits (with backoff) while it is
/// unreachable; without one, fails at once. Either way a misconfiguration
/// fails naming `setting`.
async fn open_store<T, F, Fut>(gate: Option<&Gate>, setting: &str, open: F) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    match gate {
        Some(gate) => kit::startup::connect(gate, setting, open).await,
        None => {
            let mut open = open;
            open().await.context(setting.to_owned())
        }
    }
}

/// The catalog store named by the settings.
pub async fn catalog_store(settings: &Settings) -> anyhow::Result<Arc<dyn ProductRepository>> {
    catalog_store_waiting(settings, None).await
}

async fn catalog_store_waiting(
    settings: &Settings,
    gate: Option<&Gate>,
) -> anyhow::Result<Arc<dyn ProductRepository>> {
    Ok(match settings.catalog.store {
        StoreKind::Mongodb => {
            let mongo = &settings.catalog.mongodb;
            Arc::new(
                open_store(gate, "catalog.mongodb.url", || {
                    MongoProductRepository::connect(mongo.url.expose_secret(), &mongo.database)
                })
                .await?,
            )
        }
        StoreKind::Sqlite => {
            std::fs::create_dir_all(&settings.data_dir)?;
            Arc::new(SqliteProductRepository::open(&settings.data_dir.join("catalog.db")).await?)
        }
    })
}

async fn tasks_store_waiting(
    settings: &Settings,
    gate: Option<&Gate>,
) -> anyhow::Result<Arc<dyn tasks::store::TaskStore>> {
    Ok(match settings.tasks.store {
        StoreKind::Mongodb => {
            let mongo = &settings.tasks.mongodb;
            Arc::new(
                open_store(gate, "tasks.mongodb.url", || {
                    MongoTaskStore::connect(mongo.url.expose_secret(), &mongo.database)
                })
                .await?,
            )
        }
        StoreKind::Sqlite => {
            std::fs::create_dir_all(&settings.data_dir)?;
            Arc::new(SqlTaskStore::open_sqlite(&settings.data_dir.join("tasks.db")).await?)
        }
    })
}

/// Applies one service's production schema (`feira migrate`): SQL migrations
/// on the PostgreSQL database its settings name, or the catalog's indexes.
pub async fn migrate(settings: &Settings, service: &str) -> anyhow::Result<()> {
    match service {
        "catalog" => {
            catalog_store(settings).await?;
        }
        "identity" => {
            let pg = &settings.identity.postgres;
            SqlIdentityStore::connect_postgres(pg.url.expose_secret(), 1)
                .await
                .context("identity.postgres.url")?
                .close()
                .await;
        }
        "orders" => {
            let pg = &settings.orders.postgres;
            SqlOrderStore::connect_postgres(pg.url.expose_secret(), 1)
                .await
                .context("orders.postgres.url")?
                .close()
                .await;
        }
        "notifications" => {
            let pg = &settings.notifications.postgres;
            SqlNotificationStore::connect_postgres(pg.url.expose_secret(), 1)
                .await
                .context("notifications.postgres.url")?
                .close()
                .await;
        }
        "tasks" => {
            tasks_store_waiting(settings, None).await?;
        }
        other => anyhow::bail!("no service named {other}"),
    }
    Ok(())
}

/// The RabbitMQ bus of distributed mode, when `bus.amqp_url` is set.
fn broker(settings: &Settings) -> Option<Arc<RabbitBus>> {
    let url = settings.bus.amqp_url.expose_secret();
    (!url.is_empty()).then(|| Arc::new(RabbitBus::new(url)))
}

/// The orders store named by the settings.
pub async fn orders_store(settings: &Settings) -> anyhow::Result<SqlOrderStore> {
    orders_store_waiting(settings, None).await
}

async fn orders_store_waiting(
    settings: &Settings,
    gate: Option<&Gate>,
) -> anyhow::Result<SqlOrderStore> {
    match settings.orders.store {
        OrdersStoreKind::Postgres => {
            let pg = &settings.orders.postgres;
            open_store(gate, "orders.postgres.url", || {
                SqlOrderStore::connect_postgres(pg.url.expose_secret(), pg.max_connections)
            })
            .await
        }
        OrdersStoreKind::Sqlite => {
            std::fs::create_dir_all(&settings.data_dir)?;
            SqlOrderStore::open_sqlite(&settings.data_dir.join("orders.db")).await
        }
    }
}

/// Contact details for order snapshots, read straight from identity's store in
/// embedded mode.
struct EmbeddedContacts(Arc<dyn identity::store::UserRepository>);

#[async_trait::async_trait]
impl ContactDirectory for EmbeddedContacts {
    async fn contact(&self, user: &AuthUser, bearer: &str) -> Result<Contact, ClientError> {
        let unavailable = |detail: String| ClientError::Unavailable {
            service: "identity",
            detail,
        };
        let id =
            identity::domain::UserId::parse(&user.id).map_err(|e| unavailable(e.to_string()))?;
        let found = self
            .0
            .by_id(id)
            .await
            .map_err(|e| unavailable(e.to_string()))?;
        let Some(account) = found else {
            return TokenContacts.contact(user, bearer).await;
        };
        let p = account.profile.preferences;
        Ok(Contact {
            email: account.email.as_str().to_owned(),
            name: account.name,
            phone: account.profile.phone,
            preferences: ContactPreferences {
                email: p.email,
                sms: p.sms,
                in_app: p.in_app,
            },
        })
    }
}

/// Local identity's moving parts, shared by embedded and distributed mode.
struct LocalIdentity {
    accounts: Arc<LocalAccounts>,
    verifier: Arc<JwtVerifier>,
    users: Arc<dyn identity::store::UserRepository>,
}

impl LocalIdentity {
    /// Opens the keys (generating a first one if `embedded` or allowed by the
    /// settings), starts reloading them, and builds the sign-in service.
    async fn start(
        settings: &Settings,
        store: SqlIdentityStore,
        embedded: bool,
    ) -> anyhow::Result<Self> {
        let dir = settings.keys_dir();
        // Embedded mode hands new keys straight to its one verifier; elsewhere
        // verifiers cache the JWKS, so a new key waits before it signs.
        let activation = if embedded {
            Duration::ZERO
        } else {
            Duration::from_secs(settings.identity.keys.activation_secs)
        };
        let keys = Arc::new(KeyRing::open(
            &dir,
            embedded || settings.identity.keys.generate,
            activation,
        )?);
        let auth = &settings.auth;
        let verifier = Arc::new(identity::local_verifier(
            &keys,
            &auth.issuer,
            &auth.audience,
        ));
        identity::spawn_key_reload(
            keys.clone(),
            verifier.clone(),
            Duration::from_secs(settings.identity.keys.reload_secs.max(1)),
        );
        let store = Arc::new(store);
        let lifetimes = TokenLifetimes {
            access: Duration::from_secs(settings.identity.access_token_minutes * 60),
            refresh: Duration::from_secs(settings.identity.refresh_token_days * 24 * 3600),
        };
        let accounts = Arc::new(LocalAccounts::new(
            store.clone(),
            store.clone(),
            keys,
            &auth.issuer,
            &auth.audience,
            lifetimes,
        ));
        Ok(Self {
            accounts,
            verifier,
            users: store,
        })
    }

    fn state(&self, settings: &Settings) -> IdentityState {
        IdentityState {
            sign_in: self.accounts.clone(),
            local: Some(self.accounts.clone()),
            verifier: self.verifier.clone(),
            limits: AbuseLimits::new(&settings.identity.rate_limits),
        }
    }
}

/// The identity store named by the settings.
pub async fn identity_store(settings: &Settings) -> anyhow::Result<SqlIdentityStore> {
    identity_store_waiting(settings, None).await
}

async fn identity_store_waiting(
    settings: &Settings,
    gate: Option<&Gate>,
) -> anyhow::Result<SqlIdentityStore> {
    match settings.identity.store {
        IdentityStoreKind::Postgres => {
            let pg = &settings.identity.postgres;
            open_store(gate, "identity.postgres.url", || {
                SqlIdentityStore::connect_postgres(pg.url.expose_secret(), pg.max_connections)
            })
            .await
        }
        IdentityStoreKind::Sqlite => embedded_identity_store(settings).await,
    }
}

/// The SQLite identity store under `data_dir`, as `feira up` uses it.
async fn embedded_identity_store(settings: &Settings) -> anyhow::Result<SqlIdentityStore> {
    std::fs::create_dir_all(&settings.data_dir)?;
    SqlIdentityStore::open_sqlite(&settings.data_dir.join("identity.db")).await
}

/// Local accounts on `store` with the configured keys, for the CLI.
pub async fn local_accounts(
    settings: &Settings,
    store: SqlIdentityStore,
) -> anyhow::Result<Arc<LocalAccounts>> {
    Ok(LocalIdentity::start(settings, store, false).await?.accounts)
}

#[cfg(feature = "cognito")]
async fn cognito_state(settings: &Settings) -> anyhow::Result<IdentityState> {
    let pool = identity::clients::cognito::CognitoAccounts::new(&settings.identity.cognito).await;
    Ok(IdentityState {
        sign_in: Arc::new(pool),
        local: None,
        verifier: Arc::new(JwtVerifier::from_settings(&settings.auth)),
        limits: AbuseLimits::new(&settings.identity.rate_limits),
    })
}

#[cfg(not(feature = "cognito"))]
async fn cognito_state(_settings: &Settings) -> anyhow::Result<IdentityState> {
    anyhow::bail!(
        "identity.provider is `cognito` but this binary was built without the `cognito` feature; \
         build with `cargo build -p feira --features cognito`"
    )
}

async fn landing() -> Html<&'static str> {
    Html(include_str!("landing.html"))
}
