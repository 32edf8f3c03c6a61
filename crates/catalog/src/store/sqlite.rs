//! The embedded store: SQLite with each product kept as a JSON document.

use super::{CategoryDelete, CategoryRepository, ProductRepository, StoreError, StoreResult};
use crate::domain::{
    Category, Product, ProductQuery, Reservation, ReservationRequest, ReserveOutcome, SortKey,
    SortOrder, reservation::ReservationStatus,
};
use anyhow::Context;
use async_trait::async_trait;
use kit::Timestamp;
use kit::pagination::Page;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};
use std::path::Path;
use std::time::Duration;

/// Products in a SQLite file.
#[derive(Clone)]
pub struct SqliteProductRepository {
    pool: SqlitePool,
}

impl SqliteProductRepository {
    /// Opens (creating if needed) the database file at `path` and migrates it.
    /// The file and its `-wal` and `-shm` files are readable by their owner
    /// only, like every service's database.
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
        kit::files::restrict_sqlite_files(path)?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .with_context(|| format!("open the catalog database {}", path.display()))?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&pool)
            .await
            .context("migrate the catalog database")?;
        // The WAL files exist now; ones left by an older version may be wider.
        kit::files::restrict_sqlite_files(path)?;
        let repo = Self { pool };
        repo.derive_categories()
            .await
            .context("derive the catalog's categories from its products")?;
        Ok(repo)
    }

    /// Adds a category for each one products name without a record.
    async fn derive_categories(&self) -> StoreResult<()> {
        let missing: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT category FROM products \
             WHERE category IS NOT NULL AND category NOT IN (SELECT slug FROM categories)",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let now = Timestamp::now();
        for slug in missing {
            let category = Category::derived(&slug, now);
            sqlx::query("INSERT OR IGNORE INTO categories (slug, doc) VALUES (?, ?)")
                .bind(&category.slug)
                .bind(to_json(&category)?)
                .execute(&self.pool)
                .await
                .map_err(backend)?;
        }
        Ok(())
    }

    async fn doc_where(&self, column: &str, value: &str) -> StoreResult<Option<Product>> {
        let sql = format!("SELECT doc FROM products WHERE {column} = ?");
        let doc: Option<String> = sqlx::query_scalar(&sql)
            .bind(value)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        doc.map(|d| parse(&d)).transpose()
    }
}

fn backend(err: sqlx::Error) -> StoreError {
    StoreError::Backend(err.into())
}

fn parse<T: serde::de::DeserializeOwned>(doc: &str) -> StoreResult<T> {
    serde_json::from_str(doc)
        .map_err(|e| StoreError::Backend(anyhow::Error::new(e).context("corrupt document")))
}

fn to_json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Backend(e.into()))
}

/// Maps a unique-index violation to the field it protects.
fn write_error(err: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &err
        && db.is_unique_violation()
    {
        let field = if db.message().contains("slug") {
            "slug"
        } else {
            "sku"
        };
        return StoreError::Duplicate { field };
    }
    backend(err)
}

/// `%term%` for LIKE, with LIKE's own wildcards escaped.
fn like_pattern(term: &str) -> String {
    let mut escaped = String::with_capacity(term.len() + 2);
    escaped.push('%');
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped.push('%');
    escaped
}

/// The WHERE clause for `query`: the SQL side of the filter strategy.
fn push_filters(qb: &mut QueryBuilder<'_, Sqlite>, query: &ProductQuery) {
    qb.push(" WHERE 1 = 1");
    if !query.include_inactive {
        qb.push(" AND active = 1");
    }
    for term in &query.terms {
        let pattern = like_pattern(term);
        qb.push(" AND (lower(name) LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR lower(json_extract(doc, '$.description')) LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(products.doc, '$.tags') WHERE value LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\'))");
    }
    if let Some(category) = &query.category {
        qb.push(" AND category = ").push_bind(category.clone());
    }
    if let Some(brand) = &query.brand {
        qb.push(" AND brand = ").push_bind(brand.clone());
    }
    if let Some(min) = query.min_price {
        qb.push(" AND price_amount >= ").push_bind(min);
    }
    if let Some(max) = query.max_price {
        qb.push(" AND price_amount <= ").push_bind(max);
    }
    match query.in_stock {
        Some(true) => {
            qb.push(" AND stock > 0");
        }
        Some(false) => {
            qb.push(" AND stock <= 0");
        }
        None => {}
    }
    if let Some(featured) = query.featured {
        qb.push(" AND coalesce(json_extract(doc, '$.featured'), 0) = ")
            .push_bind(featured);
    }
    if let Some(tag) = &query.tag {
        qb.push(" AND EXISTS (SELECT 1 FROM json_each(products.doc, '$.tags') WHERE value = ")
            .push_bind(tag.clone())
            .push(")");
    }
}

