//! Feira Tasks: a personal task manager. Tasks (title, markdown description,
//! priority, deadline, tags, completion), tags per user, filters and sorts
//! ([`domain::query`]) compiled per store, and insights computed by the store.
//! Stores: MongoDB (`feira serve tasks`) and SQLite (`feira up`). Tokens come
//! from Feira's identity service or an AWS Cognito user pool, through the
//! kit's verifier.
//!
//! The rooms: [`domain`] (types and rules, no I/O), [`service`] (the use
//! cases, the only thing handlers call), [`store`] (the repository trait and
//! a module per backend) and [`http`] (routes and handlers).

pub mod domain;
pub mod http;
pub mod service;
pub mod settings;
pub mod store;

use axum::extract::FromRef;
use kit::auth::JwtVerifier;
use service::TasksService;
use settings::TasksSettings;
use std::sync::Arc;
use store::TaskStore;
use utoipa_axum::router::OpenApiRouter;

/// What the handlers share.
#[derive(Clone, FromRef)]
pub struct TasksState {
    /// The use cases.
    pub service: TasksService,
    /// Checks the bearer tokens of every route.
    pub verifier: Arc<JwtVerifier>,
}

impl TasksState {
    /// The state over `store`, trusting tokens `verifier` accepts.
    pub fn new(store: Arc<dyn TaskStore>, verifier: Arc<JwtVerifier>) -> Self {
        Self {
            service: TasksService::new(store),
            verifier,
        }
    }
}

/// The service's routes under `/api/tasks`.
pub fn router(state: TasksState) -> OpenApiRouter {
    OpenApiRouter::new().nest("/api/tasks", http::routes(state))
}

/// The one entry point: opens the store (SQLite embedded, else what the
/// settings name) and returns the routes and the store's readiness check.
pub async fn start(settings: &TasksSettings, deps: &kit::Deps) -> anyhow::Result<kit::Service> {
    let store = store::open(settings, deps).await?;
    let readiness = kit::health::Readiness::new().with(kit::health::check("tasks store", {
        let store = store.clone();
        move || {
            let store = store.clone();
            async move { store.ping().await }
        }
    }));
    let mut state = TasksState::new(store, deps.verifier.clone());
    state.service = state
        .service
        .with_deleted_retention(settings.deleted_retention());
    let sweep = tokio::spawn(purge_deleted(
        state.service.clone(),
        std::time::Duration::from_secs(settings.deleted_purge_every_secs.max(1)),
    ));
    Ok(kit::Service::new("tasks", router(state), ())
        .with_readiness(readiness)
        .with_workers(kit::tasks::Workers::new(vec![sweep])))
}

/// The bin's sweep: removes deleted tasks past their retention at start-up
/// and then every `every`. A restore checks the retention itself, so a late
/// sweep never makes an expired task restorable.
async fn purge_deleted(service: TasksService, every: std::time::Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match service.purge_deleted().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(purged = n, "deleted tasks past their retention removed"),
            Err(e) => {
                tracing::warn!(error = %e, "purging deleted tasks failed; retrying at the next sweep")
            }
        }
    }
}
