//! The production store: MongoDB, one document per product.
//!
//! MongoDB has no multi-document transaction we rely on, so a reservation is made
//! of single-document steps that are each idempotent: a product holds
//! `holds.<reservation id>: quantity` while it is reserved, set in the same
//! guarded update that takes the stock. A retried or resumed reservation skips
//! products it already holds; a rollback or release gives back only what is held.

use super::{CategoryDelete, CategoryRepository, ProductRepository, StoreError, StoreResult};
use crate::domain::{
    Category, Product, ProductQuery, Reservation, ReservationRequest, ReserveOutcome, Shortage,
    SortKey, SortOrder, reservation::ReservationStatus,
};
use anyhow::Context;
use async_trait::async_trait;
use futures::TryStreamExt;
use kit::Timestamp;
use kit::pagination::Page;
use mongodb::bson::{self, Bson, Document, doc};
use mongodb::options::IndexOptions;
use mongodb::{Collection, Database, IndexModel};

/// Products in a MongoDB database.
#[derive(Clone)]
pub struct MongoProductRepository {
    db: Database,
    products: Collection<Document>,
    reservations: Collection<Document>,
    categories: Collection<Document>,
}

impl MongoProductRepository {
    /// Connects to `url`, uses database `db_name` and creates the indexes.
    pub async fn connect(url: &str, db_name: &str) -> anyhow::Result<Self> {
        let db = kit::mongo::connect(url, db_name).await?;
        let repo = Self {
            products: db.collection("products"),
            reservations: db.collection("reservations"),
            categories: db.collection("categories"),
            db,
        };
        repo.create_indexes().await?;
        repo.migrate()
            .await
            .context("bring older catalog documents up to date")?;
        Ok(repo)
    }