/// The ORDER BY clause: the SQL side of the sort strategy. The id breaks ties so
/// pages never overlap.
fn order_by(query: &ProductQuery) -> String {
    let dir = match query.order {
        SortOrder::Asc => "ASC",
        SortOrder::Desc => "DESC",
    };
    let column = match query.sort {
        SortKey::Price => "price_amount",
        SortKey::Name => "name COLLATE NOCASE",
        SortKey::Newest => "created_at",
    };
    format!(" ORDER BY {column} {dir}, id {dir}")
}

async fn load_reservation(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    id: &str,
) -> StoreResult<Option<Reservation>> {
    let doc: Option<String> = sqlx::query_scalar("SELECT doc FROM reservations WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend)?;
    doc.map(|d| parse(&d)).transpose()
}

async fn save_reservation(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    record: &Reservation,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO reservations (id, doc) VALUES (?, ?) \
         ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
    )
    .bind(&record.id)
    .bind(to_json(record)?)
    .execute(&mut **tx)
    .await
    .map_err(backend)?;
    Ok(())
}

const ADJUST_STOCK: &str = "UPDATE products SET doc = json_set(doc, \
    '$.stock', json_extract(doc, '$.stock') + ?, \
    '$.version', json_extract(doc, '$.version') + 1, \
    '$.updated_at', ?) WHERE id = ?";

#[async_trait]
impl CategoryRepository for SqliteProductRepository {
    async fn insert_category(&self, category: &Category) -> StoreResult<()> {
        sqlx::query("INSERT INTO categories (slug, doc) VALUES (?, ?)")
            .bind(&category.slug)
            .bind(to_json(category)?)
            .execute(&self.pool)
            .await
            .map_err(|e| match write_error(e) {
                StoreError::Duplicate { .. } => StoreError::Duplicate { field: "slug" },
                other => other,
            })?;
        Ok(())
    }

    async fn get_category(&self, slug: &str) -> StoreResult<Option<Category>> {
        let doc: Option<String> = sqlx::query_scalar("SELECT doc FROM categories WHERE slug = ?")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        doc.map(|d| parse(&d)).transpose()
    }

    async fn list_categories(&self) -> StoreResult<Vec<(Category, u64)>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT c.doc, (SELECT COUNT(*) FROM products p WHERE p.category = c.slug AND p.active = 1) \
             FROM categories c",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|(doc, count)| Ok((parse(&doc)?, count.max(0) as u64)))
            .collect()
    }

    async fn update_category(&self, category: &Category) -> StoreResult<()> {
        let done = sqlx::query("UPDATE categories SET doc = ? WHERE slug = ?")
            .bind(to_json(category)?)
            .bind(&category.slug)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        if done.rows_affected() == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }

    async fn delete_category(&self, slug: &str) -> StoreResult<CategoryDelete> {
        // One write transaction: no product can join the category between
        // the count and the delete.
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(backend)?;
        let products: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE category = ?")
            .bind(slug)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        if products > 0 {
            return Ok(CategoryDelete::NotEmpty {
                products: products as u64,
            });
        }
        let done = sqlx::query("DELETE FROM categories WHERE slug = ?")
            .bind(slug)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(if done.rows_affected() == 1 {
            CategoryDelete::Deleted
        } else {
            CategoryDelete::NotFound
        })
    }
}

#[async_trait]
impl ProductRepository for SqliteProductRepository {
    #[tracing::instrument(skip_all, fields(sku = %product.sku))]
    async fn insert(&self, product: &Product) -> StoreResult<()> {
        sqlx::query("INSERT INTO products (id, doc) VALUES (?, ?)")
            .bind(&product.id)
            .bind(to_json(product)?)
            .execute(&self.pool)
            .await
            .map_err(write_error)?;
        Ok(())
    }

    async fn get(&self, id: &str) -> StoreResult<Option<Product>> {
        self.doc_where("id", id).await
    }

    async fn get_by_slug(&self, slug: &str) -> StoreResult<Option<Product>> {
        self.doc_where("slug", slug).await
    }

