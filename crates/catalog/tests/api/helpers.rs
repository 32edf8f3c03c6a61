use catalog::store::ProductRepository;
use catalog::store::cached::CachedProductRepository;
use catalog::store::mongo::MongoProductRepository;
use catalog::store::sqlite::SqliteProductRepository;
use kit::testing::TestIssuer;
use reqwest::{RequestBuilder, Response};
use serde_json::{Value, json};
use std::sync::Arc;

/// Body limit of the test app, small so the limit is cheap to exceed.
pub const BODY_LIMIT: usize = 16 * 1024;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub issuer: TestIssuer,
    pub products: Arc<dyn ProductRepository>,
    /// The internal listener's app (`/metrics`).
    pub internal_base: String,
    mongo: Option<MongoProductRepository>,
    _file: Option<kit::testing::TempDir>,
}

/// Which store a test app runs on.
#[derive(Debug, Clone, Copy)]
pub enum Store {
    /// SQLite, through the real entry point.
    Sqlite,
    /// SQLite behind the read-through cache, as `feira up` runs it.
    CachedSqlite,
    /// MongoDB, in a database of the test's own; needs `FEIRA_TEST_MONGODB_URL`.
    Mongodb,
}

/// Runs each named `async fn(Store)` test on every store: SQLite, cached
/// SQLite, and MongoDB (ignored unless asked for, as the contract suite).
macro_rules! on_every_store {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(crate::helpers::Store::Sqlite).await;
                }
            )*
        }
        mod cached_sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(crate::helpers::Store::CachedSqlite).await;
                }
            )*
        }
        mod mongodb {
            $(
                #[tokio::test]
                #[ignore = "needs the MongoDB protocol (FEIRA_TEST_MONGODB_URL)"]
                async fn $name() {
                    super::$name(crate::helpers::Store::Mongodb).await;
                }
            )*
        }
    };
}
pub(crate) use on_every_store;

/// The category `product_json` names, made by every test app.
pub const TEST_CATEGORY: &str = "tests";

/// The catalog (public, admin and internal routes) on a fresh SQLite file,
/// through the real entry point.
pub async fn spawn_app() -> TestApp {
    spawn_app_on(Store::Sqlite).await
}

/// The catalog on a fresh `store`, with the category `tests`.
pub async fn spawn_app_on(store: Store) -> TestApp {
    let app = match store {
        Store::Sqlite => spawn_started().await,
        Store::CachedSqlite => {
            let file = kit::testing::TempDir::new("feira-api");
            let repo = SqliteProductRepository::open(&file.path.join("catalog.db"))
                .await
                .unwrap();
            let repo: Arc<dyn ProductRepository> =
                Arc::new(CachedProductRepository::new(Arc::new(repo)));
            spawn_on(repo, None, Some(file)).await
        }
        Store::Mongodb => {
            let url = kit::testing::Backend::Mongodb.url();
            let db = format!("catalog_api_{}", uuid::Uuid::now_v7().simple());
            let repo = MongoProductRepository::connect(&url, &db).await.unwrap();
            spawn_on(Arc::new(repo.clone()), Some(repo), None).await
        }
    };
    let category = catalog::domain::Category::create(
        serde_json::from_value(json!({"slug": TEST_CATEGORY, "name": "Tests"})).unwrap(),
        kit::Timestamp::now(),
    )
    .unwrap();
    app.products.insert_category(&category).await.unwrap();
    app
}

/// The app on `products`, its routes composed as `catalog::start` does.
async fn spawn_on(
    products: Arc<dyn ProductRepository>,
    mongo: Option<MongoProductRepository>,
    file: Option<kit::testing::TempDir>,
) -> TestApp {
    let issuer = TestIssuer::new();
    let state = catalog::CatalogState::new(products.clone(), Arc::new(issuer.verifier()));
    let api = catalog::public_router(state.clone()).merge(catalog::internal_router(state));
    let readiness = kit::health::Readiness::new();
    let limits = kit::http::Limits {
        body_bytes: BODY_LIMIT,
        timeout: std::time::Duration::from_secs(10),
    };
    let internal = kit::http::internal_app(
        utoipa_axum::router::OpenApiRouter::new(),
        readiness.clone(),
        limits,
    );
    let router = kit::http::service_app(api, readiness, limits, axum::Router::new());
    let addr = kit::testing::spawn(router).await;
    let internal_addr = kit::testing::spawn(internal).await;
    TestApp {
        base: format!("http://{addr}"),
        internal_base: format!("http://{internal_addr}"),
        client: reqwest::Client::new(),
        issuer,
        products,
        mongo,
        _file: file,
    }
}

