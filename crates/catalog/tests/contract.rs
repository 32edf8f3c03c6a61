//! The `ProductRepository` contract: one suite, run unchanged on every backend.
//! SQLite, with and without the cache, always runs; MongoDB is ignored unless
//! asked for (`--run-ignored`, as `make test` does when it has one), and then
//! needs `FEIRA_TEST_MONGODB_URL`.

use catalog::domain::{Category, CategoryCreate};
use catalog::domain::{
    Money, Product, ProductCreate, ProductFactory, ProductListParams, ProductQuery,
    ReservationItem, ReservationRequest, ReserveOutcome, SortKey, SortOrder,
};
use catalog::store::cached::CachedProductRepository;
use catalog::store::mongo::MongoProductRepository;
use catalog::store::sqlite::SqliteProductRepository;
use catalog::store::{CategoryDelete, ProductRepository, StoreError};
use kit::Timestamp;
use serde_json::json;
use std::sync::Arc;

/// A fresh, empty store; a MongoDB one in a database of its own.
struct Backend {
    repo: Arc<dyn ProductRepository>,
    mongo: Option<MongoProductRepository>,
    _file: Option<kit::testing::TempSqlite>,
}

impl kit::testing::ContractBackend for Backend {
    /// Drops the test's MongoDB database; the SQLite file goes with `_file`.
    async fn cleanup(self) {
        if let Some(mongo) = self.mongo {
            let _ = mongo.drop_database().await;
        }
    }
}

impl Backend {
    async fn sqlite() -> Self {
        let file = kit::testing::TempSqlite::new("feira-contract");
        let repo = SqliteProductRepository::open(&file.path).await.unwrap();
        Self {
            repo: Arc::new(repo),
            mongo: None,
            _file: Some(file),
        }
    }

    async fn cached_sqlite() -> Self {
        let mut backend = Self::sqlite().await;
        backend.repo = Arc::new(CachedProductRepository::new(backend.repo));
        backend
    }

    async fn mongo() -> Self {
        let url = kit::testing::Backend::Mongodb.url();
        let db = format!("contract_{}", uuid::Uuid::now_v7().simple());
        let repo = MongoProductRepository::connect(&url, &db).await.unwrap();
        Self {
            repo: Arc::new(repo.clone()),
            mongo: Some(repo),
            _file: None,
        }
    }
}

kit::contract_suite! {
    threads: 4,
    backends: {
        sqlite => Backend::sqlite(),
        cached_sqlite => Backend::cached_sqlite(),
        #[ignore = "needs the MongoDB protocol (FEIRA_TEST_MONGODB_URL)"]
        mongodb => Backend::mongo(),
    },
    call: |backend| backend.repo.clone(),
    tests: [
        insert_then_get_by_id_and_slug,
        duplicate_sku_or_slug_is_refused,
        update_with_stale_version_changes_nothing,
        list_filters_search_sorts_and_pages,
        categories_count_active_products,
        categories_are_managed_and_a_named_one_cannot_be_deleted,
        featured_filter_and_search_texts,
        reservation_takes_stock_all_or_nothing,
        reservation_is_idempotent_by_id,
        release_gives_stock_back_once_and_blocks_late_reserves,
        concurrent_reservations_never_oversell,
    ],
}

fn input(sku: &str, name: &str, category: &str, price: i64, stock: i64) -> ProductCreate {
    ProductCreate {
        sku: sku.into(),
        name: name.into(),
        slug: None,
        description: format!("A fine {name}"),
        category: category.into(),
        brand: "Acme".into(),
        price: Money {
            amount: price,
            currency: "EUR".into(),
        },
        stock,
        images: vec![],
        tags: vec![category.into()],
        attributes: json!({"colour": "red", "size": 3})
            .as_object()
            .cloned()
            .unwrap(),
        featured: false,
        active: true,
    }
}

async fn add(repo: &Arc<dyn ProductRepository>, input: ProductCreate) -> Product {
    let product = ProductFactory::create(input, Timestamp::now()).unwrap();
    repo.insert(&product).await.unwrap();
    product
}

fn query(params: ProductListParams) -> ProductQuery {
    ProductQuery::parse(params).unwrap()
}

