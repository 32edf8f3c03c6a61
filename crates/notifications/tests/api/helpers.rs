use bus::{ConsumerOptions, Event, EventBus, InProcessBus, Publisher, Subscription};
use kit::health::Readiness;
use kit::testing::{SmtpSink, TempSqlite, TestIssuer};
use notifications::Workers;
use notifications::settings::{
    NotificationsSettings, PostgresSettings, SmsSettings, SmtpSecurity, SmtpSettings, SqlStoreKind,
};
use notifications::store::NotificationStore;
use notifications::store::sql::SqlNotificationStore;
use reqwest::{Method, RequestBuilder};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use wiremock::MockServer;

pub use kit::testing::{eventually, fields, send_json};

pub const PATIENCE: Duration = Duration::from_secs(10);

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub issuer: TestIssuer,
    pub bus: InProcessBus,
    pub smtp: SmtpSink,
    pub sms: MockServer,
    _subscription: Subscription,
    _workers: Workers,
    _file: TempSqlite,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// The app with its settings changed by `tune` first.
pub async fn spawn_app_with(tune: impl FnOnce(&mut NotificationsSettings)) -> TestApp {
    let file = TempSqlite::new("feira-notifications-api");
    let store: Arc<dyn NotificationStore> =
        Arc::new(SqlNotificationStore::open_sqlite(&file.path).await.unwrap());
    let smtp = SmtpSink::start().await;
    let sms = MockServer::start().await;
    let mut settings = NotificationsSettings {
        store: SqlStoreKind::Sqlite,
        postgres: PostgresSettings {
            url: String::new().into(),
            max_connections: 1,
        },
        web_url: "http://shop.test".into(),
        smtp: SmtpSettings {
            host: "127.0.0.1".into(),
            port: smtp.port,
            security: SmtpSecurity::None,
            username: String::new(),
            password: String::new().into(),
            from: "Feira <shop@example.com>".into(),
            timeout_secs: 5,
        },
        sms: SmsSettings {
            base_url: sms.uri(),
            account_sid: "AC123".into(),
            auth_token: "secret".to_owned().into(),
            from: "+15005550006".into(),
            timeout_secs: 5,
        },
        max_attempts: 3,
        backoff_ms: 50,
        poll_ms: 50,
        max_streams_per_user: 5,
        stream_heartbeat_ms: 15_000,
    };
    tune(&mut settings);
    let issuer = TestIssuer::new();
    let (state, workers) = notifications::build(
        store.clone(),
        &settings,
        std::env::temp_dir(),
        Arc::new(issuer.verifier()),
    )
    .unwrap();
    let bus = InProcessBus::default();
    let subscription = bus
        .consume(
            ConsumerOptions::new(notifications::CONSUMER, &notifications::PATTERNS),
            state.service.clone(),
        )
        .await
        .unwrap();
    let router = kit::http::service_app(
        notifications::router(state.clone()),
        Readiness::new(),
        kit::http::Limits::default(),
        axum::Router::new(),
    );
    let addr = kit::testing::spawn(router).await;
    TestApp {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        issuer,
        bus,
        smtp,
        sms,
        _subscription: subscription,
        _workers: workers,
        _file: file,
    }
}

/// The documented example of an event type, from `docs/events.md`, with a
/// fresh id and the given customer: what orders really emits.
pub fn order_event(kind: &str, customer: &str) -> Event {
    let doc = include_str!("../../../../docs/events.md");
    let section = doc.split(&format!("\n### {kind}\n")).nth(1).unwrap();
    let json = section
        .split("```json\n")
        .nth(1)
        .unwrap()
        .split("\n```")
        .next()
        .unwrap();
    let mut event: Event = serde_json::from_str(json).unwrap();
    event.id = uuid::Uuid::now_v7().to_string();
    event.data["customer_id"] = Value::from(customer);
    event
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/notifications{path}", self.base)
    }

    pub fn token(&self, user: &str, roles: &[&str]) -> String {
        self.issuer.token(user, roles)
    }

    pub fn request(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
    }

    pub async fn publish(&self, event: &Event) {
        self.bus.publish(event).await.unwrap();
    }

    /// Waits until the user's inbox holds `count` items; returns the inbox.
    pub async fn inbox_with(&self, user: &str, count: u64) -> Value {
        let token = self.token(user, &["customer"]);
        eventually(
            &format!("{count} notifications for {user}"),
            PATIENCE,
            || async {
                let inbox = send_json(self.request(Method::GET, "/me", &token)).await;
                (inbox["total"] == count).then_some(inbox)
            },
        )
        .await
    }

    pub async fn sms_count(&self) -> usize {
        self.sms.received_requests().await.unwrap_or_default().len()
    }
}

/// Asserts a problem+json answer with `status` and type slug; returns the body.
pub async fn problem(response: reqwest::Response, status: u16, slug: &str) -> Value {
    let body = kit::testing::problem(response, status).await;
    assert_eq!(body["type"], format!("urn:feira:problem:{slug}"), "{body}");
    body
}