    #[tracing::instrument(skip_all)]
    async fn list(&self, query: &ProductQuery) -> StoreResult<Page<Product>> {
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM products");
        push_filters(&mut count, query);
        let total: i64 = count
            .build_query_scalar()
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;

        let mut select = QueryBuilder::<Sqlite>::new("SELECT doc FROM products");
        push_filters(&mut select, query);
        select.push(order_by(query));
        select
            .push(" LIMIT ")
            .push_bind(i64::from(query.page.per_page))
            .push(" OFFSET ")
            .push_bind(query.page.offset() as i64);
        let docs: Vec<String> = select
            .build_query_scalar()
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let items = docs
            .iter()
            .map(|d| parse(d))
            .collect::<StoreResult<Vec<Product>>>()?;
        Ok(Page::new(items, query.page, total.max(0) as u64))
    }

    async fn search_texts(&self) -> StoreResult<Vec<String>> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT name, brand, category, json_extract(doc, '$.tags') FROM products WHERE active = 1",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let mut texts = Vec::with_capacity(rows.len() * 4);
        for (name, brand, category, tags) in rows {
            let tags: Vec<String> = parse(&tags)?;
            texts.extend([name, brand, category]);
            texts.extend(tags);
        }
        Ok(texts)
    }

    #[tracing::instrument(skip_all, fields(id = %product.id))]
    async fn update(&self, product: &Product, expected_version: i64) -> StoreResult<()> {
        let done = sqlx::query("UPDATE products SET doc = ? WHERE id = ? AND version = ?")
            .bind(to_json(product)?)
            .bind(&product.id)
            .bind(expected_version)
            .execute(&self.pool)
            .await
            .map_err(write_error)?;
        if done.rows_affected() == 1 {
            return Ok(());
        }
        Err(super::missed_update(self, &product.id, expected_version).await)
    }

    #[tracing::instrument(skip_all, fields(db.system.name = "sqlite", db.operation.name = "reserve", reservation_id = %request.reservation_id))]
    async fn reserve(&self, request: &ReservationRequest) -> StoreResult<ReserveOutcome> {
        // IMMEDIATE takes the write lock up front: concurrent reservations queue
        // here instead of failing when a reader tries to become a writer.
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(backend)?;
        let existing = load_reservation(&mut tx, &request.reservation_id).await?;
        if let Some(record) = existing {
            return Ok(record.outcome_for(&request.items));
        }
        let mut shortages = Vec::new();
        for item in &request.items {
            let row: Option<(i64, bool)> =
                sqlx::query_as("SELECT stock, active FROM products WHERE id = ?")
                    .bind(&item.product_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(backend)?;
            let available = match row {
                Some((stock, true)) => stock,
                _ => 0,
            };
            shortages.extend(item.shortage(available));
        }
        let now = Timestamp::now();
        let status = if shortages.is_empty() {
            for item in &request.items {
                sqlx::query(ADJUST_STOCK)
                    .bind(-item.quantity)
                    .bind(now.to_string())
                    .bind(&item.product_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
            }
            ReservationStatus::Reserved
        } else {
            ReservationStatus::Rejected
        };
        let record = Reservation {
            id: request.reservation_id.clone(),
            status,
            items: request.items.clone(),
            shortages,
            created_at: now,
        };
        save_reservation(&mut tx, &record).await?;
        tx.commit().await.map_err(backend)?;
        Ok(record.outcome_for(&request.items))
    }

    #[tracing::instrument(skip_all, fields(reservation_id))]
    async fn release(&self, reservation_id: &str) -> StoreResult<()> {
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(backend)?;
        let existing = load_reservation(&mut tx, reservation_id).await?;
        let now = Timestamp::now();
        let record = match existing {
            None => Reservation {
                id: reservation_id.to_owned(),
                status: ReservationStatus::Released,
                items: Vec::new(),
                shortages: Vec::new(),
                created_at: now,
            },
            Some(mut record) => {
                if record.status != ReservationStatus::Reserved {
                    return Ok(());
                }
                for item in &record.items {
                    sqlx::query(ADJUST_STOCK)
                        .bind(item.quantity)
                        .bind(now.to_string())
                        .bind(&item.product_id)
                        .execute(&mut *tx)
                        .await
                        .map_err(backend)?;
                }
                record.status = ReservationStatus::Released;
                record
            }
        };
        save_reservation(&mut tx, &record).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn count(&self) -> StoreResult<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(n.max(0) as u64)
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
