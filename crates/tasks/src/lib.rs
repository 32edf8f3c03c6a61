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
pub mod store;

use async_trait::async_trait;
use axum::extract::FromRef;
use kit::auth::JwtVerifier;
use service::TasksService;
use std::sync::Arc;
use store::TaskStore;
use utoipa_axum::router::OpenApiRouter;

/// What the handlers share.
#[derive(Clone)]
pub struct TasksState {
    /// The use cases.
    pub service: TasksService,
    /// Checks the bearer tokens of every route.
    pub verifier: Arc<JwtVerifier>,
}

impl FromRef<TasksState> for Arc<JwtVerifier> {
    fn from_ref(state: &TasksState) -> Self {
        state.verifier.clone()
    }
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

/// `/ready` check: the store answers.
pub struct StoreCheck(pub Arc<dyn TaskStore>);

#[async_trait]
impl kit::health::ReadinessCheck for StoreCheck {
    fn name(&self) -> &str {
        "tasks store"
    }

    async fn check(&self) -> anyhow::Result<()> {
        self.0.ping().await
    }
}
