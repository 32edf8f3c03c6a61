use catalog::store::ProductRepository;
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
    _file: kit::testing::TempDir,
}

/// The catalog (public, admin and internal routes) on a fresh database.
pub async fn spawn_app() -> TestApp {
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
        _file: file,
    }
}

/// A spawned app with the demo catalog loaded.
pub async fn spawn_seeded_app() -> TestApp {
    let app = spawn_app().await;
    catalog::seed(app.products.as_ref()).await.unwrap();
    app
}

impl TestApp {
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
