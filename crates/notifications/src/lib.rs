//! Notifications: turns order events into emails (SMTP, or `.eml` files
//! offline), SMS (a Twilio-compatible HTTP API) and in-app notifications,
//! each sent at most once per event and channel, retried with backoff, and
//! dead-lettered for an operator to replay.
//!
//! [`start`] makes the service ([`NotificationsState::service`], a
//! [`bus::Handler`] for the bus to feed) and its delivery worker; [`router`]
//! serves `/api/notifications/...`.

pub mod clients;
pub mod domain;
pub mod http;
pub mod service;
pub mod settings;
pub mod store;

use axum::extract::FromRef;
use clients::{Channel, FileMailer, HttpSms, SmtpMailer};
use domain::Templates;
use kit::auth::JwtVerifier;
use service::{Channels, Notifications, Retry, StreamLimits};
use settings::NotificationsSettings;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use store::NotificationStore;
use utoipa_axum::router::OpenApiRouter;

pub use kit::tasks::Workers;

/// The consumer name (its queue on RabbitMQ) and the events it takes.
pub const CONSUMER: &str = "notifications";
/// Event types notifications consumes.
pub const PATTERNS: [&str; 2] = ["order.*", "identity.*"];

/// What the handlers share.
#[derive(Clone, FromRef)]
pub struct NotificationsState {
    /// The use cases; also the bus handler that takes order events.
    pub service: Arc<Notifications>,
    /// Checks the tokens of inbox and admin requests.
    pub verifier: Arc<JwtVerifier>,
}

/// The API, mounted at `/api/notifications`.
pub fn router(state: NotificationsState) -> OpenApiRouter {
    OpenApiRouter::new().nest("/api/notifications", http::routes(state))
}

/// The service on `store` with the channels the settings name: SMTP when
/// `smtp.host` is set, otherwise `.eml` files under `emails_dir`; SMS when
/// `sms.base_url` is set. Spawns the delivery worker.
/// The one entry point: opens the store (SQLite embedded, else what the
/// settings name), [`build`]s the service with the channels the settings
/// name, and consumes order events from `events` (retrying until the broker
/// answers).
pub async fn start(
    settings: &NotificationsSettings,
    deps: &kit::Deps,
    events: Arc<dyn bus::EventBus>,
) -> anyhow::Result<kit::Service> {
    let store = store::open(settings, deps).await?;
    let (state, mut workers) = build(
        store.clone(),
        settings,
        deps.data_dir.join("emails"),
        deps.verifier.clone(),
    )?;
    workers.push(
        bus::consume::consume_when_ready(
            events,
            bus::ConsumerOptions::new(CONSUMER, &PATTERNS),
            state.service.clone(),
        )
        .await,
    );
    let readiness =
        kit::health::Readiness::new().with(kit::health::check("notifications store", move || {
            let store = store.clone();
            async move { store.ping().await.map_err(anyhow::Error::from) }
        }));
    Ok(kit::Service::new("notifications", router(state), ())
        .with_readiness(readiness)
        .with_workers(workers))
}

/// The service on `store` with the channels the settings name: SMTP when
/// `smtp.host` is set, otherwise `.eml` files under `emails_dir`; SMS when
/// `sms.base_url` is set. Spawns the delivery worker.
pub fn build(
    store: Arc<dyn NotificationStore>,
    settings: &NotificationsSettings,
    emails_dir: PathBuf,
    verifier: Arc<JwtVerifier>,
) -> anyhow::Result<(NotificationsState, Workers)> {
    let (email, emails_dir): (Arc<dyn Channel>, _) = if settings.smtp.host.is_empty() {
        let mailer = FileMailer::new(emails_dir.clone(), &settings.smtp.from)?;
        tracing::info!(dir = %emails_dir.display(), "no SMTP server configured: emails are written as .eml files");
        (Arc::new(mailer), Some(emails_dir))
    } else {
        (Arc::new(SmtpMailer::new(&settings.smtp)?), None)
    };
    let sms: Option<Arc<dyn Channel>> = (!settings.sms.base_url.is_empty())
        .then(|| Arc::new(HttpSms::new(&settings.sms)) as Arc<dyn Channel>);
    let service = Arc::new(Notifications::new(
        store,
        Templates::new(&settings.web_url)?,
        Channels {
            email,
            sms,
            emails_dir,
        },
        Retry {
            max_attempts: settings.max_attempts.max(1),
            backoff: Duration::from_millis(settings.backoff_ms.max(1)),
        },
        StreamLimits {
            max_per_user: settings.max_streams_per_user,
            heartbeat: Duration::from_millis(settings.stream_heartbeat_ms.max(10)),
        },
    ));
    let workers = Workers::new(vec![
        service.spawn_worker(Duration::from_millis(settings.poll_ms.max(10))),
    ]);
    let state = NotificationsState { service, verifier };
    Ok((state, workers))
}