    /// Brings data from before categories were managed up to date: a
    /// category for each one products name without a record, and the
    /// `thumbnail` of products stored without one. Both steps are
    /// idempotent, so replicas starting together do no harm.
    async fn migrate(&self) -> StoreResult<()> {
        let named: Vec<Document> = self
            .products
            .aggregate(vec![doc! {"$group": {"_id": "$category"}}])
            .await
            .map_err(backend)?
            .try_collect()
            .await
            .map_err(backend)?;
        let now = Timestamp::now();
        for row in named {
            let Ok(slug) = row.get_str("_id") else {
                continue;
            };
            if self.get_category(slug).await?.is_none() {
                match self.insert_category(&Category::derived(slug, now)).await {
                    Ok(()) | Err(StoreError::Duplicate { .. }) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        let stale: Vec<Document> = self
            .products
            .find(doc! {"thumbnail": {"$exists": false}, "images.0": {"$exists": true}})
            .await
            .map_err(backend)?
            .try_collect()
            .await
            .map_err(backend)?;
        for d in stale {
            let (Ok(id), Ok(images)) = (d.get_str("_id"), d.get_array("images")) else {
                continue;
            };
            if let Some(Bson::String(first)) = images.first() {
                self.products
                    .update_one(doc! {"_id": id}, doc! {"$set": {"thumbnail": first}})
                    .await
                    .map_err(backend)?;
            }
        }
        Ok(())
    }

    async fn create_indexes(&self) -> anyhow::Result<()> {
        let unique = || IndexOptions::builder().unique(true).build();
        let indexes = vec![
            IndexModel::builder()
                .keys(doc! {"sku": 1})
                .options(unique())
                .build(),
            IndexModel::builder()
                .keys(doc! {"slug": 1})
                .options(unique())
                .build(),
            IndexModel::builder()
                .keys(doc! {"active": 1, "created_at": -1})
                .build(),
            IndexModel::builder()
                .keys(doc! {"active": 1, "price.amount": 1})
                .build(),
            IndexModel::builder()
                .keys(doc! {"category": 1, "active": 1})
                .build(),
        ];
        self.products
            .create_indexes(indexes)
            .await
            .context("create catalog indexes")?;
        Ok(())
    }

    /// Drops the whole database (tests use one database each).
    pub async fn drop_database(&self) -> anyhow::Result<()> {
        self.db.drop().await?;
        Ok(())
    }

    async fn find_product(&self, filter: Document) -> StoreResult<Option<Product>> {
        let found = self.products.find_one(filter).await.map_err(backend)?;
        found.map(from_doc).transpose()
    }

    async fn load_reservation(&self, id: &str) -> StoreResult<Option<(bool, Reservation)>> {
        let Some(mut d) = self
            .reservations
            .find_one(doc! {"_id": id})
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let pending = d.get_bool("pending").unwrap_or(false);
        d.remove("pending");
        rename(&mut d, "_id", "id");
        let record: Reservation =
            bson::from_document(d).map_err(|e| StoreError::Backend(e.into()))?;
        Ok(Some((pending, record)))
    }

    async fn save_reservation(&self, record: &Reservation, pending: bool) -> StoreResult<()> {
        let mut d = bson::to_document(record).map_err(|e| StoreError::Backend(e.into()))?;
        rename(&mut d, "id", "_id");
        d.insert("pending", pending);
        self.reservations
            .replace_one(doc! {"_id": &record.id}, d)
            .upsert(true)
            .await
            .map_err(backend)?;
        Ok(())
    }

    /// Takes `quantity` and records the hold, unless already held; returns the
    /// shortage when there is not enough.
    async fn hold(
        &self,
        rid: &str,
        product_id: &str,
        quantity: i64,
        now: &str,
    ) -> StoreResult<Option<Shortage>> {
        let hold = format!("holds.{rid}");
        let taken = self
            .products
            .update_one(
                doc! {"_id": product_id, "active": true, "stock": {"$gte": quantity}, &hold: {"$exists": false}},
                doc! {"$inc": {"stock": -quantity, "version": 1_i64}, "$set": {&hold: quantity, "updated_at": now}},
            )
            .await
            .map_err(backend)?;
        if taken.matched_count == 1 {
            return Ok(None);
        }
        let current = self
            .products
            .find_one(doc! {"_id": product_id})
            .await
            .map_err(backend)?;
        let Some(current) = current else {
            return Ok(Some(Shortage {
                product_id: product_id.to_owned(),
                requested: quantity,
                available: 0,
            }));
        };
        if current
            .get_document("holds")
            .is_ok_and(|h| h.contains_key(rid))
        {
            return Ok(None);
        }
        let active = current.get_bool("active").unwrap_or(false);
        let available = if active { int(current.get("stock")) } else { 0 };
        Ok(Some(Shortage {
            product_id: product_id.to_owned(),
            requested: quantity,
            available,
        }))
    }

    /// Gives back what `rid` holds of `product_id`, if anything.
    async fn unhold(
        &self,
        rid: &str,
        product_id: &str,
        quantity: i64,
        now: &str,
    ) -> StoreResult<()> {
        let hold = format!("holds.{rid}");
        self.products
            .update_one(
                doc! {"_id": product_id, &hold: {"$exists": true}},
                doc! {"$inc": {"stock": quantity, "version": 1_i64}, "$unset": {&hold: ""}, "$set": {"updated_at": now}},
            )
            .await
            .map_err(backend)?;
        Ok(())
    }
}

fn backend(err: mongodb::error::Error) -> StoreError {
    StoreError::Backend(err.into())
}

fn int(value: Option<&Bson>) -> i64 {
    match value {
        Some(Bson::Int32(n)) => i64::from(*n),
        Some(Bson::Int64(n)) => *n,
        Some(Bson::Double(n)) => *n as i64,
        _ => 0,
    }
}

fn rename(d: &mut Document, from: &str, to: &str) {
    if let Some(v) = d.remove(from) {
        d.insert(to, v);
    }
}

/// The stored form: `_id` for the id, and a lower-cased name to sort by without
/// collation support.
fn to_doc(product: &Product) -> StoreResult<Document> {
    let mut d = bson::to_document(product).map_err(|e| StoreError::Backend(e.into()))?;
    rename(&mut d, "id", "_id");
    d.insert("name_key", product.name.to_ascii_lowercase());
    Ok(d)
}

fn from_doc(mut d: Document) -> StoreResult<Product> {
    rename(&mut d, "_id", "id");
    d.remove("name_key");
    d.remove("holds");
    bson::from_document(d)
        .map_err(|e| StoreError::Backend(anyhow::Error::new(e).context("corrupt product document")))
}

fn write_error(err: mongodb::error::Error) -> StoreError {
    use mongodb::error::{ErrorKind, WriteFailure};
    let code_and_message = match err.kind.as_ref() {
        ErrorKind::Write(WriteFailure::WriteError(e)) => Some((e.code, e.message.clone())),
        ErrorKind::Command(e) => Some((e.code, e.message.clone())),
        ErrorKind::InsertMany(e) => e
            .write_errors
            .as_ref()
            .and_then(|w| w.first())
            .map(|e| (e.code, e.message.clone())),
        _ => None,
    };
    match code_and_message {
        Some((11000, message)) => StoreError::Duplicate {
            field: if message.contains("slug") {
                "slug"
            } else {
                "sku"
            },
        },
        _ => backend(err),
    }
}

/// Escapes regular-expression syntax so search terms match literally.
fn regex_literal(term: &str) -> String {
    let mut out = String::with_capacity(term.len());
    for c in term.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The filter document for `query`: the MongoDB side of the filter strategy.
fn filter(query: &ProductQuery) -> Document {
    let mut f = Document::new();
    if !query.include_inactive {
        f.insert("active", true);
    }
    let mut all = Vec::new();
    for term in &query.terms {
        let re = doc! {"$regex": regex_literal(term), "$options": "i"};
        all.push(Bson::Document(doc! {"$or": [
            {"name": re.clone()}, {"description": re.clone()}, {"tags": re}
        ]}));
    }
    if !all.is_empty() {
        f.insert("$and", all);
    }
    if let Some(category) = &query.category {
        f.insert("category", category);
    }
    if let Some(brand) = &query.brand {
        f.insert("brand", brand);
    }
    let mut price = Document::new();
    if let Some(min) = query.min_price {
        price.insert("$gte", min);
    }
    if let Some(max) = query.max_price {
        price.insert("$lte", max);
    }
    if !price.is_empty() {
        f.insert("price.amount", price);
    }
    match query.in_stock {
        Some(true) => {
            f.insert("stock", doc! {"$gt": 0_i64});
        }
        Some(false) => {
            f.insert("stock", doc! {"$lte": 0_i64});
        }
        None => {}
    }
    if let Some(tag) = &query.tag {
        f.insert("tags", tag);
    }
    match query.featured {
        Some(true) => {
            f.insert("featured", true);
        }
        // Documents from before the flag have none: not featured.
        Some(false) => {
            f.insert("featured", doc! {"$ne": true});
        }
        None => {}
    }
    f
}

fn category_to_doc(category: &Category) -> StoreResult<Document> {
    let mut d = bson::to_document(category).map_err(|e| StoreError::Backend(e.into()))?;
    rename(&mut d, "slug", "_id");
    Ok(d)
}

fn category_from_doc(mut d: Document) -> StoreResult<Category> {
    rename(&mut d, "_id", "slug");
    bson::from_document(d).map_err(|e| {
        StoreError::Backend(anyhow::Error::new(e).context("corrupt category document"))
    })
}

#[async_trait]
impl CategoryRepository for MongoProductRepository {
    async fn insert_category(&self, category: &Category) -> StoreResult<()> {
        self.categories
            .insert_one(category_to_doc(category)?)
            .await
            .map_err(|e| match write_error(e) {
                StoreError::Duplicate { .. } => StoreError::Duplicate { field: "slug" },
                other => other,
            })?;
        Ok(())
    }

    async fn get_category(&self, slug: &str) -> StoreResult<Option<Category>> {
        let found = self
            .categories
            .find_one(doc! {"_id": slug})
            .await
            .map_err(backend)?;
        found.map(category_from_doc).transpose()
    }

    async fn list_categories(&self) -> StoreResult<Vec<(Category, u64)>> {
        let pipeline = vec![
            doc! {"$match": {"active": true}},
            doc! {"$group": {"_id": "$category", "count": {"$sum": 1}}},
        ];
        let counts: std::collections::HashMap<String, u64> = self
            .products
            .aggregate(pipeline)
            .await
            .map_err(backend)?
            .try_collect::<Vec<Document>>()
            .await
            .map_err(backend)?
            .into_iter()
            .filter_map(|row| {
                let slug = row.get_str("_id").ok()?.to_owned();
                Some((slug, int(row.get("count")).max(0) as u64))
            })
            .collect();
        let docs: Vec<Document> = self
            .categories
            .find(doc! {})
            .await
            .map_err(backend)?
            .try_collect()
            .await
            .map_err(backend)?;
        docs.into_iter()
            .map(|d| {
                let category = category_from_doc(d)?;
                let count = counts.get(&category.slug).copied().unwrap_or(0);
                Ok((category, count))
            })
            .collect()
    }

    async fn update_category(&self, category: &Category) -> StoreResult<()> {
        let done = self
            .categories
            .replace_one(doc! {"_id": &category.slug}, category_to_doc(category)?)
            .await
            .map_err(backend)?;
        if done.matched_count == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }

    async fn delete_category(&self, slug: &str) -> StoreResult<CategoryDelete> {
        // Without a transaction a product may join between the count and the
        // delete; the service checks the category on every product write, so
        // the window is one request wide (ADR 37).
        let products = self
            .products
            .count_documents(doc! {"category": slug})
            .await
            .map_err(backend)?;
        if products > 0 {
            return Ok(CategoryDelete::NotEmpty { products });
        }
        let done = self
            .categories
            .delete_one(doc! {"_id": slug})
            .await
            .map_err(backend)?;
        Ok(if done.deleted_count == 1 {
            CategoryDelete::Deleted
        } else {
            CategoryDelete::NotFound
        })
    }
}

/// The sort document: the MongoDB side of the sort strategy.
fn sort(query: &ProductQuery) -> Document {
    let dir = match query.order {
        SortOrder::Asc => 1,
        SortOrder::Desc => -1,
    };
    let key = match query.sort {
        SortKey::Price => "price.amount",
        SortKey::Name => "name_key",
        SortKey::Newest => "created_at",
    };
    doc! {key: dir, "_id": dir}
}

#[async_trait]
impl ProductRepository for MongoProductRepository {
    #[tracing::instrument(skip_all, fields(sku = %product.sku))]
    async fn insert(&self, product: &Product) -> StoreResult<()> {
        self.products
            .insert_one(to_doc(product)?)
            .await
            .map_err(write_error)?;
        Ok(())
    }

    async fn get(&self, id: &str) -> StoreResult<Option<Product>> {
        self.find_product(doc! {"_id": id}).await
    }

    async fn get_by_slug(&self, slug: &str) -> StoreResult<Option<Product>> {
        self.find_product(doc! {"slug": slug}).await
    }

    #[tracing::instrument(skip_all)]
    async fn list(&self, query: &ProductQuery) -> StoreResult<Page<Product>> {
        let f = filter(query);
        let total = self
            .products
            .count_documents(f.clone())
            .await
            .map_err(backend)?;
        let docs: Vec<Document> = self
            .products
            .find(f)
            .sort(sort(query))
            .skip(query.page.offset())
            .limit(i64::from(query.page.per_page))
            .await
            .map_err(backend)?
            .try_collect()
            .await
            .map_err(backend)?;
        let items = docs
            .into_iter()
            .map(from_doc)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::new(items, query.page, total))
    }

    async fn search_texts(&self) -> StoreResult<Vec<String>> {
        let docs: Vec<Document> = self
            .products
            .find(doc! {"active": true})
            .projection(doc! {"name": 1, "brand": 1, "category": 1, "tags": 1})
            .await
            .map_err(backend)?
            .try_collect()
            .await
            .map_err(backend)?;
        let mut texts = Vec::with_capacity(docs.len() * 4);
        for d in docs {
            for key in ["name", "brand", "category"] {
                if let Ok(text) = d.get_str(key) {
                    texts.push(text.to_owned());
                }
            }
            if let Ok(tags) = d.get_array("tags") {
                texts.extend(tags.iter().filter_map(|t| t.as_str().map(str::to_owned)));
            }
        }
        Ok(texts)
    }

    #[tracing::instrument(skip_all, fields(id = %product.id))]
    async fn update(&self, product: &Product, expected_version: i64) -> StoreResult<()> {
        let mut fields = to_doc(product)?;
        fields.remove("_id");
        // `$set` rather than a replacement, so the reservation holds survive.
        let done = self
            .products
            .update_one(
                doc! {"_id": &product.id, "version": expected_version},
                doc! {"$set": fields},
            )
            .await
            .map_err(write_error)?;
        if done.matched_count == 1 {
            return Ok(());
        }
        Err(super::missed_update(self, &product.id, expected_version).await)
    }

    #[tracing::instrument(skip_all, fields(db.system.name = "mongodb", db.operation.name = "reserve", reservation_id = %request.reservation_id))]
    async fn reserve(&self, request: &ReservationRequest) -> StoreResult<ReserveOutcome> {
        let rid = request.reservation_id.as_str();
        let now = Timestamp::now();
        let mut record = match self.load_reservation(rid).await? {
            Some((false, record)) => return Ok(record.outcome_for(&request.items)),
            Some((true, record)) if record.items != request.items => {
                return Ok(ReserveOutcome::Mismatch);
            }
            // Pending: an earlier attempt stopped part-way; its steps are
            // idempotent, so carry on from where it was.
            Some((true, record)) => record,
            None => {
                let record = Reservation {
                    id: rid.to_owned(),
                    status: ReservationStatus::Reserved,
                    items: request.items.clone(),
                    shortages: Vec::new(),
                    created_at: now,
                };
                self.save_reservation(&record, true).await?;
                record
            }
        };
        let stamp = now.to_string();
        let mut shortages = Vec::new();
        for item in &request.items {
            if let Some(short) = self
                .hold(rid, &item.product_id, item.quantity, &stamp)
                .await?
            {
                shortages.push(short);
                break;
            }
        }
        if !shortages.is_empty() {
            for item in &request.items {
                self.unhold(rid, &item.product_id, item.quantity, &stamp)
                    .await?;
            }
            // Name every short item, not only the first one met.
            for item in &request.items {
                if shortages.iter().any(|s| s.product_id == item.product_id) {
                    continue;
                }
                let available = match self.get(&item.product_id).await? {
                    Some(p) if p.active => p.stock,
                    _ => 0,
                };
                shortages.extend(item.shortage(available));
            }
            shortages.sort_by(|a, b| a.product_id.cmp(&b.product_id));
            record.status = ReservationStatus::Rejected;
            record.shortages = shortages;
        }
        self.save_reservation(&record, false).await?;
        Ok(record.outcome_for(&request.items))
    }

    #[tracing::instrument(skip_all, fields(%reservation_id))]
    async fn release(&self, reservation_id: &str) -> StoreResult<()> {
        let stamp = Timestamp::now().to_string();
        let record = match self.load_reservation(reservation_id).await? {
            None => Reservation {
                id: reservation_id.to_owned(),
                status: ReservationStatus::Released,
                items: Vec::new(),
                shortages: Vec::new(),
                created_at: Timestamp::now(),
            },
            Some((pending, mut record)) => {
                if !pending && record.status != ReservationStatus::Reserved {
                    return Ok(());
                }
                for item in &record.items {
                    self.unhold(reservation_id, &item.product_id, item.quantity, &stamp)
                        .await?;
                }
                record.status = ReservationStatus::Released;
                record
            }
        };
        self.save_reservation(&record, false).await
    }

    async fn count(&self) -> StoreResult<u64> {
        self.products
            .count_documents(doc! {})
            .await
            .map_err(backend)
    }

    async fn ping(&self) -> StoreResult<()> {
        self.db
            .run_command(doc! {"ping": 1})
            .await
            .map_err(backend)?;
        Ok(())
    }
}
