//! Tasks and tags in MongoDB. Timestamps are stored as the kit's fixed-width
//! UTC text, so they compare and sort as text the same way as on SQLite; tasks
//! carry their tags' ids and a `no_deadline` flag that keeps tasks without a
//! deadline last in either sort direction. The list's filters and sorts
//! compile to MongoDB documents in `query.rs`; the insights' counts are in
//! `insights.rs`.

mod insights;
mod query;

use super::{Counts, StoreError, StoreResult, TaskStore, title_key};
use crate::domain::insights::day_of;
use crate::domain::{Bounds, Priority, Status, Tag, TagId, Task, TaskId, TaskQuery};
use anyhow::Context;
use async_trait::async_trait;
use futures::TryStreamExt;
use kit::Timestamp;
use mongodb::bson::{Bson, Document, doc};
use mongodb::options::IndexOptions;
use mongodb::{Collection, Database, IndexModel};

/// The MongoDB store.
#[derive(Clone)]
pub struct MongoTaskStore {
    db: Database,
    tasks: Collection<Document>,
    tags: Collection<Document>,
    /// The bin: deleted tasks as they were, with `deleted_at`.
    deleted: Collection<Document>,
}

fn other(e: impl Into<anyhow::Error>) -> StoreError {
    StoreError::Other(e.into())
}

fn is_duplicate(e: &mongodb::error::Error) -> bool {
    e.to_string().contains("E11000")
}

fn text_ts(doc: &Document, key: &str) -> anyhow::Result<Option<Timestamp>> {
    match doc.get(key) {
        Some(Bson::String(t)) => Ok(Some(Timestamp::parse(t)?)),
        _ => Ok(None),
    }
}

fn task_doc(task: &Task) -> Document {
    doc! {
        "_id": task.id.as_str(),
        "owner": &task.owner,
        "title": &task.title,
        "title_key": title_key(&task.title),
        "description": &task.description,
        "priority": task.priority.rank(),
        "deadline": task.deadline.map(|d| d.to_string()),
        "no_deadline": task.deadline.is_none(),
        "tag_ids": task.tag_ids.iter().map(TagId::as_str).collect::<Vec<_>>(),
        "status": task.status.as_str(),
        "completed_at": task.completed_at.map(|d| d.to_string()),
        "completed_day": task.completed_at.map(day_of),
        "created_at": task.created_at.to_string(),
        "updated_at": task.updated_at.to_string(),
    }
}

fn task_from(d: &Document) -> anyhow::Result<Task> {
    Ok(Task {
        id: TaskId::unchecked(d.get_str("_id")?),
        owner: d.get_str("owner")?.to_owned(),
        title: d.get_str("title")?.to_owned(),
        description: d.get_str("description")?.to_owned(),
        priority: Priority::from_rank(d.get_i32("priority")?.into()).context("stored priority")?,
        deadline: text_ts(d, "deadline")?,
        tag_ids: d
            .get_array("tag_ids")?
            .iter()
            .filter_map(|b| b.as_str().map(TagId::from))
            .collect(),
        status: Status::parse(d.get_str("status")?).context("stored status")?,
        completed_at: text_ts(d, "completed_at")?,
        created_at: text_ts(d, "created_at")?.context("created_at")?,
        updated_at: text_ts(d, "updated_at")?.context("updated_at")?,
    })
}

impl MongoTaskStore {
    /// Connects to `url`, uses database `db_name` and makes sure the indexes exist.
    pub async fn connect(url: &str, db_name: &str) -> anyhow::Result<Self> {
        let db = kit::mongo::connect(url, db_name).await?;
        let store = Self {
            tasks: db.collection("tasks"),
            tags: db.collection("tags"),
            deleted: db.collection("deleted_tasks"),
            db,
        };
        store
            .tasks
            .create_indexes([
                IndexModel::builder()
                    .keys(doc! {"owner": 1, "status": 1, "deadline": 1})
                    .build(),
                IndexModel::builder()
                    .keys(doc! {"owner": 1, "priority": 1})
                    .build(),
                IndexModel::builder()
                    .keys(doc! {"owner": 1, "created_at": -1})
                    .build(),
                IndexModel::builder()
                    .keys(doc! {"owner": 1, "tag_ids": 1})
                    .build(),
            ])
            .await
            .context("create task indexes")?;
        store
            .tags
            .create_index(
                IndexModel::builder()
                    .keys(doc! {"owner": 1, "name_key": 1})
                    .options(IndexOptions::builder().unique(true).build())
                    .build(),
            )
            .await
            .context("create tag indexes")?;
        store
            .deleted
            .create_indexes([
                IndexModel::builder()
                    .keys(doc! {"owner": 1, "deleted_at": 1})
                    .build(),
                IndexModel::builder().keys(doc! {"deleted_at": 1}).build(),
            ])
            .await
            .context("create deleted task indexes")?;
        Ok(store)
    }