/// The catalog through `catalog::start`, on a SQLite file of its own.
async fn spawn_started() -> TestApp {
    let file = kit::testing::TempDir::new("feira-api");
    let issuer = TestIssuer::new();
    // The real entry point, on a SQLite file of this test's own.
    let settings = catalog::settings::CatalogSettings {
        store: kit::settings::DocumentStoreKind::Sqlite,
        mongodb: kit::settings::MongoSettings {
            url: String::new().into(),
            database: "catalog".to_owned(),
        },
    };
    let deps = kit::Deps {
        mode: kit::Mode::Distributed,
        data_dir: file.path.clone(),
        verifier: Arc::new(issuer.verifier()),
        startup: kit::startup::Startup::FailFast,
    };
    let service = catalog::start(&settings, &deps).await.unwrap();
    let products = service.handle.clone();
    let api = service.public.merge(service.internal);
    let readiness = service.readiness;
    let limits = kit::http::Limits {
        body_bytes: BODY_LIMIT,
        timeout: std::time::Duration::from_secs(10),
    };
    // One router for the public and internal routes, so tests reach both at
    // one address; the internal listener's own app serves `/metrics`.
    let internal = kit::http::internal_app(
        utoipa_axum::router::OpenApiRouter::new(),
        readiness.clone(),
        limits,
    );
    let router = kit::http::service_app(api, readiness, limits, axum::Router::new());
    let addr = kit::testing::spawn(router).await;
    let internal_addr = kit::testing::spawn(internal).await;
    TestApp {
        base: format!("http://{addr}"),
        internal_base: format!("http://{internal_addr}"),
        client: reqwest::Client::new(),
        issuer,
        products,
        mongo: None,
        _file: Some(file),
    }
}

/// A spawned app with the demo catalog loaded.
pub async fn spawn_seeded_app() -> TestApp {
    spawn_seeded_app_on(Store::Sqlite).await
}

/// A spawned app on `store` with the demo catalog loaded.
pub async fn spawn_seeded_app_on(store: Store) -> TestApp {
    let app = spawn_app_on(store).await;
    catalog::seed(app.products.as_ref()).await.unwrap();
    app
}

impl TestApp {
    /// Drops the app's MongoDB database, if it has one.
    pub async fn cleanup(self) {
        if let Some(mongo) = &self.mongo {
            let _ = mongo.drop_database().await;
        }
    }

    /// Sends `method` to `path` as an admin with `body` (if any).
    pub async fn admin_call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Response {
        let request = self.as_admin(self.client.request(method, self.url(path)));
        let request = match body {
            Some(body) => request.json(&body),
            None => request,
        };
        request.send().await.unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn admin_token(&self) -> String {
        self.issuer.token("admin-1", &["admin"])
    }

    pub fn customer_token(&self) -> String {
        self.issuer.token("customer-1", &["customer"])
    }

    /// A GET; on `/internal/...` with orders' service token, as orders calls.
    pub fn get(&self, path: &str) -> RequestBuilder {
        let request = self.client.get(self.url(path));
        if path.starts_with("/internal/") {
            self.as_orders(request)
        } else {
            request
        }
    }

    /// A service token for orders, granting both internal scopes.
    pub fn service_token(&self) -> String {
        self.issuer
            .service_token("orders", "catalog", "catalog:reservations catalog:products")
    }

    pub fn as_orders(&self, builder: RequestBuilder) -> RequestBuilder {
        builder.bearer_auth(self.service_token())
    }

    /// GETs `path` and parses the JSON body.
    pub async fn get_json<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        self.get(path).send().await.unwrap().json().await.unwrap()
    }

    pub fn as_admin(&self, builder: RequestBuilder) -> RequestBuilder {
        builder.bearer_auth(self.admin_token())
    }

    pub async fn create_product(&self, body: Value) -> Response {
        self.as_admin(self.client.post(self.url("/api/catalog/products")))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Creates a product and returns it, asserting it was created.
    pub async fn product(&self, sku: &str, stock: i64) -> Value {
        let response = self.create_product(product_json(sku, stock)).await;
        assert_eq!(response.status(), 201);
        response.json().await.unwrap()
    }

    pub async fn reserve(&self, id: &str, items: Value) -> Response {
        self.as_orders(self.client.post(self.url("/internal/reservations")))
            .json(&json!({"reservation_id": id, "items": items}))
            .send()
            .await
            .unwrap()
    }

    pub async fn stock(&self, id: &str) -> i64 {
        let product: Value = self.get_json(&format!("/api/catalog/products/{id}")).await;
        product["stock"].as_i64().unwrap()
    }

    pub async fn total(&self) -> u64 {
        let page: Value = self
            .as_admin(self.get("/api/catalog/products?include_inactive=true"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        page["total"].as_u64().unwrap()
    }
}

pub fn product_json(sku: &str, stock: i64) -> Value {
    json!({
        "sku": sku,
        "name": format!("Product {sku}"),
        "category": "tests",
        "price": {"amount": 1250, "currency": "EUR"},
        "stock": stock,
        "tags": ["test"],
        "attributes": {"colour": "blue"}
    })
}

pub use kit::testing::{fields, problem};
