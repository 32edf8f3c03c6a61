//! Composing services into a running application: which services, which
//! adapters between them. Each service opens its own store and builds its own
//! routes and workers (`<service>::start`); this file only wires them.

use crate::adapters::catalog::InProcessCatalog;
use crate::adapters::identity::EmbeddedContacts;
use crate::settings::Settings;
use anyhow::Context;
use axum::Router;
use axum::response::Html;
use bus::{EventBus, InProcessBus, Publisher, RabbitBus};
use kit::auth::JwtVerifier;
use kit::health::Readiness;
use kit::http::Limits;
use kit::startup::{Gate, Startup};
use kit::tasks::Workers;
use kit::{Deps, Mode, Service};
use secrecy::ExposeSecret;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use utoipa_axum::router::OpenApiRouter;

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
    /// Every service, in start-up order.
    pub const ALL: [Self; 5] = [
        Self::Catalog,
        Self::Identity,
        Self::Orders,
        Self::Notifications,
        Self::Tasks,
    ];

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

/// What a process runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topology {
    /// Every service, on SQLite, with demo data (`feira up`).
    Embedded,
    /// One service on its production store (`feira serve <service>`).
    One(ServiceName),
}

/// A running application: its listener is served from the moment it binds
/// (`/health` answers, `/ready` names what start-up waits for), and its
/// services' workers live as long as it.
pub struct Application {
    port: u16,
    internal_port: u16,
    server: JoinHandle<std::io::Result<()>>,
    internal_server: JoinHandle<std::io::Result<()>>,
    workers: Vec<Workers>,
    bus: Option<InProcessBus>,
}

impl Application {
    /// Binds the public and internal ports, then starts `topology`'s
    /// services, waiting (with backoff, reported on `/ready`) for stores that
    /// do not answer yet; a misconfiguration stops it naming the setting.
    pub async fn start(settings: &Settings, topology: Topology) -> anyhow::Result<Self> {
        let host = settings.http.host;
        let listener = TcpListener::bind((host, settings.http.port))
            .await
            .with_context(|| format!("listen on {host}:{} (http.port)", settings.http.port))?;
        let internal_listener = TcpListener::bind((host, settings.http.internal_port))
            .await
            .with_context(|| {
                format!(
                    "listen on {host}:{} (http.internal_port)",
                    settings.http.internal_port
                )
            })?;
        let port = listener.local_addr()?.port();
        let internal_port = internal_listener.local_addr()?.port();
        let (gate, internal_gate) = (Gate::new(), Gate::new());
        let server = tokio::spawn(kit::http::serve(listener, gate.router()));
        let internal_server =
            tokio::spawn(kit::http::serve(internal_listener, internal_gate.router()));
        let startup = Startup::Wait(gate.clone());
        let started = match topology {
            Topology::Embedded => embedded(settings, startup).await,
            Topology::One(name) => distributed(settings, name, startup).await,
        };
        let Started {
            public,
            internal,
            workers,
            bus,
        } = match started {
            Ok(started) => started,
            Err(error) => {
                server.abort();
                internal_server.abort();
                return Err(error);
            }
        };
        gate.open(public);
        internal_gate.open(internal);
        tracing::info!(
            ?topology,
            port,
            internal_port,
            "dependencies answered; taking traffic"
        );
        Ok(Self {
            port,
            internal_port,
            server,
            internal_server,
            workers,
            bus,
        })
    }

    /// Embedded mode's event bus, to watch the events the services emit.
    pub fn bus(&self) -> Option<&InProcessBus> {
        self.bus.as_ref()
    }

    /// The public port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The internal port actually bound: service-to-service routes and
    /// `/metrics`.
    pub fn internal_port(&self) -> u16 {
        self.internal_port
    }

    /// Serves until SIGTERM or ctrl-c, then drains in-flight requests and
    /// stops the services' workers.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let Self {
            server,
            internal_server,
            workers,
            ..
        } = self;
        let result = server.await;
        // The internal listener stops on the same signal.
        let internal = internal_server.await;
        drop(workers);
        result??;
        internal??;
        Ok(())
    }
}

/// What starting a topology gives: the routers of both listeners, the
/// services' workers, and embedded mode's bus.
struct Started {
    public: Router,
    internal: Router,
    workers: Vec<Workers>,
    bus: Option<InProcessBus>,
}

fn deps(settings: &Settings, mode: Mode, verifier: Arc<JwtVerifier>, startup: &Startup) -> Deps {
    Deps {
        mode,
        data_dir: settings.data_dir.clone(),
        verifier,
        startup: startup.clone(),
    }
}

