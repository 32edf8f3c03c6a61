use crate::memory_catalog::MemoryCatalog;
use crate::payments::ControlledPayments;
use bus::{Event, InProcessBus};
use kit::health::Readiness;
use kit::testing::{TestDatabase, TestIssuer};
use orders::clients::catalog::ProductFacts;
use orders::clients::identity::TokenContacts;
use orders::domain::ProductId;
use orders::store::sql::SqlOrderStore;
use orders::{Dependencies, Options, Workers};
use reqwest::{Method, RequestBuilder, Response};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use kit::testing::{eventually, fields, send_json};

pub const SUCCESS_CARD: &str = "4242 4242 4242 4242";
pub const DECLINED_CARD: &str = "4000 0000 0000 0002";
pub const NO_FUNDS_CARD: &str = "4000 0000 0000 9995";
/// How long background work (relay, stock releases) may take in a test.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// Which database the orders store runs on.
#[derive(Debug, Clone, Copy)]
pub enum Store {
    Sqlite,
    Postgres,
}

/// Runs each named `async fn(Store)` test twice: on SQLite, and on
/// PostgreSQL (ignored unless asked for).
macro_rules! on_every_store {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(crate::helpers::Store::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                #[ignore = "needs PostgreSQL (FEIRA_TEST_POSTGRES_URL)"]
                async fn $test() {
                    super::$test(crate::helpers::Store::Postgres).await;
                }
            )*
        }
    };
}
pub(crate) use on_every_store;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub issuer: TestIssuer,
    /// The catalog the orders service reserves from.
    pub catalog: Arc<MemoryCatalog>,
    /// Every event the relay published, in order.
    pub published: Arc<Mutex<Vec<Event>>>,
    /// The payment provider, whose refunds the test controls.
    pub payments: Arc<ControlledPayments>,
    refund_timeout: Duration,
    payment_window: Duration,
    workers: Option<Workers>,
    database: Option<TestDatabase>,
    dir: std::path::PathBuf,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop the workers before their database goes.
        self.workers.take();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A signed-in user of the test issuer.
#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub email: String,
    pub token: String,
}

/// Orders on SQLite with a catalog in memory, a test issuer and a payment
/// provider that charges like the test provider and refunds as told.
pub async fn spawn_app() -> TestApp {
    spawn_app_on(Store::Sqlite).await
}

/// Orders on `store` (PostgreSQL from `FEIRA_TEST_POSTGRES_URL`; its tests are
/// ignored unless `make test` has it).
pub async fn spawn_app_on(store: Store) -> TestApp {
    spawn_app_with(store, Duration::from_secs(5)).await
}

/// Orders on `store` whose refunds give up after `refund_timeout`.
pub async fn spawn_app_with(store: Store, refund_timeout: Duration) -> TestApp {
    spawn_app_full(store, refund_timeout, Options::default().payment_window).await
}

/// Orders on `store` whose unpaid orders are given up `payment_window` after
/// their last payment attempt.
pub async fn spawn_app_with_window(store: Store, payment_window: Duration) -> TestApp {
    spawn_app_full(store, Duration::from_secs(5), payment_window).await
}