fn reservation(id: &str, items: &[(&Product, i64)]) -> ReservationRequest {
    ReservationRequest {
        reservation_id: id.into(),
        items: items
            .iter()
            .map(|(p, q)| ReservationItem {
                product_id: p.id.clone(),
                quantity: *q,
            })
            .collect(),
    }
    .validate()
    .unwrap()
}

async fn stock_of(repo: &Arc<dyn ProductRepository>, product: &Product) -> i64 {
    repo.get(&product.id).await.unwrap().unwrap().stock
}

async fn insert_then_get_by_id_and_slug(repo: Arc<dyn ProductRepository>) {
    let product = add(&repo, input("SKU-1", "Red Wool Scarf", "fashion", 2500, 4)).await;
    assert_eq!(
        repo.get(&product.id).await.unwrap().as_ref(),
        Some(&product)
    );
    assert_eq!(
        repo.get_by_slug("red-wool-scarf").await.unwrap().as_ref(),
        Some(&product)
    );
    assert_eq!(
        repo.get("01900000-0000-7000-8000-000000000000")
            .await
            .unwrap(),
        None
    );
    assert_eq!(repo.count().await.unwrap(), 1);
    repo.ping().await.unwrap();
}

async fn duplicate_sku_or_slug_is_refused(repo: Arc<dyn ProductRepository>) {
    add(&repo, input("SKU-1", "Lamp", "home", 100, 1)).await;
    let same_sku = ProductFactory::create(
        input("SKU-1", "Other Lamp", "home", 100, 1),
        Timestamp::now(),
    )
    .unwrap();
    assert!(matches!(
        repo.insert(&same_sku).await,
        Err(StoreError::Duplicate { field: "sku" })
    ));
    let same_slug =
        ProductFactory::create(input("SKU-2", "Lamp", "home", 100, 1), Timestamp::now()).unwrap();
    assert!(matches!(
        repo.insert(&same_slug).await,
        Err(StoreError::Duplicate { field: "slug" })
    ));
    assert_eq!(repo.count().await.unwrap(), 1);
}

async fn update_with_stale_version_changes_nothing(repo: Arc<dyn ProductRepository>) {
    let product = add(&repo, input("SKU-1", "Lamp", "home", 100, 1)).await;
    let patch = |name: &str| catalog::domain::ProductPatch {
        version: 1,
        name: Some(name.into()),
        ..Default::default()
    };
    let first = ProductFactory::apply(&product, patch("Desk Lamp"), Timestamp::now()).unwrap();
    repo.update(&first, 1).await.unwrap();
    let stale = ProductFactory::apply(&product, patch("Floor Lamp"), Timestamp::now()).unwrap();
    assert!(matches!(
        repo.update(&stale, 1).await,
        Err(StoreError::VersionConflict { expected: 1 })
    ));
    let stored = repo.get(&product.id).await.unwrap().unwrap();
    assert_eq!(stored.name, "Desk Lamp");
    assert_eq!(stored.version, 2);

    let mut ghost = first.clone();
    ghost.id = "01900000-0000-7000-8000-000000000000".into();
    assert!(matches!(
        repo.update(&ghost, 2).await,
        Err(StoreError::NotFound)
    ));
}

