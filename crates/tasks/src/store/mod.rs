//! Where tasks and tags live: [`TaskStore`], on MongoDB ([`mongo`]) or SQLite
//! ([`sql`]); one contract suite (`tests/contract.rs`) runs on both. Each
//! backend compiles the list's filters and sorts to its own query beside it.

pub mod mongo;
pub mod sql;

use crate::domain::{
    Bounds, DeadlineBuckets, Priority, Status, Tag, TagId, Task, TaskId, TaskQuery,
};
use async_trait::async_trait;
use kit::Timestamp;

/// A store's error: a tag name taken, or anything else.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another tag of this user has that name (ignoring case).
    #[error("a tag with that name exists")]
    DuplicateTag,
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// A store method's result.
pub type StoreResult<T> = Result<T, StoreError>;

/// What a store counts for the insights; the service shapes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    pub by_priority_status: Vec<(Priority, Status, u64)>,
    pub buckets: DeadlineBuckets,
    /// `(YYYY-MM-DD, completions)` since `Bounds::since`, days with none left out.
    pub completed_per_day: Vec<(String, u64)>,
    /// `(tag id, tasks)`, most used first, at most `limit`.
    pub top_tags: Vec<(TagId, u64)>,
}

/// A user's tasks and tags. Every method takes the owner: a store never
/// reads or changes another user's data.
#[async_trait]
pub trait TaskStore: Send + Sync {
    /// Adds a new task.
    async fn insert(&self, task: &Task) -> StoreResult<()>;
    /// Inserts many tasks at once (imports, seeding): one transaction on
    /// SQLite, one `insertMany` on MongoDB.
    async fn insert_many(&self, tasks: &[Task]) -> StoreResult<()>;
    /// The owner's task with that id, if any.
    async fn get(&self, owner: &str, id: &TaskId) -> StoreResult<Option<Task>>;
    /// Replaces the task's fields; false when the owner has no such task.
    async fn update(&self, task: &Task) -> StoreResult<bool>;
    /// Moves the owner's tasks among `ids` to the bin, deleted `at`: they
    /// leave every read (get, list, counts, tag counts) but keep their id and
    /// every field, so [`TaskStore::restore`] brings them back as they were.
    /// Returns how many moved.
    async fn delete(&self, owner: &str, ids: &[TaskId], at: Timestamp) -> StoreResult<u64>;
    /// Brings the owner's binned tasks among `ids` that were deleted at or
    /// after `since` back, same id and fields; tags deleted meanwhile are left
    /// off. Returns how many came back.
    async fn restore(&self, owner: &str, ids: &[TaskId], since: Timestamp) -> StoreResult<u64>;
    /// Removes for good every binned task (of any owner) deleted before
    /// `before`; returns how many.
    async fn purge_deleted(&self, before: Timestamp) -> StoreResult<u64>;
    /// Marks the owner's tasks among `ids` completed at `at` (or pending when
    /// `at` is None), leaving those already so; returns how many changed.
    async fn set_completed(
        &self,
        owner: &str,
        ids: &[TaskId],
        at: Option<Timestamp>,
    ) -> StoreResult<u64>;
    /// A page of the owner's tasks and the total matching.
    async fn list(&self, owner: &str, query: &TaskQuery) -> StoreResult<(Vec<Task>, u64)>;
    /// Counts for the insights, computed by the store.
    async fn counts(&self, owner: &str, bounds: &Bounds, top_tags: usize) -> StoreResult<Counts>;

    /// The owner's tags, by name: what naming and resolving tags needs,
    /// without counting their tasks.
    async fn tags(&self, owner: &str) -> StoreResult<Vec<Tag>>;
    /// The owner's tags with how many tasks carry each, by name.
    async fn tags_with_counts(&self, owner: &str) -> StoreResult<Vec<(Tag, u64)>>;
    /// Adds a tag; [`StoreError::DuplicateTag`] when the owner has the name.
    async fn insert_tag(&self, tag: &Tag) -> StoreResult<()>;
    /// Renames or recolours; false when the owner has no such tag.
    async fn update_tag(&self, tag: &Tag) -> StoreResult<bool>;
    /// Deletes the tag and takes it off every task; false when there was none.
    async fn delete_tag(&self, owner: &str, id: &TagId) -> StoreResult<bool>;

    /// Ok when the store answers.
    async fn ping(&self) -> anyhow::Result<()>;
}

/// Lower-cased title, what title sorts compare.
pub fn title_key(title: &str) -> String {
    title.to_lowercase()
}

/// Opens the store `settings` name (`feira up` always uses SQLite under
/// `data_dir`).
pub async fn open(
    settings: &crate::settings::TasksSettings,
    deps: &kit::Deps,
) -> anyhow::Result<std::sync::Arc<dyn TaskStore>> {
    deps.open_documents(
        "tasks",
        settings.store,
        &settings.mongodb,
        |url, db| async move {
            let store = mongo::MongoTaskStore::connect(&url, &db).await?;
            Ok(std::sync::Arc::new(store) as std::sync::Arc<dyn TaskStore>)
        },
        |path| async move {
            let store = sql::SqlTaskStore::open_sqlite(&path).await?;
            Ok(std::sync::Arc::new(store) as std::sync::Arc<dyn TaskStore>)
        },
    )
    .await
}