async fn spawn_app_full(
    store: Store,
    refund_timeout: Duration,
    payment_window: Duration,
) -> TestApp {
    let dir = std::env::temp_dir().join(format!("feira-orders-api-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let database = match store {
        Store::Sqlite => None,
        Store::Postgres => {
            let server = kit::testing::Backend::Postgres.url();
            Some(TestDatabase::create(&server).await)
        }
    };
    let mut app = TestApp {
        base: String::new(),
        client: reqwest::Client::new(),
        issuer: TestIssuer::new(),
        catalog: Arc::new(MemoryCatalog::default()),
        published: Arc::new(Mutex::new(Vec::new())),
        payments: Arc::new(ControlledPayments::default()),
        refund_timeout,
        payment_window,
        workers: None,
        database,
        dir,
    };
    app.start().await;
    app
}

impl TestApp {
    /// Opens the store and serves orders on it with fresh workers.
    async fn start(&mut self) {
        let orders_store = match &self.database {
            None => SqlOrderStore::open_sqlite(&self.dir.join("orders.db"))
                .await
                .unwrap(),
            Some(database) => SqlOrderStore::connect_postgres(&database.url, 10)
                .await
                .unwrap(),
        };
        let bus = InProcessBus::default();
        let mut events = bus.subscribe();
        let sink = self.published.clone();
        tokio::spawn(async move {
            while let Ok(event) = events.recv().await {
                sink.lock().unwrap().push(event);
            }
        });
        let (state, workers) = orders::build(
            orders_store,
            Dependencies {
                catalog: self.catalog.clone(),
                contacts: Arc::new(TokenContacts),
                payments: self.payments.clone(),
                publisher: Some(Arc::new(bus)),
            },
            Arc::new(self.issuer.verifier()),
            Options {
                poll: Duration::from_millis(100),
                refund_timeout: self.refund_timeout,
                payment_window: self.payment_window,
                ..Options::default()
            },
        );
        let orders = state.orders.orders.clone();
        let readiness = Readiness::new().with(kit::health::check("orders store", move || {
            let orders = orders.clone();
            async move { orders.ping().await.map_err(anyhow::Error::from) }
        }));
        let router = kit::http::service_app(
            orders::router(state),
            readiness,
            kit::http::Limits::default(),
            axum::Router::new(),
        );
        let addr = kit::testing::spawn(router).await;
        self.base = format!("http://{addr}");
        self.workers = Some(workers);
    }

    /// As after a crash: this process's workers stop with whatever they were
    /// doing, and a new one starts on the same database, knowing only what
    /// was committed there. Requests go to the new one from now on.
    pub async fn restart(&mut self) {
        self.workers.take();
        self.start().await;
    }
}

pub fn address() -> Value {
    json!({
        "recipient": "Ana Silva",
        "line1": "Rua Augusta 1",
        "city": "Lisboa",
        "postal_code": "1100-048",
        "country": "pt"
    })
}

pub fn checkout_body(card: &str) -> Value {
    json!({"shipping_address": address(), "payment": {"card_number": card}})
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/orders{path}", self.base)
    }

    /// A new customer with a token.
    pub fn customer(&self) -> User {
        self.user(&["customer"])
    }

    /// A new admin with a token.
    pub fn admin(&self) -> User {
        self.user(&["admin"])
    }

    fn user(&self, roles: &[&str]) -> User {
        let id = uuid::Uuid::now_v7().to_string();
        let email = format!("{}@example.com", &id[id.len() - 12..]);
        let token = self
            .issuer
            .token_with(json!({"sub": id, "email": email, "roles": roles}));
        User { id, email, token }
    }

    /// `user` again, with a token that says `email_verified` is `verified`.
    pub fn verified(&self, user: &User, verified: bool) -> User {
        let token = self.issuer.token_with(json!({
            "sub": user.id, "email": user.email, "roles": ["customer"],
            "email_verified": verified,
        }));
        User {
            token,
            ..user.clone()
        }
    }

    pub fn request(&self, method: Method, path: &str, user: &User) -> RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(&user.token)
    }

    /// A product in the catalog with `stock` units at `price` cents (EUR).
    pub async fn product(&self, stock: i64, price: i64) -> String {
        let id = uuid::Uuid::now_v7().to_string();
        let tail = id[id.len() - 10..].to_owned();
        self.catalog.add(ProductFacts {
            id: ProductId::parse(&id).unwrap(),
            sku: format!("SKU-{tail}"),
            name: format!("Thing {tail}"),
            slug: format!("thing-{tail}"),
            price,
            currency: "EUR".into(),
            stock,
            active: true,
            image: None,
        });
        id
    }

    pub async fn stock(&self, product_id: &str) -> i64 {
        self.catalog.stock(product_id)
    }

    /// Waits until the product's stock is `expected`.
    pub async fn stock_becomes(&self, product_id: &str, expected: i64) {
        eventually(
            &format!("stock of {product_id} to be {expected}"),
            PATIENCE,
            || async { (self.stock(product_id).await == expected).then_some(()) },
        )
        .await
    }

    pub async fn add_to_cart(&self, user: &User, product_id: &str, quantity: i64) -> Response {
        self.request(Method::POST, "/cart/items", user)
            .json(&json!({"product_id": product_id, "quantity": quantity}))
            .send()
            .await
            .unwrap()
    }

    pub async fn cart(&self, user: &User) -> Value {
        send_json(self.request(Method::GET, "/cart", user)).await
    }

    pub async fn checkout(&self, user: &User, key: &str, body: &Value) -> Response {
        self.request(Method::POST, "", user)
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Fills the cart with `quantity` of `product_id` and checks out with `card`.
    pub async fn buy(&self, user: &User, product_id: &str, quantity: i64, card: &str) -> Response {
        assert_eq!(
            self.add_to_cart(user, product_id, quantity).await.status(),
            200
        );
        let key = uuid::Uuid::now_v7().to_string();
        self.checkout(user, &key, &checkout_body(card)).await
    }

    /// A paid order of one unit of a new product; returns the order and product id.
    pub async fn paid_order(&self, user: &User) -> (Value, String) {
        let product = self.product(5, 1500).await;
        let response = self.buy(user, &product, 1, SUCCESS_CARD).await;
        assert_eq!(response.status(), 201);
        (response.json().await.unwrap(), product)
    }

    /// Pays order `id` with `card` under `key`.
    pub async fn pay(&self, user: &User, id: &str, key: &str, card: &str) -> Response {
        self.request(Method::POST, &format!("/{id}/pay"), user)
            .header("Idempotency-Key", key)
            .json(&json!({"payment": {"card_number": card}}))
            .send()
            .await
            .unwrap()
    }

    pub async fn order(&self, user: &User, id: &str) -> Value {
        send_json(self.request(Method::GET, &format!("/{id}"), user)).await
    }

    /// The outbox entries of one order, as the admin endpoint shows them.
    pub async fn outbox(&self, order_id: &str) -> Vec<Value> {
        let admin = self.admin();
        let entries = send_json(
            self.request(Method::GET, "/admin/outbox", &admin)
                .query(&[("order_id", order_id)]),
        )
        .await;
        entries.as_array().unwrap().clone()
    }

    /// Waits until every outbox row of the order is marked sent; returns the
    /// event types in order.
    pub async fn all_sent(&self, order_id: &str, count: usize) -> Vec<String> {
        eventually(
            &format!("{count} sent events of {order_id}"),
            PATIENCE,
            || async {
                let entries = self.outbox(order_id).await;
                (entries.len() == count && entries.iter().all(|e| !e["sent_at"].is_null())).then(
                    || {
                        entries
                            .iter()
                            .map(|e| e["event"]["type"].as_str().unwrap().to_owned())
                            .collect()
                    },
                )
            },
        )
        .await
    }

    /// The published events about one order.
    pub fn published_for(&self, order_id: &str) -> Vec<Event> {
        self.published
            .lock()
            .unwrap()
            .iter()
            .filter(|e| e.subject == order_id)
            .cloned()
            .collect()
    }
}

/// Asserts a problem+json answer with `status` and type slug; returns the body.
pub async fn problem(response: Response, status: u16, slug: &str) -> Value {
    let body = kit::testing::problem(response, status).await;
    assert_eq!(body["type"], format!("urn:feira:problem:{slug}"), "{body}");
    body
}
