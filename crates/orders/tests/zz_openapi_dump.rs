// Temporary: dumps the orders OpenAPI document for a before/after comparison.
use std::sync::Arc;
#[tokio::test]
async fn dump() {
    let dir = std::env::temp_dir().join(format!("feira-orders-dump-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = orders::store::sql::SqlOrderStore::open_sqlite(&dir.join("o.db"))
        .await
        .unwrap();
    struct NoCatalog;
    let issuer = kit::testing::TestIssuer::new();
    let _ = NoCatalog;
    let catalog = Arc::new(orders::clients::catalog::HttpCatalog::new(
        "http://127.0.0.1:1",
        std::time::Duration::from_secs(1),
    ));
    let (state, _w) = orders::build(
        store,
        orders::Dependencies {
            catalog,
            contacts: Arc::new(orders::clients::identity::TokenContacts),
            payments: Arc::new(orders::payments::TestPaymentProvider),
            publisher: None,
        },
        Arc::new(issuer.verifier()),
        orders::Options::default(),
    );
    let (_, api) = orders::router(state).split_for_parts();
    std::fs::write(
        std::env::var("DUMP_TO").unwrap(),
        api.to_pretty_json().unwrap(),
    )
    .unwrap();
}