/// Every service in this process on SQLite, one in-process bus, identity's
/// own keys trusted directly, the web app in front.
async fn embedded(settings: &Settings, startup: Startup) -> anyhow::Result<Started> {
    let remote = Arc::new(JwtVerifier::from_settings(&settings.auth));
    let bus = InProcessBus::default();
    let identity = identity::start(
        &settings.identity,
        &settings.auth,
        &deps(settings, Mode::Embedded, remote, &startup),
        Some(Arc::new(bus.clone())),
    )
    .await?;
    let (identity, directory) = identity.split();
    let deps = deps(
        settings,
        Mode::Embedded,
        directory.verifier.clone(),
        &startup,
    );
    let (catalog, products) = catalog::start(&settings.catalog, &deps).await?.split();
    let orders = orders::start(
        &settings.orders,
        &deps,
        orders::Dependencies {
            catalog: Arc::new(InProcessCatalog::new(products)),
            contacts: Arc::new(EmbeddedContacts::new(directory.users.clone())),
            payments: Arc::new(orders::clients::payments::TestPaymentProvider),
            publisher: Some(Arc::new(bus.clone())),
        },
    )
    .await?;
    let notifications =
        notifications::start(&settings.notifications, &deps, Arc::new(bus.clone())).await?;
    let tasks = tasks::start(&settings.tasks, &deps).await?;
    // Merged in this order, so the OpenAPI document lists them the same way.
    let traces = Service::new(
        "traces",
        crate::traces::routes(directory.verifier.clone()),
        (),
    );
    let services = vec![catalog, identity, orders, notifications, tasks, traces];
    let front = crate::web::router(&settings.web.dir).unwrap_or_else(|| {
        tracing::info!(dir = %settings.web.dir.display(), "no web build there (make web); serving the landing page");
        Router::new().route("/", axum::routing::get(landing))
    });
    // In one process nothing calls another service's internal routes: the
    // internal listener serves only /metrics and the probes.
    let (public, internal, workers) = compose(settings, services, false, front);
    Ok(Started {
        public,
        internal,
        workers,
        bus: Some(bus),
    })
}

/// One service on its production store, calling the others over HTTP and
/// publishing to (or consuming from) RabbitMQ.
async fn distributed(
    settings: &Settings,
    name: ServiceName,
    startup: Startup,
) -> anyhow::Result<Started> {
    let verifier = Arc::new(JwtVerifier::from_settings(&settings.auth));
    let deps = deps(settings, Mode::Distributed, verifier, &startup);
    let broker = broker(settings);
    let mut service = match name {
        ServiceName::Catalog => catalog::start(&settings.catalog, &deps).await?.split().0,
        ServiceName::Identity => {
            let publisher = broker.clone().map(|b| b as Arc<dyn Publisher>);
            identity::start(&settings.identity, &settings.auth, &deps, publisher)
                .await?
                .split()
                .0
        }
        ServiceName::Tasks => tasks::start(&settings.tasks, &deps).await?,
        ServiceName::Orders => {
            let publisher = broker.clone().map(|b| b as Arc<dyn Publisher>);
            let ports = orders::Dependencies::http(&settings.orders, publisher);
            orders::start(&settings.orders, &deps, ports).await?
        }
        ServiceName::Notifications => {
            let broker = broker.clone().ok_or_else(|| {
                anyhow::anyhow!("bus.amqp_url is empty: notifications consumes events from RabbitMQ; set FEIRA_BUS__AMQP_URL")
            })?;
            notifications::start(&settings.notifications, &deps, broker as Arc<dyn EventBus>)
                .await?
        }
    };
    if let Some(broker) = broker.filter(|_| {
        matches!(
            name,
            ServiceName::Identity | ServiceName::Orders | ServiceName::Notifications
        )
    }) {
        service.readiness = service
            .readiness
            .with(Arc::new(bus::rabbit::BrokerCheck(broker)));
    }
    let (public, internal, workers) = compose(settings, vec![service], true, Router::new());
    Ok(Started {
        public,
        internal,
        workers,
        bus: None,
    })
}

/// The public router of `services` and their internal one (with their
/// internal routes when `internal`), each with the kit's common edges, and
/// their workers.
fn compose(
    settings: &Settings,
    services: Vec<Service>,
    internal: bool,
    front: Router,
) -> (Router, Router, Vec<Workers>) {
    let mut api = OpenApiRouter::new();
    let mut internal_api = OpenApiRouter::new();
    let mut readiness = Readiness::new();
    let mut workers = Vec::new();
    for service in services {
        api = api.merge(service.public);
        if internal {
            internal_api = internal_api.merge(service.internal);
        }
        readiness = readiness.merge(service.readiness);
        workers.push(service.workers);
    }
    let limits = Limits::from(&settings.http);
    let public = kit::http::service_app(api, readiness.clone(), limits, front);
    let internal = kit::http::internal_app(internal_api, readiness, limits);
    (public, internal, workers)
}

/// Applies one service's production schema and exits (`feira migrate`): SQL
/// migrations on the PostgreSQL database its settings name, or the MongoDB
/// indexes. Fails at once if the store does not answer.
pub async fn migrate(settings: &Settings, service: ServiceName) -> anyhow::Result<()> {
    let deps = command_deps(settings);
    match service {
        ServiceName::Catalog => drop(catalog::store::open(&settings.catalog, &deps).await?),
        ServiceName::Identity => drop(identity::store::open(&settings.identity, &deps).await?),
        ServiceName::Orders => drop(orders::store::open(&settings.orders, &deps).await?),
        ServiceName::Notifications => {
            drop(notifications::store::open(&settings.notifications, &deps).await?)
        }
        ServiceName::Tasks => drop(tasks::store::open(&settings.tasks, &deps).await?),
    }
    Ok(())
}

/// What a one-off command gives a service's store: distributed settings, no
/// waiting.
pub fn command_deps(settings: &Settings) -> Deps {
    deps(
        settings,
        Mode::Distributed,
        Arc::new(JwtVerifier::from_settings(&settings.auth)),
        &Startup::FailFast,
    )
}

/// The RabbitMQ bus of distributed mode, when `bus.amqp_url` is set.
fn broker(settings: &Settings) -> Option<Arc<RabbitBus>> {
    let url = settings.bus.amqp_url.expose_secret();
    (!url.is_empty()).then(|| Arc::new(RabbitBus::new(url)))
}

async fn landing() -> Html<&'static str> {
    Html(include_str!("landing.html"))
}