async fn list_filters_search_sorts_and_pages(repo: Arc<dyn ProductRepository>) {
    let scarf = add(&repo, input("A-1", "Red Wool Scarf", "fashion", 2500, 4)).await;
    let hat = add(&repo, input("A-2", "Wool Hat", "fashion", 1500, 0)).await;
    let mug = add(&repo, input("A-3", "Coffee Mug", "home", 900, 10)).await;
    let mut hidden = input("A-4", "Hidden Wool Thing", "fashion", 100, 1);
    hidden.active = false;
    let hidden = add(&repo, hidden).await;
    let mut tagged = input("A-5", "Tea Pot", "home", 3000, 2);
    tagged.tags = vec!["kitchen".into(), "50%_off".into()];
    tagged.brand = "Pura".into();
    let pot = add(&repo, tagged).await;

    let ids = |page: kit::pagination::Page<Product>| {
        page.items.into_iter().map(|p| p.id).collect::<Vec<_>>()
    };

    // Newest first by default; inactive hidden.
    let all = repo
        .list(&query(ProductListParams::default()))
        .await
        .unwrap();
    assert_eq!(all.total, 4);
    assert_eq!(
        ids(all),
        vec![
            pot.id.clone(),
            mug.id.clone(),
            hat.id.clone(),
            scarf.id.clone()
        ]
    );

    // Search is case-insensitive over name, description and tags; every word must match.
    let wool = repo
        .list(&query(ProductListParams {
            q: Some("WOOL".into()),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!(wool.total, 2);
    let red_wool = repo
        .list(&query(ProductListParams {
            q: Some("wool red".into()),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!(ids(red_wool), vec![scarf.id.clone()]);
    let by_tag_text = repo
        .list(&query(ProductListParams {
            q: Some("kitch".into()),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!(ids(by_tag_text), vec![pot.id.clone()]);
    // Wildcards in the search are literal.
    let literal = repo
        .list(&query(ProductListParams {
            q: Some("50%_".into()),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!(ids(literal), vec![pot.id.clone()]);
    let no_wild = repo
        .list(&query(ProductListParams {
            q: Some("%".into()),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!(ids(no_wild), vec![pot.id.clone()]);

    // Filters.
    let fashion_in_stock = repo
        .list(&query(ProductListParams {
            category: Some("fashion".into()),
            in_stock: Some(true),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!(ids(fashion_in_stock), vec![scarf.id.clone()]);
    let sold_out = repo
        .list(&query(ProductListParams {
            in_stock: Some(false),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!(ids(sold_out), vec![hat.id.clone()]);
    let priced = repo
        .list(&query(ProductListParams {
            min_price: Some(1000),
            max_price: Some(2500),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!(priced.total, 2);
    let brand = repo
        .list(&query(ProductListParams {
            brand: Some("Pura".into()),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!(ids(brand), vec![pot.id.clone()]);
    let tag = repo
        .list(&query(ProductListParams {
            tag: Some("kitchen".into()),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!(ids(tag), vec![pot.id.clone()]);

    // Sorting both ways.
    let by_price = repo
        .list(&query(ProductListParams {
            sort: Some(SortKey::Price),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!(
        ids(by_price),
        vec![
            mug.id.clone(),
            hat.id.clone(),
            scarf.id.clone(),
            pot.id.clone()
        ]
    );
    let by_name_desc = repo
        .list(&query(ProductListParams {
            sort: Some(SortKey::Name),
            order: Some(SortOrder::Desc),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!(
        ids(by_name_desc),
        vec![
            hat.id.clone(),
            pot.id.clone(),
            scarf.id.clone(),
            mug.id.clone()
        ]
    );
    let oldest = repo
        .list(&query(ProductListParams {
            sort: Some(SortKey::Newest),
            order: Some(SortOrder::Asc),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!(oldest.items[0].id, scarf.id);

    // Pages do not overlap and carry the total.
    let page2 = repo
        .list(&query(ProductListParams {
            sort: Some(SortKey::Price),
            page: Some(2),
            per_page: Some(3),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!((page2.total, page2.page, page2.per_page), (4, 2, 3));
    assert_eq!(ids(page2), vec![pot.id.clone()]);

    // Admin view includes inactive products.
    let everything = repo
        .list(&query(ProductListParams {
            include_inactive: Some(true),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!(everything.total, 5);
    assert!(everything.items.iter().any(|p| p.id == hidden.id));
}

fn category(slug: &str, name: &str) -> Category {
    Category::create(
        CategoryCreate {
            slug: slug.into(),
            name: name.into(),
            description: None,
            image: None,
        },
        Timestamp::now(),
    )
    .unwrap()
}

async fn categories_count_active_products(repo: Arc<dyn ProductRepository>) {
    for (slug, name) in [("books", "Books"), ("toys", "Toys"), ("garden", "Garden")] {
        repo.insert_category(&category(slug, name)).await.unwrap();
    }
    add(&repo, input("C-1", "One", "books", 100, 1)).await;
    add(&repo, input("C-2", "Two", "books", 100, 1)).await;
    add(&repo, input("C-3", "Three", "toys", 100, 1)).await;
    let mut off = input("C-4", "Four", "garden", 100, 1);
    off.active = false;
    add(&repo, off).await;
    let mut counts: Vec<(String, u64)> = repo
        .list_categories()
        .await
        .unwrap()
        .into_iter()
        .map(|(c, count)| (c.slug, count))
        .collect();
    counts.sort();
    assert_eq!(
        counts,
        vec![
            ("books".into(), 2),
            ("garden".into(), 0),
            ("toys".into(), 1)
        ]
    );
}

async fn categories_are_managed_and_a_named_one_cannot_be_deleted(
    repo: Arc<dyn ProductRepository>,
) {
    let garden = category("garden", "Garden");
    repo.insert_category(&garden).await.unwrap();
    assert!(matches!(
        repo.insert_category(&garden).await,
        Err(StoreError::Duplicate { field: "slug" })
    ));
    let mut renamed = garden.clone();
    renamed.name = "Garden & Patio".into();
    renamed.description = Some("Outside".into());
    repo.update_category(&renamed).await.unwrap();
    assert_eq!(repo.get_category("garden").await.unwrap(), Some(renamed));
    assert!(matches!(
        repo.update_category(&category("nowhere", "Nowhere")).await,
        Err(StoreError::NotFound)
    ));
    let mut off = input("G-1", "Rake", "garden", 100, 1);
    off.active = false;
    let rake = add(&repo, off).await;
    assert_eq!(
        repo.delete_category("garden").await.unwrap(),
        CategoryDelete::NotEmpty { products: 1 }
    );
    let mut moved = rake.clone();
    moved.category = "elsewhere".into();
    moved.version += 1;
    repo.update(&moved, rake.version).await.unwrap();
    assert_eq!(
        repo.delete_category("garden").await.unwrap(),
        CategoryDelete::Deleted
    );
    assert_eq!(repo.get_category("garden").await.unwrap(), None);
    assert_eq!(
        repo.delete_category("garden").await.unwrap(),
        CategoryDelete::NotFound
    );
}

async fn featured_filter_and_search_texts(repo: Arc<dyn ProductRepository>) {
    let mut star = input("F-1", "Mechanical Keyboard", "computers", 100, 1);
    star.featured = true;
    star.tags = vec!["typing".into()];
    add(&repo, star).await;
    add(&repo, input("F-2", "Ergonomic Mouse", "computers", 100, 1)).await;
    let mut hidden = input("F-3", "Hidden Gadget", "computers", 100, 1);
    hidden.active = false;
    add(&repo, hidden).await;
    for (featured, name) in [(true, "Mechanical Keyboard"), (false, "Ergonomic Mouse")] {
        let page = repo
            .list(&query(ProductListParams {
                featured: Some(featured),
                ..Default::default()
            }))
            .await
            .unwrap();
        let names: Vec<_> = page.items.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, [name], "featured={featured}");
    }
    let texts = repo.search_texts().await.unwrap();
    for expected in ["Mechanical Keyboard", "typing", "computers"] {
        assert!(
            texts.iter().any(|t| t == expected),
            "{expected} in {texts:?}"
        );
    }
    assert!(!texts.iter().any(|t| t.contains("Hidden")), "{texts:?}");
}

async fn reservation_takes_stock_all_or_nothing(repo: Arc<dyn ProductRepository>) {
    let a = add(&repo, input("R-1", "Alpha", "x", 100, 5)).await;
    let b = add(&repo, input("R-2", "Beta", "x", 100, 1)).await;
    let outcome = repo
        .reserve(&reservation("order-1", &[(&a, 2), (&b, 3)]))
        .await
        .unwrap();
    let ReserveOutcome::OutOfStock(shortages) = outcome else {
        panic!("expected out of stock, got {outcome:?}")
    };
    assert_eq!(shortages.len(), 1);
    assert_eq!(
        (
            shortages[0].product_id.as_str(),
            shortages[0].requested,
            shortages[0].available
        ),
        (b.id.as_str(), 3, 1)
    );
    assert_eq!(
        stock_of(&repo, &a).await,
        5,
        "nothing is held when one item is short"
    );
    assert_eq!(stock_of(&repo, &b).await, 1);

    let ok = repo
        .reserve(&reservation("order-2", &[(&a, 2), (&b, 1)]))
        .await
        .unwrap();
    assert!(matches!(ok, ReserveOutcome::Reserved(_)), "{ok:?}");
    assert_eq!(stock_of(&repo, &a).await, 3);
    assert_eq!(stock_of(&repo, &b).await, 0);

    // Unknown and inactive products are short with nothing available.
    let ghost = Product {
        id: "01900000-0000-7000-8000-000000000000".into(),
        ..a.clone()
    };
    let outcome = repo
        .reserve(&reservation("order-3", &[(&ghost, 1)]))
        .await
        .unwrap();
    assert!(
        matches!(outcome, ReserveOutcome::OutOfStock(ref s) if s[0].available == 0),
        "{outcome:?}"
    );
}

async fn reservation_is_idempotent_by_id(repo: Arc<dyn ProductRepository>) {
    let a = add(&repo, input("I-1", "Alpha", "x", 100, 5)).await;
    let first = repo
        .reserve(&reservation("order-1", &[(&a, 2)]))
        .await
        .unwrap();
    let again = repo
        .reserve(&reservation("order-1", &[(&a, 2)]))
        .await
        .unwrap();
    assert_eq!(first, again);
    assert_eq!(stock_of(&repo, &a).await, 3, "a retry holds nothing more");
    let other_items = repo
        .reserve(&reservation("order-1", &[(&a, 1)]))
        .await
        .unwrap();
    assert_eq!(other_items, ReserveOutcome::Mismatch);

    // A rejected reservation replays its rejection even once stock is back.
    let short = repo
        .reserve(&reservation("order-2", &[(&a, 4)]))
        .await
        .unwrap();
    assert!(matches!(short, ReserveOutcome::OutOfStock(_)));
    repo.release("order-1").await.unwrap();
    assert_eq!(stock_of(&repo, &a).await, 5);
    assert_eq!(
        repo.reserve(&reservation("order-2", &[(&a, 4)]))
            .await
            .unwrap(),
        short
    );
}

async fn release_gives_stock_back_once_and_blocks_late_reserves(repo: Arc<dyn ProductRepository>) {
    let a = add(&repo, input("L-1", "Alpha", "x", 100, 5)).await;
    repo.reserve(&reservation("order-1", &[(&a, 3)]))
        .await
        .unwrap();
    assert_eq!(stock_of(&repo, &a).await, 2);
    repo.release("order-1").await.unwrap();
    repo.release("order-1").await.unwrap();
    assert_eq!(
        stock_of(&repo, &a).await,
        5,
        "a second release gives nothing back"
    );
    assert_eq!(
        repo.reserve(&reservation("order-1", &[(&a, 3)]))
            .await
            .unwrap(),
        ReserveOutcome::Released
    );

    // Released before it was ever reserved (a timed-out checkout): a late
    // reserve with that id holds nothing.
    repo.release("order-9").await.unwrap();
    assert_eq!(
        repo.reserve(&reservation("order-9", &[(&a, 1)]))
            .await
            .unwrap(),
        ReserveOutcome::Released
    );
    assert_eq!(stock_of(&repo, &a).await, 5);
}

async fn concurrent_reservations_never_oversell(repo: Arc<dyn ProductRepository>) {
    let a = add(&repo, input("P-1", "Popular", "x", 100, 10)).await;
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let repo = repo.clone();
            let request = reservation(&format!("order-{i}"), &[(&a, 1)]);
            tokio::spawn(async move { repo.reserve(&request).await.unwrap() })
        })
        .collect();
    let outcomes = futures::future::join_all(tasks).await;
    let reserved = outcomes
        .iter()
        .filter(|o| matches!(o.as_ref().unwrap(), ReserveOutcome::Reserved(_)))
        .count();
    assert_eq!(reserved, 10);
    assert_eq!(stock_of(&repo, &a).await, 0);
}
