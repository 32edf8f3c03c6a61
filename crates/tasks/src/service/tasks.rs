//! Creating, reading, changing, completing and listing tasks.

use super::{Resource, Result, ServiceError, TasksService};
use crate::domain::{
    Filter, ListParams, NewTask, Tag, TagId, TaskFactory, TaskId, TaskPatch, TaskQuery, TaskView,
};
use kit::pagination::Page;
use kit::{FieldError, Timestamp};

/// Bulk requests name at most this many tasks.
pub const BULK_MAX: usize = 500;

/// What a bulk request does.
#[derive(Debug, Clone, Copy)]
pub enum Bulk {
    Complete,
    Delete,
    Restore,
}

impl TasksService {
    /// Creates a pending task; tag names the user has no tag for create one.
    pub async fn create(&self, owner: &str, input: &NewTask) -> Result<TaskView> {
        let (checked, priority) = TaskFactory::check_new(input).map_err(ServiceError::Fields)?;
        let ids = self.tag_ids(owner, &checked.tags).await?;
        let task = TaskFactory::create(owner, checked, priority, ids);
        self.store.insert(&task).await?;
        self.view(owner, task).await
    }

    /// One of the owner's tasks.
    pub async fn get(&self, owner: &str, id: &TaskId) -> Result<TaskView> {
        let task = self
            .store
            .get(owner, id)
            .await?
            .ok_or(ServiceError::NotFound(Resource::Task))?;
        self.view(owner, task).await
    }

    /// Changes the fields `patch` sets; the others stay.
    pub async fn update(&self, owner: &str, id: &TaskId, patch: &TaskPatch) -> Result<TaskView> {
        let checked = TaskFactory::check_patch(patch).map_err(ServiceError::Fields)?;
        let mut task = self
            .store
            .get(owner, id)
            .await?
            .ok_or(ServiceError::NotFound(Resource::Task))?;
        if let Some(title) = checked.title {
            task.title = title;
        }
        if let Some(description) = checked.description {
            task.description = description;
        }
        if let Some(priority) = patch.priority {
            task.priority = priority;
        }
        if let Some(deadline) = checked.deadline {
            task.deadline = deadline;
        }
        if let Some(names) = &checked.tags {
            task.tag_ids = self.tag_ids(owner, names).await?;
        }
        task.updated_at = Timestamp::now();
        if !self.store.update(&task).await? {
            return Err(ServiceError::NotFound(Resource::Task));
        }
        self.view(owner, task).await
    }

    /// Completes (`true`) or reopens one task; doing it twice is harmless.
    pub async fn set_completed(
        &self,
        owner: &str,
        id: &TaskId,
        completed: bool,
    ) -> Result<TaskView> {
        let at = completed.then(Timestamp::now);
        self.store
            .set_completed(owner, std::slice::from_ref(id), at)
            .await?;
        self.get(owner, id).await
    }

    /// Deletes one task: it goes to the bin, restorable for the retention
    /// period with its id and state.
    pub async fn delete(&self, owner: &str, id: &TaskId) -> Result<()> {
        match self
            .store
            .delete(owner, std::slice::from_ref(id), Timestamp::now())
            .await?
        {
            0 => Err(ServiceError::NotFound(Resource::Task)),
            _ => Ok(()),
        }
    }

    /// Brings a deleted task back as it was (same id, status, tags that
    /// still exist, deadline). One deleted longer ago than the retention is
    /// gone, whether or not a sweep has removed it yet.
    pub async fn restore(&self, owner: &str, id: &TaskId) -> Result<TaskView> {
        match self
            .store
            .restore(owner, std::slice::from_ref(id), self.restorable_since())
            .await?
        {
            0 => Err(ServiceError::NotFound(Resource::Task)),
            _ => self.get(owner, id).await,
        }
    }

    /// Removes for good the deleted tasks past the retention period; the
    /// background sweep calls it. Returns how many.
    pub async fn purge_deleted(&self) -> Result<u64> {
        Ok(self.store.purge_deleted(self.restorable_since()).await?)
    }

    /// The oldest deletion that can still be restored.
    fn restorable_since(&self) -> Timestamp {
        let retention =
            time::Duration::try_from(self.deleted_retention).unwrap_or(time::Duration::MAX);
        Timestamp::now().as_offset().checked_sub(retention).map_or(
            Timestamp::from(time::OffsetDateTime::UNIX_EPOCH),
            Timestamp::from,
        )
    }

    /// Completes, deletes or restores many; ids of other users' tasks count
    /// as absent.
    pub async fn bulk(&self, owner: &str, ids: &[TaskId], action: Bulk) -> Result<u64> {
        if ids.is_empty() || ids.len() > BULK_MAX {
            return Err(ServiceError::Fields(vec![FieldError::new(
                "ids",
                format!("must name 1 to {BULK_MAX} tasks"),
            )]));
        }
        Ok(match action {
            Bulk::Complete => {
                self.store
                    .set_completed(owner, ids, Some(Timestamp::now()))
                    .await?
            }
            Bulk::Delete => self.store.delete(owner, ids, Timestamp::now()).await?,
            Bulk::Restore => {
                self.store
                    .restore(owner, ids, self.restorable_since())
                    .await?
            }
        })
    }

    /// A page of the owner's tasks, filtered and sorted as `params` say.
    pub async fn list(&self, owner: &str, params: &ListParams) -> Result<Page<TaskView>> {
        let (mut query, tags) =
            TaskQuery::parse(params, Timestamp::now()).map_err(ServiceError::Parameters)?;
        if !tags.names.is_empty() {
            let known = self.store.tags(owner).await?;
            let ids: Vec<TagId> = tags
                .names
                .iter()
                .filter_map(|n| {
                    known
                        .iter()
                        .find(|t| Tag::key(&t.name) == Tag::key(n))
                        .map(|t| t.id.clone())
                })
                .collect();
            // A tag the user does not have matches nothing.
            let impossible = ids.is_empty() || (tags.all && ids.len() < tags.names.len());
            if impossible {
                return Ok(Page::new(Vec::new(), query.page, 0));
            }
            query.filters.push(if tags.all {
                Filter::AllTags(ids)
            } else {
                Filter::AnyTag(ids)
            });
        }
        let (tasks, total) = self.store.list(owner, &query).await?;
        Ok(Page::new(
            self.views(owner, tasks).await?,
            query.page,
            total,
        ))
    }
}