    /// Drops the whole database (tests).
    pub async fn drop_database(&self) -> anyhow::Result<()> {
        self.db.drop().await?;
        Ok(())
    }

    async fn count(&self, filter: Document) -> StoreResult<u64> {
        self.tasks.count_documents(filter).await.map_err(other)
    }

    async fn aggregate(&self, pipeline: Vec<Document>) -> StoreResult<Vec<Document>> {
        self.tasks
            .aggregate(pipeline)
            .await
            .map_err(other)?
            .try_collect()
            .await
            .map_err(other)
    }
}

fn id_texts(ids: &[TaskId]) -> Vec<&str> {
    ids.iter().map(TaskId::as_str).collect()
}

fn count_of(d: &Document) -> u64 {
    match d.get("n") {
        Some(Bson::Int32(n)) => *n as u64,
        Some(Bson::Int64(n)) => *n as u64,
        Some(Bson::Double(n)) => *n as u64,
        _ => 0,
    }
}

#[async_trait]
impl TaskStore for MongoTaskStore {
    async fn insert(&self, task: &Task) -> StoreResult<()> {
        self.tasks.insert_one(task_doc(task)).await.map_err(other)?;
        Ok(())
    }

    async fn insert_many(&self, tasks: &[Task]) -> StoreResult<()> {
        if !tasks.is_empty() {
            self.tasks
                .insert_many(tasks.iter().map(task_doc))
                .await
                .map_err(other)?;
        }
        Ok(())
    }

    async fn get(&self, owner: &str, id: &TaskId) -> StoreResult<Option<Task>> {
        let found = self
            .tasks
            .find_one(doc! {"_id": id.as_str(), "owner": owner})
            .await
            .map_err(other)?;
        found.as_ref().map(task_from).transpose().map_err(other)
    }

    async fn update(&self, task: &Task) -> StoreResult<bool> {
        let done = self
            .tasks
            .replace_one(
                doc! {"_id": task.id.as_str(), "owner": &task.owner},
                task_doc(task),
            )
            .await
            .map_err(other)?;
        Ok(done.matched_count > 0)
    }

    async fn delete(&self, owner: &str, ids: &[TaskId], at: Timestamp) -> StoreResult<u64> {
        let filter = doc! {"owner": owner, "_id": {"$in": id_texts(ids)}};
        let found: Vec<Document> = self
            .tasks
            .find(filter)
            .await
            .map_err(other)?
            .try_collect()
            .await
            .map_err(other)?;
        // Binned first, then removed: a failure between the two leaves the
        // task live (and a stale bin copy that the next delete replaces),
        // never lost.
        let at = at.to_string();
        for mut task in found.iter().cloned() {
            task.insert("deleted_at", &at);
            let id = task.get_str("_id").map_err(other)?.to_owned();
            self.deleted
                .replace_one(doc! {"_id": &id}, task)
                .upsert(true)
                .await
                .map_err(other)?;
        }
        let found_ids: Vec<&str> = found.iter().filter_map(|d| d.get_str("_id").ok()).collect();
        let done = self
            .tasks
            .delete_many(doc! {"owner": owner, "_id": {"$in": found_ids}})
            .await
            .map_err(other)?;
        Ok(done.deleted_count)
    }

