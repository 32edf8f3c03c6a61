//! Building a runnable application from settings: which stores, which routers.

use crate::settings::{Settings, StoreKind};
use anyhow::Context;
use axum::Router;
use axum::response::Html;
use catalog::CatalogState;
use catalog::store::ProductRepository;
use catalog::store::cached::CachedProductRepository;
use catalog::store::mongo::MongoProductRepository;
use catalog::store::sqlite::SqliteProductRepository;
use kit::auth::JwtVerifier;
use kit::health::Readiness;
use kit::http::Limits;
use secrecy::ExposeSecret;
use std::sync::Arc;
use tokio::net::TcpListener;

/// A bound listener and the router it will serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
}

impl Application {
    /// Embedded mode: every service in this process, SQLite under `data_dir`,
    /// demo data loaded on first start.
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
        let state = CatalogState {
            products: products.clone(),
            verifier: Arc::new(JwtVerifier::from_settings(&settings.auth)),
        };
        let readiness = Readiness::new().with(Arc::new(catalog::StoreCheck(products)));
        let api = catalog::public_router(state);
        let landing = Router::new().route("/", axum::routing::get(landing));
        let router = kit::http::service_app(api, readiness, Limits::from(&settings.http), landing);
        Self::bind(settings, router).await
    }

    /// The catalog alone, on the store its settings name (MongoDB by default),
    /// with its internal routes.
    pub async fn catalog(settings: &Settings) -> anyhow::Result<Self> {
        let products = catalog_store(settings).await?;
        let state = CatalogState {
            products: products.clone(),
            verifier: Arc::new(JwtVerifier::from_settings(&settings.auth)),
        };
        let readiness = Readiness::new().with(Arc::new(catalog::StoreCheck(products)));
        let api = catalog::public_router(state.clone()).merge(catalog::internal_router(state));
        let router =
            kit::http::service_app(api, readiness, Limits::from(&settings.http), Router::new());
        Self::bind(settings, router).await
    }

    async fn bind(settings: &Settings, router: Router) -> anyhow::Result<Self> {
        let address = (settings.http.host, settings.http.port);
        let listener = TcpListener::bind(address)
            .await
            .with_context(|| format!("listen on {}:{}", address.0, address.1))?;
        Ok(Self { listener, router })
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
        kit::http::serve(self.listener, self.router).await
    }
}

/// The catalog store named by the settings.
pub async fn catalog_store(settings: &Settings) -> anyhow::Result<Arc<dyn ProductRepository>> {
    Ok(match settings.catalog.store {
        StoreKind::Mongodb => {
            let mongo = &settings.catalog.mongodb;
            Arc::new(
                MongoProductRepository::connect(mongo.url.expose_secret(), &mongo.database).await?,
            )
        }
        StoreKind::Sqlite => {
            std::fs::create_dir_all(&settings.data_dir)?;
            Arc::new(SqliteProductRepository::open(&settings.data_dir.join("catalog.db")).await?)
        }
    })
}

async fn landing() -> Html<&'static str> {
    Html(include_str!("landing.html"))
}