    async fn restore(&self, owner: &str, ids: &[TaskId], since: Timestamp) -> StoreResult<u64> {
        let binned: Vec<Document> = self
            .deleted
            .find(doc! {
                "owner": owner,
                "_id": {"$in": id_texts(ids)},
                "deleted_at": {"$gte": since.to_string()},
            })
            .await
            .map_err(other)?
            .try_collect()
            .await
            .map_err(other)?;
        if binned.is_empty() {
            return Ok(0);
        }
        let existing: Vec<String> = self
            .tags(owner)
            .await?
            .into_iter()
            .map(|t| t.id.as_str().to_owned())
            .collect();
        let mut total = 0;
        for mut task in binned {
            task.remove("deleted_at");
            // Tags deleted while the task was in the bin stay off it.
            let tag_ids: Vec<Bson> = task
                .get_array("tag_ids")
                .map(|tags| {
                    tags.iter()
                        .filter(|t| t.as_str().is_some_and(|t| existing.iter().any(|e| e == t)))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            task.insert("tag_ids", tag_ids);
            let id = task.get_str("_id").map_err(other)?.to_owned();
            // Back first, then out of the bin: a retry after a failure
            // between the two finds the task live and only empties the bin.
            match self.tasks.insert_one(task).await {
                Ok(_) => total += 1,
                Err(e) if is_duplicate(&e) => {}
                Err(e) => return Err(other(e)),
            }
            self.deleted
                .delete_one(doc! {"_id": &id, "owner": owner})
                .await
                .map_err(other)?;
        }
        Ok(total)
    }

    async fn purge_deleted(&self, before: Timestamp) -> StoreResult<u64> {
        let done = self
            .deleted
            .delete_many(doc! {"deleted_at": {"$lt": before.to_string()}})
            .await
            .map_err(other)?;
        Ok(done.deleted_count)
    }

    async fn set_completed(
        &self,
        owner: &str,
        ids: &[TaskId],
        at: Option<Timestamp>,
    ) -> StoreResult<u64> {
        let (status, from) = match at {
            Some(_) => ("completed", "pending"),
            None => ("pending", "completed"),
        };
        let done = self
            .tasks
            .update_many(
                doc! {"owner": owner, "_id": {"$in": id_texts(ids)}, "status": from},
                doc! {"$set": {
                    "status": status,
                    "completed_at": at.map(|d| d.to_string()),
                    "completed_day": at.map(day_of),
                    "updated_at": Timestamp::now().to_string(),
                }},
            )
            .await
            .map_err(other)?;
        Ok(done.modified_count)
    }

    async fn list(&self, owner: &str, query: &TaskQuery) -> StoreResult<(Vec<Task>, u64)> {
        let filter = query::filter(owner, query);
        let total = self.count(filter.clone()).await?;
        let docs: Vec<Document> = self
            .tasks
            .find(filter)
            .sort(query::sort(query))
            .skip(query.page.offset())
            .limit(i64::from(query.page.per_page))
            .await
            .map_err(other)?
            .try_collect()
            .await
            .map_err(other)?;
        let tasks = docs
            .iter()
            .map(task_from)
            .collect::<anyhow::Result<_>>()
            .map_err(other)?;
        Ok((tasks, total))
    }

    async fn counts(&self, owner: &str, bounds: &Bounds, top_tags: usize) -> StoreResult<Counts> {
        self.insight_counts(owner, bounds, top_tags).await
    }

    async fn tags(&self, owner: &str) -> StoreResult<Vec<Tag>> {
        let docs: Vec<Document> = self
            .tags
            .find(doc! {"owner": owner})
            .sort(doc! {"name_key": 1})
            .await
            .map_err(other)?
            .try_collect()
            .await
            .map_err(other)?;
        docs.iter()
            .map(|d| {
                Ok(Tag {
                    id: TagId::from(d.get_str("_id")?),
                    owner: owner.to_owned(),
                    name: d.get_str("name")?.to_owned(),
                    colour: d.get_str("colour")?.to_owned(),
                    created_at: Timestamp::parse(d.get_str("created_at")?)?,
                })
            })
            .collect::<anyhow::Result<_>>()
            .map_err(other)
    }

    async fn tags_with_counts(&self, owner: &str) -> StoreResult<Vec<(Tag, u64)>> {
        let tags = self.tags(owner).await?;
        let uses = self
            .aggregate(vec![
                doc! {"$match": {"owner": owner}},
                doc! {"$unwind": "$tag_ids"},
                doc! {"$group": {"_id": "$tag_ids", "n": {"$sum": 1}}},
            ])
            .await?;
        let used = |id: &TagId| {
            uses.iter()
                .find(|u| u.get_str("_id").ok() == Some(id.as_str()))
                .map(count_of)
                .unwrap_or(0)
        };
        Ok(tags
            .into_iter()
            .map(|tag| {
                let n = used(&tag.id);
                (tag, n)
            })
            .collect())
    }

    async fn insert_tag(&self, tag: &Tag) -> StoreResult<()> {
        self.tags
            .insert_one(doc! {
                "_id": tag.id.as_str(),
                "owner": &tag.owner,
                "name": &tag.name,
                "name_key": Tag::key(&tag.name),
                "colour": &tag.colour,
                "created_at": tag.created_at.to_string(),
            })
            .await
            .map_err(|e| {
                if is_duplicate(&e) {
                    StoreError::DuplicateTag
                } else {
                    other(e)
                }
            })?;
        Ok(())
    }

    async fn update_tag(&self, tag: &Tag) -> StoreResult<bool> {
        let done = self
            .tags
            .update_one(
                doc! {"_id": tag.id.as_str(), "owner": &tag.owner},
                doc! {"$set": {"name": &tag.name, "name_key": Tag::key(&tag.name), "colour": &tag.colour}},
            )
            .await
            .map_err(|e| if is_duplicate(&e) { StoreError::DuplicateTag } else { other(e) })?;
        Ok(done.matched_count > 0)
    }

    async fn delete_tag(&self, owner: &str, id: &TagId) -> StoreResult<bool> {
        let done = self
            .tags
            .delete_one(doc! {"_id": id.as_str(), "owner": owner})
            .await
            .map_err(other)?;
        if done.deleted_count == 0 {
            return Ok(false);
        }
        self.tasks
            .update_many(
                doc! {"owner": owner, "tag_ids": id.as_str()},
                doc! {"$pull": {"tag_ids": id.as_str()}},
            )
            .await
            .map_err(other)?;
        Ok(true)
    }

    async fn ping(&self) -> anyhow::Result<()> {
        self.db.run_command(doc! {"ping": 1}).await?;
        Ok(())
    }
}
